package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Mp4Frames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutModelTest {
    @Test
    void theJsonTheServerWritesIsReadBackByTheRecorderUnchanged() throws Exception {
        LayoutState written = new LayoutState("wss://localhost:8443/abc", "BEST_FIT", 12, List.of(
                new Publisher("con_a", "alice \"quoted\"", null), new Publisher("con_b", null, "/media/clip.mp4")));

        assertThat(LayoutState.parse(written.toJson())).isEqualTo(written);
    }

    @Test
    void theLayoutStateJsonOfTheContractIsRead() throws Exception {
        LayoutState s = LayoutState.parse(("{\"sessionId\": \"wss://localhost:8443/abcdefgh12345678\", \"layout\": \"BEST_FIT\","
                + " \"version\": 7, \"extra\": true, \"publishers\": [{\"id\": \"con_x1y2z3\", \"metadata\": \"alice\", \"media\": null},"
                + " {\"id\": \"con_2\", \"media\": \"/tmp/cam.mp4\"}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(s.version()).isEqualTo(7);
        assertThat(s.layout()).isEqualTo("BEST_FIT");
        assertThat(s.publishers()).containsExactly(new Publisher("con_x1y2z3", "alice", null),
                new Publisher("con_2", "", "/tmp/cam.mp4"));
    }

    @Test
    void theGeometryAndTheBigPublisherTravelFromTheServerToTheRecorder() throws Exception {
        LayoutState written = new LayoutState("wss://localhost:8443/ses_A", "VERTICAL_PRESENTATION", 3, List.of(
                new Publisher("con_a", "alice", null), new Publisher("con_b", "bob", null, true)),
                LayoutState.Geometry.OPENVIDU_2);

        String json = new String(written.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"geometry\":\"OPENVIDU_2\"").contains("\"big\":true");
        assertThat(LayoutState.parse(written.toJson())).isEqualTo(written);
    }

    @Test
    void aOneEightStateIsWrittenWithoutTheNewFields() {
        LayoutState written = new LayoutState("wss://localhost:8443/abc", "BEST_FIT", 12, List.of(Publisher.of("con_a")));

        assertThat(new String(written.toJson(), StandardCharsets.UTF_8)).doesNotContain("geometry").doesNotContain("big");
        assertThat(written.geometry()).isEqualTo(LayoutState.Geometry.GRID_1_8);
    }

    @Test
    void withoutGeometryOrWithAnUnknownOneTheOneEightGridIsDrawnAndUnknownFieldsAreIgnored() throws Exception {
        for (String geometry : List.of("", "\"geometry\": null,", "\"geometry\": \"GRID_1_8\",",
                "\"geometry\": \"OPENVIDU_3\",", "\"geometry\": {\"a\": 1},", "\"geometry\": 2,")) {
            LayoutState s = LayoutState.parse(("{\"layout\": \"VERTICAL_PRESENTATION\", " + geometry
                    + " \"publishers\": [{\"id\": \"con_a\", \"big\": true, \"future\": [1]}]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(s.geometry()).as(geometry).isEqualTo(LayoutState.Geometry.GRID_1_8);
            assertThat(s.publishers()).as(geometry).containsExactly(new Publisher("con_a", "", null, true));
        }
    }

    @Test
    void bigIsTrueOnlyForTheJsonTrueAndAnythingElseIsNotBig() throws Exception {
        LayoutState s = LayoutState.parse(("{\"geometry\": \"OPENVIDU_2\", \"publishers\": ["
                + "{\"id\": \"a\", \"big\": false}, {\"id\": \"b\", \"big\": \"true\"}, {\"id\": \"c\", \"big\": null},"
                + " {\"id\": \"d\", \"big\": 1}, {\"id\": \"e\", \"big\": true, \"rank\": 3}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(s.geometry()).isEqualTo(LayoutState.Geometry.OPENVIDU_2);
        assertThat(s.publishers()).extracting(Publisher::big).containsExactly(false, false, false, false, true);
    }

    @Test
    void aPublisherWithoutIdIsRejected() {
        assertThatThrownBy(() -> LayoutState.parse("{\"publishers\":[{\"metadata\":\"x\"}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("id");
    }

    @Test
    void theUrlGivesTheStateEndpointAndCredentialsWithoutShowingTheSecret() {
        LayoutUrl u = LayoutUrl.parse("https://OPENVIDUAPP:MY_SECRET@localhost:8443/#/layout-best-fit/abcdefgh12345678/MY_SECRET");

        assertThat(u.stateUri()).hasToString("https://localhost:8443/stub/layout/abcdefgh12345678");
        assertThat(u.authorizationHeader()).isEqualTo("Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU");
        assertThat(u.isHttps()).isTrue();
        assertThat(u.layoutName()).isEqualTo("layout-best-fit");
        assertThat(u.toString()).doesNotContain("MY_SECRET").contains("abcdefgh12345678");
    }

    @Test
    void withoutUserInfoTheSecretOfTheFragmentIsUsed() {
        LayoutUrl u = LayoutUrl.parse("http://127.0.0.1:5443/#/layout-custom/sess/topsecret");

        assertThat(u.stateUri()).hasToString("http://127.0.0.1:5443/stub/layout/sess");
        assertThat(u.authorizationHeader()).isEqualTo(LayoutUrl.parse("http://OPENVIDUAPP:topsecret@127.0.0.1:5443/#/layout-x/sess/y").authorizationHeader());
    }

    @Test
    void urlsThatAreNotLayoutPagesAreRejectedWithoutQuotingTheSecret() {
        for (String bad : List.of("", "ftp://h/#/layout-best-fit/a/b", "https://h:1/", "https://h:1/#/other/a/b",
                "https://h:1/#/layout-best-fit/onlyid")) {
            assertThatThrownBy(() -> LayoutUrl.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> LayoutUrl.parse("https://OPENVIDUAPP:pw@h:1/nofragment"))
                .hasMessageNotContaining("pw");
    }

    @Test
    void gridIsBestFitForSixteenByNineFrames() {
        int[][] expected = {{1, 1}, {2, 2}, {3, 2}, {4, 2}, {5, 3}, {6, 3}, {7, 3}, {8, 3}, {9, 3}, {10, 4}, {12, 4}};
        for (int[] e : expected) {
            assertThat(GridLayout.columns(e[0], 1920, 1080)).as("%d tiles", e[0]).isEqualTo(e[1]);
        }
        assertThat(GridLayout.bestFit(1, 1280, 720)).containsExactly(new GridLayout.Rect(0, 0, 1280, 720));
        assertThat(GridLayout.bestFit(2, 1280, 720)).containsExactly(
                new GridLayout.Rect(0, 180, 640, 360), new GridLayout.Rect(640, 180, 640, 360));
        // three in a 2x2 grid: the last row is centred
        assertThat(GridLayout.bestFit(3, 1280, 720).get(2)).isEqualTo(new GridLayout.Rect(320, 360, 640, 360));
    }

    @Test
    void tilesAreEvenSixteenByNineAndInsideTheFrameForAnyCountAndSize() {
        for (int[] size : new int[][] {{1920, 1080}, {1280, 720}, {640, 480}, {1080, 1920}, {322, 180}}) {
            for (int n = 1; n <= 20; n++) {
                List<GridLayout.Rect> tiles = GridLayout.bestFit(n, size[0], size[1]);
                assertThat(tiles).hasSize(n);
                for (GridLayout.Rect r : tiles) {
                    assertThat(r.x() % 2 + r.y() % 2 + r.width() % 2 + r.height() % 2).isZero();
                    assertThat(r.x()).isGreaterThanOrEqualTo(0);
                    assertThat(r.y()).isGreaterThanOrEqualTo(0);
                    assertThat(r.x() + r.width()).isLessThanOrEqualTo(size[0]);
                    assertThat(r.y() + r.height()).isLessThanOrEqualTo(size[1]);
                    assertThat((double) r.width() / r.height()).isCloseTo(16.0 / 9, org.assertj.core.data.Offset.offset(0.1));
                }
            }
        }
        // portrait frames stack tiles
        assertThat(GridLayout.columns(2, 1080, 1920)).isEqualTo(1);
    }

    @Test
    void tileColoursAreDeterministicDistinctAndMatchTheDocumentedAlgorithm() {
        // Pinned values: the layout page's JavaScript must produce the same.
        assertThat(TileColors.hash("")).isEqualTo(0x811c9dc5L);
        assertThat(TileColors.hash("a")).isEqualTo(0xe40c292cL);
        assertThat(TileColors.hsvToRgb(0, 0.6, 0.85)).isEqualTo(0xd95757);
        assertThat(TileColors.hsvToRgb(120, 0.6, 0.85)).isEqualTo(0x57d957);
        assertThat(TileColors.colorFor("con_x1y2z3")).isEqualTo(TileColors.colorFor("con_x1y2z3"));
        assertThat(String.format("%06x", TileColors.colorFor("con_x1y2z3"))).isEqualTo(PINNED_CON_X1Y2Z3);
        int a = TileColors.colorFor("con_alice");
        int b = TileColors.colorFor("con_bob");
        int c = TileColors.colorFor("con_carol");
        // The ids used by the recording tests are told apart with a tolerance of 12 per channel.
        assertThat(Mp4Frames.colorDistance(a, b)).isGreaterThan(24);
        assertThat(Mp4Frames.colorDistance(b, c)).isGreaterThan(24);
        assertThat(Mp4Frames.colorDistance(a, c)).isGreaterThan(24);
        assertThat(TileColors.toneFrequencyFor("con_alice")).isBetween(220.0, 831.0);
    }

    static final String PINNED_CON_X1Y2Z3 = "d9577c";
}

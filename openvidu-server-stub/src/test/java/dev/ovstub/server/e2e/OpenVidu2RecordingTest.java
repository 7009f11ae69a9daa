package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry;
import dev.ovstub.server.internal.recorder.TileColors;
import dev.ovstub.server.testing.ControlClient;
import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.x recordings through the 2.x REST API with the real embedded recorder: the recording's own resolution and
 * layout are what the decoded MP4 shows, and the big publisher of a presentation layout is the one joined big.
 */
class OpenVidu2RecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/openvidu/api";

    @TempDir
    static Path folder;
    static OpenViduServerStub server;
    static ControlClient http;

    @BeforeAll
    static void start() {
        server = OpenViduServerStub.builder().recording(true).recordingPath(folder).start();
        http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                java.net.http.HttpClient.newHttpClient(), java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode call(String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    /** A session with {@code n} simulated publishers; returns the session id and their connection ids. */
    private static List<String> sessionWithPublishers(int n, int big) throws Exception {
        List<String> ids = new ArrayList<>();
        String session = call("POST", API + "/sessions", Map.of()).get("id").asText();
        ids.add(session);
        for (int i = 0; i < n; i++) {
            String token = call("POST", API + "/sessions/" + session + "/connection", Map.of()).get("token").asText();
            ids.add(call("POST", "/stub/participants", Map.of("session", session, "token", token, "publish", true,
                    "big", i == big)).get("id").asText());
        }
        return ids;
    }

    private static Path record(String session, Map<String, Object> options) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(options);
        body.put("session", session);
        JsonNode started = call("POST", API + "/recordings/start", body);
        Path file = folder.resolve(session).resolve(started.get("name").asText() + ".mp4");
        // Two fragments (of at most 1 s each) written: the frame at 1 s exists and shows every publisher.
        dev.ovstub.server.testing.Await.await(() -> fragments(file) >= 3, java.time.Duration.ofSeconds(30),
                "three fragments of " + file.getFileName());
        JsonNode done = call("POST", API + "/recordings/stop/" + session, null);
        assertThat(done.get("status").asText()).isEqualTo("ready");
        return file;
    }

    private static long fragments(Path file) {
        try {
            return Mp4Frames.topLevelBoxes(file).stream().filter("moof"::equals).count();
        } catch (java.io.IOException | RuntimeException notYet) {
            return 0;
        }
    }

    /** Each tile's centre shows its publisher's colour, as the 2.x geometry places it. */
    private static void assertTiles(Mp4Frames.Picture p, OpenViduLayoutGeometry.Layout layout, List<String> publishers,
                                    int big) {
        List<OpenViduLayoutGeometry.Tile> tiles = OpenViduLayoutGeometry.tiles(layout, publishers.size(), big,
                p.width(), p.height());
        assertThat(tiles).hasSize(publishers.size());
        for (OpenViduLayoutGeometry.Tile t : tiles) {
            int expected = TileColors.colorFor(publishers.get(t.publisher()));
            assertThat(Mp4Frames.colorDistance(p.rgbAround(t.centerX(), t.centerY(), 1), expected))
                    .as("%s: tile %s shows publisher %s", layout, t, publishers.get(t.publisher())).isLessThan(24);
        }
    }

    @Test
    void bestFitOfThreePublishersAt1280x720IsOneRowWithBlackBandsAboveAndBelow() throws Exception {
        List<String> ids = sessionWithPublishers(3, -1);

        Path file = record(ids.get(0), Map.of("resolution", "1280x720", "frameRate", 10));

        Mp4Frames.Picture p = Mp4Frames.pictureAt(file, 1_000_000);
        assertThat(p.width()).isEqualTo(1280);
        assertThat(p.height()).isEqualTo(720);
        assertThat(Mp4Frames.colorDistance(p.rgbAround(640, 15, 4), 0)).as("band above").isLessThan(40);
        assertThat(Mp4Frames.colorDistance(p.rgbAround(640, 705, 4), 0)).as("band below").isLessThan(40);
        assertTiles(p, OpenViduLayoutGeometry.Layout.named("BEST_FIT"), ids.subList(1, 4), 0);
    }

    @Test
    void verticalPresentationShowsTheParticipantJoinedBigOnTheRight() throws Exception {
        List<String> ids = sessionWithPublishers(3, 2);

        Path file = record(ids.get(0), Map.of("resolution", "640x480", "recordingLayout", "VERTICAL_PRESENTATION"));

        Mp4Frames.Picture p = Mp4Frames.pictureAt(file, 1_000_000);
        assertThat(p.width()).isEqualTo(640);
        assertTiles(p, OpenViduLayoutGeometry.Layout.named("VERTICAL_PRESENTATION"), ids.subList(1, 4), 2);
        assertThat(Mp4Frames.colorDistance(p.rgbAround(380, 240, 1), TileColors.colorFor(ids.get(3))))
                .as("the one joined with big: true fills the right 80 %").isLessThan(24);
    }
}

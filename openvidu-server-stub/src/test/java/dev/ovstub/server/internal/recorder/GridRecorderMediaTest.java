package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.testing.Mp4Frames.colorDistance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Mp4Frames;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridRecorderMediaTest {
    static final int W = 640;
    static final int H = 360;
    static final int RED = 0xff0000;
    static final int BLUE = 0x0000ff;
    static final int GREEN = 0x00ff00;
    /** Two H.264 generations and a scaling of a saturated colour: a few levels off per channel (3 seen). */
    static final int MEDIA_TOLERANCE = 16;

    @TempDir
    static Path clips;
    static Path redThenBlue;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClips() throws Exception {
        redThenBlue = TestClips.solidColours(clips.resolve("red-then-blue.mp4"), 320, 180, 25, RED, BLUE);
    }

    @Test
    void aPublishersMediaFileIsItsTileLoopedAtTheEndWhileTheOtherTileStaysSynthetic() throws Exception {
        Path out = dir.resolve("media.mp4");
        LayoutState two = LayoutState.of(new Publisher("con_alice", "alice", redThenBlue.toString()),
                new Publisher("con_bob", "bob", null));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out,
                new ScriptedLayoutSource().at(Duration.ZERO, two)).size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(4));

        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 0, 500_000, 1_500_000, 2_500_000, 3_500_000);
        int[] expected = {RED, RED, BLUE, RED, BLUE};
        List<GridLayout.Rect> rects = GridLayout.bestFit(2, W, H);
        for (int i = 0; i < pics.size(); i++) {
            Mp4Frames.Picture pic = pics.get(i);
            assertColour(pic, rects.get(0).centerX(), rects.get(0).centerY(), expected[i], MEDIA_TOLERANCE, "media tile");
            assertColour(pic, rects.get(1).centerX(), rects.get(1).centerY(), TileColors.colorFor("con_bob"), 12, "synthetic tile");
        }
        assertThat(Mp4Probe.probe(out).durationSeconds()).isCloseTo(4.0, within(0.1));
    }

    @Test
    void theMediaTimelineStartsWhenThePublisherAppearsAndContinuesWhenItsTileIsResized() throws Exception {
        Path out = dir.resolve("join.mp4");
        Publisher alice = new Publisher("con_alice", "alice", redThenBlue.toString());
        ScriptedLayoutSource script = new ScriptedLayoutSource()
                .at(Duration.ZERO, LayoutState.ofIds("con_bob"))
                .at(Duration.ofMillis(1000), LayoutState.of(Publisher.of("con_bob"), alice))
                // three tiles: smaller, so alice's camera is reopened and must continue the clip
                .at(Duration.ofMillis(2200), LayoutState.of(Publisher.of("con_bob"), alice, Publisher.of("con_carol")));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, script).size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(4));

        // alice's clip time is media time - 1 s; the clip lasts 2 s: red, blue, red, blue...
        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 1_500_000, 2_100_000, 2_500_000, 3_500_000);
        GridLayout.Rect twoUp = GridLayout.bestFit(2, W, H).get(1);
        GridLayout.Rect threeUp = GridLayout.bestFit(3, W, H).get(1);
        assertColour(pics.get(0), twoUp.centerX(), twoUp.centerY(), RED, MEDIA_TOLERANCE, "alice at 0.5 s of her clip");
        assertColour(pics.get(1), twoUp.centerX(), twoUp.centerY(), BLUE, MEDIA_TOLERANCE, "alice at 1.1 s of her clip");
        assertColour(pics.get(2), threeUp.centerX(), threeUp.centerY(), BLUE, MEDIA_TOLERANCE, "alice at 1.5 s, resized");
        assertColour(pics.get(3), threeUp.centerX(), threeUp.centerY(), RED, MEDIA_TOLERANCE, "alice at 2.5 s, looped");
        GridLayout.Rect bob = GridLayout.bestFit(3, W, H).get(0);
        assertColour(pics.get(3), bob.centerX(), bob.centerY(), TileColors.colorFor("con_bob"), 12, "bob");
    }

    @Test
    void aMediaOfAnotherAspectIsLetterboxedInsideItsTile() throws Exception {
        Path square = TestClips.solidColours(dir.resolve("square.mp4"), 180, 180, 25, GREEN);
        Path out = dir.resolve("square-out.mp4");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource()
                .at(Duration.ZERO, LayoutState.of(new Publisher("con_sq", "", square.toString())))).size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(1));

        Mp4Frames.Picture pic = Mp4Frames.picturesAt(out, 500_000).get(0);
        assertColour(pic, W / 2, H / 2, GREEN, MEDIA_TOLERANCE, "centre");
        assertColour(pic, W / 2 - 170, H / 2, GREEN, MEDIA_TOLERANCE, "inside the square's left edge");
        assertColour(pic, 40, H / 2, 0x000000, 12, "left bar");
        assertColour(pic, W - 40, H / 2, 0x000000, 12, "right bar");
    }

    @Test
    void aMissingMediaFileFallsBackToTheSyntheticCamera() throws Exception {
        Path out = dir.resolve("missing.mp4");
        LayoutState two = LayoutState.of(new Publisher("con_alice", "alice", dir.resolve("nope.mp4").toString()),
                new Publisher("con_bob", "bob", null));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource().at(Duration.ZERO, two))
                .size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(2));

        for (Mp4Frames.Picture pic : Mp4Frames.picturesAt(out, 500_000, 1_500_000)) {
            GridRecorderOfflineTest.assertTiles(pic, two);
        }
        assertThat(rec.framesWritten()).isEqualTo(50);
    }

    @Test
    void aFileThatIsNoVideoFallsBackToTheSyntheticCamera() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "this is not a video\n".repeat(100));
        Path out = dir.resolve("junk-out.mp4");
        LayoutState one = LayoutState.of(new Publisher("con_alice", "alice", junk.toString()));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource().at(Duration.ZERO, one))
                .size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(1));

        GridRecorderOfflineTest.assertTiles(Mp4Frames.picturesAt(out, 500_000).get(0), one);
    }

    @Test
    void aLiveRecordingShowsTheMediaWithoutWaitingForIt() throws Exception {
        Path out = dir.resolve("live.mp4");
        LayoutState two = LayoutState.of(new Publisher("con_alice", "alice", redThenBlue.toString()),
                new Publisher("con_bob", "bob", null));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource(two)).size(W, H).build());

        rec.start();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 2600);
        rec.stop();

        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 600_000, 1_600_000, 2_400_000);
        GridLayout.Rect media = GridLayout.bestFit(2, W, H).get(0);
        assertColour(pics.get(0), media.centerX(), media.centerY(), RED, MEDIA_TOLERANCE, "live, 0.6 s");
        assertColour(pics.get(1), media.centerX(), media.centerY(), BLUE, MEDIA_TOLERANCE, "live, 1.6 s");
        assertColour(pics.get(2), media.centerX(), media.centerY(), RED, MEDIA_TOLERANCE, "live, 2.4 s (looped)");
        GridLayout.Rect bob = GridLayout.bestFit(2, W, H).get(1);
        assertColour(pics.get(1), bob.centerX(), bob.centerY(), TileColors.colorFor("con_bob"), 12, "bob, live");
    }

    @Test
    void aMediaServedOverHttpIsShownAndLooped() throws Exception {
        byte[] clip = Files.readAllBytes(redThenBlue);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.mp4", ex -> serveWithRanges(ex, clip));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
            Path out = dir.resolve("http.mp4");
            LayoutState one = LayoutState.of(new Publisher("con_alice", "alice", url));
            GridRecorder rec = new GridRecorder(RecorderConfig.builder(out,
                    new ScriptedLayoutSource().at(Duration.ZERO, one)).size(W, H).build());

            rec.renderOffline(Duration.ofSeconds(3));

            List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 500_000, 1_500_000, 2_500_000);
            assertColour(pics.get(0), W / 2, H / 2, RED, MEDIA_TOLERANCE, "http, 0.5 s");
            assertColour(pics.get(1), W / 2, H / 2, BLUE, MEDIA_TOLERANCE, "http, 1.5 s");
            assertColour(pics.get(2), W / 2, H / 2, RED, MEDIA_TOLERANCE, "http, 2.5 s (looped)");
        } finally {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    /** Serves {@code body}, honouring a single {@code Range: bytes=a-[b]} (FFmpeg seeks with it). */
    private static void serveWithRanges(HttpExchange ex, byte[] body) throws IOException {
        try (ex) {
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            int to = body.length - 1;
            int status = 200;
            if (range != null && range.startsWith("bytes=")) {
                String[] ab = range.substring(6).split("-", -1);
                from = Integer.parseInt(ab[0].trim());
                if (ab.length > 1 && !ab[1].isBlank()) to = Math.min(to, Integer.parseInt(ab[1].trim()));
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
            }
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            if (from > to) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.sendResponseHeaders(status, to - from + 1);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body, from, to - from + 1);
            } catch (IOException closedByClient) {
                // FFmpeg drops connections when it seeks
            }
        }
    }

    @Test
    void tilesAreFittedWithTheirAspectKeptAndEvenSizes() {
        assertThat(MediaCamera.fit(320, 180, 1, 640, 360)).containsExactly(640, 360);
        assertThat(MediaCamera.fit(1920, 1080, 1, 320, 180)).containsExactly(320, 180);
        assertThat(MediaCamera.fit(640, 480, 1, 640, 360)).containsExactly(480, 360);
        assertThat(MediaCamera.fit(1080, 1920, 1, 640, 360)).containsExactly(202, 360);
        assertThat(MediaCamera.fit(400, 100, 1, 640, 360)).containsExactly(640, 160);
        // anamorphic: 720x576 with 64:45 pixels is 16:9
        assertThat(MediaCamera.fit(720, 576, 64.0 / 45, 640, 360)).containsExactly(640, 360);
    }

    static void assertColour(Mp4Frames.Picture pic, int x, int y, int expected, int tolerance, String what) {
        int actual = pic.rgbAround(x, y, 3);
        assertThat(colorDistance(actual, expected))
                .as("%s at (%d, %d), t=%d us: expected %06x, got %06x", what, x, y, pic.timestampMicros(), expected, actual)
                .isLessThanOrEqualTo(tolerance);
    }
}

package dev.ovstub.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recorder.GridLayout;
import dev.ovstub.server.internal.recorder.TileColors;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ChromiumPage;
import dev.ovstub.server.testing.HeadlessChromium;
import dev.ovstub.server.testing.Mp4Frames;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard at {@code /} in real headless Chromium (Debian's {@code chromium}; skipped, saying so, where it is
 * not installed), against a server with real recorders (child JVMs writing real MP4s): a person logs in, creates
 * and fills a session, watches it being recorded, plays the recording and deletes it.
 */
class DashboardTest {
    /** The screenshot the README shows: rewritten by every run, so it stays true. */
    static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "..", "docs", "dashboard.png").normalize();

    @TempDir
    Path tmp;

    static void assumeChromium() {
        assumeTrue(HeadlessChromium.available(),
                "Chromium is not installed (apt-get install chromium): the dashboard is not tested in a browser");
    }

    @Test
    void aPersonLogsInRecordsASessionWithTwoPublishersPlaysTheRecordingAndDeletesIt() throws Exception {
        assumeChromium();
        Path recordings = tmp.resolve("recordings");
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(recordings)
                .resolution("640x360").frameRate(15).start();
             ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 1000)) {
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            chromium.navigate(server.baseUrl() + "/");

            assertThat(page.serverFact("Recording")).isEqualTo("on");
            assertThat(page.serverFact("Public URL")).isEqualTo(server.baseUrl().toString());
            assertThat(page.serverFact("Recordings path")).isEqualTo(recordings.toAbsolutePath().toString());
            assertThat(page.serverFact("Version")).isNotEqualTo("unknown");

            String session = page.createSession("ALWAYS", "BEST_FIT");
            String alice = page.addParticipant(session, "PUBLISHER", "alice", true);
            String bob = page.addParticipant(session, "PUBLISHER", "bob", true);

            page.awaitPreviewTiles(session, 2);
            assertPreviewDrawsTiles(chromium, session, List.of(alice, bob));
            assertThat(page.previewPlaysSound(session)).as("the preview (the layout page in a frame) plays nothing")
                    .isFalse();

            String recordingId = page.awaitRecordingOf(session, "started");
            chromium.waitFor("the session's card to show its recording started",
                    DashboardPage.session(session) + ".querySelector('[data-fact=Recording]').textContent === "
                            + DashboardPage.js(recordingId + ": started"), DashboardPage.WAIT);
            // A few seconds of video: the recorder writes in real time, so wait for its file to grow.
            Path file = recordings.resolve(recordingId + ".mp4");
            Await.await(() -> sizeOf(file) > 60_000, Duration.ofSeconds(30), "the recorder to write 60 kB of " + file);

            page.participantAction(alice, "leave");
            page.participantAction(bob, "leave");
            page.awaitRecordingStatus(recordingId, "stopped");
            chromium.waitFor("the emptied ALWAYS session to leave the list", DashboardPage.session(session) + " === null",
                    DashboardPage.WAIT);

            // Another session, with two publishers on screen, for the picture the README shows.
            String pictured = page.createSession("MANUAL", "BEST_FIT");
            page.addParticipant(pictured, "PUBLISHER", "alice", true);
            page.addParticipant(pictured, "PUBLISHER", "bob", true);
            page.awaitPreviewTiles(pictured, 2);

            String video = "document.querySelector('video[data-recording=' + CSS.escape(" + DashboardPage.js(recordingId) + ") + ']')";
            chromium.evaluate("(() => { const v = " + video + "; v.muted = true; return v.play().then(() => true); })()");
            JsonNode playing = chromium.waitFor("the recording to play in the page's <video>",
                    "(() => { const v = " + video + "; return v.readyState >= 2 && v.currentTime > 0.8"
                            + " ? {readyState: v.readyState, currentTime: v.currentTime, duration: v.duration,"
                            + " width: v.videoWidth, height: v.videoHeight} : null; })()", DashboardPage.WAIT);
            assertThat(playing.path("width").asInt()).isEqualTo(640);
            assertThat(playing.path("height").asInt()).isEqualTo(360);
            double first = playing.path("currentTime").asDouble();
            chromium.waitFor("currentTime to keep advancing", video + ".currentTime > " + (first + 0.3), DashboardPage.WAIT);
            chromium.evaluate("window.scrollTo(0, 0); true");
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, chromium.screenshot());

            chromium.evaluate(video + ".pause(); true");
            chromium.evaluate(DashboardPage.recording(recordingId) + ".querySelector('button[data-action=delete]').click(); true");
            chromium.waitFor("the deleted recording to leave the list", DashboardPage.recording(recordingId) + " === null",
                    DashboardPage.WAIT);
            assertThat(file).doesNotExist();
            assertThat(server.recording(recordingId)).isEmpty();
            assertThat(chromium.evaluate("document.querySelectorAll('#messages .message.error').length").asInt())
                    .as("error messages: %s", chromium.evaluate("document.getElementById('messages').innerText"))
                    .isZero();
            assertThat(chromium.pageErrors()).isEmpty();
        }
    }

    @Test
    void aSessionOfThe2xApiIsJoinedRecordedPlayedAndDeletedThroughThe2xApi() throws Exception {
        assumeChromium();
        Path recordings = tmp.resolve("recordings2");
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(recordings)
                .resolution("640x360").start();
             ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 1000)) {
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            dev.ovstub.server.testing.ControlClient http = new dev.ovstub.server.testing.ControlClient(
                    server.baseUrl().toString(), dev.ovstub.server.testing.ControlClient.basic("OPENVIDUAPP", server.secret()),
                    java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
            String session = dev.ovstub.server.testing.ControlClient.stringField(
                    http.send("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"daily\"}").text(), "id");
            chromium.navigate(server.baseUrl() + "/");
            chromium.waitFor("the 2.x session's card", DashboardPage.session(session) + " !== null", DashboardPage.WAIT);

            String alice = page.addParticipant(session, "PUBLISHER", "alice", true);
            assertThat(alice).as("the participant took over a 2.x connection").startsWith("con_");
            page.sessionAction(session, "start-recording");
            String recordingId = page.awaitRecordingOf(session, "started");
            Path file = recordings.resolve(session).resolve(session + ".mp4");
            Await.await(() -> sizeOf(file) > 30_000, Duration.ofSeconds(30), "the recorder to write 30 kB of " + file);
            page.sessionAction(session, "stop-recording");
            page.awaitRecordingStatus(recordingId, "ready");

            String video = "document.querySelector('video[data-recording=' + CSS.escape(" + DashboardPage.js(recordingId) + ") + ']')";
            chromium.evaluate("(() => { const v = " + video + "; v.muted = true; return v.play().then(() => true); })()");
            chromium.waitFor("the 2.x recording to play from /openvidu/recordings",
                    "(() => { const v = " + video + "; return v.readyState >= 2 && v.currentTime > 0.3; })()", DashboardPage.WAIT);
            chromium.evaluate(video + ".pause(); true");
            chromium.evaluate(DashboardPage.recording(recordingId) + ".querySelector('button[data-action=delete]').click(); true");
            chromium.waitFor("the deleted recording to leave the list", DashboardPage.recording(recordingId) + " === null",
                    DashboardPage.WAIT);
            assertThat(recordings.resolve(session)).doesNotExist();
            assertThat(chromium.evaluate("document.querySelectorAll('#messages .message.error').length").asInt())
                    .as("error messages: %s", chromium.evaluate("document.getElementById('messages').innerText"))
                    .isZero();
            assertThat(chromium.pageErrors()).isEmpty();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** The preview's pixels: one tile per publisher, in the BEST_FIT grid, in the colour the recorder gives each. */
    static void assertPreviewDrawsTiles(ChromiumPage chromium, String session, List<String> publishers) throws Exception {
        JsonNode box = chromium.evaluate("(() => { window.scrollTo(0, 0); const f = " + DashboardPage.session(session)
                + ".querySelector('iframe.preview'); f.scrollIntoView(); const r = f.getBoundingClientRect();"
                + " return {x: r.left + f.clientLeft + window.scrollX, y: r.top + f.clientTop + window.scrollY,"
                + " w: f.contentWindow.innerWidth, h: f.contentWindow.innerHeight, dpr: window.devicePixelRatio}; })()");
        // Wait for the next frame after scrolling, so the screenshot shows the preview where it now is.
        chromium.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));
        double dpr = box.path("dpr").asDouble();
        int x0 = box.path("x").asInt();
        int y0 = box.path("y").asInt();
        List<GridLayout.Rect> tiles = GridLayout.bestFit(publishers.size(), box.path("w").asInt(), box.path("h").asInt());
        for (int i = 0; i < publishers.size(); i++) {
            GridLayout.Rect tile = tiles.get(i);
            // Left of centre and a bit up: clear of the tile's text and its moving ball.
            int px = (int) Math.round((x0 + tile.x() + tile.width() / 4) * dpr);
            int py = (int) Math.round((y0 + tile.centerY()) * dpr);
            int expected = TileColors.colorFor(publishers.get(i));
            int actual = shot.getRGB(px, py) & 0xFFFFFF;
            assertThat(Mp4Frames.colorDistance(actual, expected))
                    .as("preview tile %d (%s) at %d,%d: expected #%06x, got #%06x", i, publishers.get(i), px, py, expected, actual)
                    .isLessThanOrEqualTo(12);
        }
    }
}

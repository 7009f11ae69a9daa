package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.HeadlessChromium;
import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A recording made by the real (embedded) recorder and stopped through the API, played by real headless Chromium
 * from {@code /recordings/<id>.mp4} (our range endpoint, as a browser streams it): its duration, a seek near the
 * end and playback from the start. The file's index is at its end (the stop does not rewrite the file), which a
 * browser reaches with a range request.
 */
class RecordingFilePlaysInChromiumTest extends StubTestSupport {
    /** Loads the video, seeks to 0.5 s before its end, then plays it from the start; posts what it saw. */
    private static final String PAGE = """
            <!doctype html><html><body><video id="v" muted preload="auto"></video><script>
            const v = document.getElementById('v'), r = {};
            const post = () => fetch('/result', {method: 'POST', body: JSON.stringify(r)});
            v.addEventListener('error', () => { r.error = v.error ? v.error.code + ' ' + v.error.message : 'unknown'; post(); });
            v.addEventListener('loadedmetadata', () => {
              r.duration = v.duration; r.width = v.videoWidth; r.height = v.videoHeight;
              v.currentTime = v.duration - 0.5;
            });
            v.addEventListener('seeked', () => {
              if (r.seekedTo !== undefined) return;
              r.seekedTo = v.currentTime; r.readyStateAfterSeek = v.readyState;
              v.currentTime = 0;
              v.play().catch(e => { r.error = 'play: ' + e; post(); });
            });
            v.addEventListener('timeupdate', () => {
              if (r.seekedTo !== undefined && r.playedTo === undefined && v.currentTime > 0.3 && v.currentTime < 2) {
                r.playedTo = v.currentTime; post();
              }
            });
            v.src = 'SRC';
            </script></body></html>
            """;

    private static long fragments(Path file) {
        try {
            return Files.exists(file) ? Mp4Frames.topLevelBoxes(file).stream().filter("moof"::equals).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void aStoppedRecordingsFilePlaysInChromiumFromTheRangeEndpointWithItsDurationAndSeeks() throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): playback not tested");
        Path folder = tmp.resolve("recordings");
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().recording(true).freeAccess(true)
                .recordingPath(folder).resolution("640x360").start());
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path file = folder.resolve(id + ".mp4");
        // While recording, the file is fragmented (at most a second a fragment): wait for three seconds or so.
        Await.await(() -> fragments(file) >= 3, Duration.ofSeconds(30), "the recorder to write three fragments");
        JsonNode stopped = api.stop(id);
        MediaInfo info = Mp4Probe.probe(file);
        assertThat(stopped.get("duration").asDouble()).isCloseTo(info.durationSeconds(), within(0.01));
        String url = stopped.get("url").asText();
        assertThat(url).endsWith("/recordings/" + id + ".mp4");

        JsonNode seen = Api.JSON.readTree(HeadlessChromium.pageResult(Files.createDirectories(tmp.resolve("chromium")),
                PAGE.replace("SRC", server.baseUrl().resolve("/recordings/" + id + ".mp4").toString()), Duration.ofSeconds(60)));

        assertThat(seen.has("error")).as("Chromium: %s", seen).isFalse();
        assertThat(seen.get("width").asInt()).isEqualTo(640);
        assertThat(seen.get("height").asInt()).isEqualTo(360);
        assertThat(seen.get("duration").asDouble()).as("video.duration").isCloseTo(info.durationSeconds(), within(0.1));
        assertThat(seen.get("seekedTo").asDouble()).as("a seek near the end").isCloseTo(info.durationSeconds() - 0.5, within(0.1));
        assertThat(seen.get("readyStateAfterSeek").asInt()).as("a frame there is decoded").isGreaterThanOrEqualTo(2);
        assertThat(seen.get("playedTo").asDouble()).as("playback from the start").isGreaterThan(0.3);
    }
}

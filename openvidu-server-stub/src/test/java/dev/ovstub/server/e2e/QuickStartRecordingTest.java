package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ControlClient;
import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.x {@code COMPOSED_QUICK_START} with the embedded runtime: a recorder JVM waits from the session's creation,
 * records its next recording (no launch at the start), is replaced by a fresh one for the recording after, and
 * none is left once the session closes.
 */
class QuickStartRecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/openvidu/api";

    @TempDir
    Path folder;

    private static List<Long> standbyRecorders() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(
                        dev.ovstub.server.internal.recording.runtime.embedded.EmbeddedRuntime.STANDBY_MARK))
                .map(ProcessHandle::pid).toList();
    }

    private static JsonNode call(ControlClient http, String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    @Test
    void aQuickStartSessionsRecordingIsRecordedByTheRecorderThatWaitedForIt() throws Exception {
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(folder)
                .resolution("640x360").start()) {
            ControlClient http = new ControlClient(server.baseUrl().toString(),
                    ControlClient.basic("OPENVIDUAPP", server.secret()), java.net.http.HttpClient.newHttpClient(),
                    Duration.ofSeconds(30));
            String s = call(http, "POST", API + "/sessions", Map.of("defaultRecordingProperties",
                    Map.of("outputMode", "COMPOSED_QUICK_START", "resolution", "640x360"))).get("id").asText();
            Await.await(() -> standbyRecorders().size() == 1, Duration.ofSeconds(20), "a standby recorder");
            long waiting = standbyRecorders().get(0);
            String token = call(http, "POST", API + "/sessions/" + s + "/connection", Map.of()).get("token").asText();
            call(http, "POST", "/stub/participants", Map.of("session", s, "token", token, "publish", true));

            JsonNode started = call(http, "POST", API + "/recordings/start", Map.of("session", s));

            assertThat(started.get("outputMode").asText()).isEqualTo("COMPOSED_QUICK_START");
            assertThat(ProcessHandle.of(waiting).map(ProcessHandle::isAlive)).as("the waiting one records").contains(true);
            Path file = folder.resolve(s).resolve(s + ".mp4");
            Await.await(() -> fragments(file) >= 2, Duration.ofSeconds(20), "two fragments");
            JsonNode stopped = call(http, "POST", API + "/recordings/stop/" + s, null);
            assertThat(stopped.get("status").asText()).isEqualTo("ready");
            assertThat(Mp4Frames.pictureAt(file, 500_000).width()).isEqualTo(640);
            Await.await(() -> ProcessHandle.of(waiting).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(10),
                    "the recorder's exit");
            Await.await(() -> standbyRecorders().size() == 1 && standbyRecorders().get(0) != waiting,
                    Duration.ofSeconds(20), "a fresh standby recorder for the next recording");

            call(http, "DELETE", API + "/sessions/" + s, null);

            Await.await(() -> standbyRecorders().isEmpty(), Duration.ofSeconds(20), "no standby recorder left");
        }
    }

    @Test
    void sessionsClosedRightAfterTheirCreationLeaveNoStandbyRecorder() throws Exception {
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(folder).start()) {
            ControlClient http = new ControlClient(server.baseUrl().toString(),
                    ControlClient.basic("OPENVIDUAPP", server.secret()), java.net.http.HttpClient.newHttpClient(),
                    Duration.ofSeconds(30));
            for (int i = 0; i < 6; i++) {
                String s = call(http, "POST", API + "/sessions", Map.of("defaultRecordingProperties",
                        Map.of("outputMode", "COMPOSED_QUICK_START"))).get("id").asText();
                call(http, "DELETE", API + "/sessions/" + s, null); // while its recorder may still be launching
            }
            server.reset(); // and a reset right after a creation
            call(http, "POST", API + "/sessions", Map.of("defaultRecordingProperties", Map.of("outputMode", "COMPOSED_QUICK_START")));
            server.reset();

            Await.await(() -> standbyRecorders().isEmpty(), Duration.ofSeconds(20), "no standby recorder left");
        }
    }

    @Test
    void aServerClosingLeavesNoStandbyRecorderBehind() throws Exception {
        OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(folder).start();
        ControlClient http = new ControlClient(server.baseUrl().toString(),
                ControlClient.basic("OPENVIDUAPP", server.secret()), java.net.http.HttpClient.newHttpClient(),
                Duration.ofSeconds(30));
        call(http, "POST", API + "/sessions", Map.of("defaultRecordingProperties", Map.of("outputMode", "COMPOSED_QUICK_START")));
        Await.await(() -> standbyRecorders().size() == 1, Duration.ofSeconds(20), "a standby recorder");

        server.close();

        Await.await(() -> standbyRecorders().isEmpty(), Duration.ofSeconds(10), "no standby recorder left");
    }

    private static long fragments(Path file) {
        try {
            return Mp4Frames.topLevelBoxes(file).stream().filter("moof"::equals).count();
        } catch (java.io.IOException | RuntimeException notYet) {
            return 0;
        }
    }
}

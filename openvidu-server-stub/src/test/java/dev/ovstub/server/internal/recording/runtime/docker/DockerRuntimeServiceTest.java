package dev.ovstub.server.internal.recording.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingSettings;
import dev.ovstub.server.internal.recording.RecordingStatus;
import dev.ovstub.server.internal.recording.RecordingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The recording service driving the Docker runtime against the fake engine: the states a container leads to. */
@Timeout(30)
class DockerRuntimeServiceTest {
    private static final String SESSION = "wss://localhost:4443/ses_docker";

    @TempDir
    Path folder;
    private FakeDockerEngine engine;
    private RecordingService service;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeDockerEngine();
        engine.writeOutputOnStart = true;
        engine.images.put("openvidu/openvidu-recording:1.8.0", true);
        DockerRuntime runtime = new DockerRuntime(new DockerSettings(engine.uri(), "1.41", "openvidu/openvidu-recording",
                "1.8.0", folder, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        runtime.prepare();
        runtime.reapOrphans(Set.of());
        RecordingSettings settings = new RecordingSettings(false, "https://localhost:4443", "https://127.0.0.1:4443",
                "MY_SECRET", "1920x1080", 30, Duration.ofSeconds(5), Duration.ofSeconds(1), "1000");
        service = new RecordingService(RecordingStore.open(folder), runtime,
                file -> MediaInfo.of(Files.size(file), 1.0, true, true), settings, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        service.close();
        engine.close();
    }

    @Test
    void startedThenStoppedAndTheContainerIsGone() {
        Recording started = service.start(SESSION, "ses_docker", "layout-best-fit");
        assertThat(started.status()).isEqualTo(RecordingStatus.STARTED);
        assertThat(engine.byName("recording_ses_docker")).isNotNull();

        Recording stopped = service.stop("ses_docker");
        assertThat(stopped.status()).isEqualTo(RecordingStatus.STOPPED);
        assertThat(engine.containers).isEmpty();
    }

    @Test
    void stopPastTheBoundFailsTheRecordingAndRemovesTheContainer() {
        engine.exitCodeOnStop = null;
        service.start(SESSION, "ses_docker", "layout-best-fit");
        Recording failed = service.stop("ses_docker");
        assertThat(failed.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(engine.containers).isEmpty();
        assertThat(engine.calls("DELETE", "/containers/")).allSatisfy(d -> assertThat(d.query()).containsEntry("force", "true"));
    }

    @Test
    void containerExitingByItselfFailsTheRecording() throws Exception {
        service.start(SESSION, "ses_docker", "layout-best-fit");
        engine.byName("recording_ses_docker").exit(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (service.get("ses_docker").orElseThrow().status() != RecordingStatus.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(service.get("ses_docker").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(engine.containers).isEmpty();
    }

    @Test
    void recorderThatNeverWritesFailsTheStartAndLeavesNoContainer() {
        engine.writeOutputOnStart = false;
        assertThatThrownBy(() -> service.start(SESSION, "ses_docker", "layout-best-fit"))
                .hasMessageContaining("wrote nothing");
        assertThat(service.get("ses_docker").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(engine.containers).isEmpty();
    }
}

package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.ArchiveMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduServerErrorException;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of the README's "Testing with the extension" section, verbatim: keep them in step. */
@OpenViduStubTest(recording = true)
class RecordingServiceExampleTest {

    @Test
    void recordsAManualSession(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) throws Exception {
        Session session = openVidu.createSession();
        Participant alice = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());

        Archive recording = openVidu.startRecording(session.getSessionId());
        Thread.sleep(1000);
        Archive stopped = openVidu.stopRecording(recording.getId());

        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(stopped.getDuration()).isGreaterThan(0.5);
        assertThat(stub.recording(stopped.getId()).orElseThrow().file()).isRegularFile();
        alice.leave();
    }

    @Test
    void recordsAnAlwaysSessionUntilEveryoneLeaves(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) {
        Session session = openVidu.createSession(new SessionProperties.Builder().archiveMode(ArchiveMode.ALWAYS).build());
        Participant alice = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());

        StubRecording recording = stub.awaitSessionRecorded(session.getSessionId(), Duration.ofSeconds(20));
        alice.leave();

        stub.awaitRecordingStatus(recording.id(), "stopped", Duration.ofSeconds(20));
    }

    @Test
    void handlesARecorderThatDoesNotStart(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        stub.faults().failNextRecordingStart();

        assertThatThrownBy(() -> openVidu.startRecording(session.getSessionId()))
                .isInstanceOf(OpenViduServerErrorException.class);
    }
}

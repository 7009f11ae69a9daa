package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduServerErrorException;
import io.openvidu.java.client.OpenViduTimeoutException;
import io.openvidu.java.client.Session;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The extension's waits and fault injection, seen through our client. */
@OpenViduStubTest(recording = true)
class AwaitAndFaultInjectionTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void awaitingAStatusThatNeverComesFailsWithAnAssertionErrorSayingWhatWasSeen(OpenViduStubRuntimeInfo stub,
                                                                               OpenVidu openVidu) {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive started = openVidu.startRecording(session.getSessionId());

        assertThatThrownBy(() -> stub.awaitRecordingStatus(started.getId(), "stopped", Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(started.getId())
                .hasMessageContaining("stopped")
                .hasMessageContaining("it is started");
        assertThatThrownBy(() -> stub.awaitRecordingStatus("no-such-recording", "started", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("there is no such recording");
        assertThatThrownBy(() -> stub.awaitSessionRecorded("wss://localhost/nobody", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("it has no active recording");

        openVidu.stopRecording(started.getId());
        assertThat(stub.awaitRecordingStatus(started.getId(), "stopped", BOUND).size()).isPositive();
    }

    @Test
    void aFailedRecordingStartIsA500ForOurClientAndTheRecordingIsFailed(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        stub.faults().failNextRecordingStart();

        assertThatThrownBy(() -> openVidu.startRecording(session.getSessionId()))
                .isInstanceOfSatisfying(OpenViduServerErrorException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(500);
                    assertThat(e.getPath()).isEqualTo("/api/recordings/start");
                });

        String base = session.getSessionId().substring(session.getSessionId().lastIndexOf('/') + 1);
        assertThat(openVidu.getRecording(base).getStatus()).isEqualTo(Archive.Status.failed);
        assertThat(openVidu.listRecordings()).extracting(Archive::getId).contains(base);
        assertThat(stub.server().activeRecordingOf(session.getSessionId())).as("nothing left running").isEmpty();
        Archive retried = openVidu.startRecording(session.getSessionId());
        assertThat(retried.getId()).as("the next recording of the session").isEqualTo(base + "-1");
        assertThat(openVidu.stopRecording(retried.getId()).getStatus()).isEqualTo(Archive.Status.stopped);
    }

    @Test
    void aKilledRecorderEndsTheRecordingFailedAndTheSessionGoesOn(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) {
        Session session = openVidu.createSession();
        Participant alice = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive started = openVidu.startRecording(session.getSessionId());

        assertThat(stub.faults().killRecorder(started.getId())).isTrue();

        StubRecording failed = stub.awaitRecordingStatus(started.getId(), "failed", BOUND);
        assertThat(failed.sessionId()).isEqualTo(session.getSessionId());
        assertThat(openVidu.getRecording(started.getId()).getStatus()).isEqualTo(Archive.Status.failed);
        assertThat(alice.isPublishing()).as("the session goes on").isTrue();
        Participant bob = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive again = openVidu.startRecording(session.getSessionId());
        assertThat(again.getStatus()).isEqualTo(Archive.Status.started);
        assertThat(openVidu.stopRecording(again.getId()).getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(stub.faults().killRecorder(again.getId())).as("not active any more").isFalse();
        bob.leave();
        alice.leave();
    }

    @Test
    void aDelayedResponseMakesAClientWithAShortTimeoutFail(OpenViduStubRuntimeInfo stub) {
        stub.faults().delayNextResponse("POST", "/api/sessions", Duration.ofSeconds(2));
        try (OpenVidu impatient = OpenVidu.builder(stub.baseUrl().toString(), stub.secret())
                .responseTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(impatient::createSession).isInstanceOf(OpenViduTimeoutException.class);
            assertThat(impatient.createSession().getSessionId()).as("only the next one is delayed").isNotEmpty();
        }
    }
}

package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.server.testing.Await;
import dev.ovstub.it.support.RecordingChecks;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.ArchiveMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's flows with the JUnit extension's embedded server and our client, over real HTTP. */
@OpenViduStubTest(recording = true)
class ExtensionRecordingFlowsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aManualRecordingLastsAsLongAsItWasRecordedAndShowsItsPublisher(OpenViduStubRuntimeInfo stub, OpenVidu openVidu)
            throws Exception {
        Session session = openVidu.createSession();
        Participant alice = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());

        Archive started = openVidu.startRecording(session.getSessionId());
        long startReturned = System.nanoTime();
        Thread.sleep(2000); // recorded time
        long stopCalled = System.nanoTime();
        Archive stopped = openVidu.stopRecording(started.getId());

        assertThat(started.getStatus()).isEqualTo(Archive.Status.started);
        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(stopped.getSize()).isPositive();
        assertThat(stopped.getDuration()).isCloseTo((stopCalled - startReturned) / 1e9, within(0.5));
        StubRecording onServer = stub.recording(started.getId()).orElseThrow();
        assertThat(onServer.file()).isRegularFile().hasSize(stopped.getSize());
        RecordingChecks.assertH264Aac(onServer.file(), 640, 360, stopped.getDuration(), 0.1);
        RecordingChecks.assertTiles(onServer.file(), stopped.getDuration() - 0.5, List.of(alice.id()));
    }

    @Test
    void anAlwaysRecordingStartsAtTheFirstPublishAndStopsWhenTheLastParticipantLeaves(OpenViduStubRuntimeInfo stub,
                                                                                      OpenVidu openVidu) {
        Session session = openVidu.createSession(new SessionProperties.Builder().archiveMode(ArchiveMode.ALWAYS).build());
        Participant first = stub.join(session.getSessionId(), session.generateToken());
        Participant second = stub.join(session.getSessionId(), session.generateToken());
        assertThat(stub.server().activeRecordingOf(session.getSessionId())).as("not before a publish").isEmpty();

        first.publish();
        StubRecording recording = stub.awaitSessionRecorded(session.getSessionId(), BOUND);
        first.leave();
        assertThat(openVidu.getRecording(recording.id()).getStatus()).isEqualTo(Archive.Status.started);
        second.leave();

        Archive last = Await.until("recording " + recording.id() + " to be stopped",
                () -> openVidu.getRecording(recording.id()), a -> a.getStatus() == Archive.Status.stopped, BOUND);
        assertThat(last.getSize()).isPositive();
        assertThat(last.getSessionId()).isEqualTo(session.getSessionId());
    }

    @Test
    void anInsecureSessionJoinedWithTheSecretIsRecordedAutomatically(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) {
        Participant guest = stub.joinInsecure("insecure-room", JoinOptions.publishing().metadata("guest"));

        StubRecording recording = stub.awaitSessionRecorded(stub.server().sessionIdFor("insecure-room"), BOUND);
        guest.leave();

        assertThat(recording.id()).isEqualTo("insecure-room");
        assertThat(guest.sessionId()).isEqualTo(stub.server().sessionIdFor("insecure-room"));
        Archive last = Await.until("the insecure session's recording to be stopped",
                () -> openVidu.getRecording("insecure-room"), a -> a.getStatus() == Archive.Status.stopped, BOUND);
        assertThat(last.getSize()).isPositive();
    }

    @Test
    void threePublishersAreRecordedInATwoByTwoGridAndTheFileIsDownloadable(OpenViduStubRuntimeInfo stub,
                                                                          OpenVidu openVidu, @TempDir Path tmp)
            throws Exception {
        Session session = openVidu.createSession();
        List<String> publishers = List.of(
                stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing()).id(),
                stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing()).id(),
                stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing()).id());
        Archive started = openVidu.startRecording(session.getSessionId());
        Thread.sleep(1500); // recorded time
        Archive stopped = openVidu.stopRecording(started.getId());

        StubHttp http = new StubHttp(stub.baseUrl().toString(), stub.secret());
        StubHttp.Response file = http.get("/recordings/" + stopped.getId() + ".mp4", true);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("video/mp4");
        Path downloaded = Files.write(tmp.resolve("three.mp4"), file.body());
        RecordingChecks.assertH264Aac(downloaded, 640, 360, stopped.getDuration(), 0.1);
        RecordingChecks.assertTiles(downloaded, stopped.getDuration() - 0.4, publishers);
    }

    @Test
    void aManualRecordingGoesOnAfterEveryoneLeftAndKeepsTheSessionOpenUntilStopped(OpenViduStubRuntimeInfo stub,
                                                                                   OpenVidu openVidu) {
        Session session = openVidu.createSession();
        Participant alice = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive started = openVidu.startRecording(session.getSessionId());

        alice.leave();

        assertThat(openVidu.getRecording(started.getId()).getStatus()).isEqualTo(Archive.Status.started);
        assertThat(stub.server().activeRecordingOf(session.getSessionId())).contains(started.getId());
        Participant bob = stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        assertThat(bob.isPublishing()).as("the session is still open").isTrue();
        bob.leave();
        Archive stopped = openVidu.stopRecording(started.getId());
        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(stopped.getSize()).isPositive();
    }
}

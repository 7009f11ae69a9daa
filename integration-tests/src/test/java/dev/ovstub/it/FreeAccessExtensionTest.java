package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.RecordingChecks;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.junit.OpenViduStubExtension;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Free access on (and a smaller resolution), with the programmatic form of the extension. */
class FreeAccessExtensionTest {
    @RegisterExtension
    static OpenViduStubExtension stub = OpenViduStubExtension.builder()
            .recording(true)
            .freeAccess(true)
            .secret("s3cret")
            .resolution("320x180")
            .build();

    @Test
    void aStoppedRecordingIsAvailableWithAUrlAndItsFileNeedsNoCredentials(OpenVidu openVidu, @TempDir Path tmp)
            throws Exception {
        Session session = openVidu.createSession();
        stub.runtimeInfo().join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive started = openVidu.startRecording(session.getSessionId());
        Thread.sleep(1000); // recorded time

        Archive stopped = openVidu.stopRecording(started.getId());

        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.available);
        assertThat(stopped.getUrl()).isEqualTo(stub.server().recordingUrl(stopped.getId()).toString());
        StubHttp anonymous = new StubHttp(stub.server().baseUrl().toString(), "wrong");
        StubHttp.Response file = anonymous.get("/recordings/" + stopped.getId() + ".mp4", false);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).hasSize((int) stopped.getSize());
        assertThat(anonymous.get("/api/recordings", false).status()).as("the API still needs credentials").isEqualTo(401);
        assertThat(openVidu.getRecording(stopped.getId())).isEqualTo(stopped);
        Path downloaded = Files.write(tmp.resolve("free.mp4"), file.body());
        RecordingChecks.assertH264Aac(downloaded, 320, 180, stopped.getDuration(), 0.1);
    }
}

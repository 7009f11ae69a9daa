package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The declarative form injects the runtime info, the server and a ready-made client of ours. */
@OpenViduStubTest(secret = "injected-secret")
class ParameterInjectionTest {
    OpenViduStubRuntimeInfo fromBeforeEach;

    @BeforeEach
    void before(OpenViduStubRuntimeInfo info) {
        fromBeforeEach = info;
    }

    @Test
    void aTestMethodReceivesTheRuntimeInfoTheServerAndAClientPointedAtIt(OpenViduStubRuntimeInfo info,
                                                                        OpenViduServerStub server, OpenVidu openVidu) {
        assertThat(info).isSameAs(fromBeforeEach);
        assertThat(info.server()).isSameAs(server);
        assertThat(openVidu).isSameAs(info.openVidu());
        assertThat(info.secret()).isEqualTo("injected-secret");
        assertThat(info.baseUrl().toString()).isEqualTo("http://localhost:" + info.port());
        assertThat(info.recordingPath()).as("recording is off").isNull();

        Session session = openVidu.createSession();
        assertThat(session.getSessionId()).startsWith("ws://localhost:" + info.port() + "/");
        assertThat(info.join(session.getSessionId(), session.generateToken()).role()).isEqualTo(dev.ovstub.server.Participant.Role.PUBLISHER);
    }
}

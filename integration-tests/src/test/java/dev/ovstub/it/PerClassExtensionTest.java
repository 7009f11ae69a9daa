package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.junit.OpenViduStubExtension;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static extension field: one server for the class, its sessions reset before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassExtensionTest {
    @RegisterExtension
    static OpenViduStubExtension stub = OpenViduStubExtension.builder().build();

    static OpenViduServerStub firstServer;
    static String firstSessionId;
    static String unusedToken;

    @Test
    @Order(1)
    void aTestCreatesASessionWithAParticipant(OpenVidu openVidu) {
        Session session = openVidu.createSession();
        stub.runtimeInfo().join(session.getSessionId(), session.generateToken());
        firstServer = stub.server();
        firstSessionId = session.getSessionId();
        unusedToken = session.generateToken();

        assertThat(new StubHttp(stub.server().baseUrl().toString(), stub.server().secret()).sessions())
                .contains(firstSessionId);
    }

    @Test
    @Order(2)
    void theNextTestRunsOnTheSameServerWithNoSessionLeft(OpenVidu openVidu) {
        assertThat(stub.server()).isSameAs(firstServer);
        String sessions = new StubHttp(stub.server().baseUrl().toString(), stub.server().secret()).sessions();

        assertThat(sessions).doesNotContain(firstSessionId).contains("\"count\":0");
        assertThatThrownBy(() -> stub.runtimeInfo().join(firstSessionId, unusedToken))
                .as("tokens are forgotten too").isInstanceOf(dev.ovstub.server.StubException.class);
        assertThatThrownBy(() -> openVidu.startRecording(firstSessionId))
                .isInstanceOf(io.openvidu.java.client.OpenViduException.class);
    }

    @Test
    @Order(3)
    void recordingIsOffByDefaultAndTheApiSaysSo(OpenVidu openVidu) {
        assertThat(stub.server().recordingEnabled()).isFalse();
        assertThatThrownBy(openVidu::listRecordings)
                .isInstanceOfSatisfying(io.openvidu.java.client.OpenViduHttpException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(501));
    }
}

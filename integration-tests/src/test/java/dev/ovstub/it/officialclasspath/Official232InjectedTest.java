package dev.ovstub.it.officialclasspath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import org.junit.jupiter.api.Test;

/**
 * Run with the official {@code io.openvidu:openvidu-java-client:2.32.1} on the class path instead of ours (the
 * surefire execution {@code official-2.32.1-on-the-class-path}): the extension injects that client, and it works
 * against the server's 2.x API. Compiled against our client: only calls both clients have, with the same
 * signatures, are made here.
 */
@OpenViduStubTest
class Official232InjectedTest {
    @Test
    void theExtensionInjectsTheOfficial2321ClientWhichCreatesA2xSessionThatASimulatedParticipantJoins(
            OpenVidu openVidu, OpenViduStubRuntimeInfo stub) throws Exception {
        assertThat(OpenVidu.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .as("the injected client's jar").contains("openvidu-java-client-2.32.1");

        Session session = openVidu.createSession();
        String token = session.generateToken();

        assertThat(session.getSessionId()).matches("ses_[A-Z][0-9A-Za-z]{9}");
        assertThat(token).contains("sessionId=" + session.getSessionId()).contains("token=tok_");
        stub.join(session.getSessionId(), token);
        assertThat(stub.server().recordings()).isEmpty();
    }
}

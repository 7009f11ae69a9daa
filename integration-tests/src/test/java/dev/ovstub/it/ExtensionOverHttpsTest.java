package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import io.openvidu.java.client.OpenVidu;
import org.junit.jupiter.api.Test;

/** {@code https = true}: the server uses a self-signed certificate, which the injected client must accept. */
@OpenViduStubTest(https = true)
class ExtensionOverHttpsTest {
    @Test
    void theInjectedClientTalksToTheHttpsServer(OpenViduStubRuntimeInfo info, OpenVidu openVidu) {
        assertThat(info.baseUrl().getScheme()).isEqualTo("https");
        assertThat(openVidu.createSession().getSessionId()).startsWith("wss://");
    }
}

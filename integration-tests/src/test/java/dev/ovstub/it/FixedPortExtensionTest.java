package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.junit.OpenViduStubExtension;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import io.openvidu.java.client.OpenVidu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fixed port, when a test asks for one. */
class FixedPortExtensionTest {
    static final int PORT = freePort();

    @RegisterExtension
    OpenViduStubExtension stub = OpenViduStubExtension.builder().port(PORT).build();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theServerListensOnThePortItWasGiven(OpenViduStubRuntimeInfo info, OpenVidu openVidu) {
        assertThat(info.port()).isEqualTo(PORT);
        assertThat(info.baseUrl().toString()).isEqualTo("http://localhost:" + PORT);
        assertThat(openVidu.createSession().getSessionId()).startsWith("ws://localhost:" + PORT + "/");
    }
}

package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.junit.OpenViduStubExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance extension field: a new server, on a new port, for each test; stopped and cleaned after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestExtensionTest {
    @RegisterExtension
    OpenViduStubExtension stub = OpenViduStubExtension.builder().recording(true).build();

    static OpenViduServerStub firstServer;
    static int firstPort;
    static Path firstFolder;

    @Test
    @Order(1)
    void theFirstTestGetsAServer(OpenViduServerStub server) {
        firstServer = server;
        firstPort = server.port();
        firstFolder = server.recordingPath();

        assertThat(firstPort).isPositive();
        assertThat(firstFolder).isDirectory();
    }

    @Test
    @Order(2)
    void theNextTestGetsAnotherServerOnAnotherPortAndTheFirstOneIsCleanedUp(OpenViduServerStub server) {
        assertThat(server).isNotSameAs(firstServer);
        assertThat(server.port()).isNotEqualTo(firstPort);
        assertThat(server.recordingPath()).isNotEqualTo(firstFolder);
        assertThat(Files.exists(firstFolder)).as("the first server's temporary folder is deleted").isFalse();
    }
}

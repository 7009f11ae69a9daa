package dev.ovstub.bench.client;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.TestRecorders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Servers for the client benchmarks: a recorder that costs nothing ({@link TestRecorders#instant()}, from the
 * server's test fixtures), so that the start/stop/get cycle measures the HTTP API and the clients, not FFmpeg.
 */
final class BenchServers {
    private BenchServers() {}

    /**
     * Plain HTTP, free port, recording on with an instant fake recorder. Recordings (the server's metadata files)
     * go to a folder in /dev/shm when there is one, so that disk latency does not blur the comparison of clients.
     */
    static OpenViduServerStub withFakeRecorder() {
        OpenViduServerStub.Builder b = OpenViduServerStub.builder();
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            try {
                b.recordingPath(Files.createTempDirectory(shm, "ovstub-bench-"));
            } catch (IOException e) {
                // the default temporary folder then
            }
        }
        return TestRecorders.instant().installIn(b.recording(true)).start();
    }

    /** Closes a server made here and removes its /dev/shm folder. */
    static void close(OpenViduServerStub server) {
        Path dir = server.recordingPath();
        server.close();
        if (dir != null && dir.startsWith("/dev/shm/")) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}

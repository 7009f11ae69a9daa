package dev.ovstub.server;

import dev.ovstub.server.internal.recording.MediaInfo;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * Servers for the client benchmarks. In this package only to reach the builder's package-private
 * {@code recorders(...)} hook: a recorder that costs nothing, so that the start/stop/get cycle measures the
 * HTTP API and the clients, not FFmpeg.
 */
public final class BenchServers {
    private BenchServers() {}

    /**
     * Plain HTTP, free port, recording on with a fake recorder: writes 1 KiB at launch, exits at once on stop.
     * Recordings (the server's metadata files) go to a folder in /dev/shm when there is one, so that disk latency
     * does not blur the comparison of clients.
     */
    public static OpenViduServerStub withFakeRecorder() {
        OpenViduServerStub.Builder b = OpenViduServerStub.builder();
        java.nio.file.Path shm = java.nio.file.Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            try {
                java.nio.file.Path dir = Files.createTempDirectory(shm, "ovstub-bench-");
                b.recordingPath(dir);
            } catch (IOException e) {
                // the default temporary folder then
            }
        }
        return b
                .recording(true)
                .recorders(config -> new FakeRuntime(), () -> file -> new MediaInfo(Files.size(file), 1.0, true, true))
                .start();
    }

    /** Closes a server made here and removes its /dev/shm folder. */
    public static void close(OpenViduServerStub server) {
        java.nio.file.Path dir = server.recordingPath();
        server.close();
        if (dir != null && dir.startsWith("/dev/shm/")) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static final byte[] CONTENT = new byte[1024];

    private static final class FakeRuntime implements RecorderRuntime {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void prepare() {
            // nothing to check
        }

        @Override
        public RecorderProcess launch(RecorderLaunch launch) throws IOException {
            Files.write(launch.outputFile(), CONTENT);
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            return new RecorderProcess() {
                @Override public CompletableFuture<Integer> exit() { return exit; }
                @Override public void requestStop() { exit.complete(0); }
                @Override public void kill() { exit.complete(137); }
                @Override public String describe() { return "fake recorder"; }
            };
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}

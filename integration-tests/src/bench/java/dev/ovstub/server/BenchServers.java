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

    /** Plain HTTP, free port, recording on with a fake recorder: writes 1 KiB at launch, exits at once on stop. */
    public static OpenViduServerStub withFakeRecorder() {
        return OpenViduServerStub.builder()
                .recording(true)
                .recorders(config -> new FakeRuntime(), () -> file -> new MediaInfo(Files.size(file), 1.0, true, true))
                .start();
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

package dev.ovstub.server.internal.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording service's edges: shutdown during a start, a disk that refuses metadata, endings that race. */
class RecordingServiceEdgeCasesTest {
    @TempDir
    Path folder;

    /** A recorder whose launch waits for the test, and which writes its file at once when launched. */
    private static final class GatedRuntime implements RecorderRuntime {
        final CountDownLatch launching = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger kills = new AtomicInteger();

        @Override public String name() { return "gated"; }
        @Override public void prepare() { }
        @Override public void close() { }

        @Override
        public RecorderProcess launch(RecorderLaunch launch) throws IOException {
            launching.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.write(launch.outputFile(), new byte[] {1, 2, 3});
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            return new RecorderProcess() {
                @Override public CompletableFuture<Integer> exit() { return exit; }
                @Override public void requestStop() { exit.complete(0); }
                @Override public void kill() { kills.incrementAndGet(); exit.complete(137); }
                @Override public String describe() { return "gated"; }
            };
        }
    }

    private RecordingService service(RecorderRuntime runtime) {
        RecordingSettings settings = new RecordingSettings(false, "http://localhost:1", "http://127.0.0.1:1", "s",
                "640x360", 25, Duration.ofSeconds(5), Duration.ofSeconds(5), null);
        return new RecordingService(RecordingStore.open(folder), runtime,
                file -> MediaInfo.of(Files.size(file), 1.0, true, true), settings, Clock.systemUTC());
    }

    @Test
    void aRecorderLaunchedWhileTheServiceClosesIsKilledAndItsRecordingFails() throws Exception {
        GatedRuntime runtime = new GatedRuntime();
        RecordingService service = service(runtime);
        CompletableFuture<Recording> start = CompletableFuture.supplyAsync(() -> service.start("wss://x/abc", "abc", "layout-best-fit"));
        assertThat(runtime.launching.await(5, TimeUnit.SECONDS)).isTrue();

        service.close();
        runtime.release.countDown();

        assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordingException.class);
        assertThat(runtime.kills.get()).as("the late recorder was killed").isGreaterThanOrEqualTo(1);
        assertThat(service.activeIds()).isEmpty();
        assertThat(service.get("abc").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
    }

    @Test
    void aStartWhoseMetadataCannotBeWrittenLeavesTheSessionFreeToRecordLater() throws Exception {
        GatedRuntime runtime = new GatedRuntime();
        runtime.release.countDown();
        RecordingService service = service(runtime);
        Path moved = folder.resolveSibling(folder.getFileName() + "-away");
        Files.move(folder, moved);
        try {
            assertThatThrownBy(() -> service.start("wss://x/abc", "abc", "layout-best-fit")).isInstanceOf(RuntimeException.class);
            assertThat(service.activeRecordingOf("wss://x/abc")).as("nothing left registered").isEmpty();
        } finally {
            Files.move(moved, folder);
        }
        Recording started = service.start("wss://x/abc", "abc", "layout-best-fit");
        assertThat(started.status()).isEqualTo(RecordingStatus.STARTED);
        assertThat(service.stop(started.id()).status()).isEqualTo(RecordingStatus.STOPPED);
        service.close();
    }

    @Test
    void aStopRacingARecorderDeathEndsTheRecordingOnceWithTheFirstOutcome() throws Exception {
        GatedRuntime runtime = new GatedRuntime();
        runtime.release.countDown();
        RecordingService service = service(runtime);
        AtomicInteger endings = new AtomicInteger();
        service.setListener(r -> endings.incrementAndGet());
        Recording started = service.start("wss://x/abc", "abc", "layout-best-fit");

        Recording stopped = service.stop(started.id());
        service.killRecorder(started.id()); // too late: already ended

        assertThat(stopped.status()).isEqualTo(RecordingStatus.STOPPED);
        assertThat(service.get(started.id()).orElseThrow().status()).isEqualTo(RecordingStatus.STOPPED);
        assertThat(endings.get()).isEqualTo(1);
        assertThatThrownBy(() -> service.stop(started.id()))
                .isInstanceOfSatisfying(RecordingException.class, e -> assertThat(e.reason()).isEqualTo(RecordingException.Reason.NOT_FOUND));
        service.close();
    }
}

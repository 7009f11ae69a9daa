package dev.ovstub.server.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.TestRecorders;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingSettings;
import dev.ovstub.server.internal.recording.RecordingStore;
import dev.ovstub.server.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording rules' race with a session that closes and comes back while its recorder is starting. */
class RecordingAutomationTest {
    private static final SessionSpec SPEC = new SessionSpec("ws://localhost/daily", "daily", MediaMode.ROUTED,
            ArchiveMode.ALWAYS, ArchiveLayout.BEST_FIT, true);
    private static final dev.ovstub.server.internal.recording.RecordingRequest REQUEST =
            dev.ovstub.server.internal.recording.RecordingRequest.v18(SPEC.id(), SPEC.shortId(), SPEC.archiveLayout().pageName());

    @TempDir
    Path folder;

    private final TestRecorders recorders = new TestRecorders();
    private RecordingService service;
    private RecordingAutomation automation;

    @AfterEach
    void close() {
        if (automation != null) {
            automation.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anAutomaticStartThatFindsAnEarlierIncarnationsRecordingStillStartingRecordsOnceThatOneHasEnded()
            throws Exception {
        RecordingSettings settings = new RecordingSettings(false, "http://localhost:1", "http://127.0.0.1:1", "s",
                "640x360", 25, Duration.ofSeconds(5), Duration.ofSeconds(5), null, 8);
        service = new RecordingService(RecordingStore.open(folder), recorders,
                file -> MediaInfo.of(Files.size(file), 1.0, true, true), settings, Clock.systemUTC());
        automation = new RecordingAutomation(service);
        recorders.next(TestRecorders.Behaviour.WAITS_BEFORE_WRITING);
        // The earlier incarnation's start registered after its last participant left: nobody stopped it, and it
        // stops its recording itself once its start returns, as RecordingAutomation does.
        CompletableFuture<Recording> earlier = CompletableFuture.supplyAsync(() -> {
            Recording r = service.start(SPEC.id(), SPEC.shortId(), "best-fit");
            service.stopAsync(r.id());
            return r;
        });
        Await.await(() -> service.activeRecordingOf(SPEC.id()).isPresent(), Duration.ofSeconds(5),
                "the earlier recording to hold the session");
        CountDownLatch asked = new CountDownLatch(1);

        automation.startInBackground(SPEC, REQUEST, () -> {
            asked.countDown();
            return true;
        }, () -> false);
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
        recorders.recorder("daily").allowWriting();

        assertThat(earlier.get(5, TimeUnit.SECONDS).id()).isEqualTo("daily");
        Await.await(() -> service.activeRecordingOf(SPEC.id()).filter("daily-1"::equals).isPresent(),
                Duration.ofSeconds(10), "the rejoined session's recording daily-1");
        Await.await(() -> service.get("daily-1").map(r -> r.status().wireName()).filter("started"::equals).isPresent(),
                Duration.ofSeconds(10), "daily-1 to be started");
    }

    @Test
    void anAutomaticStartBeatenByAStartThroughTheApiDoesNotRecordAgainOnceThatRecordingIsStopped() throws Exception {
        RecordingSettings settings = new RecordingSettings(false, "http://localhost:1", "http://127.0.0.1:1", "s",
                "640x360", 25, Duration.ofSeconds(5), Duration.ofSeconds(5), null, 8);
        service = new RecordingService(RecordingStore.open(folder), recorders,
                file -> MediaInfo.of(Files.size(file), 1.0, true, true), settings, Clock.systemUTC());
        automation = new RecordingAutomation(service);
        Recording throughApi = service.start(SPEC.id(), SPEC.shortId(), "best-fit");

        CountDownLatch conflicted = new CountDownLatch(1);

        automation.startInBackground(SPEC, REQUEST, () -> true, () -> {
            conflicted.countDown(); // asked only once the automatic start has met the API's recording
            return true;
        });
        assertThat(conflicted.await(5, TimeUnit.SECONDS)).isTrue();
        service.stop(throughApi.id());
        automation.stopEverything(); // returns once the automatic start under way has given up

        assertThat(service.get("daily-1")).as("nobody asked for a second recording").isEmpty();
        assertThat(service.activeRecordingOf(SPEC.id())).isEmpty();
    }
}

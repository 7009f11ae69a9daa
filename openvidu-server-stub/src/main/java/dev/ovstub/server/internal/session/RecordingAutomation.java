package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingService;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenVidu 1.8's recording rules, applied to the session model's events: ALWAYS sessions are recorded from their
 * first publish (started in the background, so a publish never waits for a recorder) and stopped when their last
 * participant leaves; MANUAL recordings start only through the API, and keep their emptied session open until they
 * end. {@link SessionManager} owns the sessions; the calls that start recordings are made outside its lock and are
 * told, through a {@link BooleanSupplier}, whether the session incarnation they act for is still the live one. The
 * quick ones ({@link #keepOpenAfterLastLeave}, {@link #activeRecordingOf}) are made under it: they only look at or
 * flag the recording service's state (its lock is always taken after the session lock, never before).
 */
final class RecordingAutomation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingAutomation.class);
    /** How many times an automatic start waits for an earlier incarnation's recording to end and tries again. */
    private static final int CONFLICT_RETRIES = 3;

    private final RecordingService recordings;
    private final ExecutorService automation = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ovstub-auto-recording");
        t.setDaemon(true);
        return t;
    });
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    /** @param recordings the recording service, or null when recording is off (then nothing is automatic) */
    RecordingAutomation(RecordingService recordings) {
        this.recordings = recordings;
    }

    boolean recordingEnabled() {
        return recordings != null;
    }

    /** Whether a publish in this session starts its recording: ALWAYS and ROUTED, with recording on. */
    boolean recordsFromFirstPublish(SessionSpec spec) {
        return recordings != null && spec.archiveMode() == ArchiveMode.ALWAYS && spec.mediaMode() == MediaMode.ROUTED;
    }

    Optional<String> activeRecordingOf(String sessionId) {
        return recordings == null ? Optional.empty() : recordings.activeRecordingOf(sessionId);
    }

    /**
     * The last participant left: whether the session stays open. It does while a MANUAL recording of it is active
     * (it closes when that recording ends); otherwise an active recording is stopped, and stops being the
     * session's at once, so that a session of the same name joined right after is recorded anew.
     */
    boolean keepOpenAfterLastLeave(SessionSpec spec) {
        Optional<String> recordingId = activeRecordingOf(spec.id());
        if (recordingId.isPresent() && spec.archiveMode() == ArchiveMode.MANUAL) {
            LOG.info("Session {} is empty but kept open: MANUAL recording {} is active", spec.id(), recordingId.get());
            return true;
        }
        // Returns at once; a recording still starting is stopped as soon as it has started.
        recordingId.ifPresent(id -> recordings.stopAsync(id));
        return false;
    }

    /**
     * Records an ALWAYS session in the background. {@code stillLive} says whether the incarnation whose first
     * publish asked for it is still the live one: if it closed meanwhile (everyone left, even if a session of the
     * same name is live again), it is not recorded, and a recording that started too late is stopped.
     */
    void startInBackground(SessionSpec spec, BooleanSupplier stillLive, BooleanSupplier recordedThroughApi) {
        CompletableFuture<Void> task = new CompletableFuture<>();
        inFlight.add(task);
        try {
            automation.execute(() -> {
                try {
                    startAutomatically(spec, stillLive, recordedThroughApi);
                } finally {
                    inFlight.remove(task);
                    task.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(task);
            task.complete(null);
            LOG.info("Session {} is not recorded automatically: the server is closing", spec.id());
        }
    }

    private void startAutomatically(SessionSpec spec, BooleanSupplier stillLive, BooleanSupplier recordedThroughApi) {
        for (int attempt = 0; ; attempt++) {
            if (!stillLive.getAsBoolean()) {
                LOG.info("Session {} closed before its automatic recording could start", spec.id());
                return;
            }
            Recording started;
            try {
                started = recordings.start(spec.id(), spec.shortId(), spec.archiveLayout().pageName());
            } catch (RecordingException e) {
                // The holder may be an earlier incarnation's recording (it has ended: try again), or this one's own,
                // started through the API before the automation got there (then the session is recorded: done).
                if (e.reason() == RecordingException.Reason.CONFLICT && attempt < CONFLICT_RETRIES
                        && !recordedThroughApi.getAsBoolean() && awaitEarlierRecordingEnd(spec.id())
                        && !recordedThroughApi.getAsBoolean()) {
                    continue;
                }
                LOG.warn("Automatic recording of session {} did not start: {}", spec.id(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.error("Automatic recording of session {} did not start", spec.id(), e);
                return;
            }
            if (!stillLive.getAsBoolean()) {
                // The last participant left while the recorder was starting (a leave that saw it stops it too).
                recordings.stopAsync(started.id());
            }
            return;
        }
    }

    /**
     * Waits (within the start and stop bounds) for the recording that holds the session id to end. It is the
     * recording of an earlier incarnation of the session, whose start was still under way when its last
     * participant left: that start stops it itself once it returns.
     */
    private boolean awaitEarlierRecordingEnd(String sessionId) {
        Optional<String> holder = recordings.activeRecordingOf(sessionId);
        CompletableFuture<Recording> ended = holder.map(recordings::whenEnded).orElse(null);
        if (ended == null) {
            return true; // already gone
        }
        Duration bound = recordings.settings().startTimeout().plus(recordings.settings().stopTimeout());
        try {
            ended.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * A MANUAL start through the API, for a session the caller has checked. If the session closed while the
     * recorder was starting, the recording is stopped and the start refused.
     */
    Recording startThroughApi(SessionSpec spec, BooleanSupplier stillLive) {
        Recording started = recordings.start(spec.id(), spec.shortId(), spec.archiveLayout().pageName());
        if (!stillLive.getAsBoolean()) {
            recordings.stopAsync(started.id());
            throw new SessionException(SessionException.Reason.NOT_FOUND,
                    "session " + spec.id() + " closed while its recording was starting (its last participant left)");
        }
        return started;
    }

    /**
     * After a reset: waits for automatic starts under way (their sessions are gone, so they stop what they
     * started), then stops every active recording; returns once nothing records.
     */
    void stopEverything() {
        if (recordings == null) {
            return;
        }
        Duration bound = recordings.settings().startTimeout().plusSeconds(5);
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Automatic recording starts still under way after {} ms: {}", bound.toMillis(), e.toString());
        }
        recordings.stopAll();
    }

    @Override
    public void close() {
        automation.shutdown();
        try {
            automation.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

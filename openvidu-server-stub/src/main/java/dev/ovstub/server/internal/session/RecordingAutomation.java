package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingRequest;
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
 * The recording rules, applied to the session model's events. OpenVidu 1.8's: ALWAYS sessions are recorded from their
 * first publish (started in the background, so a publish never waits for a recorder) and stopped when their last
 * participant leaves; MANUAL recordings start only through the API, and keep their emptied session open until they
 * end. OpenVidu 2.x's: MANUAL and ALWAYS recordings stop through an automatic-stop countdown once nobody publishes,
 * an ALWAYS session records at a publish unless a recording of it was stopped through the API, and
 * COMPOSED_QUICK_START sessions get a recorder waiting for their next recording. {@link SessionManager} owns the sessions; the calls that start recordings are made outside its lock and are
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
    /** 2.x: how long a recording goes on once its session has nobody publishing. */
    private final Duration autostop;
    /** Told of every recording this automation started (the webhook's {@code started}). */
    private final java.util.function.Consumer<Recording> started;
    /** 2.x automatic-stop countdowns by session id. */
    private final java.util.Map<String, Countdown> countdowns = new ConcurrentHashMap<>();
    private volatile java.util.concurrent.ScheduledExecutorService timer;

    /**
     * @param recordings the recording service, or null when recording is off (then nothing is automatic)
     * @param autostop   2.x's {@code openvidu.recording.autostop-timeout}
     */
    RecordingAutomation(RecordingService recordings, Duration autostop,
                        java.util.function.Consumer<Recording> started) {
        this.recordings = recordings;
        this.autostop = autostop;
        this.started = started;
    }

    RecordingAutomation(RecordingService recordings) {
        this(recordings, Duration.ofSeconds(120), r -> { });
    }

    /**
     * 2.x {@code COMPOSED_QUICK_START} sessions: a recorder waits for their next recording, launched in the
     * background (a session's creation never waits for it).
     */
    void prepareQuickStart(SessionSpec spec) {
        if (recordings == null || !spec.isV2()
                || spec.v2().defaults().outputMode() != dev.ovstub.server.internal.recording.RecordingOptions.OutputMode.COMPOSED_QUICK_START) {
            return;
        }
        Object reservation = recordings.reserveQuickStart(spec.id());
        if (reservation == null) {
            return;
        }
        try {
            automation.execute(() -> recordings.launchQuickStart(spec.id(), reservation));
        } catch (RejectedExecutionException closing) {
            recordings.discardQuickStart(spec.id()); // the server is closing: nothing to prepare
        }
    }

    void discardQuickStart(String sessionId) {
        if (recordings != null) {
            recordings.discardQuickStart(sessionId);
        }
    }

    /** Whether the 2.x automatic stop happens at once (timeout 0). */
    boolean autostopIsImmediate() {
        return autostop.isZero();
    }

    private java.util.concurrent.ScheduledExecutorService timer() {
        java.util.concurrent.ScheduledExecutorService t = timer;
        if (t == null) {
            synchronized (this) {
                if (timer == null) {
                    java.util.concurrent.ScheduledThreadPoolExecutor made = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                        Thread thread = new Thread(r, "ovstub-autostop");
                        thread.setDaemon(true);
                        return thread;
                    });
                    made.setRemoveOnCancelPolicy(true);
                    timer = made;
                }
                t = timer;
            }
        }
        return t;
    }

    /**
     * 2.x: starts the session's automatic-stop countdown (if none runs): when it ends, the recording is stopped
     * (reason automatic stop) and the session, if empty, closes as the recording ends. Timeout 0: stopped now.
     */
    void scheduleAutostop(String sessionId, String recordingId) {
        if (autostop.isZero()) {
            LOG.info("Recording {} of session {} stops now: nobody publishes and the automatic-stop timeout is 0",
                    recordingId, sessionId);
            recordings.stopAsync(recordingId);
            return;
        }
        countdowns.compute(sessionId, (id, running) -> {
            if (running != null && running.recordingId().equals(recordingId)) {
                return running; // already counting down for this recording
            }
            if (running != null) {
                running.future().cancel(false); // an earlier recording's: it is over
            }
            LOG.info("Recording {} of session {} stops in {} s unless someone publishes", recordingId, sessionId,
                    autostop.toSeconds());
            Countdown[] self = new Countdown[1];
            java.util.concurrent.ScheduledFuture<?> future = timer().schedule(() -> {
                // Only if still the session's countdown (not cancelled by a publish, nor replaced).
                if (countdowns.remove(sessionId, self[0])) {
                    LOG.info("Recording {} of session {}: automatic stop", recordingId, sessionId);
                    recordings.stopAsync(recordingId);
                }
            }, autostop.toMillis(), TimeUnit.MILLISECONDS);
            self[0] = new Countdown(recordingId, future);
            return self[0];
        });
    }

    /** A running automatic-stop countdown: the recording it stops. */
    private record Countdown(String recordingId, java.util.concurrent.ScheduledFuture<?> future) {}

    /** 2.x: cancels the session's automatic-stop countdown, if one runs. */
    void cancelAutostop(String sessionId) {
        Countdown countdown = countdowns.remove(sessionId);
        if (countdown != null && countdown.future().cancel(false)) {
            LOG.info("Automatic stop of session {}'s recording cancelled", sessionId);
        }
    }

    void cancelAllAutostops() {
        countdowns.keySet().forEach(this::cancelAutostop);
    }

    /** Whether a 2.x session has an automatic-stop countdown running (tests). */
    boolean countingDown(String sessionId) {
        return countdowns.containsKey(sessionId);
    }

    /** Stops the session's active recording, if any, and waits (within the stop bound) for it to end. */
    void stopAndWait(String sessionId) {
        Optional<String> id = activeRecordingOf(sessionId);
        if (id.isEmpty()) {
            return;
        }
        CompletableFuture<Recording> ending = recordings.stopAsync(id.get());
        if (ending == null) {
            return;
        }
        Duration bound = recordings.settings().startTimeout().plus(recordings.settings().stopTimeout());
        try {
            ending.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Recording {} did not end within {} ms of its session's close", id.get(), bound.toMillis());
        }
    }

    /** A stop through the API. */
    Recording stopThroughApi(String recordingId) {
        if (recordings == null) {
            throw RecordingException.disabled();
        }
        return recordings.stop(recordingId);
    }

    boolean recordingEnabled() {
        return recordings != null;
    }

    /** Whether a publish in this session starts its recording: ALWAYS and ROUTED, with recording on. */
    boolean recordsFromFirstPublish(SessionSpec spec) {
        return recordings != null && spec.archiveMode() == ArchiveMode.ALWAYS && spec.mediaMode() == MediaMode.ROUTED;
    }

    /** The session's active recording (a 2.x one has its options), if it has one. */
    Optional<Recording> activeRecording(String sessionId) {
        return recordings == null ? Optional.empty()
                : activeRecordingOf(sessionId).flatMap(recordings::get).filter(r -> r.options() != null);
    }

    /** The session of a recording still active (starting or started). */
    Optional<String> sessionOfActive(String recordingId) {
        return recordings == null ? Optional.empty()
                : recordings.get(recordingId).filter(r -> r.status().active()).map(Recording::sessionId);
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
        if (spec.isV2()) {
            // 2.x, MANUAL and ALWAYS alike: the recording goes on for the automatic-stop timeout, then stops, and
            // the session closes as it ends.
            recordingId.ifPresent(id -> scheduleAutostop(spec.id(), id));
            return recordingId.isPresent();
        }
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
    void startInBackground(SessionSpec spec, RecordingRequest request, BooleanSupplier stillLive,
                           BooleanSupplier recordedThroughApi) {
        CompletableFuture<Void> task = new CompletableFuture<>();
        inFlight.add(task);
        try {
            automation.execute(() -> {
                try {
                    startAutomatically(spec, request, stillLive, recordedThroughApi);
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

    private void startAutomatically(SessionSpec spec, RecordingRequest request, BooleanSupplier stillLive,
                                    BooleanSupplier recordedThroughApi) {
        for (int attempt = 0; ; attempt++) {
            if (!stillLive.getAsBoolean()) {
                LOG.info("Session {} closed before its automatic recording could start", spec.id());
                return;
            }
            Recording started;
            try {
                started = recordings.start(request);
                this.started.accept(started);
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
    Recording startThroughApi(SessionSpec spec, RecordingRequest request, BooleanSupplier stillLive) {
        Recording started = recordings.start(request);
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
        recordings.discardAllQuickStarts();
        recordings.stopAll();
    }

    @Override
    public void close() {
        java.util.concurrent.ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        automation.shutdown();
        try {
            automation.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

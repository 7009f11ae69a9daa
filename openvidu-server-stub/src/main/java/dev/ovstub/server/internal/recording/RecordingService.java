package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recorder.IndividualManifest;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.RecorderMain;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.StandbyRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording state machine: {@code starting -> started -> stopped | available}, or {@code failed}. It picks
 * ids, persists every state in the {@link RecordingStore}, bounds every wait on a recorder, and owns the rule
 * "one active recording per session". The {@link RecorderRuntime} only runs recorders.
 *
 * <p>A recording stops being its session's active recording as soon as its stop is asked (as in 1.8, which
 * forgot it then): the session may be recorded again, under the next free id, while the first recorder still
 * finishes its file. At most {@link RecordingSettings#maxConcurrent()} recorders run at once, stopping ones
 * included.
 *
 * <p>When the recordings folder refuses a final state (deleted, read-only, full), the recording still ends: its
 * final state is kept in memory, answered by {@link #get} and {@link #list}, and written as soon as the folder
 * takes writes again (at the next start, or at shutdown). Until then every start is refused with
 * {@link RecordingException.Reason#STORAGE_FAILED}.
 *
 * <p>Thread-safe. State changes happen under one lock; waits on recorders happen outside it.
 */
public final class RecordingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
    private static final long POLL_MILLIS = 20;

    private final RecordingStore store;
    private final RecorderRuntime runtime;
    private final MediaProbe probe;
    private final RecordingObjects objects;
    private final RecordingSettings settings;
    private final Clock clock;
    private final Object lock = new Object();
    /** Active recordings by recording id; guarded by {@link #lock}. */
    private final Map<String, Active> active = new HashMap<>();
    /** Recording id by session id, for active recordings; guarded by {@link #lock}. */
    private final Map<String, String> activeBySession = new HashMap<>();
    /** Ended recordings whose final metadata the folder refused, by id; guarded by {@link #lock}. */
    private final Map<String, Recording> unsaved = new LinkedHashMap<>();
    /**
     * Why recordings ended {@code failed}, by id, for people (the dashboard); kept in memory only, since the
     * recording JSON on disk is 1.8's ten fields. Guarded by {@link #lock}.
     */
    private final Map<String, String> failureReasons = new HashMap<>();
    /** Runs the stops nobody waits for (a leave, a reset, shutdown). */
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ovstub-recording-stop");
        t.setDaemon(true);
        return t;
    });
    private volatile RecordingListener listener = r -> { };
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicReference<String> injectedStartFailure = new java.util.concurrent.atomic.AtomicReference<>();
    /** 2.x COMPOSED_QUICK_START: a recorder waiting for each such session's next recording; guarded by {@link #lock}. */
    private final Map<String, StandbyRecorder> standbys = new HashMap<>();
    /** Waiting recorders being launched, by session id; guarded by {@link #lock}. Removing one cancels it. */
    private final Map<String, Object> standbyReservations = new HashMap<>();

    private static final class Active {
        final String sessionId;
        volatile Recording recording;
        volatile RecorderProcess process;
        /** A stop was asked (API, leave, reset, shutdown); guarded by {@link #lock}. */
        volatile boolean stopping;
        /** Someone runs {@link #finish} for it (exactly once); guarded by {@link #lock}. */
        boolean finishing;
        /** The one {@link #end} that ends it has begun; set under {@link #lock}. */
        volatile boolean endTaken;
        /** Held while this recording's metadata is written, outside {@link #lock}: one write at a time, in order. */
        final Object writes = new Object();
        /** Completes with the final state when the recording has ended, however it ended. */
        final CompletableFuture<Recording> ended = new CompletableFuture<>();

        Active(String sessionId, Recording recording) {
            this.sessionId = sessionId;
            this.recording = recording;
        }
    }

    public RecordingService(RecordingStore store, RecorderRuntime runtime, MediaProbe probe,
                            RecordingSettings settings, Clock clock) {
        this(store, null, runtime, probe, settings, clock);
    }

    /**
     * @param objects the bucket the recorders upload finished files to ({@code openvidu.recording.storage=s3}), or
     *     null to keep them in the recordings folder
     */
    public RecordingService(RecordingStore store, RecordingObjects objects, RecorderRuntime runtime, MediaProbe probe,
                            RecordingSettings settings, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.runtime = runtime;
        this.probe = probe;
        this.settings = settings;
        this.clock = clock;
    }

    /** The bucket finished files are uploaded to, when there is one. */
    public Optional<RecordingObjects> objects() {
        return Optional.ofNullable(objects);
    }

    public void setListener(RecordingListener listener) {
        this.listener = listener;
    }

    public RecordingSettings settings() {
        return settings;
    }

    public RecordingStore store() {
        return store;
    }

    public String runtimeName() {
        return runtime.name();
    }

    /** The id of the session's active recording, if it has one. */
    public Optional<String> activeRecordingOf(String sessionId) {
        synchronized (lock) {
            return Optional.ofNullable(activeBySession.get(sessionId));
        }
    }

    /**
     * Starts recording a session and returns once the recorder writes its file ({@code started}). At most one
     * start per session wins; the others get {@link RecordingException.Reason#CONFLICT}. Past the bound on
     * concurrent recorders: {@link RecordingException.Reason#TOO_MANY_RECORDINGS}; a folder that refuses the
     * metadata: {@link RecordingException.Reason#STORAGE_FAILED}, and nothing is launched. A recorder that exits
     * or stays silent past the start bound ends {@code failed} and nothing is left running.
     *
     * @param shortSessionId the last segment of the session id: the base of the recording id
     * @param layoutPageName the layout page route, e.g. {@code layout-best-fit}
     */
    public Recording start(String sessionId, String shortSessionId, String layoutPageName) {
        return start(RecordingRequest.v18(sessionId, shortSessionId, layoutPageName));
    }

    /**
     * Starts a recording, 1.8 or 2.x as the request says; see {@link #start(String, String, String)}. A 2.x recording
     * gets a {@code ~N} id and a folder of its own, and its resolution and frame rate are its options'.
     */
    public Recording start(RecordingRequest request) {
        String sessionId = request.sessionId();
        String shortSessionId = request.idBase();
        String layoutPageName = request.layoutPageName();
        Active entry;
        synchronized (lock) {
            if (closed) {
                throw new RecordingException(RecordingException.Reason.CONFLICT, "the server is shutting down");
            }
            String current = activeBySession.get(sessionId);
            if (current != null) {
                throw new RecordingException(RecordingException.Reason.CONFLICT,
                        "the session is already being recorded (recording " + current + ")");
            }
            if (active.size() >= settings.maxConcurrent()) {
                throw new RecordingException(RecordingException.Reason.TOO_MANY_RECORDINGS,
                        "cannot record session " + sessionId + ": " + active.size() + " recordings are running, the limit "
                                + "set by openvidu.recording.max-concurrent (" + settings.maxConcurrent()
                                + "); stop one or raise the limit");
            }
            String id;
            try {
                flushUnsaved(); // does no I/O but after the folder refused a write
                id = freeId(shortSessionId, request.v2() ? "~" : "-");
            } catch (StorageException e) {
                throw storageFailed(sessionId, e);
            }
            entry = new Active(sessionId, request.v2()
                    ? Recording.starting(id, request.name(), sessionId, clock.millis(), request.hasAudio(),
                            request.hasVideo(), request.options())
                    : Recording.starting(id, sessionId, clock.millis()));
            active.put(id, entry); // the id and the session are taken while the metadata is written
            activeBySession.put(sessionId, id);
        }
        String id = entry.recording.id();
        try {
            // Outside the lock: a slow or hung disk must not stall every other call of the server. First: if the
            // folder refuses it, nothing is left registered.
            store.save(entry.recording);
        } catch (StorageException e) {
            synchronized (lock) {
                active.remove(id, entry);
                activeBySession.remove(sessionId, id);
            }
            Recording failed = entry.recording.withStatus(RecordingStatus.FAILED);
            notifyEnded(failed); // a MANUAL session emptied meanwhile closes now
            entry.ended.complete(failed);
            throw storageFailed(sessionId, e);
        }
        LOG.info("Recording {} of session {} starting ({} runtime)", id, sessionId, runtime.name());
        Recording first = entry.recording;
        RecordingOptions options = first.options();
        RecorderLaunch launch = options == null
                ? new RecorderLaunch(id, settings.layoutUrl(shortSessionId, layoutPageName),
                        settings.resolution(), settings.frameRate(), "mp4", settings.userId(),
                        RecordingJson.toJsonString(first), store.folder())
                : new RecorderLaunch(id, "CUSTOM".equals(options.layout())
                        ? settings.customLayoutUrl(shortSessionId, options.customLayout())
                        : settings.layoutUrl(shortSessionId, layoutPageName),
                        options.resolution(), options.frameRate(), options.extension(first.hasVideo()),
                        settings.userId(), RecordingJson.toJsonString(first), store.folder(), first.name(), id);
        if (objects != null) {
            launch = launch.withStorage(objects.recorderEnvironment(first));
        }
        String injected = injectedStartFailure.getAndSet(null);
        if (injected != null) {
            fail(entry, injected);
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED, "recording " + id + " failed: " + injected);
        }
        StandbyRecorder standby = null;
        if (options != null && options.outputMode() == RecordingOptions.OutputMode.COMPOSED_QUICK_START) {
            synchronized (lock) {
                standby = standbys.remove(sessionId);
            }
        }
        try {
            entry.process = null;
            if (standby != null) {
                try {
                    entry.process = standby.start(launch);
                } catch (IOException e) {
                    LOG.warn("Recording {}: the standby recorder is gone ({}); launching one", id, e.getMessage());
                }
            }
            if (entry.process == null) {
                entry.process = runtime.launch(launch);
            }
        } catch (IOException | RuntimeException e) {
            // The runtime's own words may name host paths (the JDK, the recordings folder): the log has them, the
            // answer and the persisted reason get an incident id to look them up by.
            String incident = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
            LOG.error("Recording {}: the {} runtime could not launch a recorder (incident {})", id, runtime.name(),
                    incident, e);
            fail(entry, "the " + runtime.name() + " runtime could not launch a recorder (incident " + incident
                    + ", details in the server log)");
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED, "recording " + id
                    + " failed: the recorder could not be launched (incident " + incident + ", details in the server log)", e);
        }
        boolean shuttingDown;
        synchronized (lock) {
            shuttingDown = closed;
        }
        if (shuttingDown) {
            // close() ran while the recorder was launching and could not see it: it must not outlive the server.
            entry.process.kill();
            fail(entry, "the server shut down while the recorder was starting");
            throw new RecordingException(RecordingException.Reason.CONFLICT, "the server is shutting down");
        }
        String failure = awaitWriting(entry, launch.outputFile());
        if (failure != null) {
            entry.process.kill();
            fail(entry, failure);
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED, "recording " + id + " failed: " + failure);
        }
        boolean stopAtOnce;
        try {
            Recording started = entry.recording.withStatus(RecordingStatus.STARTED);
            // Outside the service's lock; the entry's own write lock keeps a final state written by end() from
            // being overwritten by this one.
            synchronized (entry.writes) {
                if (!entry.endTaken) {
                    store.save(started);
                }
            }
            synchronized (lock) {
                if (entry.recording.status() == RecordingStatus.STARTING && !entry.endTaken) {
                    entry.recording = started;
                }
                // A stop asked while it was starting (the last participant left): done now that it has started.
                stopAtOnce = entry.stopping && !entry.finishing && entry.recording.status() == RecordingStatus.STARTED;
                entry.finishing |= stopAtOnce;
            }
        } catch (StorageException e) {
            LOG.error("Recording {}: {}", id, e.getMessage());
            entry.process.kill();
            fail(entry, "its metadata could not be written: " + e.problem());
            throw new RecordingException(RecordingException.Reason.STORAGE_FAILED,
                    "recording " + id + " failed: " + e.problem(), e);
        }
        Recording started = entry.recording;
        entry.process.exit().thenAccept(code -> recorderExited(entry, code));
        LOG.info("Recording {} started ({})", id, entry.process.describe());
        if (stopAtOnce) {
            LOG.info("Recording {} was asked to stop while starting: stopping it", id);
            inBackground(() -> finish(entry));
        }
        return started;
    }

    /**
     * Makes a recorder an earlier server left running ({@link RecorderRuntime#adoptLeftovers}) this service's own:
     * the recording, as the folder has it, is active again, ends when its recorder exits, and is stopped through the
     * API as any other. Its session is the one its metadata names (a new session with that id finds it being
     * recorded). Call before the server takes requests.
     */
    public void adopt(Recording recording, RecorderProcess process) {
        Active entry = new Active(recording.sessionId(), recording.withStatus(RecordingStatus.STARTED));
        entry.process = process;
        if (recording.status() != RecordingStatus.STARTED) {
            try {
                store.save(entry.recording); // it was left starting: its recorder runs, so it has started
            } catch (StorageException e) {
                LOG.warn("Recording {}: cannot write its started state ({}); it shows so from memory", recording.id(),
                        e.getMessage());
            }
        }
        synchronized (lock) {
            active.put(recording.id(), entry);
            activeBySession.put(recording.sessionId(), recording.id());
        }
        // A recorder the earlier server had already asked to stop finishes its file (and upload) and exits 0: that
        // recording ends as a stopped one would, not as a recorder that died.
        process.exit().thenAccept(code -> {
            if (code == 0) {
                boolean finishHere;
                synchronized (lock) {
                    finishHere = active.get(entry.recording.id()) == entry && !entry.finishing;
                    entry.stopping = true;
                    entry.finishing = true;
                }
                if (finishHere) {
                    inBackground(() -> finish(entry));
                }
            } else {
                recorderExited(entry, code);
            }
        });
        LOG.info("Recording {} of session {} goes on ({}, taken over from an earlier server)", recording.id(),
                recording.sessionId(), process.describe());
    }

    /**
     * 2.x {@code COMPOSED_QUICK_START}, first half: reserves the session's waiting recorder. Quick (no launch), so
     * that it can be called while the session is being created: a discard that comes later, even before
     * {@link #launchQuickStart} has run, cancels the reservation, and the recorder that launch makes is ended at once.
     *
     * @return the reservation for {@link #launchQuickStart}, or null when there is nothing to launch (one waits or
     *         is reserved already, or the service is closed)
     */
    public Object reserveQuickStart(String sessionId) {
        synchronized (lock) {
            if (closed || standbys.containsKey(sessionId) || standbyReservations.containsKey(sessionId)) {
                return null;
            }
            Object reservation = new Object();
            standbyReservations.put(sessionId, reservation);
            return reservation;
        }
    }

    /**
     * Second half: launches the reserved recorder (slow: a process start) and makes it the session's waiting one,
     * unless the reservation was cancelled meanwhile (then it is ended). Never throws: a recorder that cannot be
     * launched is logged, and the start launches as usual; runtimes without standby recorders do nothing.
     */
    public void launchQuickStart(String sessionId, Object reservation) {
        StandbyRecorder standby;
        try {
            standby = runtime.standby().orElse(null);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                standbyReservations.remove(sessionId, reservation);
            }
            LOG.warn("No standby recorder for session {} (its recordings launch at their start): {}", sessionId, e.toString());
            return;
        }
        boolean kept;
        synchronized (lock) {
            kept = standbyReservations.remove(sessionId, reservation) && !closed && standby != null;
            if (kept) {
                standbys.put(sessionId, standby);
            }
        }
        if (standby != null && !kept) {
            standby.discard(); // the session closed (or the server) while it launched
        } else if (kept) {
            LOG.info("A recorder waits for session {}'s next recording (COMPOSED_QUICK_START)", sessionId);
        }
    }

    /** Ends the recorder waiting for the session's next recording, if any (the session closed). */
    public void discardQuickStart(String sessionId) {
        StandbyRecorder standby;
        synchronized (lock) {
            standbyReservations.remove(sessionId);
            standby = standbys.remove(sessionId);
        }
        if (standby != null) {
            inBackground(standby::discard);
        }
    }

    /** Ends every waiting recorder (a reset forgot their sessions). */
    public void discardAllQuickStarts() {
        List<StandbyRecorder> waiting;
        synchronized (lock) {
            waiting = new ArrayList<>(standbys.values());
            standbys.clear();
            standbyReservations.clear();
        }
        waiting.forEach(s -> inBackground(s::discard));
    }

    /** Whether a recorder waits for the session's next recording (tests, the dashboard). */
    public boolean quickStartReady(String sessionId) {
        synchronized (lock) {
            return standbys.containsKey(sessionId);
        }
    }

    /** Runs a stop nobody waits for; after shutdown (no more background threads) on the caller's thread. */
    private void inBackground(Runnable stop) {
        try {
            stopper.execute(stop);
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            stop.run();
        }
    }

    /** Waits for the output file to be non-empty; returns null on success, else why not. */
    private String awaitWriting(Active entry, Path file) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            CompletableFuture<Integer> exit = entry.process.exit();
            if (exit.isDone()) {
                return "the recorder exited with code " + exit.getNow(-1) + " before writing " + file.getFileName();
            }
            if (entry.process.seenWriting()) {
                return null; // where this server cannot see the file (a pod's own volume): its runtime saw it
            }
            try {
                if (Files.size(file) > 0) {
                    return null;
                }
            } catch (IOException notYet) {
                // the file does not exist yet
            }
            try {
                exit.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for the recorder";
            }
        }
        return "the recorder wrote nothing within " + settings.startTimeout().toMillis() + " ms";
    }

    /**
     * Stops a recording, waits for the recorder to finish its file within the stop bound, and returns the final
     * recording with size, duration and streams read from the file.
     */
    public Recording stop(String recordingId) {
        Active entry;
        synchronized (lock) {
            entry = active.get(recordingId);
            if (entry == null) {
                if (store.find(recordingId).isPresent()) {
                    throw new RecordingException(RecordingException.Reason.NOT_FOUND,
                            "recording " + recordingId + " is not being recorded (already stopped)");
                }
                throw new RecordingException(RecordingException.Reason.NOT_FOUND, "no recording with id " + recordingId);
            }
            if (entry.stopping || entry.endTaken) {
                // 1.8 forgot a recording as soon as its stop began: a second stop is a 404 there too. One that is
                // ending by itself (its final state being written) has nothing left to stop either.
                throw new RecordingException(RecordingException.Reason.NOT_FOUND,
                        "recording " + recordingId + " is already being stopped");
            }
            if (entry.recording.status() == RecordingStatus.STARTING) {
                throw new RecordingException(RecordingException.Reason.NOT_ACCEPTABLE,
                        "recording " + recordingId + " is still starting; stop it once it is started");
            }
            entry.stopping = true;
            entry.finishing = true;
            activeBySession.remove(entry.sessionId, recordingId);
        }
        return finish(entry);
    }

    /**
     * Asks a recording to stop and returns at once: a started one is finished in the background, a starting one
     * as soon as it has started (or it fails). Either way it stops being its session's active recording now, so
     * the session can be recorded again at once. Asking twice changes nothing.
     *
     * @return completes with the final state once it has ended; null if no such recording is active
     */
    public CompletableFuture<Recording> stopAsync(String recordingId) {
        Active entry;
        boolean finishNow = false;
        synchronized (lock) {
            entry = active.get(recordingId);
            if (entry == null) {
                return null;
            }
            if (!entry.stopping) {
                entry.stopping = true;
                activeBySession.remove(entry.sessionId, recordingId);
            }
            finishNow = !entry.finishing && !entry.endTaken && entry.recording.status() == RecordingStatus.STARTED;
            entry.finishing |= finishNow;
        }
        if (finishNow) {
            inBackground(() -> finish(entry));
        }
        return entry.ended;
    }

    /**
     * Completes with the final state once the recording has ended, however it ends; does not stop it.
     *
     * @return null if no such recording is active
     */
    public CompletableFuture<Recording> whenEnded(String recordingId) {
        synchronized (lock) {
            Active entry = active.get(recordingId);
            return entry == null ? null : entry.ended;
        }
    }

    /**
     * Stops every active recording and waits until they have ended (files finished), within the start and stop
     * bounds: after it returns nothing records. Recordings that register while it waits (a start that was under
     * way) are stopped in a further round. For {@code /stub/reset}.
     */
    public void stopAll() {
        long bound = settings.startTimeout().toMillis() + settings.stopTimeout().toMillis() + 5000;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
        while (true) {
            List<CompletableFuture<Recording>> endings = new ArrayList<>();
            for (String id : activeIds()) {
                CompletableFuture<Recording> ending = stopAsync(id);
                if (ending != null) {
                    endings.add(ending);
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (endings.isEmpty()) {
                return;
            }
            if (left <= 0) {
                LOG.warn("Some recordings did not end within {} ms: {}", bound, activeIds());
                return;
            }
            try {
                CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new)).get(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Some recordings did not end within {} ms: {}", bound, e.toString());
                return;
            }
        }
    }

    private Recording finish(Active entry) {
        String id = entry.recording.id();
        long t0 = System.nanoTime();
        entry.process.requestStop();
        Integer code;
        try {
            code = entry.process.exit().get(finishBound().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            entry.process.kill();
            return fail(entry, "the recorder did not finish within " + finishBound().toMillis() + " ms and was killed");
        } catch (ExecutionException e) {
            entry.process.kill();
            return fail(entry, "the recorder failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entry.process.kill();
            return fail(entry, "interrupted while stopping");
        }
        if (code == RecorderMain.EXIT_UPLOAD_FAILED && objects != null) {
            return fail(entry, "the recorder finished the file but could not upload it to " + objects.describe()
                    + " (the recorder's log says why); " + (Files.exists(store.mediaFile(entry.recording))
                    ? "the file is kept in the recordings folder and served from there"
                    : "the file stayed where the recorder ran (a " + runtime.name() + " recorder's own volume) and is lost"));
        }
        if (code != 0) {
            return fail(entry, "the recorder exited with code " + code);
        }
        Recording asked = entry.recording;
        if (asked.v2() && !asked.options().outputMode().composed()) {
            return finishIndividual(entry, t0);
        }
        MediaInfo info;
        try {
            info = uploadedOrLocal(asked) ? objects.uploaded(asked) : probe.probe(store.mediaFile(asked));
        } catch (IOException | RuntimeException e) {
            return fail(entry, "the finished file is unreadable: " + e.getMessage());
        }
        if (asked.v2() && asked.options().outputMode().composed()
                && ((asked.hasVideo() && !info.hasVideo()) || (!asked.hasVideo() && !info.hasAudio()))) {
            // 2.x: a file without the track that was asked for is a failure (and a recording with neither track
            // would make the official client throw while parsing it).
            return fail(entry, "the finished file has no " + (asked.hasVideo() ? "video" : "audio") + " track");
        }
        Recording done = settings.completed(
                asked.withMedia(info.sizeBytes(), info.durationSeconds(), info.hasAudio(), info.hasVideo()));
        end(entry, done);
        LOG.info("Recording {} {}: {} s, {} bytes, stopped in {} ms", id, done.status().wireName(),
                done.duration(), done.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return done;
    }

    /**
     * 2.x INDIVIDUAL: size and duration come from the archive's manifest (size: the sum of the stream files, duration:
     * last end minus first start, contract §3.13); {@code hasAudio}/{@code hasVideo} stay the requested ones.
     */
    private Recording finishIndividual(Active entry, long t0) {
        Recording asked = entry.recording;
        long size;
        double duration;
        int files;
        try {
            if (uploadedOrLocal(asked)) {
                MediaInfo uploaded = objects.uploaded(asked);
                size = uploaded.sizeBytes();
                duration = uploaded.durationSeconds();
                files = -1;
            } else {
                IndividualManifest manifest = IndividualManifest.readArchive(store.mediaFile(asked), asked.name());
                size = manifest.totalSize();
                duration = manifest.durationSeconds();
                files = manifest.files().size();
            }
        } catch (IOException | RuntimeException e) {
            return fail(entry, "the INDIVIDUAL archive is unusable: " + e.getMessage());
        }
        Recording done = settings.completed(asked.withMedia(size, duration, asked.hasAudio(), asked.hasVideo()));
        end(entry, done);
        LOG.info("Recording {} {}: {} stream files, {} s, {} bytes, stopped in {} ms", asked.id(),
                done.status().wireName(), files < 0 ? "uploaded" : files, done.duration(), done.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return done;
    }

    /**
     * How long a stopped recorder has to exit: the stop timeout to finish its file, and with S3 storage
     * {@link #UPLOAD_ALLOWANCE} more for its upload (a long recording is a large file).
     */
    private java.time.Duration finishBound() {
        return objects == null ? settings.stopTimeout() : settings.stopTimeout().plus(UPLOAD_ALLOWANCE);
    }

    /** The time an uploading recorder is given, past the stop timeout, to upload its file. */
    static final java.time.Duration UPLOAD_ALLOWANCE = java.time.Duration.ofMinutes(10);

    /**
     * Whether a finished recording's file is read from the bucket: with S3 storage, unless the file is (still) in the
     * recordings folder, which is the case for a runtime that does not upload (a test's).
     */
    private boolean uploadedOrLocal(Recording r) {
        return objects != null && !Files.exists(store.mediaFile(r));
    }

    /** A recorder that exits while nobody asked it to has died: the recording fails, the session goes on. */
    private void recorderExited(Active entry, int code) {
        synchronized (lock) {
            if (entry.stopping || active.get(entry.recording.id()) != entry) {
                return;
            }
            entry.stopping = true;
        }
        fail(entry, "the recorder exited by itself with code " + code);
    }

    private Recording fail(Active entry, String why) {
        Recording failed = settings.failed(entry.recording)
                .withMedia(store.mediaSize(entry.recording), entry.recording.duration(), entry.recording.hasAudio(), entry.recording.hasVideo());
        LOG.warn("Recording {} failed: {}", entry.recording.id(), why);
        synchronized (lock) {
            // Shown to people: a probe's words may name the file, so the folder's path is left out.
            failureReasons.putIfAbsent(entry.recording.id(), why.replace(store.folder().toString(), "<recordings folder>"));
        }
        end(entry, failed);
        return failed;
    }

    /** Ends an active recording exactly once: a second ending (a stop racing a failure) changes nothing. */
    private void end(Active entry, Recording last) {
        synchronized (lock) {
            if (active.get(last.id()) != entry || entry.endTaken) {
                return;
            }
            entry.endTaken = true;
        }
        // Written outside the lock (a slow disk stalls nobody else); the recording stays active, showing its final
        // state, until it is: a delete meanwhile is refused, and nothing can write it again after.
        boolean saved;
        try {
            synchronized (entry.writes) {
                store.save(last);
            }
            saved = true;
        } catch (RuntimeException e) {
            saved = false;
            LOG.error("Recording {} ended {} but its metadata could not be written ({}); kept in memory until the "
                    + "recordings folder takes writes again", last.id(), last.status().wireName(), e.getMessage());
        }
        synchronized (lock) {
            // The final state is seen (get, list) only from now on, with the entry gone: a delete that follows
            // what it saw is never refused.
            entry.recording = last;
            if (!saved) {
                unsaved.put(last.id(), last);
            }
            active.remove(last.id(), entry);
            activeBySession.remove(entry.sessionId, last.id());
        }
        // The listener first: whoever waits for the end (a reset, a session's close) finds its consequences done.
        notifyEnded(last);
        entry.ended.complete(last);
    }

    private void notifyEnded(Recording last) {
        try {
            listener.recordingEnded(last);
        } catch (RuntimeException e) {
            LOG.warn("Recording listener failed for {}", last.id(), e);
        }
    }

    private static RecordingException storageFailed(String sessionId, StorageException e) {
        LOG.error("Cannot record session {}: {}", sessionId, e.getMessage());
        return new RecordingException(RecordingException.Reason.STORAGE_FAILED,
                "cannot record session " + sessionId + ": " + e.problem(), e);
    }

    /**
     * The first free id among {@code base}, {@code base<sep>1}, {@code base<sep>2}... ({@code -} for 1.8, {@code ~}
     * for 2.x). Called under the lock.
     */
    private String freeId(String base, String separator) {
        if (!RecordingStore.SAFE_ID.matcher(base).matches()) {
            throw new IllegalArgumentException("session id segment '" + base + "' cannot name a file");
        }
        String id = base;
        for (int i = 1; active.containsKey(id) || unsaved.containsKey(id) || store.idTaken(id); i++) {
            id = base + separator + i;
        }
        return id;
    }

    /**
     * Writes the final states the folder refused before. Called under the lock (nothing to write, so no I/O, but
     * after a refusal); throws if the folder still refuses.
     */
    private void flushUnsaved() {
        for (var it = unsaved.values().iterator(); it.hasNext(); ) {
            Recording r = it.next();
            store.save(r);
            it.remove();
            LOG.info("Recording {}: its {} metadata is written now", r.id(), r.status().wireName());
        }
    }

    public Optional<Recording> get(String recordingId) {
        synchronized (lock) {
            Active a = active.get(recordingId);
            if (a != null) {
                return Optional.of(a.recording);
            }
            Recording pending = unsaved.get(recordingId);
            if (pending != null) {
                return Optional.of(pending);
            }
        }
        return store.find(recordingId);
    }

    /**
     * Why a recording ended {@code failed}, in words, when this server saw it fail; empty for any other recording
     * and for failures from before the server started (the reason is in that server's log). The words never hold
     * the secret or a host path: the reasons that could (a launch failure) name an incident id instead.
     */
    public Optional<String> failureReason(String recordingId) {
        synchronized (lock) {
            return Optional.ofNullable(failureReasons.get(recordingId));
        }
    }

    /** Every recording, oldest first, as {@link #get} answers each. */
    public List<Recording> list() {
        List<Recording> onDisk;
        try {
            onDisk = store.list();
        } catch (StorageException e) {
            LOG.error("Cannot list recordings: {}", e.getMessage());
            throw new RecordingException(RecordingException.Reason.STORAGE_FAILED, "cannot list recordings: " + e.problem(), e);
        }
        Map<String, Recording> byId = new LinkedHashMap<>();
        onDisk.forEach(r -> byId.put(r.id(), r));
        synchronized (lock) {
            byId.putAll(unsaved);
            active.forEach((id, a) -> byId.computeIfPresent(id, (k, r) -> a.recording));
        }
        List<Recording> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(Recording::createdAt).thenComparing(Recording::id));
        return out;
    }

    /** Deletes a finished recording's files (its object too, with S3 storage). Refused while it is active. */
    public void delete(String recordingId) {
        if (objects != null) {
            deleteObject(recordingId);
        }
        synchronized (lock) {
            if (active.containsKey(recordingId)) {
                throw new RecordingException(RecordingException.Reason.CONFLICT,
                        "recording " + recordingId + " is " + active.get(recordingId).recording.status().wireName()
                                + "; stop it before deleting it");
            }
            boolean existed;
            try {
                existed = RecordingStore.SAFE_ID.matcher(recordingId).matches() && store.delete(recordingId);
            } catch (StorageException e) {
                LOG.error("Cannot delete recording {}: {}", recordingId, e.getMessage());
                throw new RecordingException(RecordingException.Reason.STORAGE_FAILED,
                        "cannot delete recording " + recordingId + ": " + e.problem(), e);
            }
            existed |= unsaved.remove(recordingId) != null;
            failureReasons.remove(recordingId);
            if (!existed) {
                throw new RecordingException(RecordingException.Reason.NOT_FOUND, "no recording with id " + recordingId);
            }
        }
        LOG.info("Recording {} deleted", recordingId);
    }

    /**
     * The recording's object goes first, outside the lock (a slow bucket stalls nobody else): its metadata, still in
     * the folder, keeps the id taken meanwhile. A bucket that refuses leaves the recording listed, to delete again.
     */
    private void deleteObject(String recordingId) {
        Recording r;
        synchronized (lock) {
            Active a = active.get(recordingId);
            if (a != null) {
                throw new RecordingException(RecordingException.Reason.CONFLICT, "recording " + recordingId + " is "
                        + a.recording.status().wireName() + "; stop it before deleting it");
            }
            r = unsaved.get(recordingId);
        }
        if (r == null) {
            r = store.find(recordingId).orElse(null);
        }
        if (r == null) {
            return; // reported as not found below
        }
        try {
            objects.delete(r);
        } catch (IOException e) {
            LOG.error("Cannot delete recording {}: {}", recordingId, e.getMessage());
            throw new RecordingException(RecordingException.Reason.STORAGE_FAILED,
                    "cannot delete recording " + recordingId + ": the bucket refused (" + e.getMessage() + ")", e);
        }
    }

    /** For the fault-injection API: the next start fails as if the recorder could not start. */
    public void failNextStart(String why) {
        injectedStartFailure.set(why);
    }

    /** For the fault-injection API: kills the recorder of an active recording as if it had crashed. */
    public boolean killRecorder(String recordingId) {
        Active entry;
        synchronized (lock) {
            entry = active.get(recordingId);
        }
        if (entry == null || entry.process == null) {
            return false;
        }
        entry.process.kill();
        return true;
    }

    /** Active recording ids, for orphan reaping. */
    public java.util.Set<String> activeIds() {
        synchronized (lock) {
            return java.util.Set.copyOf(active.keySet());
        }
    }

    /**
     * Stops every active recording (finishing their files within the stop bound), then releases the runtime and
     * the recordings folder (its lock). Nothing is left running afterwards.
     */
    @Override
    public void close() {
        List<Active> toStop;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(active.values());
        }
        List<CompletableFuture<Recording>> endings = new ArrayList<>();
        for (Active entry : toStop) {
            boolean finishNow;
            synchronized (lock) {
                entry.stopping = true;
                activeBySession.remove(entry.sessionId, entry.recording.id());
                // A recorder still launching is killed by start() itself once it sees the service closed.
                finishNow = entry.process != null && !entry.finishing && !entry.endTaken;
                entry.finishing |= finishNow;
            }
            if (finishNow) {
                inBackground(() -> finish(entry));
            }
            endings.add(entry.ended);
        }
        try {
            CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new))
                    .get(settings.stopTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Some recordings did not stop cleanly at shutdown: {}", e.toString());
        }
        List<StandbyRecorder> waiting;
        synchronized (lock) {
            waiting = new ArrayList<>(standbys.values());
            standbys.clear();
            standbyReservations.clear();
        }
        waiting.forEach(StandbyRecorder::discard);
        try {
            for (Active entry : toStop) {
                if (entry.process != null) {
                    entry.process.kill();
                }
            }
            runtime.close();
            if (objects != null) {
                objects.close();
            }
            synchronized (lock) {
                try {
                    flushUnsaved();
                } catch (StorageException e) {
                    LOG.error("The metadata of recording(s) {} could not be written before shutdown ({}); at the next "
                            + "start they are recovered from their files", unsaved.keySet(), e.getMessage());
                }
            }
        } finally {
            // Whatever failed above, the folder is released: a server started later in this JVM may use it.
            stopper.shutdownNow();
            store.close();
        }
    }
}

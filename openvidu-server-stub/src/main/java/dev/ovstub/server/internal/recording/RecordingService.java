package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording state machine: {@code starting -> started -> stopped | available}, or {@code failed}. It picks
 * ids, persists every state in the {@link RecordingStore}, bounds every wait on a recorder, and owns the rule
 * "one active recording per session". The {@link RecorderRuntime} only runs recorders.
 *
 * <p>Thread-safe. State changes happen under one lock; waits on recorders happen outside it.
 */
public final class RecordingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
    private static final long POLL_MILLIS = 20;

    private final RecordingStore store;
    private final RecorderRuntime runtime;
    private final MediaProbe probe;
    private final RecordingSettings settings;
    private final Clock clock;
    private final Object lock = new Object();
    /** Active recordings by recording id; guarded by {@link #lock}. */
    private final Map<String, Active> active = new HashMap<>();
    /** Recording id by session id, for active recordings; guarded by {@link #lock}. */
    private final Map<String, String> activeBySession = new HashMap<>();
    private volatile RecordingListener listener = r -> { };
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicReference<String> injectedStartFailure = new java.util.concurrent.atomic.AtomicReference<>();

    private static final class Active {
        final String sessionId;
        volatile Recording recording;
        volatile RecorderProcess process;
        volatile boolean stopping;

        Active(String sessionId, Recording recording) {
            this.sessionId = sessionId;
            this.recording = recording;
        }
    }

    public RecordingService(RecordingStore store, RecorderRuntime runtime, MediaProbe probe,
                            RecordingSettings settings, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.probe = probe;
        this.settings = settings;
        this.clock = clock;
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
     * start per session wins; the others get {@link RecordingException.Reason#CONFLICT}. A recorder that exits
     * or stays silent past the start bound ends {@code failed} and nothing is left running.
     *
     * @param shortSessionId the last segment of the session id: the base of the recording id
     * @param layoutPageName the layout page route, e.g. {@code layout-best-fit}
     */
    public Recording start(String sessionId, String shortSessionId, String layoutPageName) {
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
            String id = freeId(shortSessionId);
            entry = new Active(sessionId, Recording.starting(id, sessionId, clock.millis()));
            store.save(entry.recording); // first: if the disk refuses it, nothing is left registered
            active.put(id, entry);
            activeBySession.put(sessionId, id);
        }
        String id = entry.recording.id();
        LOG.info("Recording {} of session {} starting ({} runtime)", id, sessionId, runtime.name());
        RecorderLaunch launch = new RecorderLaunch(id, settings.layoutUrl(shortSessionId, layoutPageName),
                settings.resolution(), settings.frameRate(), "mp4", settings.userId(),
                RecordingJson.toJsonString(entry.recording), store.folder());
        String injected = injectedStartFailure.getAndSet(null);
        if (injected != null) {
            fail(entry, injected);
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED, "recording " + id + " failed: " + injected);
        }
        try {
            entry.process = runtime.launch(launch);
        } catch (IOException | RuntimeException e) {
            fail(entry, "the " + runtime.name() + " runtime could not launch a recorder: " + e.getMessage());
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED,
                    "recording " + id + " failed: the recorder could not be launched: " + e.getMessage(), e);
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
        try {
            synchronized (lock) {
                if (entry.recording.status() == RecordingStatus.STARTING) {
                    store.save(entry.recording.withStatus(RecordingStatus.STARTED));
                    entry.recording = entry.recording.withStatus(RecordingStatus.STARTED);
                }
            }
        } catch (RuntimeException e) {
            entry.process.kill();
            fail(entry, "its metadata could not be written: " + e.getMessage());
            throw new RecordingException(RecordingException.Reason.RECORDER_FAILED,
                    "recording " + id + " failed: its metadata could not be written: " + e.getMessage(), e);
        }
        entry.process.exit().thenAccept(code -> recorderExited(entry, code));
        LOG.info("Recording {} started ({})", id, entry.process.describe());
        return entry.recording;
    }

    /** Waits for the output file to be non-empty; returns null on success, else why not. */
    private String awaitWriting(Active entry, Path file) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            CompletableFuture<Integer> exit = entry.process.exit();
            if (exit.isDone()) {
                return "the recorder exited with code " + exit.getNow(-1) + " before writing " + file.getFileName();
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
            if (entry.recording.status() == RecordingStatus.STARTING) {
                throw new RecordingException(RecordingException.Reason.NOT_ACCEPTABLE,
                        "recording " + recordingId + " is still starting; stop it once it is started");
            }
            if (entry.stopping) {
                // 1.8 forgot a recording as soon as its stop began: a second stop is a 404 there too.
                throw new RecordingException(RecordingException.Reason.NOT_FOUND,
                        "recording " + recordingId + " is already being stopped");
            }
            entry.stopping = true;
        }
        return finish(entry);
    }

    private Recording finish(Active entry) {
        String id = entry.recording.id();
        long t0 = System.nanoTime();
        entry.process.requestStop();
        Integer code;
        try {
            code = entry.process.exit().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            entry.process.kill();
            return fail(entry, "the recorder did not finish within " + settings.stopTimeout().toMillis() + " ms and was killed");
        } catch (ExecutionException e) {
            entry.process.kill();
            return fail(entry, "the recorder failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entry.process.kill();
            return fail(entry, "interrupted while stopping");
        }
        if (code != 0) {
            return fail(entry, "the recorder exited with code " + code);
        }
        MediaInfo info;
        try {
            info = probe.probe(store.videoFile(id));
        } catch (IOException | RuntimeException e) {
            return fail(entry, "the finished file is unreadable: " + e.getMessage());
        }
        Recording done = entry.recording.withMedia(info.size(), info.durationSeconds(), info.hasAudio(), info.hasVideo());
        done = settings.freeAccess()
                ? done.withStatus(RecordingStatus.AVAILABLE).withUrl(settings.fileUrl(id))
                : done.withStatus(RecordingStatus.STOPPED);
        end(entry, done);
        LOG.info("Recording {} {}: {} s, {} bytes, stopped in {} ms", id, done.status().wireName(),
                done.duration(), done.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return done;
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
        Recording failed = entry.recording.withStatus(RecordingStatus.FAILED)
                .withMedia(store.videoSize(entry.recording.id()), entry.recording.duration(), entry.recording.hasAudio(), entry.recording.hasVideo());
        LOG.warn("Recording {} failed: {}", entry.recording.id(), why);
        end(entry, failed);
        return failed;
    }

    /** Ends an active recording exactly once: a second ending (a stop racing a failure) changes nothing. */
    private void end(Active entry, Recording last) {
        synchronized (lock) {
            if (active.get(last.id()) != entry) {
                return;
            }
            entry.recording = last;
            try {
                store.save(last);
            } catch (RuntimeException e) {
                LOG.error("Recording {} ended {} but its metadata could not be written: {}", last.id(),
                        last.status().wireName(), e.getMessage());
            } finally {
                active.remove(last.id(), entry);
                activeBySession.remove(entry.sessionId, last.id());
            }
        }
        try {
            listener.recordingEnded(last);
        } catch (RuntimeException e) {
            LOG.warn("Recording listener failed for {}", last.id(), e);
        }
    }

    /** The first free id among {@code base}, {@code base-1}, {@code base-2}... Called under the lock. */
    private String freeId(String base) {
        if (!RecordingStore.SAFE_ID.matcher(base).matches()) {
            throw new IllegalArgumentException("session id segment '" + base + "' cannot name a file");
        }
        String id = base;
        for (int i = 1; active.containsKey(id) || store.idTaken(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    public Optional<Recording> get(String recordingId) {
        synchronized (lock) {
            Active a = active.get(recordingId);
            if (a != null) {
                return Optional.of(a.recording);
            }
        }
        return store.find(recordingId);
    }

    public List<Recording> list() {
        return store.list();
    }

    /** Deletes a finished recording's files. Refused while it is active. */
    public void delete(String recordingId) {
        synchronized (lock) {
            if (active.containsKey(recordingId)) {
                throw new RecordingException(RecordingException.Reason.CONFLICT,
                        "recording " + recordingId + " is " + active.get(recordingId).recording.status().wireName()
                                + "; stop it before deleting it");
            }
            if (!RecordingStore.SAFE_ID.matcher(recordingId).matches() || !store.delete(recordingId)) {
                throw new RecordingException(RecordingException.Reason.NOT_FOUND, "no recording with id " + recordingId);
            }
        }
        LOG.info("Recording {} deleted", recordingId);
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
     * Stops every active recording (finishing their files within the stop bound), then releases the runtime.
     * Nothing is left running afterwards.
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
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Active entry : toStop) {
            synchronized (lock) {
                if (entry.stopping || entry.process == null) {
                    continue;
                }
                entry.stopping = true;
            }
            stops.add(CompletableFuture.runAsync(() -> finish(entry)));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(settings.stopTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Some recordings did not stop cleanly at shutdown: {}", e.toString());
        }
        for (Active entry : toStop) {
            if (entry.process != null) {
                entry.process.kill();
            }
        }
        runtime.close();
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.WaitResponse;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running recorder container. {@link #exit()} completes from a wait-for-exit call on the engine, once the
 * container has exited and been removed; {@link #requestStop()} execs the contract's stop command;
 * {@link #kill()} force-removes the container.
 */
final class RecordingContainer implements RecorderProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingContainer.class);

    /**
     * The OpenVidu 1.8 stop command: writes {@code q} to the file {@code stop} in the container's working
     * directory, which the official image's ffmpeg reads as its standard input (and ours watches too).
     */
    static final List<String> STOP_COMMAND = List.of("bash", "-c", "echo 'q' > stop");
    /** The exit code reported for a container we removed before it exited (as for SIGKILL). */
    static final int KILLED = 137;
    /** The exit code reported when the container vanished and its exit code is unknown. */
    static final int UNKNOWN = -1;
    private static final int WAIT_ATTEMPTS = 5;

    private final EngineClients engine;
    private final String recordingId;
    private final String name;
    private final String containerId;
    private final Duration callTimeout;
    private final BooleanSupplier runtimeClosed;
    private final Executor followUps;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Object removal = new Object();
    private volatile boolean removed;
    private volatile boolean killed;

    RecordingContainer(EngineClients engine, String recordingId, String name, String containerId, Duration callTimeout,
                       BooleanSupplier runtimeClosed, Executor followUps) {
        this.engine = engine;
        this.recordingId = recordingId;
        this.name = name;
        this.containerId = containerId;
        this.callTimeout = callTimeout;
        this.runtimeClosed = runtimeClosed;
        this.followUps = followUps;
    }

    String recordingId() {
        return recordingId;
    }

    /**
     * Starts waiting for the container to exit, on a docker-java stream thread. Call once, after it started. What
     * follows the wait (removal, another wait) runs on {@code followUps}: closing a docker-java callback interrupts
     * its stream thread, which would cancel any engine call made from it.
     */
    void watch() {
        waitForExit(1);
    }

    private void waitForExit(int attempt) {
        engine.streams().waitContainerCmd(containerId).exec(new ResultCallback.Adapter<WaitResponse>() {
            private volatile Integer code;

            @Override
            public void onNext(WaitResponse response) {
                code = response.getStatusCode();
            }

            @Override
            public void onError(Throwable error) {
                // Not super.onError: it logs at ERROR what is often just our own kill.
                closeQuietly(this);
                followUp(() -> waitFailed(error, attempt));
            }

            @Override
            public void onComplete() {
                super.onComplete();
                Integer exitCode = code;
                followUp(() -> {
                    if (exitCode == null) {
                        waitFailed(new IllegalStateException("the engine's wait answer had no status code"), attempt);
                    } else {
                        exited(exitCode);
                    }
                });
            }
        });
    }

    private void followUp(Runnable action) {
        try {
            followUps.execute(action);
        } catch (RejectedExecutionException runtimeClosed) {
            exit.complete(killed ? KILLED : UNKNOWN);
        }
    }

    /** The wait call ended without an exit code: find out from the container's state, or wait again. */
    private void waitFailed(Throwable error, int attempt) {
        if (exit.isDone()) {
            return;
        }
        if (killed || removed) {
            exit.complete(KILLED);
            return;
        }
        if (runtimeClosed.getAsBoolean()) {
            exit.complete(UNKNOWN);
            return;
        }
        String why = EngineErrors.reason(error);
        InspectContainerResponse.ContainerState state;
        try {
            state = engine.calls().inspectContainerCmd(containerId).exec().getState();
        } catch (NotFoundException gone) {
            LOG.warn("Recorder container {} vanished (wait failed: {})", name, why);
            removed = true;
            exit.complete(UNKNOWN);
            return;
        } catch (RuntimeException e) {
            state = null;
        }
        if (state != null && !Boolean.TRUE.equals(state.getRunning())) {
            Integer code = state.getExitCode();
            exited(code == null ? UNKNOWN : code);
        } else if (attempt < WAIT_ATTEMPTS) {
            LOG.debug("Waiting for {} failed ({}); waiting again", name, why);
            sleep(Math.min(2000, 200L << attempt));
            waitForExit(attempt + 1);
        } else {
            LOG.warn("Cannot wait for recorder container {} ({}): removing it", name, why);
            remove();
            exit.complete(UNKNOWN);
        }
    }

    private void exited(int code) {
        if (code != 0 && !killed) {
            LOG.debug("Recorder container {} exited with code {}", name, code);
        }
        remove();
        exit.complete(killed ? KILLED : code);
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public void requestStop() {
        sendStopCommand(engine, containerId, name, callTimeout);
    }

    /** Executes the contract's stop command in a container; a container that no longer runs is no error. */
    static void sendStopCommand(EngineClients engine, String containerId, String name, Duration callTimeout) {
        try {
            String execId = engine.calls().execCreateCmd(containerId)
                    .withCmd(STOP_COMMAND.toArray(String[]::new))
                    .withAttachStdout(false)
                    .withAttachStderr(false)
                    .exec()
                    .getId();
            ResultCallback.Adapter<Frame> started = engine.calls().execStartCmd(execId).withDetach(true)
                    .exec(new ResultCallback.Adapter<>());
            if (!started.awaitCompletion(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The stop command of {} did not start within {} ms", name, callTimeout.toMillis());
                closeQuietly(started);
            }
            LOG.debug("Stop command sent to {}", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (EngineErrors.isNotRunning(e)) {
                // Not running any more: its exit is reported by the wait.
                LOG.debug("Cannot send the stop command to {}: {}", name, EngineErrors.reason(e));
            } else {
                LOG.warn("Cannot send the stop command to {}: {}", name, EngineErrors.reason(e));
            }
        }
    }

    @Override
    public void kill() {
        if (!exit.isDone()) {
            killed = true;
        }
        remove();
        exit.complete(KILLED);
    }

    /** Force-removes the container; done once, or again if the previous attempt failed. */
    private void remove() {
        synchronized (removal) {
            if (removed) {
                return;
            }
            removed = removeContainer(engine, containerId, name);
        }
    }

    /** Force-removes a container; true when it is gone (or being removed by someone else). */
    static boolean removeContainer(EngineClients engine, String idOrName, String name) {
        try {
            engine.calls().removeContainerCmd(idOrName).withForce(true).withRemoveVolumes(true).exec();
            LOG.debug("Removed container {}", name);
            return true;
        } catch (NotFoundException gone) {
            return true;
        } catch (ConflictException inProgress) {
            // "removal already in progress"
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Cannot remove container {}: {}", name, EngineErrors.reason(e));
            return false;
        }
    }

    @Override
    public String describe() {
        return "container " + name + " (" + (containerId.length() > 12 ? containerId.substring(0, 12) : containerId) + ")";
    }

    private static void closeQuietly(ResultCallback<?> callback) {
        try {
            callback.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

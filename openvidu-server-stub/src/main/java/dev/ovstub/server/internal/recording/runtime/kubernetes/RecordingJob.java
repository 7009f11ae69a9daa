package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recorder Job. {@link #exit()} completes from a watch of the Job, once it has finished and been deleted:
 * succeeded gives 0, failed gives the recorder container's exit code (1 if the pod is gone or never ran: deadline,
 * eviction), deleted by someone else gives {@link #UNKNOWN}; {@link #requestStop()} execs the contract's stop
 * command in the Job's running pod; {@link #kill()} deletes the Job with Background propagation (its pod goes
 * too; a Job's default, orphan, would leave the pod running).
 */
final class RecordingJob implements RecorderProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingJob.class);

    /**
     * The OpenVidu 1.8 stop command, as the Docker runtime sends it: writes {@code q} to the file {@code stop} in
     * the container's working directory, which the recorder reads as ffmpeg's standard input.
     */
    static final List<String> STOP_COMMAND = List.of("bash", "-c", "echo 'q' > stop");
    /** The exit code reported for a Job we deleted before it finished (as for SIGKILL). */
    static final int KILLED = 137;
    /** The exit code reported when the Job vanished and the recorder's exit code is unknown. */
    static final int UNKNOWN = -1;
    /** A failed Job whose recorder container's exit code cannot be read (deadline, eviction, pod gone). */
    static final int FAILED = 1;
    private static final int WATCH_ATTEMPTS = 5;
    static final int LOG_TAIL_LINES = 50;

    private final KubernetesClient client;
    private final String namespace;
    private final String recordingId;
    private final String name;
    private final Duration callTimeout;
    private final BooleanSupplier runtimeClosed;
    private final Executor followUps;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Object removal = new Object();
    private volatile boolean removed;
    private volatile boolean killed;
    /** Taken by the one follow-up that ends this process from the Job's outcome. */
    private final java.util.concurrent.atomic.AtomicBoolean finishing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Watch watch;
    /** The Job has had a ready pod: its recorder writes (see {@link #noteReady}). */
    private volatile boolean seenWriting;
    private final PodLogForwarder log;

    RecordingJob(KubernetesClient client, String namespace, String recordingId, String name, Duration callTimeout,
                 BooleanSupplier runtimeClosed, Executor followUps, SecretMask mask, RecorderLines.Output output) {
        this.log = new PodLogForwarder(recordingId, mask, output);
        this.client = client;
        this.namespace = namespace;
        this.recordingId = recordingId;
        this.name = name;
        this.callTimeout = callTimeout;
        this.runtimeClosed = runtimeClosed;
        this.followUps = followUps;
    }

    String recordingId() {
        return recordingId;
    }

    String name() {
        return name;
    }

    /** Starts watching the Job. Call once, after creating it. */
    void watch() {
        watch(1);
    }

    /**
     * The last {@value #LOG_TAIL_LINES} lines of the recorder's log, masked, into our log: read once when the Job
     * failed, rather than followed all along (a followed log holds one connection to the API server per recording).
     */
    private void forwardLogTail() {
        try {
            for (Pod pod : pods()) {
                String tail = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                        .inContainer(RecorderJob.CONTAINER).tailingLines(LOG_TAIL_LINES).getLog();
                if (tail != null) {
                    log.write(tail.getBytes(StandardCharsets.UTF_8), 0, tail.getBytes(StandardCharsets.UTF_8).length);
                    log.close();
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Cannot read the log of Job {}: {}", name, e.getMessage());
        }
    }

    private void watch(int attempt) {
        try {
            watch = client.batch().v1().jobs().inNamespace(namespace).withName(name).watch(new Watcher<Job>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    if (action == Action.DELETED) {
                        followUp(() -> deleted());
                    } else if (action != Action.ERROR && job != null) {
                        noteReady(job);
                        outcome(job).ifPresent(code -> followUp(() -> finished(code)));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    followUp(() -> watchClosed(cause, attempt));
                }
            });
        } catch (KubernetesClientException e) {
            followUp(() -> watchClosed(new WatcherException(e.getMessage(), e), attempt));
            return;
        }
        // The Job may have finished before the watch began: look once.
        followUp(this::check);
    }

    /**
     * A recorder that uploads writes in its pod's own volume, where this server cannot look: its readiness probe
     * ({@link RecorderJob}: the file is non-empty) makes the Job count a ready pod, which is the sign it writes.
     */
    private void noteReady(Job job) {
        if (job.getStatus() != null && job.getStatus().getReady() != null && job.getStatus().getReady() > 0) {
            seenWriting = true;
        }
    }

    @Override
    public boolean seenWriting() {
        return seenWriting;
    }

    /** The Job's outcome if it has finished: 0 if it succeeded, the recorder's exit code if it failed. */
    private Optional<Integer> outcome(Job job) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        Integer succeeded = job.getStatus().getSucceeded();
        Integer failed = job.getStatus().getFailed();
        if (succeeded != null && succeeded > 0) {
            return Optional.of(0);
        }
        boolean failedCondition = job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
        if (failed != null && failed > 0 || failedCondition) {
            return Optional.of(FAILED);
        }
        return Optional.empty();
    }

    private void check() {
        if (exit.isDone()) {
            return;
        }
        try {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job == null) {
                deleted();
            } else {
                noteReady(job);
                outcome(job).ifPresent(this::finished);
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Cannot read Job {}: {}", name, e.getMessage());
        }
    }

    private void followUp(Runnable action) {
        try {
            followUps.execute(action);
        } catch (RejectedExecutionException closed) {
            closeWatch();
            exit.complete(killed ? KILLED : UNKNOWN);
        }
    }

    /** The Job finished by itself: its code (the recorder container's, when it failed), then the Job is deleted. */
    private void finished(int outcome) {
        if (exit.isDone() || !finishing.compareAndSet(false, true)) {
            return;
        }
        int code = outcome == 0 ? 0 : recorderExitCode().orElse(FAILED);
        if (code != 0 && !killed) {
            LOG.info("Recorder Job {} of recording {} failed (exit code {}{}); the end of its log follows", name,
                    recordingId, code, reasonOf());
            forwardLogTail();
        }
        closeWatch();
        remove();
        exit.complete(killed ? KILLED : code);
    }

    /** Why the Job failed, as the cluster says: the Job's Failed condition, and its pod's reason (Evicted...). */
    private String reasonOf() {
        StringBuilder why = new StringBuilder();
        try {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job != null && job.getStatus() != null && job.getStatus().getConditions() != null) {
                for (JobCondition c : job.getStatus().getConditions()) {
                    if ("Failed".equals(c.getType()) && c.getReason() != null) {
                        why.append(", ").append(c.getReason()).append(c.getMessage() == null ? "" : ": " + c.getMessage());
                    }
                }
            }
            for (Pod pod : pods()) {
                if (pod.getStatus() != null && pod.getStatus().getReason() != null) {
                    why.append(", pod ").append(pod.getStatus().getReason())
                            .append(pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage());
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Cannot read Job {}: {}", name, e.getMessage());
        }
        return why.toString();
    }

    /** The exit code of the recorder container of the Job's pod, if it terminated and the pod is still there. */
    private Optional<Integer> recorderExitCode() {
        try {
            for (Pod pod : pods()) {
                if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                    continue;
                }
                for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                    if (RecorderJob.CONTAINER.equals(s.getName()) && s.getState() != null
                            && s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() != null) {
                        int code = s.getState().getTerminated().getExitCode();
                        return Optional.of(code == 0 ? FAILED : code); // a failed Job is never 0
                    }
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Cannot read the pod of Job {}: {}", name, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Why the Job's pod is still Pending, as the cluster says: not scheduled (no node with the requested CPU and
     * memory, node selector, taints), or its container waiting (image pull, missing Secret or claim); empty if it
     * is not Pending or says nothing.
     */
    Optional<String> pendingReason() {
        try {
            for (Pod pod : pods()) {
                if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())) {
                    continue;
                }
                if (pod.getStatus().getConditions() != null) {
                    for (var c : pod.getStatus().getConditions()) {
                        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                            return Optional.of("not scheduled, " + c.getReason() + ": " + c.getMessage());
                        }
                    }
                }
                if (pod.getStatus().getContainerStatuses() != null) {
                    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                        if (cs.getState() != null && cs.getState().getWaiting() != null) {
                            var w = cs.getState().getWaiting();
                            return Optional.of("container waiting, " + w.getReason()
                                    + (w.getMessage() == null ? "" : ": " + w.getMessage()));
                        }
                    }
                }
                return Optional.of("Pending");
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Cannot read the pod of Job {}: {}", name, e.getMessage());
        }
        return Optional.empty();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel(RecorderJob.LABEL_JOB, name).list().getItems();
    }

    private void deleted() {
        if (exit.isDone() || !finishing.compareAndSet(false, true)) {
            return;
        }
        if (!killed) {
            LOG.warn("Recorder Job {} of recording {} was deleted before it finished", name, recordingId);
        }
        removed = true;
        closeWatch();
        deleteSecret(client, namespace, name);
        exit.complete(killed ? KILLED : UNKNOWN);
    }

    /** The watch ended (the API server closed it, or it could not be opened): look, then watch again (bounded). */
    private void watchClosed(WatcherException cause, int attempt) {
        if (exit.isDone() || finishing.get()) {
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
        check();
        if (exit.isDone() || finishing.get()) {
            return;
        }
        if (attempt < WATCH_ATTEMPTS) {
            LOG.debug("The watch of Job {} ended ({}); watching again", name, cause == null ? "closed" : cause.getMessage());
            sleep(Math.min(2000, 200L << attempt));
            watch(attempt + 1);
        } else {
            LOG.warn("Cannot watch recorder Job {} ({}): deleting it", name, cause == null ? "closed" : cause.getMessage());
            remove();
            exit.complete(UNKNOWN);
        }
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public void requestStop() {
        sendStopCommand(client, namespace, name, callTimeout);
    }

    /**
     * Executes the contract's stop command in the running pod of Job {@code jobName}. A Job with no running pod
     * (still Pending, or already finished) is no error: its end is reported by the watch, or by the service's
     * bounds. Returns whether the command ran and exited 0.
     */
    static boolean sendStopCommand(KubernetesClient client, String namespace, String jobName, Duration callTimeout) {
        Pod running = null;
        for (int attempt = 1; ; attempt++) {
            try {
                running = client.pods().inNamespace(namespace).withLabel(RecorderJob.LABEL_JOB, jobName).list().getItems()
                        .stream()
                        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                        .findFirst().orElse(null);
                break;
            } catch (KubernetesClientException e) {
                if (attempt == 2) { // once more: a pooled connection the API server had closed fails the first try
                    LOG.warn("Cannot find the pod of recorder Job {} to stop it: {}", jobName, e.getMessage());
                    return false;
                }
            }
        }
        if (running == null) {
            LOG.info("Recorder Job {} has no running pod: the stop command cannot be sent", jobName);
            return false;
        }
        String pod = running.getMetadata().getName();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace(namespace).withName(pod).inContainer(RecorderJob.CONTAINER)
                .writingOutput(out).writingError(err).exec(STOP_COMMAND.toArray(String[]::new))) {
            Integer code = exec.exitCode().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code != null && code != 0) {
                LOG.warn("The stop command in pod {} exited with {}: {}", pod, code,
                        err.toString(StandardCharsets.UTF_8).strip());
                return false;
            }
            LOG.debug("Stop command sent to pod {} of Job {}", pod, jobName);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("The stop command in pod {} did not end within {} ms", pod, callTimeout.toMillis());
        } catch (java.util.concurrent.ExecutionException | KubernetesClientException e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Cannot send the stop command to pod {} of Job {}: {}", pod, jobName, cause.getMessage());
        }
        return false;
    }

    @Override
    public void kill() {
        if (!exit.isDone()) {
            killed = true;
            // Ended before it ran (the service's start bound): say what held it, which is what the operator must fix.
            pendingReason().ifPresent(why -> LOG.warn("Recorder Job {} of recording {} was still Pending when it was"
                    + " ended: {}", name, recordingId, why));
        }
        closeWatch();
        remove();
        exit.complete(KILLED);
    }

    /** Deletes the Job and its pod (Background propagation); done once, or again if the previous attempt failed. */
    private void remove() {
        synchronized (removal) {
            if (removed) {
                return;
            }
            removed = deleteJob(client, namespace, name);
            if (removed) {
                deleteSecret(client, namespace, name);
            }
        }
    }

    /** Deletes the recording's Secret (named as its Job); one already gone is no error. */
    static void deleteSecret(KubernetesClient client, String namespace, String name) {
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("Cannot delete the Secret of recorder Job {}: {}", name, e.getMessage());
            }
        }
    }

    /** Deletes a Job with Background propagation; true when it is gone. */
    static boolean deleteJob(KubernetesClient client, String namespace, String name) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            LOG.debug("Deleted Job {}", name);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            LOG.warn("Cannot delete recorder Job {}: {}", name, e.getMessage());
            return false;
        }
    }

    private void closeWatch() {
        Watch w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    @Override
    public String describe() {
        return "Job " + namespace + "/" + name;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

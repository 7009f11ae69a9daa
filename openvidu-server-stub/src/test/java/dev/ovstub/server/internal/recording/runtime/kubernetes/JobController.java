package dev.ovstub.server.internal.recording.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Job controller the mock API server lacks, played by the test: when a Job is added it creates the Job's pod
 * (the template's labels plus {@code job-name}, owned by the Job) as {@code Pending}, then, unless told to hold it
 * there, moves it to {@code Running}. The test ends the pod and the Job with {@link #succeed} or {@link #fail}.
 * The mock has no garbage collector either: nothing removes the pod when its Job is deleted.
 */
final class JobController implements AutoCloseable {
    private final KubernetesClient client;
    private final io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
    private final String namespace;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final BlockingQueue<Job> added = new LinkedBlockingQueue<>();
    private final Watch watch;
    /** Pods stay Pending (unschedulable) when false. */
    volatile boolean schedule = true;
    /** What happens just before the pod runs (a test sets up the kubelet's answers there). */
    volatile java.util.function.Consumer<Job> onScheduled = job -> {};
    /** What the recorder does once its pod runs (a test writes its file there). */
    volatile java.util.function.Consumer<Job> onRunning = job -> {};

    /** What the recorder container prints: the kubelet's log, which the mock server serves only by expectation. */
    volatile String podLog = "";

    JobController(io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server, KubernetesClient client,
                  String namespace) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<Job>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    worker.execute(() -> start(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    private void start(Job job) {
        String name = job.getMetadata().getName();
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", name);
        labels.put("batch.kubernetes.io/job-name", name);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name + "-pod")
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(name)
                        .withUid(job.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient cpu.").endCondition()
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
        if (schedule) {
            server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + name
                    + "-pod/log?pretty=false&container=" + RecorderJob.CONTAINER + "&tailLines=" + RecordingJob.LOG_TAIL_LINES)
                    .andReturn(200, podLog).always();
            onScheduled.accept(job);
            setPod(name, "Running", null);
            Job running = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            running.setStatus(new JobStatusBuilder().withActive(1).build());
            client.batch().v1().jobs().inNamespace(namespace).resource(running).updateStatus();
            onRunning.accept(job);
        }
        added.add(job);
    }

    /** The next Job the runtime created, as it was created. */
    Job awaitJob() throws InterruptedException {
        Job job = added.poll(10, TimeUnit.SECONDS);
        if (job == null) {
            throw new AssertionError("no Job was created within 10 s");
        }
        return job;
    }

    /** The pod's readiness probe passed: the Job counts one ready pod (as the Job controller does). */
    void ready(String jobName) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        if (job != null) {
            job.setStatus(new JobStatusBuilder().withActive(1).withReady(1).build());
            client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
        }
    }

    /** The recorder exits 0: pod Succeeded, Job Complete. */
    void succeed(String jobName) {
        end(jobName, 0);
    }

    /** The recorder exits with {@code code}: pod Failed, Job Failed (backoffLimit 0). */
    void fail(String jobName, int code) {
        end(jobName, code);
    }

    /** The Job fails with no pod left to tell the code (deadline exceeded: the Job controller deleted the pod). */
    void exceedDeadline(String jobName) {
        client.pods().inNamespace(namespace).withLabel("job-name", jobName).delete();
        finishJob(jobName, false, "DeadlineExceeded");
    }

    /** The node evicts the pod (pressure, drain): pod Failed with reason Evicted, no exit code; Job Failed. */
    void evict(String jobName) {
        Pod pod = client.pods().inNamespace(namespace).withName(jobName + "-pod").get();
        pod.getStatus().setPhase("Failed");
        pod.getStatus().setReason("Evicted");
        pod.getStatus().setContainerStatuses(java.util.List.of());
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
        finishJob(jobName, false, "BackoffLimitExceeded");
    }

    private void end(String jobName, int code) {
        setPod(jobName, code == 0 ? "Succeeded" : "Failed", code);
        finishJob(jobName, code == 0, code == 0 ? null : "BackoffLimitExceeded");
    }

    private void finishJob(String jobName, boolean succeeded, String reason) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        job.setStatus(new JobStatusBuilder()
                .withActive(0)
                .withSucceeded(succeeded ? 1 : 0)
                .withFailed(succeeded ? 0 : 1)
                .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed").withStatus("True")
                        .withReason(reason).build())
                .build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    private void setPod(String jobName, String phase, Integer exitCode) {
        Pod pod = client.pods().inNamespace(namespace).withName(jobName + "-pod").get();
        ContainerStateBuilder state = new ContainerStateBuilder();
        if (exitCode == null) {
            state.withNewRunning().endRunning();
        } else {
            state.withNewTerminated().withExitCode(exitCode).endTerminated();
        }
        pod.getStatus().setPhase(phase);
        pod.getStatus().setConditions(java.util.List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("PodScheduled").withStatus("True").build()));
        pod.getStatus().setContainerStatuses(java.util.List.of(new ContainerStatusBuilder().withName(RecorderJob.CONTAINER)
                .withState(state.build()).build()));
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    @Override
    public void close() {
        watch.close();
        worker.shutdownNow();
    }
}

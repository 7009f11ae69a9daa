package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import dev.ovstub.server.internal.recorder.RecorderContract;
import dev.ovstub.server.internal.recording.runtime.LaunchGate;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code openvidu.recording.runtime=kubernetes}: one {@code batch/v1} Job per recording ({@link RecorderJob}),
 * running the recorder image with the same recorder contract as the Docker runtime. The cluster places it (CPU and
 * memory requests), bounds it ({@code activeDeadlineSeconds}) and cleans up after it ({@code ttlSecondsAfterFinished})
 * even when this server is gone.
 *
 * <p>Files: for now the recorder writes into a ReadWriteMany PersistentVolumeClaim
 * ({@code openvidu.recording.kubernetes.recordings-claim}) mounted at {@code /recordings} in every recorder pod,
 * which this server must mount at {@code openvidu.recording.path}: the service waits for the file there, as with the
 * other runtimes. Uploads to S3-compatible storage are not here yet.
 *
 * <p>Stop: the contract's stop command by exec in the pod (RBAC {@code pods/exec: create}), then the Job's watch
 * reports the end. A pod still Pending when the service's start bound passes is killed by the service (the Job is
 * deleted). A ResourceQuota refusing the Job fails the launch with an {@link IOException} that says so.
 *
 * <p>The layout URL carries the server secret: it reaches the recorder from a Secret of its own, named as its Job
 * and owned by it, never as a plain value in the Job.
 *
 * <p>Needs, for the server's service account in the namespace: {@value #PERMISSIONS} (and {@code deployments: get}
 * with {@code openvidu.recording.kubernetes.owner-deployment}).
 */
public final class KubernetesRuntime implements RecorderRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRuntime.class);
    private static final int CREATE_ATTEMPTS = 3;
    /** What the server's service account needs in the namespace (with owner-deployment also deployments: get). */
    static final String PERMISSIONS = "jobs: create, get, list, watch, delete; pods: get, list; pods/exec: create;"
            + " pods/log: get; secrets: create, patch, list, delete";

    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final RecorderLines.Output recorderOutput;
    private final Map<String, RecordingJob> running = new ConcurrentHashMap<>();
    private final ExecutorService followUps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "k8s-recorder-job");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;
    /** The server's Deployment as the owner of every Job, once {@link #prepare()} found it; null for none. */
    private volatile io.fabric8.kubernetes.api.model.OwnerReference owner;
    /** Launches pass it; {@link #close()} waits for the launches under way, so none leaves a Job behind it. */
    private final LaunchGate gate = new LaunchGate("Kubernetes");

    /**
     * With a client configured the usual fabric8 way: in a pod, its service account; elsewhere the kubeconfig
     * ({@code KUBECONFIG}, {@code ~/.kube/config}) or {@code KUBERNETES_MASTER}.
     */
    public KubernetesRuntime(KubernetesSettings settings) {
        this(settings, new KubernetesClientBuilder().build(), true);
    }

    /** With this client, which the runtime closes when {@code ownsClient} (tests pass the mock server's). */
    KubernetesRuntime(KubernetesSettings settings, KubernetesClient client, boolean ownsClient) {
        this(settings, client, ownsClient, RecorderLines.LOG);
    }

    /** With the recorders' log lines going to {@code recorderOutput} instead of our log (tests). */
    KubernetesRuntime(KubernetesSettings settings, KubernetesClient client, boolean ownsClient,
                      RecorderLines.Output recorderOutput) {
        this.recorderOutput = recorderOutput;
        this.settings = settings;
        this.client = client;
        this.ownsClient = ownsClient;
        String ns = settings.namespace() != null ? settings.namespace() : client.getNamespace();
        this.namespace = ns != null ? ns : "default";
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** The namespace the Jobs are made in. */
    public String namespace() {
        return namespace;
    }

    /**
     * Lists this server's Jobs once, which proves the API server answers and that the service account may list Jobs
     * in the namespace.
     *
     * @throws IllegalStateException with the message for the operator
     */
    @Override
    public void prepare() {
        try {
            jobs();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("The Kubernetes recording runtime cannot list Jobs in namespace " + namespace
                    + " of the API server at " + client.getMasterUrl() + ": " + reason(e)
                    + (e.getCode() == 403 ? " (the server's service account needs " + PERMISSIONS + ")" : ""), e);
        }
        if (settings.ownerDeployment() != null) {
            owner = ownerReference(settings.ownerDeployment());
        }
        if (settings.serverUrl() == null) {
            LOG.warn("Recorder pods will be given this server's loopback address, which they cannot reach: set"
                    + " openvidu.recording.kubernetes.server-url to this server's Service (or openvidu.publicurl)");
        }
        ready = true;
        LOG.info("Kubernetes recording runtime ready: API server {}, namespace {}, image {}, requests cpu {} memory {},"
                        + " recordings claim {} (seen here at {})", client.getMasterUrl(), namespace, settings.image(),
                settings.cpu(), settings.memory(), settings.recordingsClaim(), settings.recordingsPath());
    }

    /** The Deployment {@code name} of the namespace as an owner reference; its uid is what the cluster checks. */
    private io.fabric8.kubernetes.api.model.OwnerReference ownerReference(String name) {
        io.fabric8.kubernetes.api.model.apps.Deployment deployment;
        try {
            deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("openvidu.recording.kubernetes.owner-deployment: cannot read Deployment " + name
                    + " in namespace " + namespace + ": " + reason(e)
                    + (e.getCode() == 403 ? " (the server's service account needs deployments: get)" : ""), e);
        }
        if (deployment == null) {
            throw new IllegalStateException("openvidu.recording.kubernetes.owner-deployment: there is no Deployment " + name
                    + " in namespace " + namespace + " (it must be this server's own, in the recorders' namespace)");
        }
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(name).withUid(deployment.getMetadata().getUid()).build();
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace)
                .withLabels(RecorderJob.ownerLabels(settings.recordingsClaim())).list().getItems().stream()
                .filter(j -> RecorderJob.ownedBy(j.getMetadata().getLabels(), settings.recordingsClaim()))
                .toList();
    }

    @Override
    public RecorderProcess launch(RecorderLaunch launch) throws IOException {
        return gate.launch(() -> {
            String name = create(launch);
            RecordingJob job = new RecordingJob(client, namespace, launch.recordingId(), name, settings.callTimeout(),
                    gate::isClosed, followUps, SecretMask.of(launch.layoutUrl()), recorderOutput);
            running.put(launch.recordingId(), job);
            job.exit().whenComplete((code, error) -> running.remove(launch.recordingId(), job));
            job.watch();
            LOG.debug("Recorder for {} is {}", launch.recordingId(), job.describe());
            return job;
        });
    }

    /**
     * The unfinished Jobs of recordings the folder still shows active are taken over: watched again from where they
     * are, stopped by the contract's exec when asked. The log mask comes from the recording's Secret (its URL).
     */
    @Override
    public Map<String, RecorderProcess> adoptLeftovers(Set<String> knownRecordingIds) {
        Map<String, RecorderProcess> adopted = new java.util.LinkedHashMap<>();
        List<Job> leftovers;
        try {
            leftovers = jobs().stream().filter(j -> !finished(j))
                    .filter(j -> knownRecordingIds.contains(RecorderJob.recordingOf(j))).toList();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot list leftover recorder Jobs to take over: {}", reason(e));
            return adopted;
        }
        for (Job j : leftovers) {
            String recordingId = RecorderJob.recordingOf(j);
            if (adopted.containsKey(recordingId) || running.containsKey(recordingId)) {
                continue; // two Jobs for one recording (never made by one server): the other one is reaped
            }
            String name = j.getMetadata().getName();
            String layoutUrl = layoutUrlOf(name);
            if (layoutUrl == null) {
                LOG.warn("Cannot read the Secret of Job {}: its log, if forwarded, is masked for nothing", name);
            }
            RecordingJob job = new RecordingJob(client, namespace, recordingId, name, settings.callTimeout(),
                    gate::isClosed, followUps, SecretMask.of(layoutUrl), recorderOutput);
            running.put(recordingId, job);
            job.exit().whenComplete((code, error) -> running.remove(recordingId, job));
            job.watch();
            adopted.put(recordingId, job);
            LOG.info("Took over recorder Job {} of an earlier server: recording {} goes on", name, recordingId);
        }
        return adopted;
    }

    /**
     * The layout URL in a recording's Secret (what its log may show), or null when it cannot be read. Read by a list
     * of this server's Secrets: the Role grants {@code list}, not {@code get}.
     */
    private String layoutUrlOf(String secretName) {
        try {
            io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace)
                    .withLabels(RecorderJob.ownerLabels(settings.recordingsClaim())).list().getItems().stream()
                    .filter(x -> secretName.equals(x.getMetadata().getName())).findFirst().orElse(null);
            if (secret != null && secret.getData() != null && secret.getData().get(RecorderContract.URL) != null) {
                return new String(java.util.Base64.getDecoder().decode(secret.getData().get(RecorderContract.URL)),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            return secret == null || secret.getStringData() == null ? null : secret.getStringData().get(RecorderContract.URL);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            LOG.debug("Cannot read Secret {}: {}", secretName, e.toString());
            return null;
        }
    }

    /**
     * Creates the recording's Secret, then its Job, then makes the Job the Secret's owner; a name already taken
     * (1 in 4 billion) gets another random suffix. Returns the name. A Job that cannot be made leaves no Secret.
     */
    private String create(RecorderLaunch launch) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String name = RecorderJob.jobName(launch.recordingId());
            try {
                client.secrets().inNamespace(namespace).resource(RecorderJob.secretOf(launch, name, settings)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < CREATE_ATTEMPTS) {
                    continue;
                }
                throw createFailed("Secret", name, e);
            }
            Job created;
            try {
                created = client.batch().v1().jobs().inNamespace(namespace)
                        .resource(RecorderJob.of(launch, name, settings, owner)).create();
            } catch (KubernetesClientException e) {
                RecordingJob.deleteSecret(client, namespace, name);
                if (e.getCode() == 409 && attempt < CREATE_ATTEMPTS) {
                    continue;
                }
                throw createFailed("Job", name, e);
            }
            try {
                client.secrets().inNamespace(namespace).withName(name).edit(s -> {
                    s.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                            .withApiVersion("batch/v1").withKind("Job").withName(name)
                            .withUid(created.getMetadata().getUid()).build()));
                    return s;
                });
            } catch (KubernetesClientException e) {
                // This server still deletes it with the Job; only a server killed meanwhile would leave it behind.
                LOG.warn("Cannot make Job {} the owner of its Secret: {}", name, reason(e));
            }
            return name;
        }
    }

    /** The reason a Job could not be made, in words for the operator. */
    private IOException createFailed(String kind, String name, KubernetesClientException e) {
        String why = reason(e);
        if (e.getCode() == 403 && why.toLowerCase(Locale.ROOT).contains("exceeded quota")) {
            return new IOException("no capacity for another recorder: the ResourceQuota of namespace " + namespace
                    + " refused " + kind + " " + name + " (" + why + "); raise the quota, lower"
                    + " openvidu.recording.kubernetes.cpu or .memory, or stop other recordings", e);
        }
        if (e.getCode() == 403) {
            return new IOException("the server's service account may not create " + kind + " " + name + " in namespace "
                    + namespace + " (" + why + "); it needs " + PERMISSIONS, e);
        }
        return new IOException("cannot create recorder " + kind + " " + name + " in namespace " + namespace + ": " + why, e);
    }

    /** The API server's own words, or, when it did not answer, why (connection refused, unknown host...). */
    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return (e.getCode() > 0 ? e.getCode() + " " : "") + e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    /**
     * Jobs of this server still running, left by an earlier server (it was killed: a Job does not notice), get the
     * stop command, then are waited for within the bound; they are deleted later by {@link #reapOrphans}.
     */
    @Override
    public void finishLeftovers(Duration bound) {
        List<Job> leftovers;
        try {
            leftovers = jobs().stream().filter(j -> !finished(j))
                    .filter(j -> !running.containsKey(String.valueOf(RecorderJob.recordingOf(j)))).toList();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot list leftover recorder Jobs: {}", reason(e));
            return;
        }
        if (leftovers.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (Job j : leftovers) {
            LOG.info("Recorder Job {} of an earlier server still runs: asking it to finish recording {}",
                    j.getMetadata().getName(), RecorderJob.recordingOf(j));
            RecordingJob.sendStopCommand(client, namespace, j.getMetadata().getName(), settings.callTimeout());
        }
        for (Job j : leftovers) {
            String name = j.getMetadata().getName();
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                Job done = client.batch().v1().jobs().inNamespace(namespace).withName(name)
                        .waitUntilCondition(x -> x == null || finished(x), Math.max(1, left), TimeUnit.MILLISECONDS);
                LOG.info("Recorder Job {} finished ({})", name, done == null ? "deleted" : outcome(done));
            } catch (KubernetesClientException e) {
                LOG.warn("Recorder Job {} did not finish within {} ms: {}", name, bound.toMillis(), reason(e));
            }
        }
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && (positive(job.getStatus().getSucceeded()) || positive(job.getStatus().getFailed())
                || job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())));
    }

    private static String outcome(Job job) {
        return positive(job.getStatus().getSucceeded()) ? "succeeded" : "failed";
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }

    /**
     * Deletes (Background propagation) this server's Jobs whose recording is not in {@code liveRecordingIds} and is
     * not running through this runtime. Never throws: a failure is logged.
     */
    @Override
    public void reapOrphans(Set<String> liveRecordingIds) {
        List<Job> jobs;
        try {
            jobs = jobs();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot list leftover recorder Jobs: {}", reason(e));
            return;
        }
        Set<String> spare = new HashSet<>(liveRecordingIds);
        spare.addAll(running.keySet());
        for (Job j : jobs) {
            String recordingId = RecorderJob.recordingOf(j);
            if (recordingId != null && spare.contains(recordingId)) {
                continue;
            }
            String name = j.getMetadata().getName();
            if (RecordingJob.deleteJob(client, namespace, name)) {
                LOG.info("Deleted leftover recorder Job {} (recording {}, {})", name, recordingId,
                        finished(j) ? outcome(j) : "not finished");
            }
        }
        reapSecrets(spare);
    }

    /** Deletes this server's recorder Secrets whose recording is not spared (those of Jobs gone meanwhile too). */
    private void reapSecrets(Set<String> spare) {
        try {
            for (io.fabric8.kubernetes.api.model.Secret s : client.secrets().inNamespace(namespace)
                    .withLabels(RecorderJob.ownerLabels(settings.recordingsClaim())).list().getItems()) {
                Map<String, String> annotations = s.getMetadata().getAnnotations();
                String recordingId = annotations == null ? null : annotations.get(RecorderJob.ANNOTATION_RECORDING);
                if (RecorderJob.ownedBy(s.getMetadata().getLabels(), settings.recordingsClaim())
                        && (recordingId == null || !spare.contains(recordingId))) {
                    RecordingJob.deleteSecret(client, namespace, s.getMetadata().getName());
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot list leftover recorder Secrets: {}", reason(e));
        }
    }

    /**
     * Refuses launches from now on, waits (bounded) for those under way, deletes the Jobs still running, reaps
     * leftovers (if the API server answered {@link #prepare()}) and closes the client if it is ours.
     */
    @Override
    public void close() {
        if (!gate.beginClose()) {
            return;
        }
        try {
            gate.afterLaunches(settings.callTimeout(), "the API server", () -> {
                for (RecordingJob j : running.values()) {
                    j.kill();
                }
                if (ready) {
                    reapOrphans(Set.of());
                }
            });
        } finally {
            followUps.shutdown();
            if (ownsClient) {
                client.close();
            }
        }
    }
}

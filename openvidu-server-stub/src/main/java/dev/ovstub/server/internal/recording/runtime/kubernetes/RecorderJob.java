package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.recorder.RecorderContract;
import dev.ovstub.server.internal.storage.S3Location;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One recording's {@code batch/v1} Job: one {@code recorder} container with the recorder contract's environment,
 * never restarted ({@code backoffLimit: 0}, {@code restartPolicy: Never}), bounded in time
 * ({@code activeDeadlineSeconds}) and deleted by the cluster after it finished ({@code ttlSecondsAfterFinished}),
 * with CPU and memory requests (memory limit = request, no CPU limit), and the recordings claim mounted at
 * {@code /recordings} (a 2.x recording's own subfolder only, as the Docker runtime binds it).
 *
 * <p>Labels, on the Job and its pod: {@link #LABEL_MANAGED_BY}, {@link #LABEL_CLAIM} (which server's: servers that
 * share a namespace but not a recordings volume never touch each other's Jobs), {@link #LABEL_RECORDING} (the
 * recording id, made a valid label value) and, on the pod, {@link #LABEL_JOB}. The exact recording id is the
 * annotation {@link #ANNOTATION_RECORDING}.
 */
final class RecorderJob {
    static final String CONTAINER = "recorder";
    static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "openvidu-server-stub";
    static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    static final String LABEL_CLAIM = "ovstub.dev/recordings-claim";
    static final String LABEL_RECORDING = "ovstub.dev/recording";
    /** On the pod template: the Job's name, so that its pod is found without relying on the Job controller's labels. */
    static final String LABEL_JOB = "ovstub.dev/job";
    static final String ANNOTATION_RECORDING = "ovstub.dev/recording-id";
    static final String VOLUME = "recordings";
    /**
     * The contract's variables that carry the server secret ({@code URL} has it as user info): they reach the
     * recorder from the recording's own Secret, never as plain values in the Job, which the namespace's read-only
     * users (the {@code view} role) may read.
     */
    static final java.util.Set<String> SECRET_ENV = java.util.Set.of(RecorderContract.URL,
            S3Location.ENV_ACCESS_KEY, S3Location.ENV_SECRET_KEY);
    /** How often the readiness probe of an uploading recorder looks at its file. */
    static final int READY_PERIOD_SECONDS = 1;
    private static final Pattern NOT_IN_NAME = Pattern.compile("[^a-z0-9-]+");
    private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecorderJob() {}

    /** The labels every Job of a server with this recordings claim carries, whatever its recording. */
    static Map<String, String> ownerLabels(String recordingsClaim) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.put(LABEL_CLAIM, recordingsClaim);
        return labels;
    }

    /** Whether a Job with these labels is one of this server's. */
    static boolean ownedBy(Map<String, String> labels, String recordingsClaim) {
        return labels != null && MANAGED_BY.equals(labels.get(LABEL_MANAGED_BY))
                && recordingsClaim.equals(labels.get(LABEL_CLAIM));
    }

    /** The exact recording id of one of our Jobs, or null. */
    static String recordingOf(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION_RECORDING);
    }

    /**
     * {@code rec-<id, lower-cased and cut>-<8 random hex digits>}: a DNS label of at most 63 characters (a Job's
     * name becomes a label value of its pod). The random part keeps ids that differ only in case apart.
     */
    static String jobName(String recordingId) {
        String base = NOT_IN_NAME.matcher(recordingId.toLowerCase(Locale.ROOT)).replaceAll("-");
        if (base.length() > 45) {
            base = base.substring(0, 45);
        }
        base = base.replaceAll("^-+|-+$", "");
        return "rec-" + (base.isEmpty() ? "" : base + "-") + String.format("%08x", RANDOM.nextInt());
    }

    /** The recording id as a label value: invalid characters become {@code .}, at most 63, alphanumeric at the ends. */
    static String labelValue(String recordingId) {
        String v = NOT_IN_LABEL.matcher(recordingId).replaceAll(".");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    static Job of(RecorderLaunch launch, String name, KubernetesSettings settings) {
        return of(launch, name, settings, null);
    }

    /**
     * The Job, owned by {@code owner} if not null (the server's Deployment: the cluster deletes the Job with it).
     * Not {@code blockOwnerDeletion}: that would need the right to update the Deployment's finalizers.
     */
    static Job of(RecorderLaunch launch, String name, KubernetesSettings settings, OwnerReference owner) {
        Map<String, String> labels = ownerLabels(settings.recordingsClaim());
        labels.put(LABEL_COMPONENT, "recorder");
        labels.put(LABEL_RECORDING, labelValue(launch.recordingId()));
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(LABEL_JOB, name);
        List<EnvVar> env = new ArrayList<>();
        launch.environment(RecorderContract.CONTAINER_RECORDINGS_PATH).forEach((k, v) -> {
            if (v != null && SECRET_ENV.contains(k)) {
                env.add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName(k).withNewValueFrom()
                        .withNewSecretKeyRef(k, name, false).endValueFrom().build());
            } else if (v != null) {
                env.add(new EnvVar(k, v, null));
            }
        });
        List<Toleration> tolerations = settings.tolerations().stream().map(RecorderJob::toleration).toList();
        Quantity memory = new Quantity(settings.memory());
        // An uploading recorder writes in a volume of its pod's own, and its readiness (the file is non-empty) tells
        // the server it has started; otherwise it writes on the shared claim, where the server sees the file.
        Volume volume = launch.uploads()
                ? new VolumeBuilder().withName(VOLUME).withNewEmptyDir().endEmptyDir().build()
                : new VolumeBuilder().withName(VOLUME).withNewPersistentVolumeClaim(settings.recordingsClaim(), false).build();
        Probe writing = !launch.uploads() ? null : new ProbeBuilder()
                .withNewExec().withCommand("test", "-s", RecorderContract.CONTAINER_RECORDINGS_PATH + "/"
                        + launch.outputFile().getFileName()).endExec()
                .withPeriodSeconds(READY_PERIOD_SECONDS).withFailureThreshold(1).build();
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(labels)
                    .withAnnotations(Map.of(ANNOTATION_RECORDING, launch.recordingId()))
                    .withOwnerReferences(owner == null ? List.of() : List.of(owner))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(settings.deadline().toSeconds())
                    .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, settings.ttl().toSeconds()))
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(podLabels)
                            .withAnnotations(Map.of(ANNOTATION_RECORDING, launch.recordingId()))
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withTerminationGracePeriodSeconds(Math.max(1, (long) Math.ceil(settings.gracePeriod().toMillis() / 1000.0)))
                            .withServiceAccountName(settings.serviceAccount())
                            .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                            .withTolerations(tolerations.isEmpty() ? null : tolerations)
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(settings.image())
                                .withImagePullPolicy(settings.pullPolicy())
                                .withEnv(env)
                                .withNewResources()
                                    .withRequests(Map.of("cpu", new Quantity(settings.cpu()), "memory", memory))
                                    .withLimits(Map.of("memory", memory))
                                .endResources()
                                .withReadinessProbe(writing)
                                .addNewVolumeMount()
                                    .withName(VOLUME)
                                    .withMountPath(RecorderContract.CONTAINER_RECORDINGS_PATH)
                                    .withSubPath(launch.uploads() ? null : launch.subfolder())
                                .endVolumeMount()
                            .endContainer()
                            .withVolumes(volume)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The recording's Secret, named as its Job: the values of {@link #SECRET_ENV}, with the Job's labels so that
     * leftovers are found as the Jobs are. Made before the Job, then owned by it (the cluster deletes it with the
     * Job); this server deletes it too.
     */
    static io.fabric8.kubernetes.api.model.Secret secretOf(RecorderLaunch launch, String name, KubernetesSettings settings) {
        Map<String, String> labels = ownerLabels(settings.recordingsClaim());
        labels.put(LABEL_COMPONENT, "recorder");
        labels.put(LABEL_RECORDING, labelValue(launch.recordingId()));
        Map<String, String> data = new LinkedHashMap<>();
        launch.environment(RecorderContract.CONTAINER_RECORDINGS_PATH).forEach((k, v) -> {
            if (v != null && SECRET_ENV.contains(k)) {
                data.put(k, RecorderContract.URL.equals(k) ? onServerUrl(v, settings.serverUrl()) : v);
            }
        });
        return new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(labels)
                    .withAnnotations(Map.of(ANNOTATION_RECORDING, launch.recordingId()))
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
    }

    /**
     * The layout URL with its scheme, host and port (and path prefix) those of {@code serverUrl}, where a pod
     * reaches the server; its credentials, path, query and fragment kept. Unchanged when {@code serverUrl} is null.
     */
    static String onServerUrl(String layoutUrl, java.net.URI serverUrl) {
        if (serverUrl == null) {
            return layoutUrl;
        }
        int start = layoutUrl.indexOf("://") + 3;
        int end = start;
        while (end < layoutUrl.length() && "/?#".indexOf(layoutUrl.charAt(end)) < 0) {
            end++;
        }
        String authority = layoutUrl.substring(start, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String prefix = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath().replaceAll("/+$", "");
        return serverUrl.getScheme() + "://" + userInfo + serverUrl.getRawAuthority() + prefix + layoutUrl.substring(end);
    }

    /** {@code key[=value][:Effect]}: operator {@code Equal} with a value, {@code Exists} without. */
    static Toleration toleration(String item) {
        int colon = item.lastIndexOf(':');
        String effect = colon < 0 ? null : item.substring(colon + 1);
        String keyValue = colon < 0 ? item : item.substring(0, colon);
        int eq = keyValue.indexOf('=');
        TolerationBuilder t = new TolerationBuilder().withEffect(effect);
        if (eq < 0) {
            return t.withKey(keyValue).withOperator("Exists").build();
        }
        return t.withKey(keyValue.substring(0, eq)).withOperator("Equal").withValue(keyValue.substring(eq + 1)).build();
    }
}

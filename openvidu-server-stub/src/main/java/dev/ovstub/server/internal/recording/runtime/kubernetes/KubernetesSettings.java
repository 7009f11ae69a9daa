package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the Kubernetes runtime needs to know; each field is one {@code openvidu.recording.kubernetes.*} property
 * ({@link ServerConfig.KubernetesProperties} documents them), read once by {@link ServerConfig}.
 *
 * @param namespace where the Jobs are made; null for the client's own namespace (in the cluster: the server pod's)
 * @param image the recorder image reference ({@code .image}, else {@code openvidu.recording.image:version})
 * @param cpu the recorder container's CPU request (no CPU limit: throttling would drop frames)
 * @param memory the recorder container's memory request, and its limit
 * @param deadline the Job's {@code activeDeadlineSeconds}
 * @param ttl the Job's {@code ttlSecondsAfterFinished}
 * @param serviceAccount the recorder pods' service account; null for the namespace's default
 * @param pullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param nodeSelector labels a node must have to run a recorder
 * @param tolerations {@code key[=value][:Effect]} items
 * @param recordingsClaim the ReadWriteMany PersistentVolumeClaim mounted at {@code /recordings} in every recorder;
 *     this server must have the same volume at {@code recordingsPath}
 * @param recordingsPath {@code openvidu.recording.path}: where this server sees that volume
 * @param callTimeout bound on one API call that waits (the stop command's exec)
 * @param ownerDeployment the server's Deployment in the namespace, owner of every recorder Job; null for none
 * @param gracePeriod the pod's {@code terminationGracePeriodSeconds}: how long a recorder told to end by SIGTERM
 *     (Job deleted, deadline, node drain) has to finish its file, {@code openvidu.recording.stop-timeout}
 * @param serverUrl where recorder pods reach this server: their layout URL is given on it; null to keep the
 *     service's (the server's loopback address: only for tests where the "pod" runs beside the server)
 */
public record KubernetesSettings(String namespace, String image, String cpu, String memory, Duration deadline,
                                 Duration ttl, String serviceAccount, String pullPolicy, Map<String, String> nodeSelector,
                                 List<String> tolerations, String recordingsClaim, Path recordingsPath,
                                 Duration callTimeout, String ownerDeployment, Duration gracePeriod,
                                 java.net.URI serverUrl) {

    public KubernetesSettings {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(pullPolicy, "pullPolicy");
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        Objects.requireNonNull(recordingsClaim, "recordingsClaim");
        Objects.requireNonNull(recordingsPath, "recordingsPath");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
    }

    /** The settings a server configuration names, with 30 s per waiting call. */
    public static KubernetesSettings from(ServerConfig config) {
        ServerConfig.KubernetesProperties k = config.kubernetes();
        String image = k.image() != null ? k.image() : config.recordingImage() + ":" + config.recordingVersion();
        return new KubernetesSettings(k.namespace(), image, k.cpu(), k.memory(), k.deadline(), k.ttl(),
                k.serviceAccount(), k.pullPolicy(), k.nodeSelector(), k.tolerations(), k.recordingsClaim(),
                config.recordingPath(), Duration.ofSeconds(30), k.ownerDeployment(),
                config.stopTimeout(), k.serverUrl() != null ? k.serverUrl() : config.explicitPublicUrl().orElse(null));
    }

    /** The defaults of every {@code openvidu.recording.kubernetes.*} property, for this image and folder (tests). */
    public static KubernetesSettings defaults(String namespace, String image, Path recordingsPath) {
        ServerConfig.KubernetesProperties d = ServerConfig.KubernetesProperties.DEFAULTS;
        return new KubernetesSettings(namespace, image, d.cpu(), d.memory(), d.deadline(), d.ttl(), d.serviceAccount(),
                d.pullPolicy(), d.nodeSelector(), d.tolerations(), d.recordingsClaim(), recordingsPath,
                Duration.ofSeconds(30), d.ownerDeployment(), Duration.ofSeconds(30), null);
    }

    public KubernetesSettings withCallTimeout(Duration timeout) {
        return new KubernetesSettings(namespace, image, cpu, memory, deadline, ttl, serviceAccount, pullPolicy,
                nodeSelector, tolerations, recordingsClaim, recordingsPath, timeout, ownerDeployment,
                gracePeriod, serverUrl);
    }

    public KubernetesSettings withScheduling(String serviceAccount, Map<String, String> nodeSelector,
                                             List<String> tolerations) {
        return new KubernetesSettings(namespace, image, cpu, memory, deadline, ttl, serviceAccount, pullPolicy,
                nodeSelector, tolerations, recordingsClaim, recordingsPath, callTimeout, ownerDeployment,
                gracePeriod, serverUrl);
    }

    public KubernetesSettings withServerUrl(java.net.URI url) {
        return new KubernetesSettings(namespace, image, cpu, memory, deadline, ttl, serviceAccount, pullPolicy,
                nodeSelector, tolerations, recordingsClaim, recordingsPath, callTimeout, ownerDeployment,
                gracePeriod, url);
    }

    public KubernetesSettings withOwnerDeployment(String deployment) {
        return new KubernetesSettings(namespace, image, cpu, memory, deadline, ttl, serviceAccount, pullPolicy,
                nodeSelector, tolerations, recordingsClaim, recordingsPath, callTimeout, deployment,
                gracePeriod, serverUrl);
    }
}

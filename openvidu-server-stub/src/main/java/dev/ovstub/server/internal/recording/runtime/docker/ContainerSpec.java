package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.ovstub.server.internal.recorder.RecorderContract;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recording's container, as the OpenVidu 1.8 contract (§8) has it: named {@code recording_<id>}, host
 * network, the recordings folder bound to {@code /recordings}, the contract's environment; plus our labels, so
 * that leftovers can be found and removed. When that name is taken by a container this server may not remove
 * (another server's on the same engine), {@code recording_<id>_<random>}: the labels, not the name, say which
 * recording a container is for.
 */
record ContainerSpec(String name, String image, List<String> env, Map<String, String> labels, Path hostFolder) {

    /** Where the recordings folder is bound inside the container. */
    static final String CONTAINER_RECORDINGS = RecorderContract.CONTAINER_RECORDINGS_PATH;
    /** The recording id. */
    static final String LABEL_RECORDING = "dev.ovstub.recording";
    /** Marks the container as ours. */
    static final String LABEL_OWNER = "dev.ovstub.owner";
    static final String OWNER = "openvidu-server-stub";
    /**
     * The host folder bound to {@code /recordings}: a server reaps only the containers of its own folder, so
     * servers with different folders can share an engine.
     */
    static final String LABEL_FOLDER = "dev.ovstub.recordings-path";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code recording_<id>}, with a 2.x id's {@code ~} (not allowed in container names) written {@code .}. */
    static String containerName(String recordingId) {
        return "recording_" + recordingId.replace('~', '.');
    }

    /**
     * {@code recording_<id>_<8 random hex digits>}: the name used when {@code recording_<id>} is taken by a
     * container this server may not remove (another server's, or not ours at all).
     */
    static String alternativeName(String recordingId) {
        return containerName(recordingId) + "_" + String.format("%08x", RANDOM.nextInt());
    }

    /** This spec under another container name. */
    ContainerSpec withName(String otherName) {
        return new ContainerSpec(otherName, image, env, labels, hostFolder);
    }

    /**
     * Whether a container with these labels is provably one of this server's: ours, and bound to this
     * recordings folder.
     */
    static boolean ownedBy(Map<String, String> labels, Path recordingsPath) {
        return labels != null && OWNER.equals(labels.get(LABEL_OWNER))
                && recordingsPath.toString().equals(labels.get(LABEL_FOLDER));
    }

    /** The labels every container of a server with this recordings folder carries, whatever its recording. */
    static Map<String, String> ownerLabels(Path recordingsPath) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_OWNER, OWNER);
        labels.put(LABEL_FOLDER, recordingsPath.toString());
        return labels;
    }

    static ContainerSpec of(RecorderLaunch launch, String image, Path recordingsPath) {
        List<String> env = new ArrayList<>();
        launch.environment(CONTAINER_RECORDINGS).forEach((k, v) -> {
            if (v != null) {
                env.add(k + "=" + v);
            }
        });
        Map<String, String> labels = ownerLabels(recordingsPath);
        labels.put(LABEL_RECORDING, launch.recordingId());
        // A 2.x recording's container sees only its own folder as /recordings.
        Path bound = launch.subfolder() == null ? recordingsPath : recordingsPath.resolve(launch.subfolder());
        return new ContainerSpec(containerName(launch.recordingId()), image, List.copyOf(env), Map.copyOf(labels),
                bound);
    }

    /** Fills a create-container command with this spec. */
    CreateContainerCmd applyTo(CreateContainerCmd cmd) {
        return cmd.withName(name)
                .withEnv(env)
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("host")
                        .withBinds(new Bind(hostFolder.toString(), new Volume(CONTAINER_RECORDINGS))));
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code openvidu.recording.runtime=docker}: one container per recording through the Docker Engine API (Docker,
 * or Podman serving the same API), as OpenVidu 1.8 does (wire contract §8). Works with the official
 * {@code openvidu/openvidu-recording} image and with ours ({@code recorder-image/}).
 *
 * <p>Containers are labelled ({@link ContainerSpec}); leftovers of this recordings folder are removed at start-up
 * and at shutdown, and every container is removed once it has exited or been killed.
 */
public final class DockerRuntime implements RecorderRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);

    /** OpenVidu 1.8's words, kept exactly. */
    public static final String ENGINE_DOWN =
            "Exception connecting to Docker daemon: you need Docker installed in this machine to enable OpenVidu recorder service";

    private final DockerSettings settings;
    private final EngineClients engine;
    private final Map<String, RecordingContainer> running = new ConcurrentHashMap<>();
    private final ExecutorService followUps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-recorder-exit");
        t.setDaemon(true);
        return t;
    });
    /** The engine answered {@link #prepare()}: worth asking it to remove leftovers at close. */
    private volatile boolean ready;
    private volatile boolean closed;

    public DockerRuntime(DockerSettings settings) {
        this.settings = settings;
        this.engine = EngineClients.connect(settings);
    }

    /**
     * The runtime for a server configuration: {@code openvidu.recording.image}, {@code openvidu.recording.version},
     * {@code openvidu.recording.path}; the engine from {@code DOCKER_HOST}, else the default socket.
     */
    public static DockerRuntime create(ServerConfig config) {
        return new DockerRuntime(DockerSettings.of(config.recordingImage(), config.recordingVersion(), config.recordingPath()));
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * Checks the recordings path, pings the engine and makes sure the image is present, pulling it if not.
     *
     * @throws IllegalStateException with the message for the operator
     */
    @Override
    public void prepare() {
        if (!settings.recordingsPath().isAbsolute()) {
            throw new IllegalStateException("openvidu.recording.path must be an absolute path with the Docker recording runtime"
                    + " (it is '" + settings.recordingsPath() + "'): it is bound into every recording container,"
                    + " so it must be absolute and identical on the host and inside any container running this server");
        }
        ping();
        new ImagePuller(engine).ensurePresent(settings.image(), settings.tag(), settings.pullTimeout());
        ready = true;
        LOG.info("Docker recording runtime ready: engine {}, API {}, image {}, recordings {}",
                engine.engine(), settings.apiVersion(), settings.imageReference(), settings.recordingsPath());
    }

    private void ping() {
        try {
            engine.calls().pingCmd().exec();
        } catch (DockerException e) {
            // The engine answered, but with an error: most likely it does not speak our API version.
            throw new IllegalStateException("The Docker daemon at " + engine.engine() + " refused API version "
                    + settings.apiVersion() + ": " + EngineErrors.reason(e)
                    + " (set DOCKER_API_VERSION to a version it supports)", e);
        } catch (RuntimeException e) {
            LOG.warn("Cannot reach the Docker daemon at {}: {}", engine.engine(), EngineErrors.reason(e));
            throw new IllegalStateException(ENGINE_DOWN, e);
        }
    }

    @Override
    public RecorderProcess launch(RecorderLaunch launch) throws IOException {
        if (closed) {
            throw new IOException("the Docker recording runtime is closed");
        }
        ContainerSpec spec = ContainerSpec.of(launch, settings.imageReference(), settings.recordingsPath());
        String containerId = create(spec);
        try {
            engine.calls().startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            RecordingContainer.removeContainer(engine, containerId, spec.name());
            throw new IOException("cannot start container " + spec.name() + ": " + EngineErrors.reason(e), e);
        }
        RecordingContainer container = new RecordingContainer(engine, launch.recordingId(), spec.name(), containerId,
                settings.responseTimeout(), () -> closed, followUps);
        ContainerLogForwarder.follow(engine, containerId, launch.recordingId());
        running.put(launch.recordingId(), container);
        container.exit().whenComplete((code, error) -> running.remove(launch.recordingId(), container));
        container.watch();
        LOG.debug("Recorder for {} running as {}", launch.recordingId(), container.describe());
        return container;
    }

    /** Creates the container; a leftover with the same name is removed and the creation tried once more. */
    private String create(ContainerSpec spec) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                CreateContainerResponse created = spec.applyTo(engine.calls().createContainerCmd(spec.image())).exec();
                return created.getId();
            } catch (RuntimeException e) {
                if (!EngineErrors.isNameConflict(e)) {
                    throw new IOException("cannot create container " + spec.name() + " from " + spec.image() + ": "
                            + EngineErrors.reason(e), e);
                }
                if (attempt > 1) {
                    throw new IOException("cannot create container " + spec.name() + ": " + EngineErrors.reason(e), e);
                }
                LOG.warn("A leftover container {} is in the way: removing it", spec.name());
                RecordingContainer.removeContainer(engine, spec.name(), spec.name());
            }
        }
    }

    /**
     * Removes the containers of this recordings folder whose recording is not in {@code liveRecordingIds} (and
     * is not running through this runtime). Never throws: a failure is logged.
     */
    @Override
    public void reapOrphans(Set<String> liveRecordingIds) {
        List<Container> containers;
        try {
            containers = engine.calls().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(ContainerSpec.ownerLabels(settings.recordingsPath()))
                    .exec();
        } catch (RuntimeException e) {
            LOG.warn("Cannot list leftover recording containers: {}", EngineErrors.reason(e));
            return;
        }
        Set<String> spare = new HashSet<>(liveRecordingIds);
        spare.addAll(running.keySet());
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String recordingId = labels.get(ContainerSpec.LABEL_RECORDING);
            if (!ContainerSpec.OWNER.equals(labels.get(ContainerSpec.LABEL_OWNER))
                    || !settings.recordingsPath().toString().equals(labels.get(ContainerSpec.LABEL_FOLDER))) {
                continue; // the engine ignored the filter
            }
            if (recordingId != null && spare.contains(recordingId)) {
                continue;
            }
            String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
            if (RecordingContainer.removeContainer(engine, c.getId(), name)) {
                LOG.info("Removed leftover recording container {} (recording {}, {})", name, recordingId, c.getState());
            }
        }
    }

    /** Kills what is still running, removes leftovers (if the engine was reachable), releases the engine connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (RecordingContainer c : running.values()) {
            c.kill();
        }
        if (ready) {
            reapOrphans(Set.of());
        }
        closed = true;
        engine.close();
        followUps.shutdown();
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.ovstub.server.internal.recording.runtime.LaunchGate;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code openvidu.recording.runtime=docker}: one container per recording through the Docker Engine API (Docker,
 * or Podman serving the same API), as OpenVidu 1.8 does (wire contract §8). Works with the official
 * {@code openvidu/openvidu-recording} image and with ours ({@code recorder-image/}).
 *
 * <p>Containers are labelled ({@link ContainerSpec}); leftovers of this recordings folder are removed at start-up
 * and at shutdown, and every container is removed once it has exited or been killed. A container this server did
 * not make for this recordings folder is never removed, even when it holds the name {@code recording_<id>}: ours
 * is then named {@code recording_<id>_<random>}, so servers with different recordings folders share an engine.
 */
public final class DockerRuntime implements RecorderRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    /** Creation attempts per launch: the contract's name, maybe again after removing our leftover, then others. */
    private static final int CREATE_ATTEMPTS = 5;

    /** OpenVidu 1.8's words, kept exactly. */
    public static final String ENGINE_DOWN =
            "Exception connecting to Docker daemon: you need Docker installed in this machine to enable OpenVidu recorder service";

    private final DockerSettings settings;
    private final EngineClients engine;
    private final RecorderLines.Output recorderOutput;
    private final Map<String, RecordingContainer> running = new ConcurrentHashMap<>();
    private final ExecutorService followUps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-recorder-exit");
        t.setDaemon(true);
        return t;
    });
    /** The engine answered {@link #prepare()}: worth asking it to remove leftovers at close. */
    private volatile boolean ready;
    /** Launches pass it; {@link #close()} waits for the launches under way, so none leaves a container behind it. */
    private final LaunchGate gate = new LaunchGate("Docker");

    public DockerRuntime(DockerSettings settings) {
        this(settings, RecorderLines.LOG);
    }

    /** With the recorders' output going to {@code recorderOutput} instead of our log (tests). */
    DockerRuntime(DockerSettings settings, RecorderLines.Output recorderOutput) {
        this.settings = settings;
        this.recorderOutput = recorderOutput;
        this.engine = EngineClients.connect(settings);
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
        return gate.launch(() -> {
            ContainerSpec spec = ContainerSpec.of(launch, settings.imageReference(), settings.recordingsPath());
            Created created = create(spec, launch.recordingId());
            try {
                engine.calls().startContainerCmd(created.id()).exec();
            } catch (RuntimeException e) {
                RecordingContainer.removeContainer(engine, created.id(), created.name());
                throw new IOException("cannot start container " + created.name() + ": " + EngineErrors.reason(e), e);
            }
            RecordingContainer container = new RecordingContainer(engine, launch.recordingId(), created.name(),
                    created.id(), settings.responseTimeout(), gate::isClosed, followUps);
            ContainerLogForwarder.follow(engine, created.id(), launch.recordingId(), SecretMask.of(launch.layoutUrl()),
                    recorderOutput);
            running.put(launch.recordingId(), container);
            container.exit().whenComplete((code, error) -> running.remove(launch.recordingId(), container));
            container.watch();
            LOG.debug("Recorder for {} running as {}", launch.recordingId(), container.describe());
            return container;
        });
    }

    private record Created(String id, String name) {}

    /**
     * Creates the container, named {@code recording_<id>} if possible. When the name is taken: a container that is
     * provably ours (our labels, this recordings folder) and not running is a leftover, removed and the name tried
     * again; any other (another server's, or one we did not make, or running) is never touched, and ours gets
     * {@code recording_<id>_<random>} instead.
     */
    private Created create(ContainerSpec spec, String recordingId) throws IOException {
        String name = spec.name();
        boolean leftoverRemoved = false;
        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            try {
                CreateContainerResponse created = spec.withName(name).applyTo(engine.calls().createContainerCmd(spec.image())).exec();
                return new Created(created.getId(), name);
            } catch (RuntimeException e) {
                if (!EngineErrors.isNameConflict(e)) {
                    throw new IOException("cannot create container " + name + " from " + spec.image() + ": "
                            + EngineErrors.reason(e), e);
                }
            }
            InspectContainerResponse holder;
            try {
                holder = engine.calls().inspectContainerCmd(name).exec();
            } catch (NotFoundException gone) {
                continue; // removed in the meantime: try the name again
            } catch (RuntimeException e) {
                throw new IOException("cannot create container " + name + ": the name is taken and the container"
                        + " holding it cannot be inspected: " + EngineErrors.reason(e), e);
            }
            Map<String, String> labels = holder.getConfig() == null ? null : holder.getConfig().getLabels();
            boolean ours = ContainerSpec.ownedBy(labels, settings.recordingsPath());
            if (ours && !leftoverRemoved && !isLive(holder.getState())) {
                LOG.warn("A leftover container {} of this recordings folder is in the way: removing it", name);
                RecordingContainer.removeContainer(engine, holder.getId(), name);
                leftoverRemoved = true;
                continue;
            }
            String alternative = ContainerSpec.alternativeName(recordingId);
            LOG.info("Container name {} is taken by {} ({}): this recording's container is {}", name,
                    shortId(holder.getId()), ours ? "running, of this recordings folder" : describeOwner(labels),
                    alternative);
            name = alternative;
        }
        throw new IOException("cannot create a container for recording " + recordingId + ": its names are taken");
    }

    /** Running, paused or restarting: someone may still be using it. */
    private static boolean isLive(InspectContainerResponse.ContainerState state) {
        return state == null || Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getPaused())
                || Boolean.TRUE.equals(state.getRestarting());
    }

    private static String describeOwner(Map<String, String> labels) {
        if (labels == null || !ContainerSpec.OWNER.equals(labels.get(ContainerSpec.LABEL_OWNER))) {
            return "not made by this server";
        }
        return "another server's, recordings folder " + labels.get(ContainerSpec.LABEL_FOLDER);
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * Recorder containers of this folder still running (their server was killed: a container does not notice) get
     * the stop command, then are waited for within the bound; they are removed later by {@link #reapOrphans}.
     */
    @Override
    public void finishLeftovers(java.time.Duration bound) {
        List<Container> containers;
        try {
            containers = engine.calls().listContainersCmd()
                    .withLabelFilter(ContainerSpec.ownerLabels(settings.recordingsPath()))
                    .exec(); // running ones only
        } catch (RuntimeException e) {
            LOG.warn("Cannot list leftover recording containers: {}", EngineErrors.reason(e));
            return;
        }
        List<Container> ours = containers.stream()
                .filter(c -> ContainerSpec.ownedBy(c.getLabels() == null ? Map.of() : c.getLabels(), settings.recordingsPath()))
                .filter(c -> !running.containsKey(labelOf(c)))
                .toList();
        if (ours.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + bound.toNanos(); // one bound for all, stop commands included
        for (Container c : ours) {
            LOG.info("Recorder container {} of an earlier server still runs: asking it to finish recording {}",
                    nameOf(c), labelOf(c));
            RecordingContainer.sendStopCommand(engine, c.getId(), nameOf(c), settings.responseTimeout());
        }
        for (Container c : ours) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try (com.github.dockerjava.core.command.WaitContainerResultCallback wait = engine.streams()
                    .waitContainerCmd(c.getId()).exec(new com.github.dockerjava.core.command.WaitContainerResultCallback())) {
                Integer code = wait.awaitStatusCode(Math.max(1, left), TimeUnit.MILLISECONDS);
                LOG.info("Recorder container {} finished (exit code {})", nameOf(c), code);
            } catch (java.io.IOException e) {
                LOG.debug("Closing the wait on {}: {}", nameOf(c), e.toString());
            } catch (RuntimeException e) {
                LOG.warn("Recorder container {} did not finish within {} ms: {}", nameOf(c), bound.toMillis(),
                        EngineErrors.reason(e));
            }
        }
    }

    private static String labelOf(Container c) {
        return c.getLabels() == null ? "" : c.getLabels().getOrDefault(ContainerSpec.LABEL_RECORDING, "");
    }

    private static String nameOf(Container c) {
        return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
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
            if (!ContainerSpec.ownedBy(labels, settings.recordingsPath())) {
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

    /** Whether {@link #close()} has begun. */
    boolean isClosed() {
        return gate.isClosed();
    }

    /**
     * Refuses launches from now on, waits (bounded) for those under way, kills what is still running, removes
     * leftovers (if the engine was reachable) and releases the engine connections. Only the first call does this.
     */
    @Override
    public void close() {
        if (!gate.beginClose()) {
            return;
        }
        try {
            gate.afterLaunches(settings.connectTimeout().plus(settings.responseTimeout().multipliedBy(4)),
                    "the Docker engine", () -> {
                        for (RecordingContainer c : running.values()) {
                            c.kill();
                        }
                        if (ready) {
                            reapOrphans(Set.of());
                        }
                    });
        } finally {
            engine.close();
            followUps.shutdown();
        }
    }
}

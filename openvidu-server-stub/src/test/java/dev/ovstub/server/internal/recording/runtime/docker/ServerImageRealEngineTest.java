package dev.ovstub.server.internal.recording.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server image ({@code server-image/build-local.sh}, {@code localhost/ovstub-server}) run as OpenVidu 1.8's
 * {@code openvidu/openvidu-server} was: configured by environment (1.8's dotted names and upper snake case), a
 * session recorded through the public API and the simulated participants' control API, the MP4 downloaded from
 * the container's port and decoded here. Once with the embedded runtime (recorder child JVMs inside the server's
 * container), once with the Docker runtime (the engine's socket mounted, recorders as sibling containers of
 * {@code localhost/ovstub-recorder}, the recordings path identical on both sides).
 *
 * <p>Skipped, saying why, unless {@code DOCKER_HOST} answers and the images are there. Images: env
 * {@code OVSTUB_SERVER_IMAGE} / {@code OVSTUB_RECORDER_IMAGE} ({@code name:tag}), else the newest
 * {@code localhost/ovstub-server:*} / {@code localhost/ovstub-recorder:*} of the engine.
 */
@Timeout(240)
class ServerImageRealEngineTest {
    private static final String SECRET = "image secret";
    private static final String MY_UID = "4321";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String serverImage;
    private static String recorderImage;
    /** Why no test can run here, or null. */
    private static String skipReason;

    @TempDir
    Path tmp;

    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void engineAndImages() {
        skipReason = whyNot();
    }

    @BeforeEach
    void onlyWithAnEngineAndTheServerImage() {
        assumeTrue(skipReason == null, skipReason);
    }

    private static String whyNot() {
        String host = engineHost();
        if (host == null || host.isBlank()) {
            return "DOCKER_HOST is not set: no engine to run the server image on"
                    + " (run .ci/podman-setup.sh and export the DOCKER_HOST it prints)";
        }
        try (EngineClients engine = engine()) {
            try {
                engine.calls().pingCmd().exec();
            } catch (RuntimeException e) {
                return "DOCKER_HOST=" + host + " does not answer a ping: " + EngineErrors.reason(e);
            }
            serverImage = LocalImages.find(engine.calls(), "OVSTUB_SERVER_IMAGE", "localhost/ovstub-server:");
            if (serverImage == null) {
                return "no server image on " + host
                        + ": build it with server-image/build-local.sh (or set OVSTUB_SERVER_IMAGE)";
            }
            recorderImage = LocalImages.find(engine.calls(), "OVSTUB_RECORDER_IMAGE", "localhost/ovstub-recorder:");
        }
        return null;
    }

    private static String engineHost() {
        return ServerConfig.from(PropertySource.ofSystem()).dockerHost().orElse(null);
    }

    private static EngineClients engine() {
        String host = engineHost();
        return EngineClients.connect(DockerSettings.of(host == null ? null : URI.create(host),
                ServerConfig.from(PropertySource.ofSystem()).dockerApiVersion(), "unused", "unused", Path.of("/"))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(1)));
    }

    @AfterEach
    void removeContainers() {
        try (EngineClients engine = engine()) {
            for (String id : containers) {
                try {
                    engine.calls().stopContainerCmd(id).withTimeout(20).exec();
                } catch (RuntimeException e) {
                    // already stopped, or gone: removed below either way
                }
                try {
                    engine.calls().removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException e) {
                    // gone
                }
            }
        }
    }

    @Test
    void theImageRecordsTwoPublishersWithTheEmbeddedRuntimeAndServesTheMp4OnItsPublishedPort() throws Exception {
        // The container's own default recordings path (1.8's /opt/openvidu/recordings), mounted to see the owner.
        Path folder = openFolder("embedded");
        String id;
        try (EngineClients engine = engine()) {
            ExposedPort port = ExposedPort.tcp(8443);
            Ports bindings = new Ports();
            bindings.bind(port, Ports.Binding.empty());
            id = engine.calls().createContainerCmd(serverImage)
                    .withExposedPorts(port)
                    .withEnv(
                            "openvidu.recording=true",                 // 1.8's dotted names, as its docs pass them
                            "openvidu.recording.free-access=true",
                            "OPENVIDU_SECRET=" + SECRET,              // and upper snake case
                            "OPENVIDU_RECORDING_RESOLUTION=640x360",
                            "SERVER_SSL_ENABLED=false",
                            "MY_UID=" + MY_UID)
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings)
                            .withBinds(new Bind(folder.toString(), new Volume("/opt/openvidu/recordings"))))
                    .exec().getId();
            containers.add(id);
            engine.calls().startContainerCmd(id).exec();
            InspectContainerResponse inspected = engine.calls().inspectContainerCmd(id).exec();
            Ports.Binding[] published = inspected.getNetworkSettings().getPorts().getBindings().get(port);
            assertThat(published).as("published host port of 8443/tcp").isNotEmpty();
            String base = "http://127.0.0.1:" + published[0].getHostPortSpec();

            JsonNode info = awaitServer(engine, id, base);
            assertThat(info.path("runtime").asText()).isEqualTo("embedded");
            assertThat(info.path("recordingsPath").asText()).isEqualTo("/opt/openvidu/recordings");

            JsonNode recording = recordTwoPublishers(base, Duration.ofSeconds(2));
            Path mp4 = downloadAndCheck(base, recording);
            assertThat(Files.getAttribute(folder.resolve(recording.path("id").asText() + ".mp4"), "unix:uid"))
                    .as("owner of the file on the mounted folder = MY_UID").isEqualTo(Integer.parseInt(MY_UID));
            assertThat(Files.mismatch(mp4, folder.resolve(recording.path("id").asText() + ".mp4")))
                    .as("downloaded bytes = the file in the folder").isEqualTo(-1L);
        }
    }

    @Test
    void theImageRecordsThroughSiblingRecorderContainersWithTheEnginesSocketMounted() throws Exception {
        String host = engineHost();
        assumeTrue(host.startsWith("unix://"), "DOCKER_HOST=" + host + " is not a Unix socket: nothing to mount");
        assumeTrue(recorderImage != null, "no recorder image: build it with recorder-image/build-local.sh"
                + " (or set OVSTUB_RECORDER_IMAGE)");
        Path socket = Path.of(host.substring("unix://".length()));
        // The Docker runtime mounts <openvidu.recording.path>:/recordings in each recorder: that path is the
        // engine host's, so it must be the same inside the server's container.
        Path folder = openFolder("docker-runtime");
        int port = freePort();
        int colon = recorderImage.lastIndexOf(':');
        try (EngineClients engine = engine()) {
            String id = engine.calls().createContainerCmd(serverImage)
                    .withEnv(
                            "openvidu.recording=true",
                            "openvidu.recording.free-access=true",
                            "openvidu.recording.path=" + folder,
                            "openvidu.recording.runtime=docker",
                            "openvidu.recording.image=" + recorderImage.substring(0, colon),
                            "openvidu.recording.version=" + recorderImage.substring(colon + 1),
                            "OPENVIDU_RECORDING_RESOLUTION=640x360",
                            "OPENVIDU_SECRET=" + SECRET,
                            "SERVER_PORT=" + port,
                            "SERVER_SSL_ENABLED=false",
                            "MY_UID=" + MY_UID)
                    // host network, as 1.8's docs run openvidu/openvidu-server: recorders (host network too) reach
                    // the layout page on 127.0.0.1:<port>
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withBinds(
                            new Bind(socket.toString(), new Volume("/var/run/docker.sock")),
                            new Bind(folder.toString(), new Volume(folder.toString()))))
                    .exec().getId();
            containers.add(id);
            engine.calls().startContainerCmd(id).exec();
            String base = "http://127.0.0.1:" + port;

            JsonNode info = awaitServer(engine, id, base);
            assertThat(info.path("runtime").asText()).isEqualTo("docker");
            assertThat(info.path("recordingsPath").asText()).isEqualTo(folder.toString());

            JsonNode recording = recordTwoPublishers(base, Duration.ofSeconds(2));
            String recordingId = recording.path("id").asText();
            Path mp4 = downloadAndCheck(base, recording);
            Path onHost = folder.resolve(recordingId + ".mp4");
            assertThat(Files.getAttribute(onHost, "unix:uid")).as("owner = MY_UID").isEqualTo(Integer.parseInt(MY_UID));
            assertThat(Files.mismatch(mp4, onHost)).as("downloaded bytes = the file on the host").isEqualTo(-1L);
            List<Container> recorders = engine.calls().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(ContainerSpec.LABEL_RECORDING, recordingId)).exec();
            assertThat(recorders).as("recorder containers of %s after the stop", recordingId).isEmpty();
        }
    }

    /**
     * Creates a session, joins two publishers with tokens, records for about {@code length}, stops; returns the
     * stopped recording's JSON.
     */
    private static JsonNode recordTwoPublishers(String base, Duration length) throws Exception {
        String session = post(base, "/api/sessions", "{}", 200).path("id").asText();
        for (String name : List.of("alice", "bob")) {
            String token = post(base, "/api/tokens",
                    JSON.writeValueAsString(Map.of("session", session, "role", "PUBLISHER")), 200).path("id").asText();
            JsonNode joined = post(base, "/stub/participants",
                    JSON.writeValueAsString(Map.of("session", session, "token", token, "metadata", name, "publish", true)), 200);
            assertThat(joined.path("publishing").asBoolean()).as("%s publishes", name).isTrue();
        }
        JsonNode started = post(base, "/api/recordings/start", JSON.writeValueAsString(Map.of("session", session)), 200);
        assertThat(started.path("status").asText()).isEqualTo("started");
        String id = started.path("id").asText();
        // The recording runs in real time: its length is wall-clock time by nature.
        Thread.sleep(length.toMillis());
        JsonNode stopped = post(base, "/api/recordings/stop/" + id, "", 200);
        assertThat(stopped.path("status").asText()).as("status after stop (free access)").isEqualTo("available");
        return stopped;
    }

    /** Downloads {@code /recordings/<id>.mp4} and decodes it: two 640x360 tiles, about as long as it was recorded. */
    private Path downloadAndCheck(String base, JsonNode recording) throws Exception {
        String id = recording.path("id").asText();
        Path file = tmp.resolve("download-" + id + ".mp4");
        HttpResponse<Path> got = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/recordings/" + id + ".mp4"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(got.statusCode()).as("GET /recordings/%s.mp4", id).isEqualTo(200);
        assertThat(Files.size(file)).as("downloaded size = the recording's size").isEqualTo(recording.path("size").asLong());

        MediaInfo info = Mp4Probe.probe(file);
        assertThat(info.hasVideo()).as("video").isTrue();
        assertThat(info.hasAudio()).as("audio").isTrue();
        assertThat(info.durationSeconds()).as("duration of a ~2 s recording").isBetween(1.5, 6.0);
        assertThat(info.durationSeconds()).as("duration = the recording's duration")
                .isCloseTo(recording.path("duration").asDouble(), org.assertj.core.data.Offset.offset(0.05));
        Mp4Frames.Picture picture = Mp4Frames.pictureAt(file, 1_000_000);
        assertThat(picture.width()).isEqualTo(640);
        assertThat(picture.height()).isEqualTo(360);
        // BEST_FIT with two publishers: two tiles side by side, each its own background colour
        int left = picture.rgbAround(80, 180, 6);
        int right = picture.rgbAround(560, 180, 6);
        assertThat(Mp4Frames.colorDistance(left, 0)).as("left tile %s is not black", Mp4Frames.hex(left)).isGreaterThan(30);
        assertThat(Mp4Frames.colorDistance(right, 0)).as("right tile %s is not black", Mp4Frames.hex(right)).isGreaterThan(30);
        // Two 16:9 tiles side by side are 320x180 in a 640x360 frame, so black bands lie above and below them (one
        // tile would fill the frame). Not "two different colours": a tile's colour comes from its participant's
        // random id, and two ids can give close colours.
        int band = picture.rgbAround(320, 40, 6);
        assertThat(Mp4Frames.colorDistance(band, 0)).as("band above the tiles %s is black", Mp4Frames.hex(band))
                .isLessThan(30);
        return file;
    }

    /** Waits for {@code /stub/info} to answer, failing early with the container's output if it exited. */
    private static JsonNode awaitServer(EngineClients engine, String containerId, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = HTTP.send(request(base, "/stub/info").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
            } catch (IOException e) {
                // not listening yet
            }
            InspectContainerResponse.ContainerState state = engine.calls().inspectContainerCmd(containerId).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                fail("the server container exited with code " + state.getExitCodeLong() + " before answering; its output:\n"
                        + logs(engine, containerId));
            }
            if (System.nanoTime() > deadline) {
                fail("the server in the container did not answer " + base + "/stub/info within 60 s; its output:\n"
                        + logs(engine, containerId));
            }
            Thread.sleep(100);
        }
    }

    private static String logs(EngineClients engine, String containerId) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        engine.calls().logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(60)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(10, TimeUnit.SECONDS);
        return out.toString();
    }

    private static JsonNode post(String base, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request(base, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s answered %s", path, r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static HttpRequest.Builder request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    private Path openFolder(String name) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(name));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder.toRealPath();
    }

    /** A port free on this host now (the server's container uses the host network). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

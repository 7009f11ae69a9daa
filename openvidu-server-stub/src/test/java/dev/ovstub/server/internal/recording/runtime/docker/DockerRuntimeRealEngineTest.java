package dev.ovstub.server.internal.recording.runtime.docker;

import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker runtime against a real engine (Docker, or Podman serving the Docker API: {@code .ci/podman-setup.sh})
 * and our recorder image ({@code recorder-image/build-local.sh}): records a session end to end. Skipped, saying
 * why, unless {@code DOCKER_HOST} answers and the image is there.
 *
 * <p>The image: env {@code OVSTUB_RECORDER_IMAGE} ({@code name:tag}), else the newest
 * {@code localhost/ovstub-recorder:*} of the engine.
 */
@Timeout(180)
class DockerRuntimeRealEngineTest {
    private static final String SECRET = "MY_SECRET";
    private static final String SHORT_ID = "realengine0001";

    private static String imageRef;
    private static HttpServer layoutServer;
    private static final AtomicInteger layoutPolls = new AtomicInteger();
    private static volatile String lastAuthorization;

    @TempDir
    static Path tmp;

    /** Why this test cannot run here, or null; checked once. */
    private static String skipReason;

    @BeforeAll
    static void engineAndImage() throws IOException {
        skipReason = whyNot();
        if (skipReason != null) {
            return;
        }
        layoutServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        layoutServer.createContext("/stub/layout/", ex -> {
            try (ex) {
                layoutPolls.incrementAndGet();
                lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
                String shortId = ex.getRequestURI().getPath().substring("/stub/layout/".length());
                if (!shortId.equals(SHORT_ID)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = ("{\"sessionId\": \"wss://localhost:4443/" + SHORT_ID + "\", \"layout\": \"BEST_FIT\","
                        + " \"version\": 1, \"publishers\": [{\"id\": \"con_alice\", \"metadata\": \"alice\", \"media\": null},"
                        + " {\"id\": \"con_bob\", \"metadata\": \"bob\", \"media\": null}]}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        layoutServer.start();
    }

    @BeforeEach
    void onlyWithAnEngineAndTheImage() {
        assumeTrue(skipReason == null, skipReason);
    }

    private static String whyNot() {
        String host = ServerConfig.from(PropertySource.ofSystem()).dockerHost().orElse(null);
        if (host == null || host.isBlank()) {
            return "DOCKER_HOST is not set: no engine for the real-engine test"
                    + " (run .ci/podman-setup.sh and export the DOCKER_HOST it prints)";
        }
        try {
            Class.forName("dev.ovstub.server.internal.recorder.RecorderMain");
        } catch (ClassNotFoundException e) {
            return "the recorder (dev.ovstub.server.internal.recorder.RecorderMain) is not in this build,"
                    + " so no image of it can record";
        }
        try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
            DockerClient client = engine.calls();
            try {
                client.pingCmd().exec();
            } catch (RuntimeException e) {
                return "DOCKER_HOST=" + host + " does not answer a ping: " + EngineErrors.reason(e);
            }
            imageRef = recorderImage(client);
            if (imageRef == null) {
                return "no recorder image on " + host
                        + ": build it with recorder-image/build-local.sh (or set OVSTUB_RECORDER_IMAGE)";
            }
        }
        return null;
    }

    /** OVSTUB_RECORDER_IMAGE, else the newest localhost/ovstub-recorder:* the engine has; null if none. */
    private static String recorderImage(DockerClient client) {
        return LocalImages.find(client, "OVSTUB_RECORDER_IMAGE", "localhost/ovstub-recorder:");
    }

    @AfterAll
    static void stopLayoutServer() {
        if (layoutServer != null) {
            layoutServer.stop(0);
        }
    }

    private DockerRuntime runtime(Path folder) {
        return runtime(imageRef, folder, RecorderLines.LOG);
    }

    private static DockerRuntime runtime(String image, Path folder, RecorderLines.Output output) {
        int colon = image.lastIndexOf(':');
        DockerSettings settings = engineSettings(image.substring(0, colon), image.substring(colon + 1), folder)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1));
        return new DockerRuntime(settings, output);
    }

    private static Path openFolder(String name) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(name));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder;
    }

    /** Waits until the recorder has written something, failing early if it exited. */
    private static void awaitWriting(RecorderProcess recorder, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(file) && Files.size(file) > 0)) {
            if (recorder.exit().isDone()) {
                fail("the recorder container exited with code " + recorder.exit().get() + " before writing " + file
                        + " (its output is in the log above; is " + imageRef + " built from this build's jar?"
                        + " rebuild it with recorder-image/build-local.sh)");
            }
            if (System.nanoTime() > deadline) {
                recorder.kill();
                fail("the recorder wrote nothing within 60 s (layout polls: " + layoutPolls.get() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Force-removes the containers named {@code recording_<id>} or {@code recording_<id>_*} (fixtures of an interrupted run). */
    private static void clearContainersOf(String recordingId) {
        try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
            for (Container c : containersNamedFor(engine, recordingId)) {
                engine.calls().removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    private static List<Container> containersNamedFor(EngineClients engine, String recordingId) {
        String name = ContainerSpec.containerName(recordingId);
        return engine.calls().listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec().stream()
                .filter(c -> List.of(c.getNames()).stream().anyMatch(n -> n.equals("/" + name) || n.startsWith("/" + name + "_")))
                .toList();
    }

    @Test
    void twoServersWithDifferentFoldersRecordTheSameSessionAndBothFilesPlay() throws Exception {
        String id = SHORT_ID + "-shared";
        clearContainersOf(id);
        Path firstFolder = openFolder("first-server");
        Path secondFolder = openFolder("second-server");
        try (DockerRuntime first = runtime(firstFolder); DockerRuntime second = runtime(secondFolder)) {
            first.prepare();
            second.prepare();
            RecorderLaunch firstLaunch = launch(id, firstFolder);
            RecorderLaunch secondLaunch = launch(id, secondFolder);
            RecorderProcess one = first.launch(firstLaunch);
            RecorderProcess two = second.launch(secondLaunch);
            awaitWriting(one, firstLaunch.outputFile());
            awaitWriting(two, secondLaunch.outputFile());
            try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
                assertThat(containersNamedFor(engine, id)).as("both recorders' containers").hasSize(2)
                        .allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
            }
            Thread.sleep(2000); // record a few seconds

            one.requestStop();
            two.requestStop();
            assertThat(one.exit().get(60, TimeUnit.SECONDS)).as("first server's recorder exit code").isZero();
            assertThat(two.exit().get(60, TimeUnit.SECONDS)).as("second server's recorder exit code").isZero();
            for (Path file : List.of(firstLaunch.outputFile(), secondLaunch.outputFile())) {
                MediaInfo info = Mp4Probe.probe(file);
                assertThat(info.hasVideo()).as("%s has video", file).isTrue();
                assertThat(info.durationSeconds()).as("%s duration", file).isGreaterThan(0.5);
            }
            try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
                assertThat(containersNamedFor(engine, id)).as("containers after both stopped").isEmpty();
            }
        }
    }

    @Test
    void forwardedOutputOfAnImageThatEchoesItsUrlNeverShowsTheSecret() throws Exception {
        String id = SHORT_ID + "-echo";
        clearContainersOf(id);
        String echoImage = "localhost/ovstub-echo-url:" + ProcessHandle.current().pid();
        String secret = "MY SECRET/ü+&";
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String url = "http://OPENVIDUAPP:" + encoded + "@127.0.0.1:" + layoutServer.getAddress().getPort()
                + "/#/layout-best-fit/" + SHORT_ID + "/" + encoded;
        List<String> lines = new CopyOnWriteArrayList<>();
        Path folder = openFolder("echo");
        try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
            // An image whose entry point prints $URL (raw, and on standard error) and then obeys the stop command.
            String builder = engine.calls().createContainerCmd(imageRef)
                    .withEntrypoint("/bin/sh", "-c", "echo \"URL=$URL\"; echo \"again: $URL\" >&2;"
                            + " while [ \"$(cat stop 2>/dev/null)\" != q ]; do sleep 0.2; done; echo bye")
                    .exec().getId();
            try {
                int colon = echoImage.lastIndexOf(':');
                engine.calls().commitCmd(builder).withRepository(echoImage.substring(0, colon))
                        .withTag(echoImage.substring(colon + 1)).exec();
            } finally {
                engine.calls().removeContainerCmd(builder).withForce(true).exec();
            }
            try (DockerRuntime runtime = runtime(echoImage, folder, (recording, line) -> lines.add(line))) {
                runtime.prepare();
                RecorderProcess echo = runtime.launch(new RecorderLaunch(id, url, "640x360", 15, "mp4", null, "{}", folder));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (lines.size() < 2 && System.nanoTime() < deadline && !echo.exit().isDone()) {
                    Thread.sleep(50);
                }
                echo.requestStop();
                assertThat(echo.exit().get(30, TimeUnit.SECONDS)).as("exit code").isZero();
            } finally {
                engine.calls().removeImageCmd(echoImage).withForce(true).exec();
            }
        }
        String masked = "http://OPENVIDUAPP:***@127.0.0.1:" + layoutServer.getAddress().getPort()
                + "/#/layout-best-fit/" + SHORT_ID + "/***";
        assertThat(lines).contains("URL=" + masked, "again: " + masked);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(encoded).doesNotContain(secret)
                .doesNotContain("SECRET"));
    }

    private static RecorderLaunch launch(String id, Path folder) {
        String url = "http://OPENVIDUAPP:" + SECRET + "@127.0.0.1:" + layoutServer.getAddress().getPort()
                + "/#/layout-best-fit/" + SHORT_ID + "/" + SECRET;
        return new RecorderLaunch(id, url, "640x360", 15, "mp4", "4321",
                "{\"id\":\"" + id + "\",\"sessionId\":\"" + SHORT_ID + "\",\"status\":\"starting\"}", folder);
    }

    @Test
    void recordsASessionInAContainerThatIsGoneAfterwards() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("recordings"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        String id = SHORT_ID;
        try (DockerRuntime runtime = runtime(folder)) {
            runtime.prepare();
            runtime.reapOrphans(Set.of());
            RecorderLaunch launch = launch(id, folder);
            RecorderProcess recorder = runtime.launch(launch);
            Path file = launch.outputFile();

            awaitWriting(recorder, file);
            Thread.sleep(3000); // record a few seconds
            recorder.requestStop();
            assertThat(recorder.exit().get(60, TimeUnit.SECONDS)).as("exit code").isZero();

            assertThat(layoutPolls.get()).as("layout polls").isPositive();
            assertThat(lastAuthorization).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)));
            assertThat(Files.size(file)).isGreaterThan(1000);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(12);
                assertThat(new String(head, 4, 4, StandardCharsets.US_ASCII)).as("MP4 ftyp box").isEqualTo("ftyp");
            }
            assertThat(Files.getAttribute(file, "unix:uid")).as("owner = USER_ID").isEqualTo(4321);
            assertThat(containersOf(id)).as("containers of %s after stop", id).isEmpty();
        }
    }

    @Test
    void aContainerUploadsItsFinishedFileToTheBucketAndLeavesNoneInTheFolder() throws Exception {
        dev.ovstub.server.testing.S3MockProcess s3 = dev.ovstub.server.testing.S3MockProcess.shared();
        String bucket = s3.newBucket("docker");
        Path folder = Files.createDirectories(tmp.resolve("uploading"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        String id = SHORT_ID;
        java.util.Map<String, String> storage = new java.util.HashMap<>(new dev.ovstub.server.internal.storage.S3Location(
                s3.endpoint(), null, bucket, true, "", dev.ovstub.server.testing.S3MockProcess.ACCESS_KEY,
                dev.ovstub.server.testing.S3MockProcess.SECRET_KEY).environment());
        storage.put("S3_KEY", id + ".mp4");
        try (DockerRuntime runtime = runtime(folder)) {
            runtime.prepare();
            runtime.reapOrphans(Set.of());
            RecorderLaunch launch = launch(id, folder).withStorage(storage);
            RecorderProcess recorder = runtime.launch(launch);

            awaitWriting(recorder, launch.outputFile());
            Thread.sleep(2000); // record a little
            recorder.requestStop();
            assertThat(recorder.exit().get(60, TimeUnit.SECONDS)).as("exit code").isZero();

            assertThat(launch.outputFile()).as("uploaded, then removed").doesNotExist();
            byte[] object = s3.object(bucket, id + ".mp4");
            assertThat(new String(object, 4, 4, StandardCharsets.US_ASCII)).as("MP4 ftyp box").isEqualTo("ftyp");
            assertThat(containersOf(id)).isEmpty();
        }
    }

    @Test
    void killedRecorderLeavesNoContainer() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("killed"));
        String id = SHORT_ID + "-killed";
        try (DockerRuntime runtime = runtime(folder)) {
            runtime.prepare();
            RecorderProcess recorder = runtime.launch(launch(id, folder));
            assertThat(containersOf(id)).hasSize(1);
            recorder.kill();
            assertThat(recorder.exit().get(30, TimeUnit.SECONDS)).isNotZero();
            assertThat(containersOf(id)).isEmpty();
        }
    }

    @Test
    void leftoversAreReapedAndOurOwnLeftoverInTheWayIsReplacedButAForeignContainerIsNot() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("leftovers"));
        String orphan = SHORT_ID + "-orphan";
        String inTheWay = SHORT_ID + "-again";
        String foreign = SHORT_ID + "-foreign";
        // Fixture names are fixed: clear any left by an earlier, interrupted run on this engine.
        for (String name : List.of(orphan, inTheWay, foreign)) {
            clearContainersOf(name);
        }
        try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp));
             DockerRuntime runtime = runtime(folder)) {
            Map<String, String> labels = new HashMap<>(ContainerSpec.ownerLabels(folder));
            labels.put(ContainerSpec.LABEL_RECORDING, orphan);
            String orphanId = engine.calls().createContainerCmd(imageRef).withName(ContainerSpec.containerName(orphan))
                    .withLabels(labels).withEntrypoint("sleep", "120").exec().getId();
            engine.calls().startContainerCmd(orphanId).exec();

            runtime.prepare();
            runtime.reapOrphans(Set.of());
            assertThat(containersOf(orphan)).as("running orphan").isEmpty();

            // A leftover of this folder (an earlier run that never started it) is in the way: replaced.
            labels.put(ContainerSpec.LABEL_RECORDING, inTheWay);
            String leftoverId = engine.calls().createContainerCmd(imageRef).withName(ContainerSpec.containerName(inTheWay))
                    .withLabels(labels).withEntrypoint("true").exec().getId();
            RecorderProcess recorder = runtime.launch(launch(inTheWay, folder));
            assertThat(containersOf(inTheWay)).hasSize(1).allSatisfy(c -> assertThat(c.getId()).isNotEqualTo(leftoverId));
            recorder.kill();
            assertThat(containersOf(inTheWay)).isEmpty();

            // A container without our labels (not provably ours) is never removed: ours gets another name.
            String foreignId = engine.calls().createContainerCmd(imageRef).withName(ContainerSpec.containerName(foreign))
                    .withEntrypoint("true").exec().getId();
            try {
                RecorderProcess beside = runtime.launch(launch(foreign, folder));
                assertThat(containersNamedFor(engine, foreign)).extracting(Container::getId).hasSize(2).contains(foreignId);
                beside.kill();
                assertThat(containersNamedFor(engine, foreign)).extracting(Container::getId).containsExactly(foreignId);
            } finally {
                engine.calls().removeContainerCmd(foreignId).withForce(true).exec();
            }
        }
    }

    @Test
    void missingImageThatCannotBePulledStopsStartUpWithTheEnginesReason() {
        DockerSettings settings = engineSettings("localhost/ovstub-no-such-image", "0", tmp)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1));
        try (DockerRuntime runtime = new DockerRuntime(settings)) {
            assertThatThrownBy(runtime::prepare)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot pull recorder image localhost/ovstub-no-such-image:0: ")
                    .satisfies(e -> System.out.println("pull failure as reported: " + e.getMessage()));
        }
    }

    private static List<Container> containersOf(String recordingId) {
        try (EngineClients engine = EngineClients.connect(engineSettings("unused", "unused", tmp))) {
            return engine.calls().listContainersCmd().withShowAll(true)
                    .withNameFilter(List.of(ContainerSpec.containerName(recordingId))).exec().stream()
                    .filter(c -> List.of(c.getNames()).contains("/" + ContainerSpec.containerName(recordingId)))
                    .toList();
        }
    }


    /** Settings on the engine this process is configured for ({@code DOCKER_HOST}, by -D or the environment). */
    private static DockerSettings engineSettings(String image, String tag, Path recordingsFolder) {
        ServerConfig config = ServerConfig.from(PropertySource.ofSystem());
        return DockerSettings.of(config.dockerHost().map(java.net.URI::create).orElse(null), config.dockerApiVersion(),
                image, tag, recordingsFolder);
    }
}

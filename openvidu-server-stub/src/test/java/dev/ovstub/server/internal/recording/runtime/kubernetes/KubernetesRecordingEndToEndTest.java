package dev.ovstub.server.internal.recording.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingJson;
import dev.ovstub.server.internal.recording.RecordingStatus;
import dev.ovstub.server.internal.recording.RecordingStore;
import dev.ovstub.server.internal.storage.S3Location;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.S3MockProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.embedded.EmbeddedRuntime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with {@code openvidu.recording.runtime=kubernetes}, its client configured the way a user's is (here
 * fabric8's {@code kubernetes.master} and {@code kubernetes.namespace} system properties, pointing at the CRUD mock
 * server), recording one session through the public API. The test plays the cluster: when a Job appears, its
 * "pod" runs the real recorder (the embedded runtime's child JVM) with the Job's environment on the folder the
 * claim stands for, the stop exec reaches that recorder, and the Job ends with the recorder's exit code. A real MP4
 * results, is listed, downloaded (with a Range) and deleted through the API. What this does not show: a real
 * kubelet, image, volume or exec.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(120)
class KubernetesRecordingEndToEndTest {
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount"};

    static KubernetesMockServer server;
    static KubernetesClient client;
    @TempDir
    static Path folder;
    private static JobController controller;
    private static EmbeddedRuntime pods;
    private static final Map<String, RecorderProcess> recorders = new ConcurrentHashMap<>();
    private static Thread execs;
    private static OpenViduServerStub stub;
    private static OpenVidu openVidu;

    @BeforeAll
    static void start() {
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.namespace", "recorders");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        pods = new EmbeddedRuntime();
        controller = new JobController(server, client, "recorders");
        controller.onRunning = KubernetesRecordingEndToEndTest::runRecorder;
        execs = new Thread(KubernetesRecordingEndToEndTest::deliverStops, "test-kubelet-exec");
        execs.setDaemon(true);
        execs.start();
        stub = OpenViduServerStub.builder().recording(true).recordingPath(folder).resolution("640x360")
                .runtime("kubernetes").startTimeout(Duration.ofSeconds(30)).stopTimeout(Duration.ofSeconds(30)).start();
        openVidu = new OpenVidu(stub.baseUrl().toString(), stub.secret());
    }

    @AfterAll
    static void stop() {
        try {
            if (openVidu != null) openVidu.close();
            if (stub != null) stub.close();
        } finally {
            execs.interrupt();
            controller.close();
            pods.close();
            for (String p : CLIENT_PROPERTIES) {
                System.clearProperty(p);
            }
        }
    }

    /** The pod's container: the real recorder, with the Job's environment, writing where the claim is mounted. */
    private static void runRecorder(Job job) {
        String name = job.getMetadata().getName();
        Map<String, String> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        String subPath = job.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().get(0).getSubPath();
        // The kubelet resolves the URL from the recording's Secret.
        String url = KubernetesRuntimeContractTest.secretValue(client, "recorders", name, "URL");
        boolean uploads = env.containsKey(S3Location.ENV_BUCKET);
        RecorderLaunch launch = new RecorderLaunch(RecorderJob.recordingOf(job), url, env.get("RESOLUTION"),
                Integer.parseInt(env.get("FRAMERATE")), env.get("VIDEO_FORMAT"), env.get("USER_ID"),
                env.get("RECORDING_JSON"), uploads ? emptyDir() : folder, env.get("VIDEO_NAME"), subPath);
        if (uploads) {
            // The pod's own volume (emptyDir), the S3 variables as given, the credentials from the recording's Secret.
            Map<String, String> storage = new java.util.HashMap<>();
            env.forEach((k, v) -> {
                if (k.startsWith("S3_")) {
                    storage.put(k, v);
                }
            });
            for (String key : List.of(S3Location.ENV_ACCESS_KEY, S3Location.ENV_SECRET_KEY)) {
                storage.put(key, KubernetesRuntimeContractTest.secretValue(client, "recorders", name, key));
            }
            launch = launch.withStorage(storage);
            Path output = launch.outputFile();
            Thread probe = new Thread(() -> { // the kubelet's readiness probe: test -s <file>
                dev.ovstub.server.testing.Await.await(() -> output.toFile().length() > 0, Duration.ofSeconds(30),
                        "the recorder's file in its pod");
                controller.ready(name);
            }, "test-readiness-probe");
            probe.setDaemon(true);
            probe.start();
        }
        server.expect().get().withPath("/api/v1/namespaces/recorders/pods/" + name
                        + "-pod/exec?command=bash&command=-c&command=echo%20%27q%27%20%3E%20stop&container=recorder&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open(new OutputStreamMessage(""), new StatusStreamMessage(0)).done().always();
        try {
            RecorderProcess recorder = pods.launch(launch);
            recorders.put(name, recorder);
            recorder.exit().thenAccept(code -> {
                if (code == 0) {
                    controller.succeed(name);
                } else {
                    controller.fail(name, code);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 100 bytes of a recording's file through the server's API (a Range request, with the secret). */
    private static java.net.http.HttpResponse<byte[]> firstBytes(OpenViduServerStub server, String id) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/recordings/" + id + ".mp4"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                ("OPENVIDUAPP:" + server.secret()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Range", "bytes=0-99").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path emptyDir() {
        try {
            return Files.createTempDirectory(folder.getParent(), "pod-volume-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubelet's part of an exec: the stop command reaches the pod's recorder. */
    private static void deliverStops() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RecordedRequest r = server.takeRequest();
                String path = r.getPath();
                int exec = path.indexOf("-pod/exec?");
                if (exec > 0) {
                    String job = path.substring(path.lastIndexOf('/', exec) + 1, exec);
                    RecorderProcess recorder = recorders.get(job);
                    if (recorder != null) {
                        recorder.requestStop();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withS3StorageTheJobsRecorderUploadsFromItsOwnVolumeAndTheServerServesAndDeletesTheObject() throws Exception {
        S3MockProcess s3 = S3MockProcess.shared();
        String bucket = s3.newBucket("k8s");
        Path metadataFolder = Files.createTempDirectory(folder.getParent(), "server-");
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(metadataFolder)
                .resolution("320x180").runtime("kubernetes").startTimeout(Duration.ofSeconds(30))
                .stopTimeout(Duration.ofSeconds(30))
                .s3Storage(s3.endpoint(), bucket, S3MockProcess.ACCESS_KEY, S3MockProcess.SECRET_KEY).start();
             OpenVidu ov = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            Session session = ov.createSession();
            server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("bob"));

            Archive started = ov.startRecording(session.getSessionId());
            Job job = client.batch().v1().jobs().inNamespace("recorders").list().getItems().get(0);
            io.fabric8.kubernetes.api.model.PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            assertThat(pod.getContainers().get(0).getReadinessProbe().getExec().getCommand())
                    .containsExactly("test", "-s", "/recordings/" + started.getId() + ".mp4");
            assertThat(pod.getContainers().get(0).getEnv()).as("no credentials in the Job itself")
                    .noneMatch(e -> S3MockProcess.SECRET_KEY.equals(e.getValue()));
            Thread.sleep(1200); // a recording of some length: the recorder is real-time
            Archive stopped = ov.stopRecording(started.getId());

            assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
            assertThat(s3.keys(bucket)).containsExactly(started.getId() + ".mp4");
            byte[] object = s3.object(bucket, started.getId() + ".mp4");
            assertThat(stopped.getSize()).isEqualTo(object.length);
            assertThat(stopped.getDuration()).isGreaterThan(1.0);
            assertThat(Files.exists(metadataFolder.resolve(started.getId() + ".mp4"))).as("nothing in the server's folder").isFalse();
            java.net.http.HttpResponse<byte[]> download = firstBytes(server, started.getId());
            assertThat(download.statusCode()).isEqualTo(206);
            assertThat(download.body()).isEqualTo(java.util.Arrays.copyOf(object, 100));
            Path copy = Files.write(metadataFolder.resolve("copy.mp4"), object);
            assertThat(Mp4Probe.probe(copy).width()).isEqualTo(320);
            assertThat(ov.listRecordings()).extracting(Archive::getId).containsExactly(started.getId());

            ov.deleteRecording(started.getId());
            assertThat(s3.keys(bucket)).isEmpty();
            assertThat(client.batch().v1().jobs().inNamespace("recorders").list().getItems()).as("Jobs left").isEmpty();
            assertThat(client.secrets().inNamespace("recorders").list().getItems()).as("Secrets left").isEmpty();
        }
    }

    @Test
    void aServerStartedOverTheFolderOfOneThatDiedTakesOverItsRunningJobAndStopsItThroughTheApi() throws Exception {
        S3MockProcess s3 = S3MockProcess.shared();
        String bucket = s3.newBucket("k8s-adopt");
        Path metadataFolder = Files.createTempDirectory(folder.getParent(), "server-");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // What the dead server left: the recording, started, in its folder; its recorder Job, running, recording.
        String id = "adopted-1";
        Recording started = Recording.starting(id, "wss://localhost:" + port + "/adopted", System.currentTimeMillis())
                .withStatus(RecordingStatus.STARTED);
        try (RecordingStore store = RecordingStore.open(metadataFolder)) {
            store.save(started);
        }
        String secret = "MY_SECRET";
        S3Location location = new S3Location(s3.endpoint(), null, bucket, true, "", S3MockProcess.ACCESS_KEY,
                S3MockProcess.SECRET_KEY);
        Map<String, String> storage = new java.util.HashMap<>(location.environment());
        storage.put("S3_KEY", id + ".mp4");
        RecorderLaunch launch = new RecorderLaunch(id, "http://OPENVIDUAPP:" + secret + "@localhost:" + port
                + "/#/layout-best-fit/adopted/" + secret, "320x180", 25, "mp4", null, RecordingJson.toJsonString(started),
                metadataFolder).withStorage(storage);
        KubernetesSettings settings = KubernetesSettings.from(dev.ovstub.server.internal.config.ServerConfig.builder()
                .runtime(dev.ovstub.server.internal.config.ServerConfig.RuntimeKind.KUBERNETES)
                .recordingPath(metadataFolder).build());
        String job = "rec-adopted-1-0000000a";
        client.secrets().inNamespace("recorders").resource(RecorderJob.secretOf(launch, job, settings)).create();
        client.batch().v1().jobs().inNamespace("recorders").resource(RecorderJob.of(launch, job, settings)).create();
        Await.await(() -> {
            Job j = client.batch().v1().jobs().inNamespace("recorders").withName(job).get();
            return j != null && j.getStatus() != null && Integer.valueOf(1).equals(j.getStatus().getReady());
        }, Duration.ofSeconds(30), "the Job's recorder writing (its pod ready)");

        try (OpenViduServerStub server = OpenViduServerStub.builder().port(port).secret(secret).recording(true)
                .recordingPath(metadataFolder).resolution("320x180").runtime("kubernetes")
                .startTimeout(Duration.ofSeconds(30)).stopTimeout(Duration.ofSeconds(30))
                .s3Storage(s3.endpoint(), bucket, S3MockProcess.ACCESS_KEY, S3MockProcess.SECRET_KEY).start();
             OpenVidu ov = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            assertThat(ov.getRecording(id).getStatus()).as("still being recorded").isEqualTo(Archive.Status.started);
            assertThat(client.batch().v1().jobs().inNamespace("recorders").withName(job).get()).as("not reaped").isNotNull();
            assertThat(recorders.get(job).exit()).as("not stopped").isNotDone();
            Thread.sleep(1200); // a recording of some length: the recorder is real-time

            Archive stopped = ov.stopRecording(id);

            assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
            assertThat(stopped.getDuration()).isGreaterThan(1.0);
            assertThat(s3.keys(bucket)).containsExactly(id + ".mp4");
            assertThat(stopped.getSize()).isEqualTo(s3.object(bucket, id + ".mp4").length);
            Await.await(() -> client.batch().v1().jobs().inNamespace("recorders").withName(job).get() == null,
                    Duration.ofSeconds(10), "the finished Job deleted");
        }
    }

    @Test
    void aRecordingStartedThroughTheApiIsRecordedByAJobAndEndsAsARealMp4() throws Exception {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("alice"));

        Archive started = openVidu.startRecording(session.getSessionId());
        assertThat(started.getStatus()).isEqualTo(Archive.Status.started);
        assertThat(client.batch().v1().jobs().inNamespace("recorders").list().getItems())
                .singleElement().satisfies(j -> assertThat(RecorderJob.recordingOf(j)).isEqualTo(started.getId()));
        Thread.sleep(1500); // a recording of some length: the recorder is real-time

        Archive stopped = openVidu.stopRecording(started.getId());

        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        Path file = stub.recording(started.getId()).orElseThrow().file();
        MediaInfo info = Mp4Probe.probe(file);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.width()).isEqualTo(640);
        assertThat(stopped.getDuration()).isGreaterThan(1.0);
        assertThat(stopped.getSize()).isEqualTo(info.sizeBytes());
        assertThat(client.batch().v1().jobs().inNamespace("recorders").list().getItems()).as("Jobs left").isEmpty();
        assertThat(client.secrets().inNamespace("recorders").list().getItems()).as("Secrets left").isEmpty();
        assertThat(openVidu.listRecordings()).extracting(Archive::getId).contains(started.getId());
        java.net.http.HttpResponse<byte[]> download = firstBytes(stub, started.getId());
        assertThat(download.statusCode()).isEqualTo(206);
        assertThat(download.body()).isEqualTo(java.util.Arrays.copyOf(Files.readAllBytes(file), 100));

        openVidu.deleteRecording(started.getId());
        assertThat(Files.exists(file)).isFalse();
        assertThat(openVidu.listRecordings()).extracting(Archive::getId).doesNotContain(started.getId());
    }
}

package dev.ovstub.server.internal.recording.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Mp4Frames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod fidelity: the server with {@code openvidu.recording.kubernetes} creates a recording's Job and Secret on the
 * fabric8 mock API server, and the pod template of that very Job is played by podman ({@code podman kube play}, as
 * a {@code kind: Pod}) with the real recorder image. The recorder polls the real layout page of the server running
 * in this test (host network), with a simulated publisher. The runtime's stop exec reaches the pod as
 * {@code podman exec <pod>-recorder} with the runtime's own stop command; the container's exit code ends the Job.
 * The MP4 the container wrote on the volume is decoded here (FFmpeg) and its picture has the RESOLUTION of the
 * template's environment.
 *
 * <p>What podman cannot play is replaced, and only that: the Secret reference of {@code URL} becomes the literal
 * value of the Secret the runtime created; the recordings claim becomes a hostPath volume to the claim's folder
 * here, with the mount's {@code subPath} folded into the hostPath; the image becomes the local recorder image
 * ({@code imagePullPolicy: Never}); the resources are dropped (no cgroup controllers in this sandbox); the pod gets
 * {@code hostNetwork} so that the layout URL's {@code localhost} is this test's server. Not checked here: scheduling,
 * requests and limits, the Job controller, ownerReferences, the service account.
 *
 * <p>Skipped, saying why, unless the {@code podman} CLI works and a recorder image is there (env
 * {@code OVSTUB_RECORDER_IMAGE}, else the newest {@code localhost/ovstub-recorder:*}: {@code recorder-image/build-local.sh}).
 * The podman commands use {@code CONTAINERS_CONF} when set (as {@code .ci/run} sets it), else a containers.conf of
 * this test with the runtime and ulimits of {@code .ci/podman-setup.sh}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(180)
class KubernetesPodTemplateInPodmanTest {
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount"};
    private static final String NS = "recorders";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesPodTemplateInPodmanTest.class);

    static KubernetesMockServer server;
    static KubernetesClient client;
    @TempDir
    static Path folder;
    @TempDir
    static Path work;
    private static String recorderImage;
    private static Path containersConf;
    private static JobController controller;
    private static Thread execs;
    private static OpenViduServerStub stub;
    private static OpenVidu openVidu;
    /** Played pods by Job name: the YAML file podman played. */
    private static final Map<String, Path> played = new ConcurrentHashMap<>();
    /** The played container's exit code, by Job name. */
    private static final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    /** The exit code of the stop command podman ran in the pod, by Job name. */
    private static final Map<String, CompletableFuture<Integer>> stops = new ConcurrentHashMap<>();
    /** The container's environment as played, by Job name. */
    private static final Map<String, Map<String, String>> playedEnv = new ConcurrentHashMap<>();

    /** Why the test cannot run here, or null. */
    private static String skipReason;

    @BeforeEach
    void onlyWherePodmanCanPlayTheTemplate() {
        assumeTrue(skipReason == null, skipReason);
    }

    @BeforeAll
    static void start() throws Exception {
        skipReason = whyNot();
        if (skipReason != null) {
            return;
        }
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.namespace", NS);
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        controller = new JobController(server, client, NS);
        controller.onRunning = KubernetesPodTemplateInPodmanTest::play;
        execs = new Thread(KubernetesPodTemplateInPodmanTest::deliverStops, "test-kubelet-exec");
        execs.setDaemon(true);
        execs.start();
        stub = OpenViduServerStub.builder().recording(true).recordingPath(folder).resolution("640x360")
                .runtime("kubernetes").startTimeout(Duration.ofSeconds(60)).stopTimeout(Duration.ofSeconds(60)).start();
        openVidu = new OpenVidu(stub.baseUrl().toString(), stub.secret());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (openVidu != null) openVidu.close();
            if (stub != null) stub.close();
        } finally {
            for (Path yaml : played.values()) {
                podman(Duration.ofSeconds(60), "kube", "down", yaml.toString());
            }
            if (execs != null) execs.interrupt();
            if (controller != null) controller.close();
            for (String p : CLIENT_PROPERTIES) {
                System.clearProperty(p);
            }
        }
    }

    /** Why podman cannot play the template here, or null. */
    private static String whyNot() throws Exception {
        String conf = System.getenv("CONTAINERS_CONF");
        if (conf != null && !conf.isBlank()) {
            containersConf = Path.of(conf);
        } else {
            containersConf = work.resolve("containers.conf");
            Files.writeString(containersConf, String.join("\n", "[containers]",
                    "default_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]", "", "[engine]", "runtime = \"runc\"", ""));
        }
        Result version;
        try {
            version = podman(Duration.ofSeconds(30), "version", "--format", "{{.Client.Version}}");
        } catch (IOException e) {
            return "no podman CLI on PATH (" + e.getMessage() + "): install it (.ci/podman-setup.sh does)";
        }
        if (version.code() != 0) {
            return "podman does not work here (podman version exited " + version.code() + "): " + version.output();
        }
        // A pod's infra container: podman builds its pause image locally from catatonit (no registry).
        Result pause = podman(Duration.ofSeconds(30), "images", "--format", "{{.Repository}}", "localhost/podman-pause");
        boolean catatonit = Stream.of("/usr/bin/catatonit", "/usr/libexec/podman/catatonit", "/usr/local/bin/catatonit")
                .anyMatch(f -> Files.isExecutable(Path.of(f)));
        if (!catatonit && (pause.code() != 0 || pause.output().isBlank())) {
            return "podman cannot build a pod's pause image here: no catatonit (apt-get install catatonit;"
                    + " .ci/podman-setup.sh installs it)";
        }
        String env = System.getenv("OVSTUB_RECORDER_IMAGE");
        if (env != null && !env.isBlank()) {
            recorderImage = env;
        } else {
            Result images = podman(Duration.ofSeconds(30), "images", "--sort", "created", "--format",
                    "{{.Repository}}:{{.Tag}}", "localhost/ovstub-recorder");
            recorderImage = images.code() != 0 ? null : images.output().lines()
                    .filter(l -> l.startsWith("localhost/ovstub-recorder:") && !l.endsWith(":<none>"))
                    .findFirst().orElse(null);
        }
        if (recorderImage == null || podman(Duration.ofSeconds(30), "image", "exists", recorderImage).code() != 0) {
            return "no recorder image " + (recorderImage == null ? "localhost/ovstub-recorder:*" : recorderImage)
                    + " in podman: build it with recorder-image/build-local.sh (or set OVSTUB_RECORDER_IMAGE)";
        }
        return null;
    }

    /** The kubelet's part: the Job's pod template, made playable, played by podman; its exit code ends the Job. */
    private static void play(Job job) {
        String name = job.getMetadata().getName();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + name
                        + "-pod/exec?command=bash&command=-c&command=echo%20%27q%27%20%3E%20stop&container=recorder&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open(new OutputStreamMessage(""), new StatusStreamMessage(0)).done().always();
        exits.put(name, new CompletableFuture<>());
        stops.put(name, new CompletableFuture<>());
        try {
            Pod pod = playable(job);
            playedEnv.put(name, pod.getSpec().getContainers().get(0).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)));
            Path yaml = work.resolve(name + ".yaml");
            Files.writeString(yaml, client.getKubernetesSerialization().asYaml(pod));
            played.put(name, yaml);
            Result r = podman(Duration.ofSeconds(90), "kube", "play", yaml.toString());
            if (r.code() != 0) {
                LOG.error("podman kube play exited {}: {}\n{}", r.code(), r.output(), Files.readString(yaml));
                exits.get(name).completeExceptionally(new AssertionError("podman kube play exited " + r.code() + ": "
                        + r.output() + "\n" + Files.readString(yaml)));
                controller.fail(name, 125);
                return;
            }
            Thread waiter = new Thread(() -> {
                try {
                    Result w = podman(Duration.ofSeconds(150), "wait", container(name));
                    int code = w.code() == 0 ? Integer.parseInt(w.output().strip()) : -1;
                    exits.get(name).complete(code);
                    if (code == 0) {
                        controller.succeed(name);
                    } else {
                        controller.fail(name, code);
                    }
                } catch (Exception e) {
                    exits.get(name).completeExceptionally(e);
                }
            }, "test-podman-wait");
            waiter.setDaemon(true);
            waiter.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The Job's pod template as a {@code kind: Pod}, with only what podman cannot play replaced (see the class
     * comment). Everything else (labels, annotations, env, command, mount path, restartPolicy, grace period) as the
     * runtime made it.
     */
    private static Pod playable(Job job) throws IOException {
        String name = job.getMetadata().getName();
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        Container c = spec.getContainers().get(0);
        List<EnvVar> env = new ArrayList<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() != null) {
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name);
                String value = KubernetesRuntimeContractTest.secretValue(client, NS,
                        e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey());
                assertThat(value).as("Secret value of " + e.getName()).isNotNull();
                env.add(new EnvVar(e.getName(), value, null));
            } else {
                env.add(e);
            }
        }
        String subPath = c.getVolumeMounts().get(0).getSubPath();
        Path hostPath = subPath == null ? folder : folder.resolve(subPath);
        Files.createDirectories(hostPath);
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .endMetadata()
                .withSpec(spec)
                .editSpec()
                    .withHostNetwork(true)
                    .editFirstContainer()
                        .withImage(recorderImage)
                        .withImagePullPolicy("Never")
                        .withResources(null)
                        .withEnv(env)
                        .editFirstVolumeMount().withSubPath(null).endVolumeMount()
                    .endContainer()
                    .withVolumes(new VolumeBuilder().withName(spec.getVolumes().get(0).getName())
                            .withNewHostPath().withPath(hostPath.toString()).withType("Directory").endHostPath().build())
                .endSpec()
                .build();
    }

    private static String container(String jobName) {
        return jobName + "-" + RecorderJob.CONTAINER;
    }

    /** The kubelet's part of an exec: the runtime's stop command, run in the played pod's container. */
    private static void deliverStops() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RecordedRequest r = server.takeRequest();
                String path = r.getPath();
                int exec = path.indexOf("-pod/exec?");
                if (exec > 0) {
                    String job = path.substring(path.lastIndexOf('/', exec) + 1, exec);
                    CompletableFuture<Integer> stop = stops.get(job);
                    if (stop != null) {
                        List<String> cmd = new ArrayList<>(List.of("exec", container(job)));
                        cmd.addAll(RecordingJob.STOP_COMMAND);
                        try {
                            stop.complete(podman(Duration.ofSeconds(30), cmd.toArray(String[]::new)).code());
                        } catch (IOException e) {
                            stop.completeExceptionally(e);
                        } catch (InterruptedException e) {
                            stop.completeExceptionally(e);
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theJobsPodTemplatePlayedByPodmanRecordsTheLayoutAndStopsOnTheRuntimesExecWithARealMp4() throws Exception {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("alice"));

        Archive started = openVidu.startRecording(session.getSessionId());
        assertThat(started.getStatus()).isEqualTo(Archive.Status.started);
        Job job = client.batch().v1().jobs().inNamespace(NS).list().getItems().get(0);
        String name = job.getMetadata().getName();
        Path yaml = Await.until("the played pod of " + name, () -> played.get(name), p -> p != null, Duration.ofSeconds(30));
        assertThat(Files.readString(yaml)).contains("kind: \"Pod\"").contains("restartPolicy: \"Never\"");
        // The recorder writes its MP4 on the volume, growing: the container runs and records.
        Path subfolder = folder.resolve(String.valueOf(
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().get(0).getSubPath()));
        Path hostFolder = Files.isDirectory(subfolder) ? subfolder : folder;
        Await.until(() -> mp4Size(hostFolder) > 20_000, Duration.ofSeconds(90),
                () -> "an MP4 of over 20 kB in " + hostFolder + " (now " + mp4Size(hostFolder) + " B); container: "
                        + logs(name));

        Archive stopped = openVidu.stopRecording(started.getId());

        assertThat(stops.get(name).get(30, TimeUnit.SECONDS)).as("podman exec of the stop command").isZero();
        assertThat(exits.get(name).get(60, TimeUnit.SECONDS)).as("the recorder container's exit code").isZero();
        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        Map<String, String> env = playedEnv.get(name);
        String shortId = session.getSessionId().substring(session.getSessionId().lastIndexOf('/') + 1);
        assertThat(env.get("URL")).as("the layout URL from the Secret")
                .contains(":" + stub.baseUrl().getPort() + "/").contains("/" + shortId + "/");
        String[] resolution = env.get("RESOLUTION").split("x");
        Path file = stub.recording(started.getId()).orElseThrow().file();
        assertThat(file).startsWith(hostFolder);
        MediaInfo info = Mp4Probe.probe(file);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.durationSeconds()).isGreaterThan(0.0);
        assertThat(stopped.getDuration()).isGreaterThan(0.0);
        Mp4Frames.Picture first = Mp4Frames.pictureAt(file, 0);
        assertThat(first.width()).isEqualTo(Integer.parseInt(resolution[0])).isEqualTo(640);
        assertThat(first.height()).isEqualTo(Integer.parseInt(resolution[1])).isEqualTo(360);

        Result down = podman(Duration.ofSeconds(60), "kube", "down", yaml.toString());
        assertThat(down.code()).as("podman kube down: " + down.output()).isZero();
        played.remove(name);
        assertThat(podman(Duration.ofSeconds(30), "pod", "exists", name).code()).as("pod left").isNotZero();
    }

    private static long mp4Size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".mp4")).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String logs(String name) {
        try {
            return podman(Duration.ofSeconds(20), "logs", "--tail", "20", container(name)).output();
        } catch (IOException | InterruptedException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    private record Result(int code, String output) {}

    /** Runs the podman CLI with this test's containers.conf; output and error together. */
    private static Result podman(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", containersConf.toString());
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "podman " + String.join(" ", args) + " did not end within " + timeout);
        }
        return new Result(p.exitValue(), out.join());
    }
}

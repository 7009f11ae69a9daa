package dev.ovstub.server.internal.recording.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kubernetes runtime against fabric8's mock API server in CRUD mode, with {@link JobController} playing the
 * Job controller: the Job it sends, the exit codes its watch reports, the stop exec, quota refusals, Background
 * deletion and the clean-up after a restart. What the mock cannot show (scheduling, garbage collection, TTL, RBAC,
 * a real exec) is not claimed here.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(30)
class KubernetesRuntimeContractTest {
    private static final String NS = "rec";
    private static final String LAYOUT = "https://OPENVIDUAPP:MY_SECRET@10.0.0.5:4443/layouts/layout-best-fit.html?sessionId=ses_k8s";

    KubernetesMockServer server;
    KubernetesClient client;
    private JobController controller;
    private KubernetesRuntime runtime;

    @BeforeEach
    void start() {
        controller = new JobController(server, client, NS);
        runtime = new KubernetesRuntime(settings(), client, false);
        runtime.prepare();
    }

    @AfterEach
    void stop() {
        runtime.close();
        controller.close();
    }

    private static KubernetesSettings settings() {
        return KubernetesSettings.defaults(NS, "ovstub/recorder:1.0", Path.of("/var/lib/recordings"))
                .withCallTimeout(Duration.ofSeconds(5));
    }

    private static RecorderLaunch launch(String id) {
        return new RecorderLaunch(id, LAYOUT, "1280x720", 25, "mp4", "1000", "{\"id\":\"" + id + "\"}",
                Path.of("/var/lib/recordings"));
    }

    private Job stored(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    /** A value of a Secret, from its data (base64) as the API server stores it, or its stringData as the mock may. */
    static String secretValue(KubernetesClient client, String namespace, String name, String key) {
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return null;
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    private String secretValue(String name, String key) {
        return secretValue(client, NS, name, key);
    }

    private boolean noSecrets() {
        return client.secrets().inNamespace(NS).list().getItems().isEmpty();
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    /** The exec of the contract's stop command in {@code pod} answers exit 0. */
    private void expectStopExec(String pod) {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/exec?" + stopQuery())
                .andUpgradeToWebSocket().open(new OutputStreamMessage(""), new StatusStreamMessage(0))
                .done().always();
    }

    private static String stopQuery() {
        StringBuilder q = new StringBuilder();
        for (String part : RecordingJob.STOP_COMMAND) {
            q.append("command=").append(java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        }
        return q + "container=recorder&stdout=true&stderr=true";
    }

    private static List<String> execCommands(RecordedRequest r) {
        String query = r.getPath().substring(r.getPath().indexOf('?') + 1);
        return Arrays.stream(query.split("&")).filter(p -> p.startsWith("command="))
                .map(p -> URLDecoder.decode(p.substring("command=".length()), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void theJobRunsTheRecorderContractOnceWithinItsBoundsAndNamesThisServerAndTheRecording() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_K8s"));
        Job sent = controller.awaitJob();

        assertThat(sent.getMetadata().getName()).matches("rec-ses-k8s-[0-9a-f]{8}");
        assertThat(sent.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "openvidu-server-stub")
                .containsEntry("ovstub.dev/recordings-claim", "openvidu-recordings")
                .containsEntry("ovstub.dev/recording", "ses_K8s");
        assertThat(sent.getMetadata().getAnnotations()).containsEntry("ovstub.dev/recording-id", "ses_K8s");
        assertThat(sent.getMetadata().getOwnerReferences()).as("no owner unless one is named").isEmpty();
        assertThat(sent.getSpec().getBackoffLimit()).isZero();
        assertThat(sent.getSpec().getActiveDeadlineSeconds()).isEqualTo(86_400L);
        assertThat(sent.getSpec().getTtlSecondsAfterFinished()).isEqualTo(300);
        assertThat(sent.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("ovstub.dev/recording", "ses_K8s")
                .containsEntry("ovstub.dev/job", sent.getMetadata().getName());

        PodSpec pod = sent.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getTerminationGracePeriodSeconds()).as("time to finish the file on SIGTERM").isEqualTo(30L);
        assertThat(pod.getContainers()).hasSize(1);
        Container c = pod.getContainers().get(0);
        assertThat(c.getName()).isEqualTo("recorder");
        assertThat(c.getImage()).isEqualTo("ovstub/recorder:1.0");
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(c.getResources().getLimits()).containsOnlyKeys("memory").containsEntry("memory", new Quantity("512Mi"));
        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).doesNotContainKey("URL").containsEntry("RESOLUTION", "1280x720")
                .containsEntry("FRAMERATE", "25").containsEntry("VIDEO_NAME", "ses_K8s")
                .containsEntry("VIDEO_FORMAT", "mp4").containsEntry("USER_ID", "1000")
                .containsEntry("RECORDING_JSON", "{\"id\":\"ses_K8s\"}").containsEntry("RECORDINGS_PATH", "/recordings");
        // The layout URL, which carries the server secret, comes from the recording's own Secret, owned by the Job.
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("URL")).singleElement().satisfies(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(sent.getMetadata().getName());
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("URL");
        });
        assertThat(secretValue(sent.getMetadata().getName(), "URL")).isEqualTo(LAYOUT);
        assertThat(client.secrets().inNamespace(NS).withName(sent.getMetadata().getName()).get().getMetadata()
                .getOwnerReferences()).singleElement().satisfies(o -> {
                    assertThat(o.getKind()).isEqualTo("Job");
                    assertThat(o.getUid()).isEqualTo(stored(sent.getMetadata().getName()).getMetadata().getUid());
                });
        assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/recordings");
            assertThat(m.getSubPath()).isNull();
        });
        assertThat(pod.getVolumes()).singleElement().satisfies(v ->
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("openvidu-recordings"));
        assertThat(process.describe()).isEqualTo("Job rec/" + sent.getMetadata().getName());
    }

    @Test
    void schedulingSettingsAndA2xSubfolderReachThePodTemplate() throws Exception {
        runtime.close();
        runtime = new KubernetesRuntime(settings().withScheduling("recorder-sa", Map.of("pool", "recorders"),
                List.of("dedicated=recorders:NoSchedule", "spot")), client, false);
        runtime.launch(new RecorderLaunch("ses_a~1", LAYOUT, "640x480", 30, "webm", null, "{}",
                Path.of("/var/lib/recordings"), "meeting", "ses_a~1"));
        Job sent = controller.awaitJob();

        PodSpec pod = sent.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("recorder-sa");
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "recorders"));
        assertThat(pod.getTolerations()).extracting(Toleration::getKey, Toleration::getOperator, Toleration::getValue,
                Toleration::getEffect).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dedicated", "Equal", "recorders", "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple("spot", "Exists", null, null));
        assertThat(pod.getContainers().get(0).getVolumeMounts().get(0).getSubPath()).isEqualTo("ses_a~1");
        assertThat(sent.getMetadata().getLabels()).containsEntry("ovstub.dev/recording", "ses_a.1");
        assertThat(sent.getMetadata().getAnnotations()).containsEntry("ovstub.dev/recording-id", "ses_a~1");
        assertThat(sent.getMetadata().getName()).matches("rec-ses-a-1-[0-9a-f]{8}");
    }

    @Test
    void everyJobIsOwnedByTheServersDeploymentWhenOneIsNamed() throws Exception {
        io.fabric8.kubernetes.api.model.apps.Deployment deployment = client.apps().deployments().inNamespace(NS)
                .resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata()
                        .withName("ovstub-server").endMetadata().build()).create();
        runtime.close();
        runtime = new KubernetesRuntime(settings().withOwnerDeployment("ovstub-server"), client, false);
        runtime.prepare();

        runtime.launch(launch("ses_owned"));

        assertThat(controller.awaitJob().getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getApiVersion()).isEqualTo("apps/v1");
            assertThat(o.getKind()).isEqualTo("Deployment");
            assertThat(o.getName()).isEqualTo("ovstub-server");
            assertThat(o.getUid()).isEqualTo(deployment.getMetadata().getUid()).isNotBlank();
        });
    }

    @Test
    void anOwnerDeploymentThatDoesNotExistStopsTheStartNamingIt() {
        runtime.close();
        runtime = new KubernetesRuntime(settings().withOwnerDeployment("no-such-server"), client, false);

        assertThatThrownBy(runtime::prepare).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openvidu.recording.kubernetes.owner-deployment")
                .hasMessageContaining("no Deployment no-such-server in namespace rec");
    }

    @Test
    void recorderPodsAreGivenTheLayoutOnTheServersInClusterAddress() throws Exception {
        runtime.close();
        runtime = new KubernetesRuntime(settings().withServerUrl(java.net.URI.create("http://ovstub.openvidu.svc:5443/ov/")),
                client, false);

        runtime.launch(launch("ses_svc"));

        assertThat(secretValue(controller.awaitJob().getMetadata().getName(), "URL")).isEqualTo(
                "http://OPENVIDUAPP:MY_SECRET@ovstub.openvidu.svc:5443/ov/layouts/layout-best-fit.html?sessionId=ses_k8s");
        assertThat(RecorderJob.onServerUrl("https://OPENVIDUAPP:a%40b@127.0.0.1:4443/#/layout-best-fit/s1/a%40b",
                java.net.URI.create("https://ov.example.org")))
                .isEqualTo("https://OPENVIDUAPP:a%40b@ov.example.org/#/layout-best-fit/s1/a%40b");
    }

    @Test
    void anUploadingRecorderWritesInItsPodsOwnVolumeTakesItsCredentialsFromTheSecretAndIsSeenWritingWhenReady()
            throws Exception {
        Map<String, String> storage = Map.of("S3_BUCKET", "recs", "S3_ENDPOINT", "http://minio:9000",
                "S3_PATH_STYLE_ACCESS", "true", "S3_KEY", "ses_a~1/meeting.mp4",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
        RecorderProcess process = runtime.launch(new RecorderLaunch("ses_a~1", LAYOUT, "640x480", 30, "mp4", null, "{}",
                Path.of("/var/lib/recordings"), "meeting", "ses_a~1").withStorage(storage));
        Job sent = controller.awaitJob();

        PodSpec pod = sent.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getEmptyDir()).as("no shared claim: the file is uploaded").isNotNull();
            assertThat(v.getPersistentVolumeClaim()).isNull();
        });
        Container c = pod.getContainers().get(0);
        assertThat(c.getVolumeMounts().get(0).getSubPath()).isNull();
        assertThat(c.getReadinessProbe().getExec().getCommand()).containsExactly("test", "-s", "/recordings/meeting.mp4");
        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("S3_BUCKET", "recs").containsEntry("S3_KEY", "ses_a~1/meeting.mp4")
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        String name = sent.getMetadata().getName();
        assertThat(secretValue(name, "AWS_ACCESS_KEY_ID")).isEqualTo("AKIDEXAMPLE");
        assertThat(secretValue(name, "AWS_SECRET_ACCESS_KEY")).isEqualTo("wJalrXUtnFEMI/K7MDENG");
        assertThat(process.seenWriting()).as("running, not ready yet").isFalse();

        controller.ready(name);

        Await.await(process::seenWriting, Duration.ofSeconds(10), "the Job's ready pod seen");
    }

    @Test
    void aSucceededJobExitsZeroAndIsThenDeletedInTheBackground() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_ok"));
        String name = controller.awaitJob().getMetadata().getName();
        assertThat(process.exit()).isNotDone();

        controller.succeed(name);

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(stored(name)).isNull();
        assertThat(noSecrets()).as("the recording's Secret is deleted with its Job").isTrue();
        assertThat(requests()).filteredOn(r -> r.getMethod().equals("DELETE") && r.getPath().contains("/jobs/" + name))
                .singleElement().satisfies(r -> assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    }

    @Test
    void aFailedJobExitsWithTheRecorderContainersCode() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_bad"));
        String name = controller.awaitJob().getMetadata().getName();

        controller.fail(name, 3);

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(stored(name)).isNull();
    }

    @Test
    void aJobPastItsDeadlineWithItsPodGoneExitsNonZero() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_late"));
        String name = controller.awaitJob().getMetadata().getName();

        controller.exceedDeadline(name);

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(RecordingJob.FAILED);
    }

    @Test
    void aJobDeletedBySomeoneElseExitsNonZero() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_gone"));
        String name = controller.awaitJob().getMetadata().getName();

        client.batch().v1().jobs().inNamespace(NS).withName(name).delete();

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(RecordingJob.UNKNOWN);
    }

    @Test
    void stopExecsTheContractsStopCommandInTheRunningPod() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_stop"));
        String name = controller.awaitJob().getMetadata().getName();
        expectStopExec(name + "-pod");
        requests();
        assertThat(((RecordingJob) process).pendingReason()).as("a running pod waits for nothing").isEmpty();

        process.requestStop();

        List<RecordedRequest> execs = requests().stream().filter(r -> r.getPath().contains("/exec?")).toList();
        assertThat(execs).singleElement().satisfies(r -> {
            assertThat(r.getPath()).startsWith("/api/v1/namespaces/rec/pods/" + name + "-pod/exec?");
            assertThat(execCommands(r)).containsExactly("bash", "-c", "echo 'q' > stop");
            assertThat(r.getPath()).contains("container=recorder");
        });
        assertThat(RecordingJob.sendStopCommand(client, NS, name, Duration.ofSeconds(5))).isTrue();
        controller.succeed(name);
        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aPendingPodTellsWhyItWaitsAndItsStopSendsNothingAndKillDeletesIt() throws Exception {
        controller.schedule = false;
        RecorderProcess process = runtime.launch(launch("ses_pending"));
        String name = controller.awaitJob().getMetadata().getName();
        requests();
        assertThat(((RecordingJob) process).pendingReason())
                .contains("not scheduled, Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");

        process.requestStop();
        process.kill();

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(RecordingJob.KILLED);
        assertThat(stored(name)).isNull();
        assertThat(noSecrets()).isTrue();
        List<RecordedRequest> seen = requests();
        assertThat(seen).noneMatch(r -> r.getPath().contains("/exec"));
        assertThat(seen).filteredOn(r -> r.getMethod().equals("DELETE") && r.getPath().contains("/jobs/" + name))
                .singleElement().satisfies(r -> assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    }

    @Test
    void aQuotaRefusalFailsTheLaunchWithAMessageSayingSo() {
        server.expect().post().withPath("/apis/batch/v1/namespaces/rec/jobs")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("jobs \"rec-x\" is forbidden: exceeded quota: recorders, requested: requests.cpu=500m,"
                                + " used: requests.cpu=2, limited: requests.cpu=2").build())
                .once();

        assertThatThrownBy(() -> runtime.launch(launch("ses_full")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no capacity for another recorder")
                .hasMessageContaining("ResourceQuota of namespace rec")
                .hasMessageContaining("exceeded quota: recorders");
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(noSecrets()).as("the Secret made for the refused Job").isTrue();
    }

    @Test
    void aForbiddenCreateNamesTheMissingPermissions() {
        server.expect().post().withPath("/apis/batch/v1/namespaces/rec/jobs")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("jobs is forbidden: User \"system:serviceaccount:rec:default\" cannot create resource"
                                + " \"jobs\"").build())
                .once();

        assertThatThrownBy(() -> runtime.launch(launch("ses_rbac")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("may not create Job")
                .hasMessageContaining("jobs: create, get, list, watch, delete");
    }

    @Test
    void aNewServerFinishesRunningLeftoversThenReapsTheJobsOfRecordingsItDoesNotKnow() throws Exception {
        runtime.close(); // (its close reaps this claim's Jobs: it must not see the earlier server's)
        // What an earlier server, killed, left: one recorder still running, one finished; and another server's
        // (another recordings claim), running.
        String left = leftover(launch("ses_left"), "rec-ses-left-00000001", settings());
        String done = leftover(launch("ses_done"), "rec-ses-done-00000002", settings());
        controller.fail(done, 2);
        leftover(launch("ses_other"), "rec-other", new KubernetesSettings(NS, "x", "1", "1Gi", Duration.ofHours(1),
                Duration.ZERO, null, "Always", Map.of(), List.of(), "other-claim", Path.of("/x"), Duration.ofSeconds(1), null, Duration.ofSeconds(1), null));
        expectStopExec(left + "-pod");
        requests();

        runtime = new KubernetesRuntime(settings(), client, false);
        runtime.prepare();
        CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> runtime.finishLeftovers(Duration.ofSeconds(20)));
        RecordedRequest exec;
        do {
            exec = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(exec).as("the stop exec").isNotNull();
        } while (!exec.getPath().contains("/exec?"));
        assertThat(exec.getPath()).contains("/pods/" + left + "-pod/exec?");
        assertThat(finishing).isNotDone();
        controller.succeed(left);
        finishing.get(10, TimeUnit.SECONDS);
        assertThat(requests()).noneMatch(r -> r.getPath().contains("/exec"));

        runtime.reapOrphans(Set.of("ses_done"));

        assertThat(stored(left)).isNull();
        assertThat(stored(done)).isNotNull();
        assertThat(stored("rec-other")).isNotNull();
        assertThat(secretValue(left, "URL")).isNull();
        assertThat(secretValue(done, "URL")).isEqualTo(LAYOUT);
        runtime.reapOrphans(Set.of());
        assertThat(stored(done)).isNull();
        assertThat(secretValue(done, "URL")).isNull();
        assertThat(stored("rec-other")).isNotNull();
        assertThat(secretValue("rec-other", "URL")).as("another server's Secret").isEqualTo(LAYOUT);
    }

    @Test
    void aNewServerTakesOverTheRunningJobsOfRecordingsItKnowsAndStopsThemWhenAsked() throws Exception {
        runtime.close(); // (its close reaps this claim's Jobs: it must not see the earlier server's)
        String known = leftover(launch("ses_known"), "rec-ses-known-00000001", settings());
        String unknown = leftover(launch("ses_unknown"), "rec-ses-unknown-00000002", settings());
        expectStopExec(known + "-pod");
        expectStopExec(unknown + "-pod");
        requests();

        runtime = new KubernetesRuntime(settings(), client, false);
        runtime.prepare();
        Map<String, RecorderProcess> adopted = runtime.adoptLeftovers(Set.of("ses_known", "ses_gone"));

        assertThat(adopted).containsOnlyKeys("ses_known");
        RecorderProcess process = adopted.get("ses_known");
        assertThat(process.describe()).isEqualTo("Job rec/" + known);
        assertThat(process.exit()).isNotDone();
        assertThat(requests()).as("taken over as it is: no stop, no delete")
                .noneMatch(r -> r.getPath().contains("/exec") || r.getMethod().equals("DELETE"));
        runtime.reapOrphans(adopted.keySet());
        assertThat(stored(known)).isNotNull();
        assertThat(secretValue(known, "URL")).isEqualTo(LAYOUT);
        assertThat(stored(unknown)).as("a recording this server does not know").isNull();

        process.requestStop();
        RecordedRequest exec;
        do {
            exec = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(exec).as("the stop exec").isNotNull();
        } while (!exec.getPath().contains("/exec?"));
        assertThat(exec.getPath()).contains("/pods/" + known + "-pod/exec?");
        controller.succeed(known);
        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isZero();
        Await.await(() -> stored(known) == null, Duration.ofSeconds(10), "the finished Job deleted");
    }

    /** A Job as a server with {@code settings} made it, with its pod running; the server is gone. */
    private String leftover(RecorderLaunch launch, String name, KubernetesSettings settings) throws InterruptedException {
        client.secrets().inNamespace(NS).resource(RecorderJob.secretOf(launch, name, settings)).create();
        client.batch().v1().jobs().inNamespace(NS).resource(RecorderJob.of(launch, name, settings)).create();
        return controller.awaitJob().getMetadata().getName();
    }

    @Test
    void theEndOfAFailedRecordersLogIsForwardedLineByLineWithTheSecretMasked() throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        runtime.close();
        runtime = new KubernetesRuntime(settings(), client, false, (id, line) -> lines.add(id + ": " + line));
        controller.podLog = "recorder starting\rURL is " + LAYOUT + "\nffmpeg done";

        RecorderProcess process = runtime.launch(launch("ses_log"));
        String name = controller.awaitJob().getMetadata().getName();
        assertThat(lines).isEmpty();

        controller.fail(name, 1);

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("ses_log: recorder starting");
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("ses_log: URL is "
                + LAYOUT.replace("MY_SECRET", "***")).doesNotContain("MY_SECRET");
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("ses_log: ffmpeg done");
    }

    @Test
    void closingTheRuntimeDeletesTheJobsStillRunningAndRefusesLaunches() throws Exception {
        RecorderProcess process = runtime.launch(launch("ses_close"));
        String name = controller.awaitJob().getMetadata().getName();

        runtime.close();

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isEqualTo(RecordingJob.KILLED);
        assertThat(stored(name)).isNull();
        assertThatThrownBy(() -> runtime.launch(launch("ses_after"))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}

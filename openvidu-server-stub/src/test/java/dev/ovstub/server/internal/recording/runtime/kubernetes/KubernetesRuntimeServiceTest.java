package dev.ovstub.server.internal.recording.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingSettings;
import dev.ovstub.server.internal.recording.RecordingStatus;
import dev.ovstub.server.internal.recording.RecordingStore;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording service driving the Kubernetes runtime against the CRUD mock server: the recording states that a
 * Job's life leads to. The "recorder" is the test's Job controller writing a file into the folder the claim stands
 * for, as soon as the pod runs.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(30)
class KubernetesRuntimeServiceTest {
    private static final String NS = "rec";
    private static final String SESSION = "wss://localhost:4443/ses_k8s";

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path folder;
    private JobController controller;
    private RecordingService service;

    @BeforeEach
    void start() throws Exception {
        controller = new JobController(server, client, NS);
        controller.onRunning = this::writeFile;
        KubernetesRuntime runtime = new KubernetesRuntime(KubernetesSettings.defaults(NS, "ovstub/recorder:1.0", folder)
                .withCallTimeout(Duration.ofSeconds(5)), client, false);
        runtime.prepare();
        RecordingSettings settings = new RecordingSettings(false, "https://localhost:4443", "https://127.0.0.1:4443",
                "MY_SECRET", "1920x1080", 30, Duration.ofSeconds(2), Duration.ofSeconds(5), "1000");
        service = new RecordingService(RecordingStore.open(folder), runtime,
                file -> MediaInfo.of(Files.size(file), 1.0, true, true), settings, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        service.close();
        controller.close();
    }

    /** The recorder's first bytes, where its environment says, in the folder the claim stands for. */
    private void writeFile(Job job) {
        String name = null;
        String format = null;
        for (EnvVar e : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (e.getName().equals("VIDEO_NAME")) name = e.getValue();
            if (e.getName().equals("VIDEO_FORMAT")) format = e.getValue();
        }
        try {
            Files.writeString(folder.resolve(name + "." + format), "ftyp", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String onlyJob() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems().get(0).getMetadata().getName();
    }

    private boolean noJobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty();
    }

    @Test
    void startedThenStoppedByTheExecAndTheJobIsGone() throws Exception {
        Recording started = service.start(SESSION, "ses_k8s", "layout-best-fit");
        assertThat(started.status()).isEqualTo(RecordingStatus.STARTED);
        String name = onlyJob();
        server.expect().get().withPath("/api/v1/namespaces/rec/pods/" + name
                        + "-pod/exec?command=bash&command=-c&command=echo%20%27q%27%20%3E%20stop&container=recorder&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open(new OutputStreamMessage(""), new StatusStreamMessage(0)).done().always();
        // The recorder finishes its file once it got the stop command.
        CompletableFuture<Void> recorder = CompletableFuture.runAsync(() -> {
            try {
                RecordedRequest r;
                do {
                    r = server.takeRequest(10, TimeUnit.SECONDS);
                } while (r != null && !r.getPath().contains("/exec?"));
                if (r != null) {
                    controller.succeed(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Recording stopped = service.stop("ses_k8s");

        assertThat(stopped.status()).isEqualTo(RecordingStatus.STOPPED);
        recorder.get(10, TimeUnit.SECONDS);
        assertThat(noJobs()).isTrue();
    }

    @Test
    void aPodStillPendingAtTheStartBoundFailsTheStartAndItsJobIsDeleted() {
        controller.schedule = false;

        assertThatThrownBy(() -> service.start(SESSION, "ses_k8s", "layout-best-fit"))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("wrote nothing within 2000 ms");

        assertThat(service.get("ses_k8s").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(noJobs()).isTrue();
    }

    @Test
    void aQuotaRefusalFailsTheStart() {
        server.expect().post().withPath("/apis/batch/v1/namespaces/rec/jobs")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("jobs \"x\" is forbidden: exceeded quota: recorders").build())
                .once();

        assertThatThrownBy(() -> service.start(SESSION, "ses_k8s", "layout-best-fit"))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("could not be launched")
                .hasRootCauseInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .cause().hasMessageContaining("no capacity for another recorder");
        assertThat(service.get("ses_k8s").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
    }

    @Test
    void anEvictedPodFailsTheRecordingAndItsJobIsDeleted() throws Exception {
        service.start(SESSION, "ses_k8s", "layout-best-fit");
        String name = onlyJob();

        controller.evict(name);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.get("ses_k8s").orElseThrow().status() != RecordingStatus.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(service.get("ses_k8s").orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(noJobs()).isTrue();
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Docker runtime against a fake Docker Engine API: every call it makes, and its error paths. */
@Timeout(30)
class DockerRuntimeFakeEngineTest {
    private static final String IMAGE = "openvidu/openvidu-recording";
    private static final String TAG = "1.8.0";
    private static final String REF = IMAGE + ":" + TAG;

    @TempDir
    Path folder;
    private FakeDockerEngine engine;
    private final List<DockerRuntime> runtimes = new ArrayList<>();

    @BeforeEach
    void startEngine() throws IOException {
        engine = new FakeDockerEngine();
    }

    @AfterEach
    void stop() {
        runtimes.forEach(DockerRuntime::close);
        engine.close();
    }

    private DockerRuntime runtime(URI uri, Path recordings) {
        DockerSettings settings = new DockerSettings(uri, "1.41", IMAGE, TAG, recordings,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        DockerRuntime runtime = new DockerRuntime(settings);
        runtimes.add(runtime);
        return runtime;
    }

    private DockerRuntime prepared() {
        engine.images.put(REF, true);
        DockerRuntime runtime = runtime(engine.uri(), folder);
        runtime.prepare();
        return runtime;
    }

    private RecorderLaunch launch(String id) {
        return new RecorderLaunch(id, "https://OPENVIDUAPP:s3cret@127.0.0.1:4443/#/layout-best-fit/" + id + "/s3cret",
                "1920x1080", 30, "mp4", "1001", "{\"id\":\"" + id + "\",\"status\":\"starting\"}", folder);
    }

    @Test
    void engineDownRefusesToStartWithTheOpenViduMessage() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DockerRuntime runtime = runtime(URI.create("tcp://127.0.0.1:" + closedPort), folder);
        assertThatThrownBy(runtime::prepare)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Exception connecting to Docker daemon: you need Docker installed in this machine to enable OpenVidu recorder service");
    }

    @Test
    void relativeRecordingsPathIsRefusedSayingWhy() {
        engine.images.put(REF, true);
        DockerRuntime runtime = runtime(engine.uri(), Path.of("recordings"));
        assertThatThrownBy(runtime::prepare)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absolute")
                .hasMessageContaining("identical on the host and inside any container");
    }

    @Test
    void presentImageIsNotPulledAndTheApiVersionIsPinned() {
        prepared();
        assertThat(engine.calls(("POST"), "/images/create")).isEmpty();
        assertThat(engine.calls("GET", "/_ping")).hasSize(1);
        assertThat(engine.calls("GET", "/images/" + REF + "/json")).hasSize(1);
        // every call went to /v1.41/...: the fake strips only that prefix, so a call without it would not match routes
        assertThat(engine.calls).allSatisfy(c -> assertThat(c.path()).doesNotStartWith("/v1."));
    }

    @Test
    void missingImageIsPulledAtStartUp() {
        DockerRuntime runtime = runtime(engine.uri(), folder);
        runtime.prepare();
        List<FakeDockerEngine.Call> pulls = engine.calls("POST", "/images/create");
        assertThat(pulls).hasSize(1);
        assertThat(pulls.get(0).query()).containsEntry("fromImage", IMAGE).containsEntry("tag", TAG);
        assertThat(engine.images).containsKey(REF);
        assertThat(engine.calls("GET", "/images/" + REF + "/json")).hasSize(2); // missing, then present
    }

    @Test
    void pullFailingInTheStreamStopsStartUpWithTheEnginesReason() {
        engine.pullStreamError = "manifest for openvidu/openvidu-recording:1.8.0 not found: manifest unknown";
        DockerRuntime runtime = runtime(engine.uri(), folder);
        assertThatThrownBy(runtime::prepare)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(REF)
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void pullRefusedByTheEngineStopsStartUpWithTheEnginesReason() {
        engine.pullHttpStatus = 500;
        engine.pullHttpMessage = "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host";
        DockerRuntime runtime = runtime(engine.uri(), folder);
        assertThatThrownBy(runtime::prepare)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot pull recorder image " + REF + ": " + engine.pullHttpMessage);
    }

    @Test
    void launchCreatesTheContractContainerAndStopExecsTheStopCommand() throws Exception {
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("ses_abc"));

        List<FakeDockerEngine.Call> creates = engine.calls("POST", "/containers/create");
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).query()).containsEntry("name", "recording_ses_abc");
        JsonNode body = creates.get(0).json();
        assertThat(body.path("Image").asText()).isEqualTo(REF);
        List<String> env = new ArrayList<>();
        body.path("Env").forEach(n -> env.add(n.asText()));
        assertThat(env).contains(
                "URL=https://OPENVIDUAPP:s3cret@127.0.0.1:4443/#/layout-best-fit/ses_abc/s3cret",
                "RESOLUTION=1920x1080", "FRAMERATE=30", "VIDEO_NAME=ses_abc", "VIDEO_FORMAT=mp4", "USER_ID=1001",
                "RECORDING_JSON={\"id\":\"ses_abc\",\"status\":\"starting\"}");
        assertThat(body.path("Labels").path("dev.ovstub.recording").asText()).isEqualTo("ses_abc");
        assertThat(body.path("Labels").path("dev.ovstub.owner").asText()).isEqualTo("openvidu-server-stub");
        assertThat(body.path("Labels").path("dev.ovstub.recordings-path").asText()).isEqualTo(folder.toString());
        assertThat(body.path("HostConfig").path("NetworkMode").asText()).isEqualTo("host");
        assertThat(body.path("HostConfig").path("Binds").get(0).asText()).startsWith(folder + ":/recordings");
        String id = engine.byName("recording_ses_abc").id;
        assertThat(engine.calls("POST", "/containers/" + id + "/start")).hasSize(1);
        awaitCall("POST", "/containers/" + id + "/wait");
        assertThat(p.describe()).contains("recording_ses_abc");
        assertThat(p.exit()).isNotDone();

        p.requestStop();
        List<FakeDockerEngine.Call> execs = engine.calls("POST", "/containers/" + id + "/exec");
        assertThat(execs).as("%s", engine.summary()).hasSize(1);
        List<String> cmd = new ArrayList<>();
        execs.get(0).json().path("Cmd").forEach(n -> cmd.add(n.asText()));
        assertThat(cmd).containsExactly("bash", "-c", "echo 'q' > stop");
        assertThat(engine.calls("POST", "/exec/")).hasSize(1);
        assertThat(engine.calls("POST", "/exec/").get(0).json().path("Detach").asBoolean()).isTrue();

        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isZero();
        // removed before exit() completes: once a stop returns, the container is gone
        assertThat(engine.calls("DELETE", "/containers/" + id)).hasSize(1);
        assertThat(engine.containers).isEmpty();
    }

    @Test
    void containerExitingByItselfReportsItsCodeAndIsRemoved() throws Exception {
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("crash"));
        FakeDockerEngine.FakeContainer c = engine.byName("recording_crash");
        awaitCall("POST", "/containers/" + c.id + "/wait");
        c.exit(3);
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(engine.containers).isEmpty();
        assertThat(engine.calls("DELETE", "/containers/" + c.id)).hasSize(1);
    }

    @Test
    void stopTimingOutThenKillForceRemovesTheContainer() throws Exception {
        engine.exitCodeOnStop = null; // the recorder ignores the stop command
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("stuck"));
        String id = engine.byName("recording_stuck").id;
        p.requestStop();
        Thread.sleep(300);
        assertThat(p.exit()).isNotDone();

        p.kill();
        List<FakeDockerEngine.Call> deletes = engine.calls("DELETE", "/containers/" + id);
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).query()).containsEntry("force", "true");
        assertThat(engine.containers).isEmpty();
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        p.kill(); // idempotent
        assertThat(engine.calls("DELETE", "/containers/" + id)).hasSize(1);
    }

    @Test
    void stopCommandOnAnExitedContainerIsHarmless() throws Exception {
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("gone"));
        FakeDockerEngine.FakeContainer c = engine.byName("recording_gone");
        c.exit(1);
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        p.requestStop();
        p.kill();
    }

    @Test
    void leftoverWithTheSameNameIsRemovedAndCreationRetried() throws Exception {
        DockerRuntime runtime = prepared();
        engine.leftover("recording_again", Map.of(), "exited");
        RecorderProcess p = runtime.launch(launch("again"));
        assertThat(engine.calls).extracting(c -> c.method() + " " + c.path()).containsSubsequence(
                "POST /containers/create", "DELETE /containers/recording_again", "POST /containers/create");
        assertThat(engine.calls("DELETE", "/containers/recording_again").get(0).query()).containsEntry("force", "true");
        assertThat(engine.byName("recording_again").labels).containsEntry("dev.ovstub.recording", "again");
        p.kill();
    }

    @Test
    void leftoverWithTheSameNameIsAlsoReplacedWhenTheEngineSaysSoWithA500AsPodmanDoes() throws Exception {
        engine.nameConflictStatus = 500;
        DockerRuntime runtime = prepared();
        engine.leftover("recording_podman", Map.of(), "exited");
        RecorderProcess p = runtime.launch(launch("podman"));
        assertThat(engine.calls("POST", "/containers/create")).hasSize(2);
        assertThat(engine.byName("recording_podman").labels).containsEntry("dev.ovstub.recording", "podman");
        p.kill();
    }

    @Test
    void otherCreationFailuresAreReportedWithTheEnginesReason() {
        DockerRuntime runtime = prepared();
        engine.images.clear(); // the image vanished after start-up
        assertThatThrownBy(() -> runtime.launch(launch("noimage")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("recording_noimage")
                .hasMessageContaining("No such image: " + REF);
        assertThat(engine.calls("POST", "/containers/create")).hasSize(1);
    }

    @Test
    void leftoversOfThisFolderAreReapedAtStartUpAndOthersAreLeftAlone() {
        Map<String, String> ours = Map.of("dev.ovstub.owner", "openvidu-server-stub",
                "dev.ovstub.recordings-path", folder.toString());
        engine.leftover("recording_old", with(ours, "old"), "running");
        engine.leftover("recording_older", with(ours, "older"), "exited");
        engine.leftover("recording_live", with(ours, "live"), "running");
        engine.leftover("recording_elsewhere", Map.of("dev.ovstub.owner", "openvidu-server-stub",
                "dev.ovstub.recordings-path", "/other/folder", "dev.ovstub.recording", "elsewhere"), "running");
        engine.leftover("recording_official", Map.of(), "running");

        DockerRuntime runtime = prepared();
        runtime.reapOrphans(Set.of("live"));

        assertThat(engine.containers.values()).extracting(c -> c.name)
                .containsExactlyInAnyOrder("recording_live", "recording_elsewhere", "recording_official");
        FakeDockerEngine.Call list = engine.calls("GET", "/containers/json").get(0);
        assertThat(list.query()).containsEntry("all", "true");
        assertThat(list.query().get("filters")).contains("dev.ovstub.owner=openvidu-server-stub");
        assertThat(engine.calls("DELETE", "/containers/")).allSatisfy(d -> assertThat(d.query()).containsEntry("force", "true"));
    }

    @Test
    void closeKillsWhatRunsAndReapsLeftovers() throws Exception {
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("running"));
        engine.leftover("recording_stale", Map.of("dev.ovstub.owner", "openvidu-server-stub",
                "dev.ovstub.recordings-path", folder.toString(), "dev.ovstub.recording", "stale"), "exited");
        runtime.close();
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(engine.containers).isEmpty();
        assertThatThrownBy(() -> runtime.launch(launch("late"))).isInstanceOf(IOException.class);
    }

    private static Map<String, String> with(Map<String, String> labels, String recordingId) {
        Map<String, String> m = new java.util.HashMap<>(labels);
        m.put("dev.ovstub.recording", recordingId);
        return m;
    }

    private void awaitCall(String method, String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.calls(method, path).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + method + " " + path + " in " + engine.summary());
            }
            Thread.sleep(10);
        }
    }
}

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static DockerSettings settings(URI uri, Path recordings) {
        return new DockerSettings(uri, "1.41", IMAGE, TAG, recordings,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private DockerRuntime runtime(URI uri, Path recordings) {
        DockerRuntime runtime = new DockerRuntime(settings(uri, recordings));
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
        return launch(id, folder);
    }

    private static RecorderLaunch launch(String id, Path recordings) {
        return new RecorderLaunch(id, "https://OPENVIDUAPP:s3cret@127.0.0.1:4443/#/layout-best-fit/" + id + "/s3cret",
                "1920x1080", 30, "mp4", "1001", "{\"id\":\"" + id + "\",\"status\":\"starting\"}", recordings);
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
    void ourOwnExitedLeftoverWithTheSameNameIsRemovedAndCreationRetried() throws Exception {
        DockerRuntime runtime = prepared();
        FakeDockerEngine.FakeContainer leftover = engine.leftover("recording_again", with(ours(folder), "again"), "exited");
        RecorderProcess p = runtime.launch(launch("again"));
        // inspected by name, removed by its id (so that a container taking the name meanwhile is not the one removed)
        assertThat(engine.calls).extracting(c -> c.method() + " " + c.path()).containsSubsequence(
                "POST /containers/create", "GET /containers/recording_again/json", "DELETE /containers/" + leftover.id,
                "POST /containers/create");
        assertThat(engine.calls("DELETE", "/containers/" + leftover.id).get(0).query()).containsEntry("force", "true");
        assertThat(engine.byName("recording_again").labels).containsEntry("dev.ovstub.recording", "again");
        p.kill();
    }

    @Test
    void ourOwnExitedLeftoverWithTheSameNameIsAlsoReplacedWhenTheEngineSaysSoWithA500AsPodmanDoes() throws Exception {
        engine.nameConflictStatus = 500;
        DockerRuntime runtime = prepared();
        engine.leftover("recording_podman", with(ours(folder), "podman"), "created");
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
    void recordersAnEarlierServerLeftRunningAreAskedToFinishAndWaitedForBeforeAnythingIsReaped() throws Exception {
        FakeDockerEngine.FakeContainer orphan = engine.leftover("recording_orphan", with(ours(folder), "orphan"), "running");
        FakeDockerEngine.FakeContainer foreign = engine.leftover("recording_foreign", Map.of("dev.ovstub.owner",
                "openvidu-server-stub", "dev.ovstub.recordings-path", "/other/folder", "dev.ovstub.recording", "x"),
                "running");
        DockerRuntime runtime = prepared();

        runtime.finishLeftovers(Duration.ofSeconds(10));

        assertThat(orphan.exit).as("the stop command made it finish its file and exit").isCompletedWithValue(0);
        assertThat(engine.containers).as("finished, not removed yet").containsKey(orphan.id);
        assertThat(foreign.state).as("another folder's recorder is none of ours").isEqualTo("running");
        assertThat(engine.calls("POST", "/containers/" + foreign.id)).isEmpty();
        assertThat(engine.calls("DELETE", "/containers/")).isEmpty();
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

    @ParameterizedTest(name = "the engine answers a taken name with {0}")
    @ValueSource(ints = {409, 500})
    void nameTakenByAnotherServersLiveRecorderIsLeftAloneAndOursGetsAnotherName(int conflictStatus) throws Exception {
        engine.nameConflictStatus = conflictStatus;
        DockerRuntime runtime = prepared();
        FakeDockerEngine.FakeContainer theirs = engine.leftover("recording_shared",
                with(ours(Path.of("/another/server/recordings")), "shared"), "running");

        RecorderProcess p = runtime.launch(launch("shared"));

        assertThat(engine.calls("DELETE", "/containers/")).as("%s", engine.summary()).isEmpty();
        assertThat(engine.containers).containsKey(theirs.id);
        assertThat(theirs.state).isEqualTo("running");
        FakeDockerEngine.FakeContainer mine = engine.containers.values().stream().filter(c -> c != theirs)
                .findFirst().orElseThrow();
        assertThat(mine.name).matches("recording_shared_[0-9a-f]{8}");
        assertThat(mine.labels).containsEntry("dev.ovstub.recording", "shared")
                .containsEntry("dev.ovstub.owner", "openvidu-server-stub")
                .containsEntry("dev.ovstub.recordings-path", folder.toString());
        assertThat(mine.state).isEqualTo("running");
        assertThat(p.describe()).contains(mine.name);

        p.requestStop();
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(engine.containers).containsOnlyKeys(theirs.id);
        assertThat(theirs.state).isEqualTo("running");
    }

    @Test
    void nameTakenByAContainerWithoutOurLabelsIsNeverRemovedEvenOnceItHasExited() throws Exception {
        DockerRuntime runtime = prepared();
        FakeDockerEngine.FakeContainer official = engine.leftover("recording_official", Map.of(), "exited");
        RecorderProcess p = runtime.launch(launch("official"));
        assertThat(engine.calls("DELETE", "/containers/")).isEmpty();
        assertThat(engine.containers).containsKey(official.id);
        assertThat(p.describe()).containsPattern("recording_official_[0-9a-f]{8}");
        p.kill();
        assertThat(engine.containers).containsOnlyKeys(official.id);
    }

    @Test
    void nameTakenByALiveContainerOfThisFolderThatThisRuntimeDoesNotRunIsLeftAlone() throws Exception {
        // Only start-up reaping (which knows the live recordings) removes live containers of this folder.
        DockerRuntime runtime = prepared();
        FakeDockerEngine.FakeContainer live = engine.leftover("recording_twin", with(ours(folder), "twin"), "running");
        RecorderProcess p = runtime.launch(launch("twin"));
        assertThat(engine.calls("DELETE", "/containers/")).isEmpty();
        assertThat(live.state).isEqualTo("running");
        assertThat(p.describe()).containsPattern("recording_twin_[0-9a-f]{8}");
        p.kill();
    }

    @Test
    void twoServersWithDifferentFoldersOnOneEngineRecordTheSameSessionAndBothFinish(@TempDir Path otherFolder)
            throws Exception {
        engine.writeOutputOnStart = true;
        DockerRuntime first = prepared();
        DockerRuntime second = runtime(engine.uri(), otherFolder);
        second.prepare();

        RecorderProcess one = first.launch(launch("ses_same", folder));
        RecorderProcess two = second.launch(launch("ses_same", otherFolder));
        assertThat(engine.containers).hasSize(2);
        assertThat(engine.calls("DELETE", "/containers/")).isEmpty();
        assertThat(one.exit()).isNotDone();
        assertThat(two.exit()).isNotDone();

        one.requestStop();
        two.requestStop();
        assertThat(one.exit().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(two.exit().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(folder.resolve("ses_same.mp4")).exists();
        assertThat(otherFolder.resolve("ses_same.mp4")).exists();
        assertThat(engine.containers).isEmpty();
    }

    @Test
    void forwardedOutputOfARecorderThatEchoesItsUrlNeverShowsTheSecret() throws Exception {
        engine.images.put(REF, true);
        List<String> lines = new CopyOnWriteArrayList<>();
        DockerRuntime runtime = new DockerRuntime(settings(engine.uri(), folder), (id, line) -> lines.add(id + ": " + line));
        runtimes.add(runtime);
        runtime.prepare();
        String basic = Base64.getEncoder().encodeToString("OPENVIDUAPP:s3cret".getBytes(StandardCharsets.UTF_8));
        engine.output = env -> List.of("URL is " + env.get("URL") + "\n", "Authorization: Basic " + basic + "\n");

        RecorderProcess p = runtime.launch(launch("echo"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lines.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lines).containsExactly(
                "echo: URL is https://OPENVIDUAPP:***@127.0.0.1:4443/#/layout-best-fit/echo/***",
                "echo: Authorization: Basic ***");
        p.kill();
    }

    @Test
    void launchRacingCloseLeavesNoContainerBehind() throws Exception {
        DockerRuntime runtime = prepared();
        engine.createGate = new CountDownLatch(1);
        CompletableFuture<RecorderProcess> launched = CompletableFuture.supplyAsync(() -> {
            try {
                return runtime.launch(launch("racing"));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        awaitCall("POST", "/containers/create");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(runtime::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!runtime.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runtime.isClosed()).as("closed as soon as close() begins").isTrue();
        engine.createGate.countDown(); // the engine answers the creation only now

        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> launched.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(engine.containers).as("containers after close, %s", engine.summary()).isEmpty();
    }

    @Test
    void closeTwiceAtOnceClosesOnce() throws Exception {
        DockerRuntime runtime = prepared();
        RecorderProcess p = runtime.launch(launch("twice"));
        CompletableFuture<Void> a = CompletableFuture.runAsync(runtime::close);
        CompletableFuture<Void> b = CompletableFuture.runAsync(runtime::close);
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(engine.containers).isEmpty();
        assertThat(engine.calls("GET", "/containers/json")).as("one reap").hasSize(1);
    }

    private static Map<String, String> ours(Path recordings) {
        return Map.of("dev.ovstub.owner", "openvidu-server-stub", "dev.ovstub.recordings-path", recordings.toString());
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

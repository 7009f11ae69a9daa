package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.TestRecorders.Behaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Recorders that misbehave: every wait is bounded, the recording ends {@code failed}, nothing is left running. */
class RecorderFailuresTest extends StubTestSupport {

    private void assertNothingRunning() {
        Await.await(() -> recorders.runningCount() == 0, Duration.ofSeconds(5), "every recorder to have exited");
    }

    private String persistedStatus(OpenViduServerStub server, String id) throws Exception {
        return Api.JSON.readTree(Files.readString(server.recordingPath().resolve(".recording." + id))).get("status").asText();
    }

    @Test
    void aRecorderThatNeverWritesFailsTheStartAtTheStartBoundAndIsKilled() throws Exception {
        OpenViduServerStub server = recordingServer(b -> b.startTimeout(Duration.ofMillis(300)));
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = Api.shortId(session);
        recorders.next(Behaviour.NEVER_WRITES);

        long t0 = System.nanoTime();
        Api.Resp r = api.startRecording(session);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.message()).contains(id).contains("300 ms");
        assertThat(millis).isBetween(250L, 3000L);
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        assertThat(persistedStatus(server, id)).isEqualTo("failed");
        assertNothingRunning();
        assertThat(api.stubSession(session).get("recordingId").isNull()).isTrue();
        assertThat(api.record(session).get("id").asText()).as("the session can be recorded again").isEqualTo(id + "-1");
    }

    @Test
    void aRecorderThatExitsBeforeWritingFailsTheStartAtOnce() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(Behaviour.EXITS_BEFORE_WRITING);

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.message()).contains("code 3");
        JsonNode rec = api.recording(Api.shortId(session));
        assertThat(rec.get("status").asText()).isEqualTo("failed");
        assertThat(rec.get("size").asLong()).isZero();
        assertNothingRunning();
    }

    @Test
    void aRecorderThatCannotBeLaunchedFailsTheStart() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(Behaviour.LAUNCH_THROWS);

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(500);
        assertThat(api.recordingStatus(Api.shortId(session))).isEqualTo("failed");
        assertThat(persistedStatus(server, Api.shortId(session))).isEqualTo("failed");
    }

    @Test
    void aRecorderThatDiesWhileRecordingFailsTheRecordingKeepsItsFileAndTheSessionGoesOn() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path file = server.recordingPath().resolve(id + ".mp4");

        recorders.recorder(id).exitByItself(1);

        JsonNode rec = api.awaitRecordingStatus(id, "failed");
        assertThat(file).exists();
        assertThat(rec.get("size").asLong()).isEqualTo(Files.size(file)).isPositive();
        assertThat(persistedStatus(server, id)).isEqualTo("failed");
        assertThat(api.stopRecording(id).status()).as("nothing to stop").isEqualTo(404);
        String newcomer = api.join(session, true);
        assertThat(api.get("/stub/participants/" + newcomer).json().get("publishing").asBoolean()).isTrue();
        assertThat(api.stubSession(session).get("participants")).hasSize(2);
        assertThat(api.record(session).get("id").asText()).isEqualTo(id + "-1");
    }

    @Test
    void aRecorderThatIgnoresStopIsKilledAtTheStopBoundAndTheRecordingFails() throws Exception {
        OpenViduServerStub server = recordingServer(b -> b.stopTimeout(Duration.ofMillis(300)));
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(Behaviour.IGNORES_STOP);
        String id = api.record(session).get("id").asText();

        long t0 = System.nanoTime();
        Api.Resp r = api.stopRecording(id);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).isBetween(250L, 3000L);
        assertThat(r.status()).as("the stop is answered with the final, failed, recording").isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("failed");
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        assertThat(persistedStatus(server, id)).isEqualTo("failed");
        assertThat(recorders.recorder(id).stopWasRequested()).isTrue();
        assertNothingRunning();
        assertThat(server.recordingPath().resolve(id + ".mp4")).as("partial file kept").exists();
    }

    @Test
    void aRecorderThatExitsNonZeroOnStopEndsFailed() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(Behaviour.FAILS_ON_STOP);
        String id = api.record(session).get("id").asText();

        Api.Resp r = api.stopRecording(id);

        assertThat(r.json().get("status").asText()).isEqualTo("failed");
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        assertThat(r.json().get("url").isNull()).isTrue();
        assertNothingRunning();
    }

    @Test
    void anAlwaysRecordingThatFailsToStartLeavesTheSessionWorking() {
        OpenViduServerStub server = recordingServer(b -> b.startTimeout(Duration.ofMillis(200)));
        Api api = new Api(server);
        String session = api.alwaysSession();
        recorders.next(Behaviour.NEVER_WRITES);

        String p = api.join(session, true);

        api.awaitRecordingStatus(Api.shortId(session), "failed");
        assertNothingRunning();
        String other = api.join(session, true);
        api.leave(p);
        api.leave(other);
        assertThat(api.stubSession(session)).isNull();
        assertThat(recorders.launches()).as("ALWAYS tries once per session life").hasSize(1);
    }

    @Test
    void anAlwaysRecordingWhoseRecorderDiesFailsAndTheSessionGoesOn() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        String p = api.join(session, true);
        api.awaitRecordingStatus(id, "started");

        recorders.recorder(id).exitByItself(139);

        api.awaitRecordingStatus(id, "failed");
        String newcomer = api.join(session, false);
        api.publish(newcomer);
        api.leave(p);
        api.leave(newcomer);
        assertThat(api.stubSession(session)).isNull();
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
    }
}

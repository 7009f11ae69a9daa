package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link FaultInjection}: failed starts, killed recorders, slow responses. */
class FaultInjectionTest extends StubTestSupport {

    private static long timeMillis(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void failNextRecordingStartAnswers500AndPersistsFailedOnce() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = Api.shortId(session);

        server.faults().failNextRecordingStart();
        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.message()).contains("injected");
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        assertThat(java.nio.file.Files.readString(server.recordingPath().resolve(".recording." + id))).contains("\"failed\"");
        assertThat(recorders.launches()).as("no recorder was launched").isEmpty();
        assertThat(api.record(session).get("id").asText()).as("only the next start fails").isEqualTo(id + "-1");
    }

    @Test
    void failNextRecordingStartAlsoFailsAnAutomaticStart() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        server.faults().failNextRecordingStart();

        String p = api.join(session, true);

        api.awaitRecordingStatus(Api.shortId(session), "failed");
        api.unpublish(p);
        api.publish(p);
        assertThat(api.stubSession(session).get("participants")).hasSize(1);
    }

    @Test
    void killRecorderFailsTheRecordingAndTheSessionKeepsWorking() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        assertThat(server.faults().killRecorder(id)).isTrue();

        api.awaitRecordingStatus(id, "failed");
        Await.await(() -> recorders.runningCount() == 0, Duration.ofSeconds(5), "the killed recorder to exit");
        String newcomer = api.join(session, false);
        api.publish(newcomer);
        assertThat(api.stubSession(session).get("participants")).hasSize(2);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
        assertThat(server.faults().killRecorder(id)).as("not active any more").isFalse();
        assertThat(server.faults().killRecorder("nosuchrecording")).isFalse();
    }

    @Test
    void killRecorderOfAnAlwaysRecordingLeavesTheSessionOpenForNewParticipants() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        api.join(session, true);
        api.awaitRecordingStatus(id, "started");

        server.faults().killRecorder(id);

        api.awaitRecordingStatus(id, "failed");
        String newcomer = api.join(session, true);
        assertThat(api.get("/stub/participants/" + newcomer).json().get("publishing").asBoolean()).isTrue();
    }

    @Test
    void delayNextResponseDelaysOnlyTheNextMatchingRequest() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        api.createSession(); // warm up the connection
        server.faults().delayNextResponse("POST", "/api/sessions", Duration.ofMillis(600));

        long otherPath = timeMillis(() -> api.get("/stub/sessions"));
        long otherMethod = timeMillis(() -> api.get("/api/sessions"));
        long delayed = timeMillis(api::createSession);
        long next = timeMillis(api::createSession);

        assertThat(otherPath).isLessThan(600);
        assertThat(otherMethod).isLessThan(600);
        assertThat(delayed).isGreaterThanOrEqualTo(600);
        assertThat(next).isLessThan(600);
    }

    @Test
    void delayNextResponseWithoutMethodMatchesAnyMethodAndClearForgetsIt() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        api.createSession();

        server.faults().delayNextResponse(null, "/stub/", Duration.ofMillis(300));
        long delayed = timeMillis(() -> api.get("/stub/sessions"));
        server.faults().delayNextResponse(null, "/stub/", Duration.ofMillis(2000));
        server.faults().clear();
        long cleared = timeMillis(() -> api.get("/stub/sessions"));
        server.faults().delayNextResponse(null, "/stub/", Duration.ofMillis(2000));
        server.reset();
        long afterReset = timeMillis(() -> api.get("/stub/sessions"));

        assertThat(delayed).isGreaterThanOrEqualTo(300);
        assertThat(cleared).isLessThan(1000);
        assertThat(afterReset).isLessThan(1000);
    }

    @Test
    void recordingFaultsNeedARecordingServer() {
        OpenViduServerStub server = plainServer();

        assertThatThrownBy(() -> server.faults().failNextRecordingStart())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("recording");
        assertThatThrownBy(() -> server.faults().killRecorder("x")).isInstanceOf(IllegalStateException.class);
        server.faults().clear();
    }
}

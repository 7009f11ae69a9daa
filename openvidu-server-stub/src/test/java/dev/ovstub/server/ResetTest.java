package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A reset forgets sessions, stops every recording (nothing records after it) and clears injected faults. */
class ResetTest extends StubTestSupport {

    @Test
    void stubResetOverHttpStopsEveryActiveRecordingAndFinishesItsFileBeforeAnswering() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String manual = api.manualSession();
        api.join(manual, true);
        String manualId = api.record(manual).get("id").asText();
        String always = api.alwaysSession();
        api.join(always, true);
        String alwaysId = api.awaitRecordingStatus(Api.shortId(always), "started").get("id").asText();

        assertThat(api.post("/stub/reset", null).status()).isEqualTo(204);

        assertThat(recorders.runningCount()).as("recorders still running after the reset").isZero();
        for (String id : new String[] {manualId, alwaysId}) {
            assertThat(api.recordingStatus(id)).as(id).isEqualTo("stopped");
            assertThat(TestRecorders.isFinished(server.recordingPath().resolve(id + ".mp4"))).as("%s finished", id).isTrue();
            assertThat(Files.readString(server.recordingPath().resolve(".recording." + id))).contains("\"stopped\"");
        }
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isZero();
    }

    @Test
    void resetFromJavaStopsARecordingStillStartingOnceItHasStarted() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(TestRecorders.Behaviour.WAITS_BEFORE_WRITING);
        Thread starter = new Thread(() -> api.startRecording(session));
        starter.start();
        String id = Api.shortId(session);
        api.awaitRecordingStatus(id, "starting");
        Thread releaser = new Thread(() -> {
            Await.await(() -> recorders.launches().size() == 1, java.time.Duration.ofSeconds(5), "the launch");
            recorders.recorder(id).allowWriting();
        });
        releaser.start();

        server.reset();

        assertThat(api.recordingStatus(id)).isEqualTo("stopped");
        assertThat(recorders.runningCount()).isZero();
        assertThat(server.activeRecordingOf(session)).isEmpty();
    }

    @Test
    void resetClearsAPendingFailNextRecordingStart() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        server.faults().failNextRecordingStart();

        server.reset();

        String session = api.manualSession();
        api.join(session, true);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
    }

    @Test
    void resetOverHttpClearsPendingFaultsToo() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        server.faults().failNextRecordingStart();
        server.faults().delayNextResponse("GET", "/api/recordings", java.time.Duration.ofSeconds(30));

        assertThat(api.post("/stub/reset", null).status()).isEqualTo(204);

        String session = api.manualSession();
        api.join(session, true);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
        long t0 = System.nanoTime();
        assertThat(api.get("/api/recordings").status()).isEqualTo(200);
        assertThat(System.nanoTime() - t0).as("the delay was forgotten").isLessThan(10_000_000_000L);
    }
}

package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.testing.Await;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The control API's stateful faults under {@code /stub/faults}, over real HTTP: what {@link FaultInjection} does
 * from Java, for backends in any language.
 */
class FaultControlApiTest extends StubTestSupport {

    private static JsonNode faults(Api api) {
        Api.Resp r = api.get("/stub/faults");
        assertThat(r.status()).as("GET /stub/faults: %s", r).isEqualTo(200);
        return r.json();
    }

    private static String failureReason(Api api, String recordingId) {
        for (JsonNode item : api.get("/stub/recordings").json().get("items")) {
            if (item.get("id").asText().equals(recordingId)) {
                return item.get("failureReason").asText();
            }
        }
        throw new AssertionError("no recording " + recordingId + " in GET /stub/recordings");
    }

    @Test
    void failNextRecordingStartFailsThatManyStartsWithTheReasonThenStartsWork() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = Api.shortId(session);

        Api.Resp armed = api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 2, "reason", "disk full"));

        assertThat(armed.status()).as("%s", armed).isEqualTo(200);
        assertThat(armed.json().get("kind").asText()).isEqualTo("recordingStartFailure");
        assertThat(armed.json().get("remaining").asInt()).isEqualTo(2);
        assertThat(armed.json().get("reason").asText()).isEqualTo("injected fault: disk full");

        Api.Resp first = api.startRecording(session);
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.message()).contains("disk full");
        assertThat(faults(api).get("items").get(0).get("remaining").asInt()).isEqualTo(1);
        Api.Resp second = api.startRecording(session);
        assertThat(second.status()).isEqualTo(500);
        assertThat(faults(api).get("count").asInt()).as("none left").isZero();
        JsonNode third = api.record(session);

        assertThat(third.get("id").asText()).isEqualTo(id + "-2");
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        assertThat(api.recordingStatus(id + "-1")).isEqualTo("failed");
        assertThat(failureReason(api, id)).isEqualTo("injected fault: disk full");
        assertThat(failureReason(api, id + "-1")).isEqualTo("injected fault: disk full");
        assertThat(Files.readString(server.recordingPath().resolve(".recording." + id))).contains("\"failed\"");
        assertThat(recorders.launches()).as("only the third start launched a recorder").hasSize(1);
    }

    @Test
    void failNextRecordingStartDefaultsToOneStartAndTheJavaApisReason() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        assertThat(api.post("/stub/faults/fail-next-recording-start", null).status()).isEqualTo(200);

        Api.Resp failed = api.startRecording(session);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.message()).contains("injected fault: the recorder did not start");
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
    }

    @Test
    void failNextRecordingStartAlsoFailsTheAutomaticStartsOfAlwaysSessions() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String first = api.alwaysSession();
        String second = api.alwaysSession();
        api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 2, "reason", "no disk"));

        // One after the other: automatic starts run in the background, and two at the same moment may let one
        // through between two injected failures (InjectedFaults says why).
        api.join(first, true);
        assertThat(api.awaitRecordingStatus(Api.shortId(first), "failed")).isNotNull();
        api.join(second, true);

        assertThat(api.awaitRecordingStatus(Api.shortId(second), "failed")).isNotNull();
        assertThat(failureReason(api, Api.shortId(second))).isEqualTo("injected fault: no disk");
        assertThat(faults(api).get("count").asInt()).isZero();
    }

    @Test
    void aNewFailNextRecordingStartReplacesThePendingOne() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 5, "reason", "first"));

        api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 1, "reason", "second"));

        JsonNode items = faults(api).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("remaining").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("reason").asText()).isEqualTo("injected fault: second");
    }

    @Test
    void badFailNextRecordingStartBodiesAre400NamingTheField() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        assertThat(api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 0)).message())
                .isEqualTo("count: expected a whole number from 1 to 1000 but got 0");
        assertThat(api.post("/stub/faults/fail-next-recording-start", Api.obj("count", "2")).message())
                .isEqualTo("count: expected a whole number from 1 to 1000 but got string");
        assertThat(api.post("/stub/faults/fail-next-recording-start", Api.obj("reason", " ")).message())
                .startsWith("reason: blank");
        assertThat(api.post("/stub/faults/fail-next-recording-start", Api.obj("reason", 7)).message())
                .isEqualTo("reason: expected a string but got number");
        assertThat(api.post("/stub/faults/fail-next-recording-start", "{").status()).isEqualTo(400);
        assertThat(faults(api).get("count").asInt()).as("nothing was armed").isZero();
    }

    @Test
    void killRecorderFailsTheRecordingAndTheSessionGoesOn() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        Api.Resp killed = api.post("/stub/faults/kill-recorder", Api.obj("recordingId", id));

        assertThat(killed.status()).as("%s", killed).isEqualTo(200);
        assertThat(killed.json().get("recordingId").asText()).isEqualTo(id);
        assertThat(killed.json().get("killed").asBoolean()).isTrue();
        api.awaitRecordingStatus(id, "failed");
        Await.await(() -> recorders.runningCount() == 0, Duration.ofSeconds(5), "the killed recorder to exit");
        Api.Resp again = api.post("/stub/faults/kill-recorder", Api.obj("recordingId", id));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).isEqualTo("recording " + id + " has no running recorder (it is failed)");
        assertThat(api.record(session).get("status").asText()).as("the session goes on").isEqualTo("started");
    }

    @Test
    void killRecorderOfAnUnknownRecordingIs404AndWithoutIdIs400() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        Api.Resp unknown = api.post("/stub/faults/kill-recorder", Api.obj("recordingId", "nosuchrecording"));
        Api.Resp noId = api.post("/stub/faults/kill-recorder", Api.obj());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("no recording nosuchrecording");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.message()).isEqualTo("recordingId: required");
    }

    @Test
    void theListShowsTheJavaApisFaultsTooAndDeleteClearsThemAll() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        server.faults().failNextRecordingStart();
        server.faults().delayNextResponse("POST", "/api/sessions", Duration.ofMinutes(1));

        JsonNode listed = faults(api);

        assertThat(listed.get("count").asInt()).isEqualTo(2);
        assertThat(listed.get("items").get(0).toString())
                .isEqualTo("{\"kind\":\"recordingStartFailure\",\"remaining\":1,"
                        + "\"reason\":\"injected fault: the recorder did not start\"}");
        assertThat(listed.get("items").get(1).toString())
                .isEqualTo("{\"kind\":\"responseDelay\",\"method\":\"POST\",\"pathPrefix\":\"/api/sessions\","
                        + "\"delayMs\":60000}");

        assertThat(api.delete("/stub/faults").status()).isEqualTo(204);

        assertThat(faults(api).get("count").asInt()).isZero();
        assertThat(api.record(session).get("status").asText()).as("the start failure is gone").isEqualTo("started");
        // Api's bound is 20 s: the one-minute delay, if still armed, would fail this call.
        assertThat(api.post("/api/sessions", Api.obj()).status()).isEqualTo(200);
    }

    @Test
    void resetClearsTheFaultsArmedOverHttp() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 3));

        assertThat(api.post("/stub/reset", null).status()).isEqualTo(204);

        assertThat(faults(api).get("count").asInt()).isZero();
        String session = api.manualSession();
        api.join(session, true);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
    }

    @Test
    void theJavaApisClearForgetsACountArmedOverHttp() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 3));

        server.faults().clear();

        assertThat(faults(api).get("count").asInt()).isZero();
        String session = api.manualSession();
        api.join(session, true);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
    }

    @Test
    void withRecordingOffTheRecordingFaultsAre501AndTheListIsEmpty() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        Api.Resp fail = api.post("/stub/faults/fail-next-recording-start", Api.obj("count", 1));
        Api.Resp kill = api.post("/stub/faults/kill-recorder", Api.obj("recordingId", "x"));

        assertThat(fail.status()).isEqualTo(501);
        assertThat(fail.message()).contains("recording is disabled");
        assertThat(kill.status()).isEqualTo(501);
        assertThat(faults(api).get("count").asInt()).isZero();
        assertThat(api.delete("/stub/faults").status()).isEqualTo(204);
    }

    @Test
    void theFaultEndpointsNeedTheCredentials() {
        OpenViduServerStub server = recordingServer();
        Api anonymous = new Api(server).anonymous();

        assertThat(anonymous.get("/stub/faults").status()).isEqualTo(401);
        assertThat(anonymous.delete("/stub/faults").status()).isEqualTo(401);
        assertThat(anonymous.post("/stub/faults/fail-next-recording-start", Api.obj()).status()).isEqualTo(401);
        assertThat(anonymous.post("/stub/faults/kill-recorder", Api.obj("recordingId", "x")).status()).isEqualTo(401);
        assertThat(faults(new Api(server)).get("count").asInt()).as("nothing was armed").isZero();
    }
}

package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.TestRecorders.Behaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code /api/recordings/**}: the 10-field JSON, ids, and every status code of the contract. */
class RecordingApiTest extends StubTestSupport {
    private static final List<String> TEN_FIELDS = List.of(
            "id", "name", "sessionId", "createdAt", "size", "duration", "url", "hasAudio", "hasVideo", "status");

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void startingARecordingAnswersTheTenFieldJsonWithStatusStarted() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        long before = System.currentTimeMillis();

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(200);
        JsonNode rec = r.json();
        assertThat(fieldNames(rec)).containsExactlyInAnyOrderElementsOf(TEN_FIELDS);
        assertThat(rec.get("id").asText()).isEqualTo(Api.shortId(session));
        assertThat(rec.get("name").asText()).isEqualTo(rec.get("id").asText());
        assertThat(rec.get("sessionId").asText()).isEqualTo(session);
        assertThat(rec.get("createdAt").isIntegralNumber()).isTrue();
        assertThat(rec.get("createdAt").asLong()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(rec.get("size").isIntegralNumber()).isTrue();
        assertThat(rec.get("size").asLong()).isZero();
        assertThat(r.body()).containsPattern("\"duration\":0\\.0[,}]");
        assertThat(rec.get("url").isNull()).isTrue();
        assertThat(rec.get("hasAudio").asBoolean()).isTrue();
        assertThat(rec.get("hasVideo").asBoolean()).isTrue();
        assertThat(rec.get("status").asText()).isEqualTo("started");
        assertThat(Files.exists(server.recordingPath().resolve(rec.get("id").asText() + ".mp4"))).isTrue();
    }

    @Test
    void theRecorderIsGivenTheLayoutPageOfTheSessionWithCredentialsAndTheRecordingEnvironment() {
        OpenViduServerStub server = recordingServer(b -> b.secret("s3cr3t").resolution("640x360").frameRate(10));
        Api api = new Api(server);
        String session = api.createSession("archiveMode", "MANUAL", "archiveLayout", "BEST_FIT");
        api.join(session, true);
        api.record(session);

        var launch = recorders.launches().get(0);
        assertThat(launch.layoutUrl()).isEqualTo("http://OPENVIDUAPP:s3cr3t@127.0.0.1:" + server.port()
                + "/#/layout-best-fit/" + Api.shortId(session) + "/s3cr3t");
        assertThat(launch.resolution()).isEqualTo("640x360");
        assertThat(launch.frameRate()).isEqualTo(10);
        assertThat(launch.videoFormat()).isEqualTo("mp4");
        assertThat(launch.recordingsFolder()).isEqualTo(server.recordingPath());
        assertThat(launch.recordingJson()).contains("\"status\":\"starting\"");
    }

    @Test
    void stoppingAnswersTheFinalJsonReadFromTheFinishedFileWithADecimalPointDuration() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        Api.Resp r = api.stopRecording(id);

        assertThat(r.status()).isEqualTo(200);
        JsonNode rec = r.json();
        assertThat(fieldNames(rec)).containsExactlyInAnyOrderElementsOf(TEN_FIELDS);
        Path file = server.recordingPath().resolve(id + ".mp4");
        assertThat(rec.get("size").isIntegralNumber()).isTrue();
        assertThat(rec.get("size").asLong()).isEqualTo(Files.size(file)).isPositive();
        assertThat(r.body()).contains("\"duration\":5.0");
        assertThat(rec.get("hasAudio").asBoolean()).as("from the probe").isFalse();
        assertThat(rec.get("hasVideo").asBoolean()).isTrue();
        assertThat(rec.get("status").asText()).isEqualTo("stopped");
        assertThat(rec.get("url").isNull()).as("no url without free access").isTrue();
        assertThat(Files.readString(file)).startsWith(new String(TestRecorders.HEADER)).endsWith(new String(TestRecorders.TRAILER));
        assertThat(api.recording(id)).isEqualTo(rec);
    }

    @Test
    void aFractionalDurationIsWrittenAsIsAndAWholeOneKeepsItsDecimalPoint() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        recorders.probedDuration(20.88);
        Api.Resp fractional = api.stopRecording(api.record(session).get("id").asText());
        recorders.probedDuration(7);
        Api.Resp whole = api.stopRecording(api.record(session).get("id").asText());

        assertThat(fractional.body()).contains("\"duration\":20.88");
        assertThat(whole.body()).contains("\"duration\":7.0");
        assertThat(api.get("/api/recordings").body()).contains("\"duration\":20.88").contains("\"duration\":7.0");
    }

    @Test
    void sizesAbove2GiBAreWrittenAs64BitIntegers() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.probedSize(5_000_000_000L);

        Api.Resp r = api.stopRecording(api.record(session).get("id").asText());

        assertThat(r.body()).contains("\"size\":5000000000,");
        assertThat(r.json().get("size").isIntegralNumber()).isTrue();
    }

    @Test
    void consecutiveRecordingsOfOneSessionGetTheBaseIdThenDashOneThenDashTwo() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String base = Api.shortId(session);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = api.record(session).get("id").asText();
            ids.add(id);
            JsonNode stopped = api.stop(id);
            assertThat(stopped.get("name").asText()).isEqualTo(id);
        }

        assertThat(ids).containsExactly(base, base + "-1", base + "-2");
    }

    @Test
    void aDeletedIdIsTheFirstFreeNameAgain() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String base = Api.shortId(session);
        api.stop(api.record(session).get("id").asText());
        api.stop(api.record(session).get("id").asText());

        assertThat(api.delete("/api/recordings/" + base).status()).isEqualTo(204);

        assertThat(api.record(session).get("id").asText()).isEqualTo(base);
    }

    @Test
    void getAnswersTheCurrentStateOfARecording() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        assertThat(api.recording(id).get("status").asText()).isEqualTo("started");
        api.stop(id);
        assertThat(api.recording(id).get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void listAnswersCountAndItemsOfEveryRecordingOldestFirst() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        assertThat(api.get("/api/recordings").json()).isEqualTo(Api.JSON.valueToTree(obj("count", 0, "items", List.of())));
        String s1 = api.manualSession();
        api.join(s1, true);
        String s2 = api.manualSession();
        api.join(s2, true);
        String first = api.record(s1).get("id").asText();
        api.stop(first);
        String second = api.record(s2).get("id").asText();

        Api.Resp r = api.get("/api/recordings");

        assertThat(r.status()).isEqualTo(200);
        JsonNode list = r.json();
        assertThat(fieldNames(list)).containsExactly("count", "items");
        assertThat(list.get("count").asInt()).isEqualTo(2);
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.get("items").get(0).get("id").asText()).isEqualTo(first);
        assertThat(list.get("items").get(0).get("status").asText()).isEqualTo("stopped");
        assertThat(list.get("items").get(1).get("id").asText()).isEqualTo(second);
        assertThat(list.get("items").get(1).get("status").asText()).isEqualTo("started");
        for (JsonNode item : list.get("items")) {
            assertThat(fieldNames(item)).containsExactlyInAnyOrderElementsOf(TEN_FIELDS);
        }
    }

    @Test
    void startWithoutSessionIsA400NamingTheField() {
        Api api = new Api(recordingServer());

        Api.Resp empty = api.post("/api/recordings/start", null);
        Api.Resp noSession = api.post("/api/recordings/start", obj("name", "x"));
        Api.Resp wrongType = api.post("/api/recordings/start", "{\"session\": 12}");
        Api.Resp malformed = api.post("/api/recordings/start", "{\"session\"");

        for (Api.Resp r : List.of(empty, noSession, wrongType)) {
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.message()).contains("session");
        }
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void startOnASessionNobodyJoinedOrThatDoesNotExistIsA404() {
        Api api = new Api(recordingServer());
        String reserved = api.manualSession();

        assertThat(api.startRecording(reserved).status()).isEqualTo(404);
        assertThat(api.startRecording("ws://localhost:1/unknownsession00").status()).isEqualTo(404);
    }

    @Test
    void startOnAClosedSessionIsA404() {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.leave(api.join(session, false));

        assertThat(api.startRecording(session).status()).isEqualTo(404);
    }

    @Test
    void startOnALiveSessionWithNoParticipantsIsA400() {
        // The only live session without participants: a MANUAL one kept open by its recording after everyone left.
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        String p = api.join(session, true);
        api.record(session);
        api.leave(p);
        assertThat(api.stubSession(session).get("participants")).isEmpty();

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("no participants");
    }

    @Test
    void startOnARelayedSessionIsA409() {
        Api api = new Api(recordingServer());
        String session = api.createSession("mediaMode", "RELAYED");
        api.join(session, true);

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("RELAYED");
        assertThat(recorders.launches()).isEmpty();
    }

    @Test
    void startOnASessionAlreadyBeingRecordedIsA409() {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.join(session, true);
        api.record(session);

        Api.Resp again = api.startRecording(session);

        assertThat(again.status()).isEqualTo(409);
        assertThat(recorders.launches()).hasSize(1);
    }

    @Test
    void stopWhileStillStartingIsA406AndTheRecordingThenStartsNormally() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = Api.shortId(session);
        recorders.next(Behaviour.WAITS_BEFORE_WRITING);
        CompletableFuture<Api.Resp> start = CompletableFuture.supplyAsync(() -> api.startRecording(session));
        api.awaitRecordingStatus(id, "starting");

        Api.Resp stop = api.stopRecording(id);
        Api.Resp delete = api.delete("/api/recordings/" + id);
        recorders.recorder(id).allowWriting();

        assertThat(stop.status()).isEqualTo(406);
        assertThat(delete.status()).as("delete while starting").isEqualTo(409);
        assertThat(start.get().status()).isEqualTo(200);
        assertThat(start.get().json().get("status").asText()).isEqualTo("started");
        assertThat(api.stopRecording(id).status()).isEqualTo(200);
    }

    @Test
    void stopOfAnUnknownOrAlreadyStoppedRecordingIsA404() {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);

        assertThat(api.stopRecording(id).status()).isEqualTo(404);
        assertThat(api.stopRecording("nosuchrecording").status()).isEqualTo(404);
        assertThat(api.stopRecording("..").status()).isEqualTo(404);
    }

    @Test
    void getOfAnUnknownRecordingIsA404() {
        Api api = new Api(recordingServer());

        assertThat(api.get("/api/recordings/nosuchrecording").status()).isEqualTo(404);
        assertThat(api.get("/api/recordings/..%2f..%2fetc").status()).isBetween(400, 404);
    }

    @Test
    void deleteAnswers204AndRemovesEveryFileOfTheRecording() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);
        Path folder = server.recordingPath();
        Files.writeString(folder.resolve(id + ".info"), "{}");
        assertThat(folder.resolve(id + ".mp4")).exists();
        assertThat(folder.resolve(".recording." + id)).exists();

        Api.Resp r = api.delete("/api/recordings/" + id);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.bytes()).isEmpty();
        try (var files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(id));
        }
        assertThat(api.get("/api/recordings/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isZero();
        assertThat(api.delete("/api/recordings/" + id).status()).as("deleted twice").isEqualTo(404);
    }

    @Test
    void deleteWhileStartedIsA409AndKeepsTheRecording() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        Api.Resp r = api.delete("/api/recordings/" + id);

        assertThat(r.status()).isEqualTo(409);
        assertThat(server.recordingPath().resolve(id + ".mp4")).exists();
        assertThat(api.recording(id).get("status").asText()).isEqualTo("started");
    }

    @Test
    void deleteOfAnUnknownRecordingIsA404() {
        Api api = new Api(recordingServer());

        assertThat(api.delete("/api/recordings/nosuchrecording").status()).isEqualTo(404);
    }

    @Test
    void aFailedRecordingCanBeDeleted() {
        OpenViduServerStub server = recordingServer(b -> b.startTimeout(java.time.Duration.ofMillis(200)));
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        recorders.next(Behaviour.NEVER_WRITES);
        assertThat(api.startRecording(session).status()).isEqualTo(500);
        String id = Api.shortId(session);

        assertThat(api.delete("/api/recordings/" + id).status()).isEqualTo(204);
        assertThat(api.recording(id)).isNull();
    }

    @Test
    void everyRecordingEndpointAnswers501WhenRecordingIsOff() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        List<Api.Resp> answers = List.of(
                api.startRecording(session),
                api.post("/api/recordings/start", null),
                api.stopRecording("x"),
                api.get("/api/recordings/x"),
                api.get("/api/recordings"),
                api.delete("/api/recordings/x"));

        for (Api.Resp r : answers) {
            assertThat(r.status()).as("%s", r).isEqualTo(501);
            assertThat(r.message()).contains("disabled");
        }
        assertThat(api.get("/recordings/x.mp4").status()).as("no file route either").isEqualTo(404);
    }
}

package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.TestRecorders.Behaviour;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Contract §5: session lifecycle, ALWAYS, MANUAL and insecure sessions. */
class SessionRulesTest extends StubTestSupport {

    private static void awaitSessionGone(Api api, String session) {
        Await.await(() -> api.stubSession(session) == null, Duration.ofSeconds(10), "session " + session + " to close");
    }

    @Test
    void aReservedSessionIsLiveFromItsFirstJoin() {
        Api api = new Api(plainServer());
        String session = api.manualSession();

        assertThat(api.stubSession(session).get("live").asBoolean()).isFalse();
        api.join(session, false);
        assertThat(api.stubSession(session).get("live").asBoolean()).isTrue();
    }

    @Test
    void theLastParticipantLeavingClosesTheSessionAndForgetsItsIdAndTokens() {
        Api api = new Api(plainServer());
        String session = api.manualSession();
        String unused = api.token(session, "PUBLISHER");
        String p1 = api.join(session, true);
        String p2 = api.join(session, false);

        api.leave(p1);
        assertThat(api.stubSession(session)).as("one participant left").isNotNull();
        api.leave(p2);

        assertThat(api.stubSession(session)).isNull();
        assertThat(api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "")).status()).isEqualTo(400);
        assertThat(api.post("/stub/participants", obj("session", session, "token", unused)).status()).isEqualTo(404);
        assertThat(api.get("/stub/layout/" + Api.shortId(session)).status()).isEqualTo(404);
    }

    @Test
    void alwaysStartsRecordingAtTheFirstPublishNotAtTheFirstJoin() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        String p = api.join(session, false);
        api.joinAs(session, "SUBSCRIBER", false);

        assertThat(api.recording(id)).as("joining does not record").isNull();
        assertThat(recorders.launches()).isEmpty();

        api.publish(p);
        JsonNode rec = api.awaitRecordingStatus(id, "started");

        assertThat(rec.get("sessionId").asText()).isEqualTo(session);
        assertThat(api.stubSession(session).get("recordingId").asText()).isEqualTo(id);
        api.join(session, true);
        assertThat(api.get("/api/recordings").json().get("count").asInt()).as("a second publisher adds nothing").isEqualTo(1);
        assertThat(recorders.launches()).hasSize(1);
    }

    @Test
    void aManualStartOnAnAlwaysSessionAlreadyRecordingIsA409() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        api.join(session, true);
        api.awaitRecordingStatus(Api.shortId(session), "started");

        assertThat(api.startRecording(session).status()).isEqualTo(409);
    }

    @Test
    void alwaysKeepsRecordingWhenEveryoneUnpublishes() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        String p = api.join(session, true);
        api.awaitRecordingStatus(id, "started");

        api.unpublish(p);

        assertThat(api.recordingStatus(id)).isEqualTo("started");
        assertThat(recorders.recorder(id).stopWasRequested()).isFalse();
        assertThat(api.stubSession(session).get("recordingId").asText()).isEqualTo(id);
    }

    @Test
    void alwaysStopsRecordingWhenTheLastParticipantLeaves() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        String p1 = api.join(session, true);
        String p2 = api.join(session, false);
        api.awaitRecordingStatus(id, "started");

        api.leave(p1);
        assertThat(api.recordingStatus(id)).as("one participant left").isEqualTo("started");
        api.leave(p2);

        JsonNode rec = api.awaitRecordingStatus(id, "stopped");
        assertThat(rec.get("size").asLong()).isPositive();
        assertThat(rec.get("url").isNull()).isTrue();
        assertThat(api.stubSession(session)).isNull();
    }

    @Test
    void alwaysWithFreeAccessEndsAvailableWithItsUrl() {
        OpenViduServerStub server = recordingServer(b -> b.freeAccess(true));
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        String p = api.join(session, true);
        api.awaitRecordingStatus(id, "started");

        api.leave(p);

        JsonNode rec = api.awaitRecordingStatus(id, "available");
        assertThat(rec.get("url").asText()).isEqualTo(server.baseUrl() + "/recordings/" + id + ".mp4");
        assertThat(api.anonymous().get("/recordings/" + id + ".mp4").status()).isEqualTo(200);
    }

    @Test
    void alwaysStopsARecordingStillStartingWhenTheLastParticipantLeaves() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        recorders.next(Behaviour.WAITS_BEFORE_WRITING);
        String p = api.join(session, true);
        api.awaitRecordingStatus(id, "starting");

        api.leave(p);
        recorders.recorder(id).allowWriting();

        api.awaitRecordingStatus(id, "stopped");
        assertThat(api.stubSession(session)).isNull();
    }

    @Test
    void alwaysRecordsEachNewLifeOfAReusedInsecureSessionName() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String p = api.post("/stub/participants", obj("session", "again", "secret", server.secret(), "publish", true))
                .json().get("id").asText();
        api.awaitRecordingStatus("again", "started");
        api.leave(p);
        api.awaitRecordingStatus("again", "stopped");

        api.post("/stub/participants", obj("session", "again", "secret", server.secret(), "publish", true));

        api.awaitRecordingStatus("again-1", "started");
    }

    @Test
    void aRelayedAlwaysSessionIsNeverRecorded() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.createSession("archiveMode", "ALWAYS", "mediaMode", "RELAYED");

        api.join(session, true);

        assertThat(recorders.launches()).isEmpty();
        assertThat(api.stubSession(session).get("recordingId").isNull()).isTrue();
    }

    @Test
    void alwaysSessionsWorkWithoutRecordingWhenRecordingIsOff() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String session = api.alwaysSession();

        String p = api.join(session, true);
        api.leave(p);

        assertThat(api.stubSession(session)).isNull();
    }

    @Test
    void manualNeverStartsRecordingByItself() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();

        api.leave(api.join(session, true));

        assertThat(recorders.launches()).isEmpty();
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isZero();
    }

    @Test
    void manualKeepsRecordingAndItsSessionOpenWhenEveryoneLeaves() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String p = api.join(session, true);
        String id = api.record(session).get("id").asText();

        api.leave(p);

        assertThat(api.recordingStatus(id)).isEqualTo("started");
        assertThat(recorders.recorder(id).stopWasRequested()).isFalse();
        JsonNode s = api.stubSession(session);
        assertThat(s).as("still open").isNotNull();
        assertThat(s.get("participants")).isEmpty();
        assertThat(s.get("recordingId").asText()).isEqualTo(id);
        String again = api.join(session, true);
        assertThat(again).as("tokens still work").isNotBlank();
        api.leave(again);
        assertThat(api.stubSession(session)).isNotNull();
    }

    @Test
    void manualClosesItsEmptySessionWhenTheRecordingIsStopped() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String p = api.join(session, true);
        String id = api.record(session).get("id").asText();
        String unused = api.token(session, "PUBLISHER");
        api.leave(p);

        api.stop(id);

        awaitSessionGone(api, session);
        assertThat(api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "")).status()).isEqualTo(400);
        assertThat(api.post("/stub/participants", obj("session", session, "token", unused)).status()).isEqualTo(404);
        assertThat(api.startRecording(session).status()).isEqualTo(404);
    }

    @Test
    void manualStoppedWithParticipantsStillThereKeepsTheSessionOpen() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String p = api.join(session, true);
        String id = api.record(session).get("id").asText();

        api.stop(id);

        assertThat(api.stubSession(session)).isNotNull();
        assertThat(api.record(session).get("id").asText()).as("and it can be recorded again").isEqualTo(id + "-1");
        api.leave(p);
        assertThat(api.recordingStatus(id + "-1")).as("MANUAL still never stops by itself").isEqualTo("started");
    }

    @Test
    void manualClosesItsEmptySessionWhenItsRecorderDies() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String p = api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.leave(p);

        recorders.recorder(id).exitByItself(1);

        api.awaitRecordingStatus(id, "failed");
        awaitSessionGone(api, session);
    }

    @Test
    void anInsecureSessionIsRecordedAutomaticallyFromItsFirstPublish() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        Api.Resp joined = api.post("/stub/participants", obj("session", "insecure-room", "secret", server.secret()));
        String p = joined.json().get("id").asText();
        assertThat(recorders.launches()).isEmpty();
        api.publish(p);

        JsonNode rec = api.awaitRecordingStatus("insecure-room", "started");
        assertThat(rec.get("sessionId").asText()).isEqualTo(server.sessionIdFor("insecure-room"));
        api.leave(p);
        api.awaitRecordingStatus("insecure-room", "stopped");
        assertThat(api.stubSession(server.sessionIdFor("insecure-room"))).isNull();
    }
}

package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API under {@code /stub}: simulated participants, sessions view, reset and layout state. */
class ControlApiTest extends StubTestSupport {
    private OpenViduServerStub server;
    private Api api;

    @BeforeEach
    void start() {
        server = plainServer();
        api = new Api(server);
    }

    private Api.Resp joinWith(Object... body) {
        return api.post("/stub/participants", obj(body));
    }

    @Test
    void joiningWithATokenAnswersTheParticipantWithTheTokensRole() {
        String session = api.manualSession();
        for (String role : new String[] {"SUBSCRIBER", "PUBLISHER", "MODERATOR"}) {
            String token = api.token(session, role);

            Api.Resp r = joinWith("session", session, "token", token);

            assertThat(r.status()).isEqualTo(200);
            JsonNode p = r.json();
            assertThat(p.get("id").asText()).matches("con_[a-z0-9]+");
            assertThat(p.get("session").asText()).isEqualTo(session);
            assertThat(p.get("role").asText()).isEqualTo(role);
            assertThat(p.get("publishing").asBoolean()).isFalse();
        }
    }

    @Test
    void joiningWithPublishTrueJoinsPublishing() {
        String session = api.manualSession();

        Api.Resp r = joinWith("session", session, "token", api.token(session, "PUBLISHER"), "publish", true,
                "metadata", "alice");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("publishing").asBoolean()).isTrue();
        assertThat(r.json().get("metadata").asText()).isEqualTo("alice");
    }

    @Test
    void theTokensDataIsTheMetadataUnlessOtherMetadataIsGiven() {
        String session = api.manualSession();
        String token = api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "bob"))
                .json().get("token").asText();

        Api.Resp r = joinWith("session", session, "token", token);

        assertThat(r.json().get("metadata").asText()).isEqualTo("bob");
    }

    @Test
    void aTokenIsSingleUse() {
        String session = api.manualSession();
        String token = api.token(session, "PUBLISHER");
        assertThat(joinWith("session", session, "token", token).status()).isEqualTo(200);

        Api.Resp again = joinWith("session", session, "token", token);

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.message()).contains("token");
    }

    @Test
    void anUnknownTokenOrATokenOfAnotherSessionIs401() {
        String session = api.manualSession();
        String other = api.manualSession();
        String otherToken = api.token(other, "PUBLISHER");

        assertThat(joinWith("session", session, "token", "abcdefghijklmnop").status()).isEqualTo(401);
        assertThat(joinWith("session", session, "token", otherToken).status()).isEqualTo(401);
        assertThat(joinWith("session", other, "token", otherToken).status()).as("still unused").isEqualTo(200);
    }

    @Test
    void joiningAnUnknownSessionIs404() {
        Api.Resp r = joinWith("session", "ws://localhost:1/nosuchsession000", "token", "abcdefghijklmnop");

        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void joiningAnInsecureSessionByBareNameCreatesItUnderTheWebSocketBase() {
        Api.Resp r = joinWith("session", "my-room_1", "secret", server.secret(), "metadata", "carol");

        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json();
        String expected = "ws://localhost:" + server.port() + "/my-room_1";
        assertThat(p.get("session").asText()).isEqualTo(expected).isEqualTo(server.sessionIdFor("my-room_1"));
        assertThat(p.get("role").asText()).isEqualTo("PUBLISHER");
        JsonNode s = api.stubSession(expected);
        assertThat(s.get("archiveMode").asText()).isEqualTo("ALWAYS");
        assertThat(s.get("mediaMode").asText()).isEqualTo("ROUTED");
        assertThat(s.get("archiveLayout").asText()).isEqualTo("BEST_FIT");
        Api.Resp second = joinWith("session", expected, "secret", server.secret());
        assertThat(second.status()).as("the full id joins the same session").isEqualTo(200);
        assertThat(api.stubSession(expected).get("participants")).hasSize(2);
    }

    @Test
    void joiningAnInsecureSessionWithAWrongSecretIs401AndCreatesNothing() {
        Api.Resp r = joinWith("session", "room", "secret", "not-the-secret");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).doesNotContain(server.secret());
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isZero();
    }

    @Test
    void aSessionCreatedThroughTheApiCanAlsoBeJoinedWithTheSecret() {
        String session = api.manualSession();

        Api.Resp r = joinWith("session", session, "secret", server.secret());

        assertThat(r.status()).isEqualTo(200);
        assertThat(api.stubSession(session).get("archiveMode").asText()).as("keeps its properties").isEqualTo("MANUAL");
    }

    @Test
    void malformedJoinRequestsAre400NamingTheProblem() {
        String session = api.manualSession();
        String token = api.token(session, "PUBLISHER");

        List<Object[]> bodies = List.of(
                new Object[] {"token", token},
                new Object[] {"session", session},
                new Object[] {"session", session, "token", token, "secret", server.secret()},
                new Object[] {"session", session, "token", token, "publish", "yes"},
                new Object[] {"session", session, "token", 42},
                new Object[] {"session", 42, "token", token},
                new Object[] {"session", session, "token", token, "metadata", List.of("x")},
                new Object[] {"session", "bad name!", "secret", server.secret()},
                new Object[] {"session", "", "secret", server.secret()});
        for (Object[] body : bodies) {
            Api.Resp r = joinWith(body);
            assertThat(r.status()).as("%s: %s", List.of(body), r).isEqualTo(400);
            assertThat(r.message()).isNotBlank();
        }
        assertThat(api.post("/stub/participants", "{\"session\":").status()).isEqualTo(400);
        assertThat(joinWith("session", session, "token", token).status()).as("the token was not used up").isEqualTo(200);
    }

    @Test
    void publishAnswersTheParticipantPublishing() {
        String session = api.manualSession();
        String p = api.join(session, false);

        Api.Resp r = api.post("/stub/participants/" + p + "/publish", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(p);
        assertThat(r.json().get("publishing").asBoolean()).isTrue();
        assertThat(api.get("/stub/participants/" + p).json().get("publishing").asBoolean()).isTrue();
    }

    @Test
    void aSubscriberMayNotPublish() {
        String session = api.manualSession();
        String p = api.joinAs(session, "SUBSCRIBER", false);

        Api.Resp r = api.post("/stub/participants/" + p + "/publish", null);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).contains("SUBSCRIBER");
    }

    @Test
    void aSubscriberJoiningWithPublishTrueIsRefusedWithoutJoiningOrUsingTheToken() {
        String session = api.manualSession();
        String token = api.token(session, "SUBSCRIBER");

        Api.Resp r = joinWith("session", session, "token", token, "publish", true);

        assertThat(r.status()).isEqualTo(403);
        assertThat(api.stubSession(session).get("participants")).isEmpty();
        assertThat(joinWith("session", session, "token", token).status()).as("token still usable").isEqualTo(200);
    }

    @Test
    void aModeratorMayPublish() {
        String session = api.manualSession();
        String p = api.joinAs(session, "MODERATOR", false);

        assertThat(api.post("/stub/participants/" + p + "/publish", null).status()).isEqualTo(200);
    }

    @Test
    void publishingTwiceIs409() {
        String session = api.manualSession();
        String p = api.join(session, true);

        assertThat(api.post("/stub/participants/" + p + "/publish", null).status()).isEqualTo(409);
    }

    @Test
    void publishingAsAnUnknownParticipantIs404() {
        assertThat(api.post("/stub/participants/con_nobody/publish", null).status()).isEqualTo(404);
        assertThat(api.delete("/stub/participants/con_nobody/publish").status()).isEqualTo(404);
        assertThat(api.delete("/stub/participants/con_nobody").status()).isEqualTo(404);
        assertThat(api.get("/stub/participants/con_nobody").status()).isEqualTo(404);
    }

    @Test
    void unpublishAnswers204AndThenPublishingAgainWorks() {
        String session = api.manualSession();
        String p = api.join(session, true);

        Api.Resp r = api.delete("/stub/participants/" + p + "/publish");

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.bytes()).isEmpty();
        assertThat(api.get("/stub/participants/" + p).json().get("publishing").asBoolean()).isFalse();
        assertThat(api.post("/stub/participants/" + p + "/publish", null).status()).isEqualTo(200);
    }

    @Test
    void leaveAnswers204AndTheParticipantIsGone() {
        String session = api.manualSession();
        String p1 = api.join(session, false);
        String p2 = api.join(session, false);

        Api.Resp r = api.delete("/stub/participants/" + p1);

        assertThat(r.status()).isEqualTo(204);
        assertThat(api.get("/stub/participants/" + p1).status()).isEqualTo(404);
        assertThat(api.delete("/stub/participants/" + p1).status()).as("leaving twice").isEqualTo(404);
        JsonNode members = api.stubSession(session).get("participants");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("id").asText()).isEqualTo(p2);
    }

    @Test
    void sessionsListsReservedAndLiveSessionsWithParticipantsAndRecording() {
        String reserved = api.createSession("archiveMode", "ALWAYS", "archiveLayout", "PICTURE_IN_PICTURE", "mediaMode", "RELAYED");
        String live = api.manualSession();
        String p1 = api.join(live, true);
        String p2 = api.joinAs(live, "SUBSCRIBER", false);

        Api.Resp r = api.get("/stub/sessions");

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("count").asInt()).isEqualTo(2);
        assertThat(body.get("items")).hasSize(2);
        JsonNode res = api.stubSession(reserved);
        assertThat(res.get("archiveMode").asText()).isEqualTo("ALWAYS");
        assertThat(res.get("archiveLayout").asText()).isEqualTo("PICTURE_IN_PICTURE");
        assertThat(res.get("mediaMode").asText()).isEqualTo("RELAYED");
        assertThat(res.get("participants")).isEmpty();
        assertThat(res.get("recordingId").isNull()).isTrue();
        JsonNode liv = api.stubSession(live);
        List<String> ids = new ArrayList<>();
        liv.get("participants").forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).containsExactly(p1, p2);
        assertThat(liv.get("participants").get(0).get("publishing").asBoolean()).isTrue();
        assertThat(liv.get("participants").get(1).get("role").asText()).isEqualTo("SUBSCRIBER");
        assertThat(liv.get("recordingId").isNull()).isTrue();
    }

    @Test
    void sessionsShowsTheActiveRecordingId() {
        OpenViduServerStub rec = recordingServer();
        Api api = new Api(rec);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        assertThat(api.stubSession(session).get("recordingId").asText()).isEqualTo(id);
        api.stop(id);
        assertThat(api.stubSession(session).get("recordingId").isNull()).isTrue();
    }

    @Test
    void resetForgetsSessionsParticipantsAndTokensButKeepsRecordings() {
        OpenViduServerStub rec = recordingServer();
        Api api = new Api(rec);
        String session = api.manualSession();
        String p = api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);
        String unused = api.token(session, "PUBLISHER");

        Api.Resp r = api.post("/stub/reset", null);

        assertThat(r.status()).isEqualTo(204);
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isZero();
        assertThat(api.get("/stub/participants/" + p).status()).isEqualTo(404);
        assertThat(api.post("/stub/participants", obj("session", session, "token", unused)).status()).isEqualTo(404);
        assertThat(api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "")).status()).isEqualTo(400);
        assertThat(api.recording(id)).isNotNull();
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void layoutListsPublishersInPublishOrderAndItsVersionGrows() {
        String session = api.createSession("archiveLayout", "BEST_FIT");
        String shortId = Api.shortId(session);
        String a = api.join(session, false);
        String b = api.join(session, false);
        String c = api.join(session, false);
        api.joinAs(session, "SUBSCRIBER", false);
        Api.Resp empty = api.get("/stub/layout/" + shortId);
        api.publish(c);
        api.publish(a);
        api.publish(b);
        api.unpublish(a);
        api.publish(a);

        Api.Resp r = api.get("/stub/layout/" + shortId);

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("publishers")).isEmpty();
        assertThat(r.status()).isEqualTo(200);
        JsonNode layout = r.json();
        assertThat(layout.get("sessionId").asText()).isEqualTo(session);
        assertThat(layout.get("layout").asText()).isEqualTo("BEST_FIT");
        assertThat(layout.get("version").asLong()).isGreaterThan(empty.json().get("version").asLong());
        List<String> order = new ArrayList<>();
        layout.get("publishers").forEach(p -> order.add(p.get("id").asText()));
        assertThat(order).containsExactly(c, b, a);
        JsonNode first = layout.get("publishers").get(0);
        assertThat(first.has("metadata")).isTrue();
        assertThat(first.get("media").isNull()).isTrue();
    }

    @Test
    void layoutOfAReservedSessionHasNoPublishersAndOfAnUnknownOneIs404() {
        String session = api.manualSession();

        Api.Resp reserved = api.get("/stub/layout/" + Api.shortId(session));
        Api.Resp unknown = api.get("/stub/layout/nosuchsession000");

        assertThat(reserved.status()).isEqualTo(200);
        assertThat(reserved.json().get("publishers")).isEmpty();
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void layoutOfAClosedSessionIs404() {
        String session = api.manualSession();
        api.leave(api.join(session, true));

        assertThat(api.get("/stub/layout/" + Api.shortId(session)).status()).isEqualTo(404);
    }

    @Test
    void theJavaApiOffersTheSameOperationsWithTheSameStatuses() {
        String session = api.manualSession();
        Participant p = server.join(session, api.token(session, "PUBLISHER"), JoinOptions.defaults().metadata("dave"));
        Participant sub = server.join(session, api.token(session, "SUBSCRIBER"));

        assertThat(p.sessionId()).isEqualTo(session);
        assertThat(p.role()).isEqualTo(Participant.Role.PUBLISHER);
        assertThat(p.publish().isPublishing()).isTrue();
        assertThat(api.stubSession(session).get("participants").get(0).get("metadata").asText()).isEqualTo("dave");
        assertStatus(() -> p.publish(), 409);
        assertStatus(() -> sub.publish(), 403);
        assertStatus(() -> server.join(session, "abcdefghijklmnop"), 401);
        assertStatus(() -> server.join("ws://localhost:1/nosuchsession000", "abcdefghijklmnop"), 404);
        assertThat(p.unpublish().isPublishing()).isFalse();
        p.leave();
        assertStatus(p::leave, 404);
        Participant insecure = server.joinInsecure("java-room", JoinOptions.publishing());
        assertThat(insecure.sessionId()).isEqualTo(server.sessionIdFor("java-room"));
        assertThat(insecure.isPublishing()).isTrue();
        server.reset();
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isZero();
        assertThat(insecure.isPublishing()).as("gone after reset").isFalse();
    }

    private static void assertStatus(Runnable action, int status) {
        try {
            action.run();
        } catch (StubException e) {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            return;
        }
        throw new AssertionError("expected a StubException with status " + status);
    }
}

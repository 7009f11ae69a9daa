package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.testing.Await;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenVidu 2.x REST API under {@code /openvidu/api}, over real HTTP with the test recorder: shapes the 2.32
 * clients need, the order of the recording start's checks, the automatic stop, and the separation from 1.8.
 */
class OpenVidu2ApiTest extends StubTestSupport {
    private static final String API = "/openvidu/api";

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String session(Api api, Object... properties) {
        Api.Resp r = api.post(API + "/sessions", properties.length == 0 ? null : obj(properties));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("id").asText();
    }

    private static JsonNode connection(Api api, String session, Object... properties) {
        Api.Resp r = api.post(API + "/sessions/" + session + "/connection", properties.length == 0 ? null : obj(properties));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    /** A simulated participant joins with the connection's token URL; answers its participant JSON. */
    private static JsonNode join(Api api, String session, boolean publish) {
        JsonNode c = connection(api, session);
        Api.Resp r = api.post("/stub/participants", obj("session", session, "token", c.get("token").asText(), "publish", publish));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    @Test
    void aCreatedSessionHasA2xIdAndEveryKeyTheOfficialClientReads() {
        Api api = new Api(plainServer());

        Api.Resp r = api.post(API + "/sessions", obj("mediaMode", "ROUTED", "recordingMode", "MANUAL", "customSessionId", "",
                "forcedVideoCodec", "MEDIA_SERVER_PREFERRED", "allowTranscoding", false));

        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.get("id").asText()).matches("ses_[A-Z][0-9A-Za-z]{9}");
        assertThat(s.get("sessionId").asText()).isEqualTo(s.get("id").asText());
        assertThat(fields(s)).contains("object", "createdAt", "recording", "broadcasting", "mediaMode", "recordingMode",
                "defaultRecordingProperties", "customSessionId", "forcedVideoCodec", "allowTranscoding", "connections");
        assertThat(s.get("recording").asBoolean()).isFalse();
        assertThat(s.get("forcedVideoCodec").asText()).isEqualTo("MEDIA_SERVER_PREFERRED");
        assertThat(s.at("/defaultRecordingProperties/outputMode").asText()).isEqualTo("COMPOSED");
        assertThat(s.at("/defaultRecordingProperties/resolution").asText()).isEqualTo("1280x720");
        assertThat(s.at("/connections/numberOfElements").asInt()).isZero();
    }

    @Test
    void aCustomSessionIdIsKeptAndASecondCreationIsA409() {
        Api api = new Api(plainServer());

        assertThat(session(api, "customSessionId", "daily-standup_1")).isEqualTo("daily-standup_1");
        assertThat(api.post(API + "/sessions", obj("customSessionId", "daily-standup_1")).status()).isEqualTo(409);
        assertThat(api.get(API + "/sessions/daily-standup_1?pendingConnections=true").status()).isEqualTo(200);
        assertThat(api.post(API + "/sessions", obj("customSessionId", "no spaces")).status()).isEqualTo(400);
        assertThat(api.post(API + "/sessions", obj("recordingMode", "SOMETIMES")).status()).isEqualTo(400);
        assertThat(api.post(API + "/sessions", obj("forcedVideoCodec", "AV1")).status()).isEqualTo(400);
    }

    @Test
    void aPendingConnectionBecomesActiveWithTheSameIdWhenASimulatedParticipantJoinsWithItsToken() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String s = session(api);
        JsonNode pending = connection(api, s, "role", "PUBLISHER", "data", "alice-server", "record", true);
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("id").asText()).matches("con_[A-Z][0-9A-Za-z]{9}");
        assertThat(pending.get("token").asText())
                .matches("ws://localhost:" + server.port() + "\\?sessionId=" + s + "&token=tok_[A-Z][0-9A-Za-z]{15}");
        for (String key : List.of("activeAt", "location", "ip", "platform", "clientData", "publishers", "subscribers")) {
            assertThat(pending.has(key)).as(key).isTrue();
            assertThat(pending.get(key).isNull()).as(key).isTrue();
        }
        assertThat(api.get(API + "/sessions/" + s).json().at("/connections/numberOfElements").asInt())
                .as("pending ones only when asked").isZero();

        Api.Resp joined = api.post("/stub/participants", obj("session", s, "token", pending.get("token").asText(),
                "metadata", "alice-client", "publish", true));

        assertThat(joined.status()).as("%s", joined).isEqualTo(200);
        assertThat(joined.json().get("id").asText()).isEqualTo(pending.get("id").asText());
        JsonNode c = api.get(API + "/sessions/" + s + "?pendingConnections=true").json().at("/connections/content/0");
        assertThat(c.get("status").asText()).isEqualTo("active");
        assertThat(c.get("connectionId").asText()).isEqualTo(pending.get("id").asText());
        assertThat(c.get("serverData").asText()).isEqualTo("alice-server");
        assertThat(c.get("clientData").asText()).isEqualTo("alice-client");
        assertThat(c.get("activeAt").asLong()).isGreaterThanOrEqualTo(c.get("createdAt").asLong());
        JsonNode pub = c.at("/publishers/0");
        assertThat(pub.get("streamId").asText()).matches("str_CAM_[A-Z][0-9A-Za-z]{3}_" + pending.get("id").asText());
        assertThat(pub.at("/mediaOptions/hasVideo").asBoolean()).isTrue();
        assertThat(pub.at("/mediaOptions/typeOfVideo").asText()).isEqualTo("CAMERA");
        assertThat(api.post("/stub/participants", obj("session", s, "token", pending.get("token").asText())).status())
                .as("a used token").isEqualTo(401);
    }

    @Test
    void forceUnpublishAndForceDisconnectActOnTheSimulatedParticipantAndAnswer204() {
        Api api = new Api(plainServer());
        String s = session(api);
        JsonNode alice = join(api, s, true);
        join(api, s, false); // keeps the session open after alice leaves
        String stream = api.get(API + "/sessions/" + s).json().at("/connections/content/0/publishers/0/streamId").asText();

        assertThat(api.delete(API + "/sessions/" + s + "/stream/" + stream).status()).isEqualTo(204);
        assertThat(api.get(API + "/sessions/" + s).json().at("/connections/content/0/publishers").size()).isZero();
        assertThat(api.delete(API + "/sessions/" + s + "/stream/" + stream).status()).isEqualTo(404);
        assertThat(api.delete(API + "/sessions/nope/stream/" + stream).status()).isEqualTo(400);

        assertThat(api.delete(API + "/sessions/" + s + "/connection/" + alice.get("id").asText()).status()).isEqualTo(204);
        assertThat(api.get("/stub/participants/" + alice.get("id").asText()).status()).isEqualTo(404);
        assertThat(api.delete(API + "/sessions/" + s + "/connection/" + alice.get("id").asText()).status()).isEqualTo(404);
        assertThat(api.delete(API + "/sessions/nope/connection/x").status()).isEqualTo(400);
    }

    @Test
    void aRevokedPendingConnectionsTokenNoLongerJoins() {
        Api api = new Api(plainServer());
        String s = session(api);
        JsonNode c = connection(api, s);

        assertThat(api.delete(API + "/sessions/" + s + "/connection/" + c.get("id").asText()).status()).isEqualTo(204);

        assertThat(api.post("/stub/participants", obj("session", s, "token", c.get("token").asText())).status()).isEqualTo(401);
    }

    @Test
    void theDeprecatedTokensEndpointMakesAPendingConnection() {
        Api api = new Api(plainServer());
        String s = session(api);

        Api.Resp r = api.post(API + "/tokens", obj("session", s, "role", "SUBSCRIBER", "data", "d"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(r.json().get("token").asText()).contains("token=tok_");
        assertThat(r.json().get("connectionId").asText()).startsWith("con_");
        assertThat(api.get(API + "/sessions/" + s + "?pendingConnections=true").json().at("/connections/numberOfElements").asInt())
                .isEqualTo(1);
        assertThat(api.post(API + "/tokens", obj("session", "unknown")).status()).isEqualTo(404);
        assertThat(api.post(API + "/tokens", obj("role", "PUBLISHER")).status()).isEqualTo(400);
    }

    @Test
    void signalsReachTheSimulatedParticipantsNamedAndAreReadableThroughTheControlApi() {
        Api api = new Api(plainServer());
        String s = session(api);
        String alice = join(api, s, false).get("id").asText();
        String bob = join(api, s, false).get("id").asText();

        assertThat(api.post(API + "/signal", obj("session", s, "to", List.of(alice), "type", "chat", "data", "hi")).status())
                .isEqualTo(200);
        assertThat(api.post(API + "/signal", obj("session", s, "type", "all", "data", "x")).status()).isEqualTo(200);

        assertThat(api.get("/stub/participants/" + alice + "/signals").json().get("count").asInt()).isEqualTo(2);
        JsonNode bobs = api.get("/stub/participants/" + bob + "/signals").json();
        assertThat(bobs.get("count").asInt()).isEqualTo(1);
        assertThat(bobs.at("/items/0/type").asText()).isEqualTo("all");
        assertThat(bobs.at("/items/0/from").isNull()).isTrue();
        assertThat(api.post(API + "/signal", obj("session", s, "to", List.of("con_nobody"))).status()).isEqualTo(406);
        assertThat(api.post(API + "/signal", obj("session", "nope")).status()).isEqualTo(404);
        assertThat(api.post(API + "/signal", obj("session", session(api))).status()).as("not active").isEqualTo(406);
    }

    @Test
    void recordingEndpointsAnswer501WhenRecordingIsOff() {
        Api api = new Api(plainServer());
        String s = session(api);
        join(api, s, true);

        assertThat(api.post(API + "/recordings/start", obj("session", s)).status()).isEqualTo(501);
        assertThat(api.post(API + "/recordings/start", obj("session", "unknown")).status()).as("before the lookup").isEqualTo(501);
        assertThat(api.post(API + "/recordings/stop/x", null).status()).isEqualTo(501);
        assertThat(api.get(API + "/recordings/x").status()).isEqualTo(501);
        assertThat(api.get(API + "/recordings").status()).isEqualTo(501);
        assertThat(api.delete(API + "/recordings/x").status()).isEqualTo(501);
    }

    @Test
    void theRecordingStartChecksTheSessionBeforeItsProperties() {
        Api api = new Api(recordingServer());
        String s = session(api);

        assertThat(api.post(API + "/recordings/start", null).status()).isEqualTo(400);
        assertThat(api.post(API + "/recordings/start", obj("session", "unknown", "frameRate", 0)).status()).isEqualTo(404);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "frameRate", 0)).status()).as("nobody joined").isEqualTo(406);
        join(api, s, true);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "frameRate", 0)).status()).isEqualTo(422);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "resolution", "99x720")).status()).isEqualTo(422);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "shmSize", 1000)).status()).isEqualTo(422);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "hasAudio", false, "hasVideo", false)).status()).isEqualTo(422);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "name", "no spaces")).status()).isEqualTo(400);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "recordingLayout", "MOSAIC")).status()).isEqualTo(400);
        assertThat(api.post(API + "/recordings/start", obj("session", s, "frameRate", "25")).status()).isEqualTo(400);
        String relayed = session(api, "mediaMode", "RELAYED");
        assertThat(api.post(API + "/recordings/start", obj("session", relayed)).status()).isEqualTo(409);
    }

    @Test
    void aRecordingIsStartedReadyAtItsStopAndLivesInAFolderOfItsOwnWithTildeIds() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String s = session(api);
        join(api, s, true);

        Api.Resp started = api.post(API + "/recordings/start", obj("session", s, "name", "standup", "resolution", "640x480",
                "frameRate", 15, "outputMode", "COMPOSED", "recordingLayout", "BEST_FIT"));

        assertThat(started.status()).as("%s", started).isEqualTo(200);
        JsonNode r = started.json();
        assertThat(r.get("id").asText()).isEqualTo(s);
        assertThat(r.get("object").asText()).isEqualTo("recording");
        assertThat(r.get("status").asText()).isEqualTo("started");
        assertThat(r.get("name").asText()).isEqualTo("standup");
        assertThat(r.get("resolution").asText()).isEqualTo("640x480");
        assertThat(r.get("frameRate").asInt()).isEqualTo(15);
        assertThat(r.has("url") && r.get("url").isNull()).isTrue();
        assertThat(recorders.launches()).last().satisfies(l -> {
            assertThat(l.resolution()).isEqualTo("640x480");
            assertThat(l.frameRate()).isEqualTo(15);
        });
        assertThat(api.get(API + "/sessions/" + s).json().get("recording").asBoolean()).isTrue();
        assertThat(api.post(API + "/recordings/start", obj("session", s)).status()).isEqualTo(409);

        JsonNode stopped = api.post(API + "/recordings/stop/" + s, null).json();

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        assertThat(stopped.get("url").asText()).isEqualTo(server.baseUrl().toString() + "/openvidu/recordings/" + s + "/standup.mp4");
        assertThat(Files.isRegularFile(recordingsFolder().resolve(s).resolve("standup.mp4"))).isTrue();
        assertThat(Files.isRegularFile(recordingsFolder().resolve(s).resolve(".recording." + s))).isTrue();
        assertThat(api.get("/openvidu/recordings/" + s + "/standup.mp4").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/openvidu/recordings/" + s + "/standup.mp4").status()).as("public access off").isEqualTo(401);
        assertThat(api.get(API + "/recordings").json().at("/items/0/id").asText()).isEqualTo(s);
        assertThat(api.get("/api/recordings").json().get("count").asInt()).as("not a 1.8 recording").isZero();
        assertThat(api.get("/api/recordings/" + s).status()).isEqualTo(404);

        JsonNode second = api.post(API + "/recordings/start", obj("session", s)).json();
        assertThat(second.get("id").asText()).isEqualTo(s + "~1");
        assertThat(api.post(API + "/recordings/stop/" + s + "~1", null).json().get("status").asText()).isEqualTo("ready");
        assertThat(api.delete(API + "/recordings/" + s).status()).isEqualTo(204);
        assertThat(Files.exists(recordingsFolder().resolve(s))).isFalse();
        assertThat(api.get(API + "/recordings/" + s).status()).isEqualTo(404);
        assertThat(api.get("/openvidu/recordings/" + s + "/standup.mp4").status()).isEqualTo(404);
        assertThat(api.post(API + "/recordings/start", obj("session", s)).json().get("id").asText())
                .as("a deleted id is free again").isEqualTo(s);
    }

    @Test
    void publicAccessOpensTheRecordingFilesButNotTheApi() {
        OpenViduServerStub server = recordingServer(b -> b.freeAccess(true));
        Api api = new Api(server);
        String s = session(api);
        join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));
        String url = api.post(API + "/recordings/stop/" + s, null).json().get("url").asText();

        assertThat(api.anonymous().get(url.substring(server.baseUrl().toString().length())).status()).isEqualTo(200);
        assertThat(api.anonymous().get(API + "/recordings").status()).isEqualTo(401);
    }

    @Test
    void sessionDefaultRecordingPropertiesApplyToStartsThatDoNotSayOtherwise() {
        Api api = new Api(recordingServer());
        String s = session(api, "defaultRecordingProperties", Map.of("resolution", "800x600", "frameRate", 10, "name", "def"));
        join(api, s, true);

        JsonNode r = api.post(API + "/recordings/start", obj("session", s, "frameRate", 20)).json();

        assertThat(r.get("resolution").asText()).isEqualTo("800x600");
        assertThat(r.get("frameRate").asInt()).isEqualTo(20);
        assertThat(r.get("name").asText()).isEqualTo("def");
        assertThat(api.post(API + "/sessions", obj("defaultRecordingProperties", Map.of("frameRate", 500))).status())
                .isEqualTo(400);
    }

    @Test
    void whenTheLastParticipantLeavesTheRecordingStopsAfterTheAutostopTimeoutAndTheSessionCloses() {
        Api api = new Api(recordingServer(b -> b.autostopTimeout(Duration.ofMillis(300))));
        String s = session(api);
        String alice = join(api, s, true).get("id").asText();
        api.post(API + "/recordings/start", obj("session", s));

        api.leave(alice);

        assertThat(api.get(API + "/sessions/" + s).status()).as("kept open while the countdown runs").isEqualTo(200);
        Await.await(() -> "ready".equals(api.get(API + "/recordings/" + s).json().path("status").asText()), Duration.ofSeconds(10), "the automatic stop");
        Await.await(() -> api.get(API + "/sessions/" + s).status() == 404, Duration.ofSeconds(10), "the session's close");
    }

    @Test
    void aPublishDuringTheCountdownCancelsTheAutomaticStop() {
        Api api = new Api(recordingServer(b -> b.autostopTimeout(Duration.ofSeconds(60))));
        String s = session(api);
        String alice = join(api, s, false).get("id").asText();
        api.post(API + "/recordings/start", obj("session", s)); // nobody publishes: the countdown starts at once
        assertThat(stubSession(api, s).get("autostopPending").asBoolean()).isTrue();

        api.publish(alice);

        assertThat(stubSession(api, s).get("autostopPending").asBoolean()).isFalse();
        assertThat(api.get(API + "/recordings/" + s).json().get("status").asText()).isEqualTo("started");
        api.leave(alice);
        assertThat(stubSession(api, s).get("autostopPending").asBoolean()).as("the last one left").isTrue();
    }

    private static JsonNode stubSession(Api api, String id) {
        for (JsonNode item : api.get("/stub/sessions").json().get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no session " + id + " in /stub/sessions");
    }

    @Test
    void aCustomSessionIdMayStartWithADashAndItsRecordingsAreRecorded() {
        Api api = new Api(recordingServer());
        String s = session(api, "customSessionId", "-team_room");
        join(api, s, true);

        Api.Resp started = api.post(API + "/recordings/start", obj("session", s));

        assertThat(started.status()).as("%s", started).isEqualTo(200);
        assertThat(api.post(API + "/recordings/stop/" + s, null).json().get("status").asText()).isEqualTo("ready");
        assertThat(api.get(API + "/recordings").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void invalidDefaultRecordingPropertiesAre400AndACustomIdNamingA18SessionToo() {
        Api api = new Api(plainServer());

        assertThat(api.post(API + "/sessions", obj("defaultRecordingProperties", Map.of("frameRate", 500))).status())
                .isEqualTo(400);
        String v18 = Api.shortId(api.manualSession());
        Api.Resp clash = api.post(API + "/sessions", obj("customSessionId", v18));
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.message()).contains("1.8 API");
    }

    @Test
    void alwaysSessionsRecordFromTheFirstPublishAndAManualStopIsFinal() {
        Api api = new Api(recordingServer());
        String s = session(api, "recordingMode", "ALWAYS", "defaultRecordingProperties", Map.of("name", "auto"));
        String alice = join(api, s, true).get("id").asText();

        Await.await(() -> "started".equals(api.get(API + "/recordings/" + s).json().path("status").asText()), Duration.ofSeconds(10), "the automatic start");
        assertThat(api.get(API + "/recordings/" + s).json().get("name").asText()).isEqualTo("auto");
        assertThat(api.post(API + "/recordings/stop/" + s, null).json().get("status").asText()).isEqualTo("ready");

        api.unpublish(alice);
        api.publish(alice);

        assertThat(api.get(API + "/sessions/" + s).json().get("recording").asBoolean()).isFalse();
    }

    @Test
    void closingASessionStopsItsRecordingAndFreesItsId() {
        Api api = new Api(recordingServer());
        String s = session(api, "customSessionId", "room");
        join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));

        assertThat(api.delete(API + "/sessions/" + s).status()).isEqualTo(204);

        assertThat(api.get(API + "/recordings/" + s).json().get("status").asText()).isEqualTo("ready");
        assertThat(api.get(API + "/sessions/" + s).status()).isEqualTo(404);
        assertThat(api.delete(API + "/sessions/" + s).status()).isEqualTo(404);
        assertThat(session(api, "customSessionId", "room")).isEqualTo("room");
    }

    @Test
    void the18And2xSurfacesDoNotSeeEachOthersSessions() {
        Api api = new Api(recordingServer());
        String v2 = session(api);
        String v18 = api.manualSession();
        join(api, v2, true);

        assertThat(api.post("/api/tokens", obj("session", v2)).status()).isEqualTo(400);
        assertThat(api.post("/api/recordings/start", obj("session", v2)).status()).isEqualTo(404);
        assertThat(api.get("/api/sessions").body()).doesNotContain(v2);
        assertThat(api.get(API + "/sessions/" + Api.shortId(v18)).status()).isEqualTo(404);
        assertThat(api.get(API + "/sessions").json().get("numberOfElements").asInt()).isEqualTo(1);
    }

    @Test
    void aCustomLayoutRecordingPointsItsRecorderAtTheCustomLayoutFolderWhichIsServedWithCredentials() throws Exception {
        java.nio.file.Path layouts = tmp.resolve("custom-layouts");
        Files.createDirectories(layouts.resolve("grid"));
        Files.writeString(layouts.resolve("grid/index.html"), "<html>my layout</html>");
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Api api = new Api(recordingServer(b -> b.customLayoutPath(layouts)));
        String s = session(api);
        join(api, s, true);

        JsonNode r = api.post(API + "/recordings/start", obj("session", s, "recordingLayout", "CUSTOM", "customLayout", "grid")).json();

        assertThat(r.get("recordingLayout").asText()).isEqualTo("CUSTOM");
        assertThat(r.get("customLayout").asText()).isEqualTo("grid");
        String url = recorders.launches().get(recorders.launches().size() - 1).layoutUrl();
        assertThat(url).contains("/layouts/custom/grid/index.html?sessionId=" + s + "&secret=");
        assertThat(dev.ovstub.server.internal.recorder.LayoutUrl.parse(url).shortSessionId()).isEqualTo(s);
        Api.Resp page = api.get("/layouts/custom/grid/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("my layout");
        assertThat(page.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(api.anonymous().get("/layouts/custom/grid/index.html").status()).isEqualTo(401);
        assertThat(api.get("/layouts/custom/grid/%2e%2e/%2e%2e/secret.txt").status()).isIn(400, 404);
        assertThat(api.get("/layouts/custom/nothing.html").status()).isEqualTo(404);
        assertThat(api.post(API + "/recordings/stop/" + s, null).json().get("status").asText()).isEqualTo("ready");
        assertThat(api.post(API + "/recordings/start", obj("session", s, "recordingLayout", "CUSTOM",
                "customLayout", "../etc")).status()).isEqualTo(400);
    }

    @Test
    void theLayoutStateOfA2xSessionNamesItsActiveRecordingsLayout() {
        Api api = new Api(recordingServer());
        String s = session(api);
        join(api, s, true);
        assertThat(api.get("/stub/layout/" + s).json().get("layout").asText()).isEqualTo("BEST_FIT");

        api.post(API + "/recordings/start", obj("session", s, "recordingLayout", "VERTICAL_PRESENTATION"));

        assertThat(api.get("/stub/layout/" + s).json().get("layout").asText()).isEqualTo("VERTICAL_PRESENTATION");
    }

    @Test
    void aTwoXSessionsLayoutStateAsksFor2xGeometryAndMarksTheParticipantJoinedBig() {
        Api api = new Api(plainServer());
        String s = session(api);
        join(api, s, true);
        JsonNode c = connection(api, s);
        String big = api.post("/stub/participants", obj("session", s, "token", c.get("token").asText(), "publish", true,
                "big", true)).json().get("id").asText();

        JsonNode state = api.get("/stub/layout/" + s).json();

        assertThat(state.path("geometry").asText()).as("%s", state).isEqualTo("OPENVIDU_2");
        assertThat(state.at("/publishers/0/big").asBoolean(false)).isFalse();
        assertThat(state.at("/publishers/1/id").asText()).isEqualTo(big);
        assertThat(state.at("/publishers/1/big").asBoolean()).isTrue();
        String v18 = api.manualSession();
        api.join(v18, true);
        assertThat(api.get("/stub/layout/" + Api.shortId(v18)).json().has("geometry")).as("1.8: the grid").isFalse();
    }

    @Test
    void thePublicUrlIsOpenToAnyoneAndTheRestOfTheConfigIsNot() {
        OpenViduServerStub server = plainServer();
        Api anonymous = new Api(server).anonymous();

        Api.Resp url = anonymous.get(API + "/config/openvidu-publicurl");

        assertThat(url.status()).isEqualTo(200);
        assertThat(url.body()).isEqualTo(server.baseUrl().toString());
        assertThat(anonymous.get(API + "/config").status()).isEqualTo(401);
        assertThat(new Api(server).get(API + "/config").json().get("OPENVIDU_RECORDING").asBoolean()).isFalse();
    }
}

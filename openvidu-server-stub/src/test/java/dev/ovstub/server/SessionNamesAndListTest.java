package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session ids and names from the wire: control characters are refused; {@code GET /api/sessions} lists live ones. */
class SessionNamesAndListTest extends StubTestSupport {
    private OpenViduServerStub server;
    private Api api;

    @BeforeEach
    void start() {
        server = recordingServer();
        api = new Api(server);
    }

    private static final List<String> CONTROL = List.of("\r\n", "\n", "\r", "\u0000", "\t", "\u001b[31m", "\u007f",
            "\u0085", "\u2028", "\u2029", "\u202e");

    @Test
    void anInsecureSessionNameWithAControlCharacterIsA400NamingTheProblem() {
        for (String c : CONTROL) {
            for (String session : new String[] {"room" + c + "injected", "wss://localhost:1/evil" + c + "line/room"}) {
                Api.Resp r = api.post("/stub/participants", Api.obj("session", session, "secret", server.secret()));
                assertThat(r.status()).as("%s", session).isEqualTo(400);
                assertThat(r.message()).as("%s", session).contains("session").contains("control character");
            }
        }
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isZero();
    }

    @Test
    void aSessionIdWithAControlCharacterIsA400WhereverItComesIn() {
        String real = api.manualSession();
        api.join(real, true);
        for (String c : CONTROL) {
            String session = real + c;
            Api.Resp token = api.post("/api/tokens", Api.obj("session", session, "role", "PUBLISHER"));
            Api.Resp join = api.post("/stub/participants", Api.obj("session", session, "token", "abcdefghijklmnop"));
            Api.Resp start = api.startRecording(session);
            for (Api.Resp r : new Api.Resp[] {token, join, start}) {
                assertThat(r.status()).as("%s", r).isEqualTo(400);
                assertThat(r.message()).contains("session").contains("control character");
            }
        }
        assertThat(api.recording(Api.shortId(real))).as("no recording was started").isNull();
    }

    @Test
    void ordinaryNamesStillWork() {
        Api.Resp r = api.post("/stub/participants", Api.obj("session", "plain_room-1", "secret", server.secret()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("session").asText()).endsWith("/plain_room-1");
    }

    @Test
    void getApiSessionsListsTheLiveSessionsIds() {
        String reservedOnly = api.manualSession();
        String live = api.manualSession();
        api.join(live, false);
        String insecure = api.post("/stub/participants", Api.obj("session", "open-room", "secret", server.secret()))
                .json().get("session").asText();

        Api.Resp r = api.get("/api/sessions");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode array = r.json();
        assertThat(array.isArray()).as("a JSON array: %s", r.body()).isTrue();
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        assertThat(ids).containsExactlyInAnyOrder(live, insecure).doesNotContain(reservedOnly);
    }

    @Test
    void getApiSessionsIsAnEmptyArrayWithNoLiveSession() {
        Api.Resp r = api.get("/api/sessions");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void getApiSessionsNeedsTheSecretEvenWithFreeAccess() {
        OpenViduServerStub free = recordingServer(b -> b.freeAccess(true).recordingPath(tmp.resolve("free-access-recordings")));
        Api freeApi = new Api(free);
        freeApi.join(freeApi.manualSession(), false);

        for (Api a : new Api[] {freeApi.anonymous(), freeApi.withAuthorization(Api.basic("OPENVIDUAPP", "wrong")),
                api.anonymous()}) {
            Api.Resp r = a.get("/api/sessions");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.bytes()).isEmpty();
            assertThat(r.header("WWW-Authenticate")).isPresent();
        }
    }
}

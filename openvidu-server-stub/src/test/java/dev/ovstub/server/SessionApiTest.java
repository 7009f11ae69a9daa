package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/sessions} and {@code POST /api/tokens}: shapes and every error of the contract. */
class SessionApiTest extends StubTestSupport {
    private OpenViduServerStub server;
    private Api api;

    @BeforeEach
    void start() {
        server = plainServer();
        api = new Api(server);
    }

    private String sessionIdPattern() {
        return "ws://localhost:" + server.port() + "/[a-z0-9]{16}";
    }

    @Test
    void creatingASessionWithoutABodyReturnsAWebSocketUrlWithSixteenLowerCaseAlphanumerics() {
        Api.Resp r = api.post("/api/sessions", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = r.json();
        assertThat(body.size()).as("only the id: %s", body).isEqualTo(1);
        assertThat(body.get("id").asText()).matches(sessionIdPattern());
    }

    @Test
    void creatingASessionWithEveryPropertyAcceptsEveryEnumValue() {
        for (String mode : new String[] {"ALWAYS", "MANUAL"}) {
            for (String layout : new String[] {"BEST_FIT", "PICTURE_IN_PICTURE", "VERTICAL_PRESENTATION", "HORIZONTAL_PRESENTATION"}) {
                for (String media : new String[] {"ROUTED", "RELAYED"}) {
                    Api.Resp r = api.post("/api/sessions", obj("archiveMode", mode, "archiveLayout", layout, "mediaMode", media));
                    assertThat(r.status()).as("%s %s %s: %s", mode, layout, media, r).isEqualTo(200);
                    assertThat(r.json().get("id").asText()).matches(sessionIdPattern());
                }
            }
        }
    }

    @Test
    void sessionPropertiesAreRememberedAndDefaultToManualBestFitRouted() {
        String plain = api.createSession();
        String custom = api.createSession("archiveMode", "ALWAYS", "archiveLayout", "VERTICAL_PRESENTATION", "mediaMode", "RELAYED");

        JsonNode p = api.stubSession(plain);
        assertThat(p.get("archiveMode").asText()).isEqualTo("MANUAL");
        assertThat(p.get("archiveLayout").asText()).isEqualTo("BEST_FIT");
        assertThat(p.get("mediaMode").asText()).isEqualTo("ROUTED");
        JsonNode c = api.stubSession(custom);
        assertThat(c.get("archiveMode").asText()).isEqualTo("ALWAYS");
        assertThat(c.get("archiveLayout").asText()).isEqualTo("VERTICAL_PRESENTATION");
        assertThat(c.get("mediaMode").asText()).isEqualTo("RELAYED");
    }

    @Test
    void everyNewSessionGetsADistinctId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(api.createSession());
        }
        assertThat(ids).hasSize(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"archiveMode", "archiveLayout", "mediaMode"})
    void anUnknownEnumNameIsA400NamingTheField(String field) {
        Api.Resp r = api.post("/api/sessions", obj(field, "SOMETIMES"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains(field).contains("SOMETIMES");
    }

    @Test
    void enumNamesAreCaseSensitiveAsInOpenVidu() {
        Api.Resp r = api.post("/api/sessions", obj("archiveMode", "always"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("archiveMode");
    }

    @Test
    void aNumberWhereAnEnumNameIsExpectedIsA400NamingTheFieldNotA500() {
        Api.Resp r = api.post("/api/sessions", "{\"archiveMode\": 5}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("archiveMode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"archiveMode\": ", "not json", "[1, 2]", "\"MANUAL\"", "{\"a\":1}}"})
    void malformedJsonIsA400WithoutABodyNamingTheProblemInTheErrorHeader(String body) {
        Api.Resp r = api.post("/api/sessions", body);

        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.bytes()).as("no body: the official 1.8.0 client never reads one").isEmpty();
        assertThat(r.header("Content-Length")).hasValue("0");
        assertThat(r.message()).contains("JSON");
    }

    @Test
    void aTokenEchoesSessionRoleAndDataAndItsIdIsTheToken() {
        String session = api.createSession();
        for (String role : new String[] {"SUBSCRIBER", "PUBLISHER", "MODERATOR"}) {
            Api.Resp r = api.post("/api/tokens", obj("session", session, "role", role, "data", "user " + role));

            assertThat(r.status()).isEqualTo(200);
            JsonNode t = r.json();
            assertThat(t.get("token").asText()).matches("[a-z0-9]{16}");
            assertThat(t.get("id").asText()).isEqualTo(t.get("token").asText());
            assertThat(t.get("session").asText()).isEqualTo(session);
            assertThat(t.get("role").asText()).isEqualTo(role);
            assertThat(t.get("data").asText()).isEqualTo("user " + role);
        }
    }

    @Test
    void tokensAreDistinct() {
        String session = api.createSession();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(api.token(session, "PUBLISHER"));
        }
        assertThat(tokens).hasSize(30);
    }

    @Test
    void dataOfExactlyAThousandCharactersIsAcceptedAndOneMoreIsA400() {
        String session = api.createSession();

        Api.Resp ok = api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "x".repeat(1000)));
        Api.Resp tooLong = api.post("/api/tokens", obj("session", session, "role", "PUBLISHER", "data", "x".repeat(1001)));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("data").asText()).hasSize(1000);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.message()).contains("data");
    }

    @Test
    void anUnknownRoleIsA400NamingTheField() {
        String session = api.createSession();

        Api.Resp r = api.post("/api/tokens", obj("session", session, "role", "ADMIN", "data", ""));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("role");
    }

    @Test
    void aTokenForAnUnknownSessionIsA400() {
        Api.Resp r = api.post("/api/tokens", obj("session", "ws://localhost:1/nosuchsession000", "role", "PUBLISHER", "data", ""));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("session");
    }

    @Test
    void aTokenRequestWithoutSessionIsA400NamingTheFieldNotA500() {
        Api.Resp r = api.post("/api/tokens", obj("role", "PUBLISHER", "data", ""));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("session");
    }

    @Test
    void aNumberAsDataIsA400NamingTheField() {
        String session = api.createSession();

        Api.Resp r = api.post("/api/tokens", "{\"session\": \"" + session + "\", \"role\": \"PUBLISHER\", \"data\": 3}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("data");
    }

    @Test
    void wrongTypesForRoleAndSessionAre400sNamingTheField() {
        String session = api.createSession();

        Api.Resp role = api.post("/api/tokens", "{\"session\": \"" + session + "\", \"role\": [\"PUBLISHER\"]}");
        Api.Resp sess = api.post("/api/tokens", "{\"session\": {\"id\": 1}, \"role\": \"PUBLISHER\"}");

        assertThat(role.status()).isEqualTo(400);
        assertThat(role.message()).contains("role");
        assertThat(sess.status()).isEqualTo(400);
        assertThat(sess.message()).contains("session");
    }

    @Test
    void malformedJsonForATokenIsA400() {
        Api.Resp r = api.post("/api/tokens", "{\"session\": ");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aTokenRequestWithoutRoleOrDataGetsPublisherAndEmptyData() {
        String session = api.createSession();

        Api.Resp r = api.post("/api/tokens", obj("session", session));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("role").asText()).isEqualTo("PUBLISHER");
        assertThat(r.json().get("data").asText()).isEmpty();
    }

    @Test
    void anOversizedBodyIsA413AndANonJsonContentTypeA415NeverA500() {
        Api.Resp huge = api.post("/api/sessions", "{\"archiveMode\": \"" + "x".repeat(100_000) + "\"}");
        Api.Resp noBody = api.send("POST", "/api/sessions", null);
        Api.Resp noBodyToken = api.send("POST", "/api/tokens", null);
        Api.Resp wrongType = api.post("/api/sessions", obj(), "Content-Type", "text/plain");

        assertThat(huge.status()).isEqualTo(413);
        assertThat(noBody.status()).as("no body at all is fine").isEqualTo(200);
        assertThat(noBodyToken.status()).as("no body: session missing").isEqualTo(400);
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void everySenderOfAnOversizedBodyReadsThe413InsteadOfAResetConnection() {
        String huge = "{\"archiveMode\": \"" + "x".repeat(200_000) + "\"}";
        for (int i = 0; i < 30; i++) {
            assertThat(api.post("/api/sessions", huge).status()).as("attempt %d", i).isEqualTo(413);
        }
        assertThat(api.post("/api/sessions", obj()).status()).as("the server still answers").isEqualTo(200);
    }

    @Test
    void anUnknownApiPathIsA404AndAWrongMethodIsA405() {
        assertThat(api.get("/api/nothing").status()).isEqualTo(404);
        Api.Resp wrongMethod = api.delete("/api/sessions");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).hasValue("POST, GET");
    }

    @Test
    void aSessionNobodyJoinsIsForgottenAfterTheGarbageThresholdAndItsTokensAreRefused() {
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder()
                .sessionGarbage(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(100)).start());
        Api api = new Api(server);
        String session = api.createSession();
        String joined = api.createSession();
        api.join(joined, false);

        dev.ovstub.server.testing.Await.await(() -> api.post("/api/tokens",
                Api.obj("session", session, "role", "PUBLISHER", "data", "")).status() == 400,
                java.time.Duration.ofSeconds(10), "the session nobody joined to be forgotten");

        Api.Resp refused = api.post("/api/tokens", Api.obj("session", session, "role", "PUBLISHER", "data", ""));
        assertThat(refused.message()).contains("no session with id " + session);
        assertThat(api.post("/api/tokens", Api.obj("session", joined, "role", "PUBLISHER", "data", "")).status())
                .as("a joined session is kept").isEqualTo(200);
    }
}

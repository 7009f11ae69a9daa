package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Await;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code X-OvStub-Fault} request header: one request asks for its own fault (an error status, a dropped
 * connection, a late answer), over real HTTP, as a backend in any language would.
 */
class FaultHeaderTest extends StubTestSupport {
    private static final String FAULT = "X-OvStub-Fault";

    private static long millisOf(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static int sessionCount(Api api) {
        return api.get("/stub/sessions").json().get("count").asInt();
    }

    @Test
    void aStatusFaultAnswersThatStatusWithTheErrorHeaderAndCreatesNoSession() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        Api.Resp r = api.post("/api/sessions", Api.obj(), FAULT, "{\"status\": 503, \"message\": \"maintenance\"}");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.message()).isEqualTo("maintenance");
        assertThat(r.bytes()).as("no body under /api, as every /api error").isEmpty();
        assertThat(sessionCount(api)).as("the session was never created").isZero();
        assertThat(api.post("/api/sessions", Api.obj()).status()).as("only that request failed").isEqualTo(200);
        assertThat(sessionCount(api)).isEqualTo(1);
    }

    @Test
    void aStatusFaultOnTheControlApiHasTheJsonErrorBodyAndADefaultMessage() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String token = api.token(session, "PUBLISHER");

        Api.Resp r = api.post("/stub/participants", Api.obj("session", session, "token", token), FAULT, "{\"status\":500}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("status").asInt()).isEqualTo(500);
        assertThat(r.json().get("path").asText()).isEqualTo("/stub/participants");
        assertThat(r.message()).contains("injected fault").contains("500").contains(FAULT);
        assertThat(api.stubSession(session).get("participants")).as("nobody joined").isEmpty();
        assertThat(api.post("/stub/participants", Api.obj("session", session, "token", token)).status())
                .as("the token was not used").isEqualTo(200);
    }

    @Test
    void aStatusFaultOnARecordingStartStartsNothingAndUsesNoRecordingId() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        Api.Resp r = api.post("/api/recordings/start", Api.obj("session", session), FAULT, "{\"status\": 500}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(recorders.launches()).as("no recorder was launched").isEmpty();
        assertThat(server.activeRecordingOf(session)).isEmpty();
        assertThat(api.get("/api/recordings").json().get("count").asInt()).as("no recording was made").isZero();
        assertThat(api.stubSession(session).get("recordingId").isNull()).isTrue();
        assertThat(api.record(session).get("id").asText()).as("the first recording id is still free")
                .isEqualTo(Api.shortId(session));
    }

    @Test
    void aDropFaultClosesTheConnectionWithoutAnAnswerAndCreatesNoSession() throws Exception {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String auth = Api.basic("OPENVIDUAPP", server.secret());

        String answer = RawHttp.exchange(server.port(), "POST", "/api/sessions", auth, "{}", FAULT, "{\"drop\": true}");

        assertThat(answer).as("not a byte of an answer").isEmpty();
        assertThat(sessionCount(api)).isZero();
        assertThat(RawHttp.exchange(server.port(), "POST", "/api/sessions", auth, "{}")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aDropFaultIsAnIOExceptionForAnHttpClient() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        assertThatThrownBy(() -> api.get("/stub/info", FAULT, "{\"drop\": true}"))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(api.get("/stub/info").status()).isEqualTo(200);
    }

    @Test
    void aDelayFaultAnswersLateThenHandlesTheRequestNormally() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        api.get("/stub/info"); // the connection is open

        Api.Resp[] r = new Api.Resp[1];
        long took = millisOf(() -> r[0] = api.post("/api/sessions", Api.obj(), FAULT, "{\"delayMs\": 400}"));

        assertThat(took).isGreaterThanOrEqualTo(400);
        assertThat(r[0].status()).isEqualTo(200);
        assertThat(api.stubSession(r[0].json().get("id").asText())).as("the session was created").isNotNull();
    }

    @Test
    void aDelayWithAStatusWaitsThenFailsWithoutHandling() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        Api.Resp[] r = new Api.Resp[1];
        long took = millisOf(() -> r[0] = api.post("/api/sessions", Api.obj(), FAULT,
                "{\"delayMs\": 300, \"status\": 504, \"message\": \"gateway timeout\"}"));

        assertThat(took).isGreaterThanOrEqualTo(300);
        assertThat(r[0].status()).isEqualTo(504);
        assertThat(r[0].message()).isEqualTo("gateway timeout");
        assertThat(sessionCount(api)).isZero();
    }

    @Test
    void aDelayWithADropWaitsThenClosesTheConnection() throws Exception {
        OpenViduServerStub server = plainServer();
        String auth = Api.basic("OPENVIDUAPP", server.secret());

        long t0 = System.nanoTime();
        String answer = RawHttp.exchange(server.port(), "POST", "/api/sessions", auth, "{}",
                FAULT, "{\"delayMs\": 300, \"drop\": true}");
        long took = (System.nanoTime() - t0) / 1_000_000;

        assertThat(answer).isEmpty();
        assertThat(took).isGreaterThanOrEqualTo(300);
        assertThat(sessionCount(new Api(server))).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/sessions",
            "POST, /api/recordings/start",
            "GET, /openvidu/api/sessions",
            "GET, /openvidu/api/config",
            "GET, /recordings/somefile.mp4",
            "GET, /stub/info",
            "POST, /stub/reset",
            "GET, /stub/faults",
            "GET, /no/such/path",
            "DELETE, /stub/info",
    })
    void aStatusFaultWorksOnEveryPathWhatEverItsRoute(String method, String path) {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        Api.Resp r = api.send(method, path, null, FAULT, "{\"status\": 418, \"message\": \"teapot\"}");

        assertThat(r.status()).isEqualTo(418);
        assertThat(r.message()).isEqualTo("teapot");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json               | not valid JSON",
            "[503]                  | expected a JSON object",
            "{}                     | no fault asked",
            "{\"drop\": false}      | no fault asked",
            "{\"status\": 200}      | status: expected a whole number from 400 to 599 but got 200",
            "{\"status\": \"503\"}  | status: expected a whole number from 400 to 599 but got string",
            "{\"status\": 503.5}    | status: expected a whole number from 400 to 599 but got 503.5",
            "{\"delayMs\": -1}      | delayMs: expected a whole number from 0 to 120000 but got -1",
            "{\"delayMs\": 120001}  | delayMs: expected a whole number from 0 to 120000",
            "{\"drop\": 1}          | drop: expected true or false but got 1",
            "{\"status\": 500, \"drop\": true} | status, drop: give one, not both",
            "{\"message\": \"x\"}   | message: only with a status",
            "{\"status\": 500, \"message\": 5} | message: expected a string",
            "{\"statsu\": 500}      | unknown field 'statsu' (known: status, message, drop, delayMs)",
    })
    void aMalformedFaultHeaderIs400NamingTheProblemAndNothingHappens(String value, String problem) {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        Api.Resp r = api.post("/api/sessions", Api.obj(), FAULT, value);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).startsWith(FAULT + ": ").contains(problem);
        assertThat(sessionCount(api)).isZero();
    }

    @Test
    void theFaultHeaderGivenTwiceIs400() throws Exception {
        OpenViduServerStub server = plainServer();
        String auth = Api.basic("OPENVIDUAPP", server.secret());

        String answer = RawHttp.exchange(server.port(), "POST", "/api/sessions", auth, "{}",
                FAULT, "{\"status\": 500}", FAULT, "{\"drop\": true}");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("given 2 times");
        assertThat(sessionCount(new Api(server))).isZero();
    }

    @Test
    void anUnauthenticatedRequestGets401AndNeverItsFault() {
        OpenViduServerStub server = plainServer();
        Api anonymous = new Api(server).anonymous();
        Api wrong = new Api(server).withAuthorization(Api.basic("OPENVIDUAPP", "wrong"));

        assertThat(anonymous.post("/api/sessions", Api.obj(), FAULT, "{\"status\": 503}").status()).isEqualTo(401);
        assertThat(wrong.post("/api/sessions", Api.obj(), FAULT, "{\"status\": 503}").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/sessions", Api.obj(), FAULT, "{\"drop\": true}").status())
                .as("answered, not dropped").isEqualTo(401);
        assertThat(anonymous.post("/api/sessions", Api.obj(), FAULT, "not even JSON").status())
                .as("the value is not even read").isEqualTo(401);
        // Api's bound is 20 s: a delay of 120 s, if applied, would fail this call.
        assertThat(anonymous.get("/stub/sessions", FAULT, "{\"delayMs\": 120000}").status()).isEqualTo(401);
        assertThat(sessionCount(new Api(server))).isZero();
    }

    @Test
    void onAFreeAccessRouteTheFaultHeaderStillNeedsTheCredentials() throws Exception {
        OpenViduServerStub server = recordingServer(b -> b.freeAccess(true));
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);
        Api anonymous = api.anonymous();
        String file = "/recordings/" + id + ".mp4";
        assertThat(anonymous.get(file).status()).as("free access: no credentials needed").isEqualTo(200);

        Api.Resp refused = anonymous.get(file, FAULT, "{\"status\": 500}");
        Api.Resp faulted = api.get(file, FAULT, "{\"status\": 500}");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.message()).contains(FAULT).contains("credentials");
        assertThat(refused.header("WWW-Authenticate")).isPresent();
        assertThat(faulted.status()).isEqualTo(500);
    }

    @Test
    void parallelRequestsWithDifferentFaultsNeverSeeEachOthers() throws Exception {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        int requests = 60;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Resp>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                String header = switch (i % 5) {
                    case 0 -> "{\"status\": " + (500 + i % 4) + ", \"message\": \"request " + i + "\"}";
                    case 1 -> "{\"delayMs\": 150}";
                    case 2 -> null;
                    case 3 -> "{\"delayMs\": 100, \"status\": 429, \"message\": \"request " + i + "\"}";
                    default -> "{\"drop\": true}";
                };
                answers.add(pool.submit(() -> {
                    go.await();
                    return header == null ? api.post("/api/sessions", Api.obj())
                            : api.post("/api/sessions", Api.obj(), FAULT, header);
                }));
            }
            go.countDown();
            Set<String> created = new HashSet<>();
            for (int i = 0; i < requests; i++) {
                Future<Api.Resp> f = answers.get(i);
                if (i % 5 == 4) {
                    int n = i;
                    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).as("request %d dropped", n)
                            .hasCauseInstanceOf(UncheckedIOException.class);
                    continue;
                }
                Api.Resp r = f.get(30, TimeUnit.SECONDS);
                switch (i % 5) {
                    case 0 -> {
                        assertThat(r.status()).as("request %d", i).isEqualTo(500 + i % 4);
                        assertThat(r.message()).isEqualTo("request " + i);
                    }
                    case 3 -> {
                        assertThat(r.status()).as("request %d", i).isEqualTo(429);
                        assertThat(r.message()).isEqualTo("request " + i);
                    }
                    default -> {
                        assertThat(r.status()).as("request %d: %s", i, r).isEqualTo(200);
                        assertThat(created.add(r.json().get("id").asText())).as("a new session").isTrue();
                    }
                }
            }
            Set<String> listed = new HashSet<>();
            api.get("/stub/sessions").json().get("items").forEach(s -> listed.add(s.get("id").asText()));
            assertThat(listed).as("exactly the sessions of the requests without status or drop").isEqualTo(created);
            assertThat(created).hasSize(requests * 2 / 5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerClosingAnswers503AtOnceToARequestInItsHeaderDelay() throws Exception {
        OpenViduServerStub server = OpenViduServerStub.builder().start();
        Api api = new Api(server);
        CompletableFuture<Api.Resp> held = CompletableFuture.supplyAsync(() ->
                api.post("/api/sessions", Api.obj(), FAULT, "{\"delayMs\": 120000, \"status\": 500}"));
        Await.await(FaultHeaderTest::aRequestIsInAHeaderDelay, Duration.ofSeconds(10), "the request to reach its delay");

        server.close();

        Api.Resp answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.message()).isEqualTo("the server is closing");
        assertThat(answer.header("Connection")).hasValue("close");
    }

    private static boolean aRequestIsInAHeaderDelay() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(f -> f.getClassName().endsWith(".Faults") && f.getMethodName().equals("pause"));
    }
}

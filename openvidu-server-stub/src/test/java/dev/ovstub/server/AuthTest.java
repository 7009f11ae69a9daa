package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Basic auth on every route, with a challenge; recording files public only with free access. */
class AuthTest extends StubTestSupport {
    private record Call(String method, String path) {}

    private static final List<Call> EVERY_ROUTE = List.of(
            new Call("POST", "/api/sessions"),
            new Call("POST", "/api/tokens"),
            new Call("POST", "/api/recordings/start"),
            new Call("POST", "/api/recordings/stop/someid"),
            new Call("GET", "/api/recordings/someid"),
            new Call("GET", "/api/recordings"),
            new Call("DELETE", "/api/recordings/someid"),
            new Call("GET", "/api/sessions"),
            new Call("GET", "/api/nothing"),
            new Call("POST", "/stub/participants"),
            new Call("POST", "/stub/participants/con_x/publish"),
            new Call("DELETE", "/stub/participants/con_x/publish"),
            new Call("GET", "/stub/participants/con_x"),
            new Call("DELETE", "/stub/participants/con_x"),
            new Call("GET", "/stub/sessions"),
            new Call("POST", "/stub/reset"),
            new Call("GET", "/stub/layout/someid"),
            new Call("GET", "/"),
            new Call("GET", "/index.html"),
            new Call("GET", "/recordings/someid.mp4"),
            new Call("GET", "/recordings/"),
            new Call("GET", "/nothing/here"));

    private static final List<String> BAD_CREDENTIALS = List.of(
            Api.basic("OPENVIDUAPP", "WRONG_SECRET"),
            Api.basic("ADMIN", "MY_SECRET"),
            Api.basic("OPENVIDUAPP", "MY_SECRET ") ,
            Api.basic("OPENVIDUAPP", ""),
            "Basic !!!not-base64!!!",
            "Basic",
            "Bearer MY_SECRET",
            "MY_SECRET");

    private static void assertChallenged(Api.Resp r, String what) {
        assertThat(r.status()).as("%s: %s", what, r).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(what).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(r.message()).contains("credentials");
        assertThat(r.body()).doesNotContain("MY_SECRET");
        assertThat(r.headers().map().toString()).doesNotContain("MY_SECRET");
    }

    @Test
    void everyRouteAnswers401WithABasicChallengeWithoutCredentials() {
        OpenViduServerStub server = recordingServer();
        Api anonymous = new Api(server).anonymous();

        for (Call c : EVERY_ROUTE) {
            assertChallenged(anonymous.send(c.method, c.path, c.method.equals("GET") ? null : "{}"), c.toString());
        }
    }

    @Test
    void everyRouteAnswers401WithWrongOrMalformedCredentials() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        for (String credentials : BAD_CREDENTIALS) {
            Api wrong = api.withAuthorization(credentials);
            for (Call c : EVERY_ROUTE) {
                assertChallenged(wrong.send(c.method, c.path, c.method.equals("GET") ? null : "{}"), c + " with " + credentials);
            }
        }
    }

    @Test
    void aRefusedRequestChangesNothing() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);
        String session = api.manualSession();
        String participant = api.join(session, false);

        api.anonymous().post("/stub/reset", null);
        api.anonymous().delete("/stub/participants/" + participant);
        api.anonymous().post("/api/sessions", obj());

        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isEqualTo(1);
        assertThat(api.stubSession(session).get("participants")).hasSize(1);
    }

    @Test
    void theCredentialsAreOpenviduappAndTheConfiguredSecret() {
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().secret("an0ther:s3cret").start());
        Api api = new Api(server);

        assertThat(api.post("/api/sessions", null).status()).isEqualTo(200);
        assertThat(api.withAuthorization(Api.basic("OPENVIDUAPP", "MY_SECRET")).post("/api/sessions", null).status()).isEqualTo(401);
        assertThat(api.withAuthorization("basic " + Api.basic("OPENVIDUAPP", "an0ther:s3cret").substring(6))
                .post("/api/sessions", null).status()).as("scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void withFreeAccessOnlyRecordingFilesArePublic() {
        OpenViduServerStub server = recordingServer(b -> b.freeAccess(true));
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);
        Api anonymous = api.anonymous();

        assertThat(anonymous.get("/recordings/" + id + ".mp4").status()).isEqualTo(200);
        for (Call c : EVERY_ROUTE) {
            if (c.path.startsWith("/recordings/")) {
                continue;
            }
            assertChallenged(anonymous.send(c.method, c.path, null), c.toString());
        }
        assertChallenged(anonymous.get("/api/recordings/" + id), "recording JSON");
        assertChallenged(anonymous.delete("/api/recordings/" + id), "delete");
        assertThat(api.recording(id)).as("still there").isNotNull();
    }

    /** Reads one response head (and its Content-Length body) from a kept-alive socket. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return head.toString();
    }

    @Test
    void aChallengeAnsweredBeforeTheBodyArrivedSaysTheConnectionCloses() throws Exception {
        // A client that sends its body late and reuses the connection for its authenticated retry must be told.
        OpenViduServerStub server = plainServer();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            out.write(("POST /api/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();

            String head = readResponse(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
        }
    }

    @Test
    void aChallengeToARequestWithoutBodyKeepsTheConnectionForTheRetry() throws Exception {
        OpenViduServerStub server = plainServer();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            out.write("GET /stub/sessions HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            String challenge = readResponse(in);
            out.write(("GET /stub/sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Api.basic("OPENVIDUAPP", "MY_SECRET")
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            String retry = readResponse(in);

            assertThat(challenge).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Connection: close");
            assertThat(retry).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void theLayoutPageIsServedWithCredentials() {
        Api api = new Api(plainServer());

        Api.Resp r = api.get("/");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }
}

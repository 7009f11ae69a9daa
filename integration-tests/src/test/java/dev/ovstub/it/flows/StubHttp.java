package dev.ovstub.it.flows;

import dev.ovstub.server.testing.ControlClient;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Plain {@code java.net.http} calls to the stub server: the control API ({@code /stub/participants}) and file
 * downloads, through the shared {@link ControlClient} fixture. JDK types only (and that fixture, JDK types only
 * too), so that {@link RecordingFlows} can run in a class loader that holds the official 1.8.0 client instead of
 * ours. Trusts any certificate (the jar's is self-signed and made at start-up).
 */
public final class StubHttp {
    private final ControlClient withCredentials;
    private final ControlClient anonymous;
    private final String secret;

    public StubHttp(String baseUrl, String secret) {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ControlClient.trustAll())
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.withCredentials = new ControlClient(baseUrl, ControlClient.basic("OPENVIDUAPP", secret), http,
                Duration.ofSeconds(60));
        this.anonymous = withCredentials.withAuthorization(null);
        this.secret = secret;
    }

    public String baseUrl() {
        return withCredentials.base();
    }

    /** An answer: status, headers, body ({@link Response#text()}, {@link Response#header(String)}). */
    public static final class Response {
        private final ControlClient.Response r;

        Response(ControlClient.Response r) {
            this.r = r;
        }

        public int status() {
            return r.status();
        }

        public byte[] body() {
            return r.body();
        }

        public String text() {
            return r.text();
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            return r.header(name);
        }

        @Override
        public String toString() {
            return r.status() + " " + r.text();
        }
    }

    public Response get(String path, boolean withCredentials) {
        return new Response(client(withCredentials).send("GET", path, null));
    }

    public Response get(String path, boolean withCredentials, String range) {
        return new Response(client(withCredentials).send("GET", path, null, "Range", range));
    }

    public Response postJson(String path, String json) {
        return new Response(withCredentials.send("POST", path, json));
    }

    public Response post(String path) {
        return new Response(withCredentials.send("POST", path, null));
    }

    public Response delete(String path) {
        return new Response(withCredentials.send("DELETE", path, null));
    }

    /** {@code POST /stub/participants} with a token; returns the participant id. */
    public String join(String sessionId, String token, boolean publish, String metadata) {
        return participantId(withCredentials.join(sessionId, token, publish, metadata));
    }

    /** A participant as {@code POST /stub/participants} answered: its id and the full session id. */
    public record Joined(String id, String session) {}

    /** {@code POST /stub/participants} with the secret: joins (or creates) an insecure session. */
    public Joined joinInsecure(String sessionOrName, boolean publish) {
        ControlClient.Response r = withCredentials.joinInsecure(sessionOrName, secret, publish);
        return new Joined(participantId(r), ControlClient.stringField(r.text(), "session"));
    }

    public void publish(String participantId) {
        withCredentials.publish(participantId);
    }

    public void unpublish(String participantId) {
        withCredentials.unpublish(participantId);
    }

    public void leave(String participantId) {
        withCredentials.leave(participantId);
    }

    /** {@code GET /stub/sessions} as text. */
    public String sessions() {
        return ControlClient.expect(withCredentials.send("GET", "/stub/sessions", null), 200, "list sessions").text();
    }

    /** The first string value of {@code "name": "..."} in a JSON text, unescaped for the simple cases. */
    public static String stringField(String json, String name) {
        return ControlClient.stringField(json, name);
    }

    public static String quote(String s) {
        return ControlClient.quote(s);
    }

    private ControlClient client(boolean withCredentials) {
        return withCredentials ? this.withCredentials : anonymous;
    }

    private static String participantId(ControlClient.Response r) {
        String id = ControlClient.stringField(r.text(), "id");
        if (id == null) {
            throw new IllegalStateException("no participant id in " + r.text());
        }
        return id;
    }
}

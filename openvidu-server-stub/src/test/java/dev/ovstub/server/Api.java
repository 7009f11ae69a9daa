package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ControlClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny JSON HTTP client for the tests: Basic auth sent up front (or not, or wrong), JSON bodies from maps or
 * raw strings, and the flows every test needs (session, token, join, recording). The requests and the control
 * API's participant calls are the shared {@link ControlClient}'s; this adds Jackson and AssertJ on top.
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient DEFAULT_CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    final URI base;
    private final HttpClient client;
    private final ControlClient http;

    Api(OpenViduServerStub server) {
        this(server.baseUrl(), basic("OPENVIDUAPP", server.secret()), DEFAULT_CLIENT);
    }

    Api(URI base, String authorization, HttpClient client) {
        this.base = base;
        this.client = client;
        this.http = new ControlClient(base.toString(), authorization, client, Duration.ofSeconds(20));
    }

    static String basic(String user, String password) {
        return ControlClient.basic(user, password);
    }

    Api anonymous() {
        return new Api(base, null, client);
    }

    Api withAuthorization(String header) {
        return new Api(base, header, client);
    }

    /** One answer: status, headers and body (as bytes and text). */
    record Resp(int status, HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body(), e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /**
         * The error message: the {@code X-OpenVidu-Error} header (percent-escapes decoded), which every error
         * answer carries. Where the answer also has a JSON error body (outside {@code /api}), its message must be
         * the same.
         */
        String message() {
            String header = header("X-OpenVidu-Error").map(v -> java.net.URLDecoder.decode(v.replace("+", "%2B"),
                    StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError("no X-OpenVidu-Error header: " + this));
            if (bytes.length > 0) {
                String inBody = json().path("message").asText();
                if (!inBody.startsWith(header.endsWith("...") ? header.substring(0, header.length() - 3) : header)) {
                    throw new AssertionError("header and body disagree: " + header + " / " + inBody);
                }
            }
            return header;
        }

        @Override
        public String toString() {
            return status + " " + body() + header("X-OpenVidu-Error").map(m -> " [" + m + "]").orElse("");
        }
    }

    Resp get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Resp post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    Resp delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * @param body null for none, a String sent as is, anything else serialised as JSON
     * @param headers name, value, name, value...
     */
    Resp send(String method, String path, Object body, String... headers) {
        String text = body == null || body instanceof String ? (String) body : toJson(body);
        return resp(http.send(method, path, text, headers));
    }

    private static Resp resp(ControlClient.Response r) {
        return new Resp(r.status(), r.headers(), r.body());
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A map from key, value, key, value... keeping the order. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---- flows ----

    /** POST /api/sessions with these properties (key, value...), expecting 200; returns the session id. */
    String createSession(Object... properties) {
        Resp r = post("/api/sessions", obj(properties));
        assertThat(r.status()).as("create session: %s", r).isEqualTo(200);
        return r.json().get("id").asText();
    }

    String manualSession() {
        return createSession("archiveMode", "MANUAL");
    }

    String alwaysSession() {
        return createSession("archiveMode", "ALWAYS");
    }

    String token(String session, String role) {
        Resp r = post("/api/tokens", obj("session", session, "role", role, "data", "d"));
        assertThat(r.status()).as("create token: %s", r).isEqualTo(200);
        return r.json().get("token").asText();
    }

    /** Joins with a fresh PUBLISHER token through the control API; returns the participant id. */
    String join(String session, boolean publish) {
        return joinAs(session, "PUBLISHER", publish);
    }

    String joinAs(String session, String role, boolean publish) {
        return resp(http.join(session, token(session, role), publish, null)).json().get("id").asText();
    }

    void publish(String participant) {
        http.publish(participant);
    }

    void unpublish(String participant) {
        http.unpublish(participant);
    }

    void leave(String participant) {
        http.leave(participant);
    }

    Resp startRecording(String session) {
        return post("/api/recordings/start", obj("session", session));
    }

    /** Starts a recording expecting 200; returns its JSON. */
    JsonNode record(String session) {
        Resp r = startRecording(session);
        assertThat(r.status()).as("start recording: %s", r).isEqualTo(200);
        return r.json();
    }

    Resp stopRecording(String id) {
        return post("/api/recordings/stop/" + id, null);
    }

    JsonNode stop(String id) {
        Resp r = stopRecording(id);
        assertThat(r.status()).as("stop recording: %s", r).isEqualTo(200);
        return r.json();
    }

    /** GET /api/recordings/{id}: its JSON, or null on 404. */
    JsonNode recording(String id) {
        Resp r = get("/api/recordings/" + id);
        if (r.status() == 404) {
            return null;
        }
        assertThat(r.status()).as("get recording: %s", r).isEqualTo(200);
        return r.json();
    }

    String recordingStatus(String id) {
        JsonNode r = recording(id);
        return r == null ? null : r.get("status").asText();
    }

    /** Waits until the recording has this status, then returns its JSON. */
    JsonNode awaitRecordingStatus(String id, String status) {
        Await.until(() -> status.equals(recordingStatus(id)), Duration.ofSeconds(10),
                () -> "recording " + id + " to be " + status + " (is " + recordingStatus(id) + ")");
        return recording(id);
    }

    /** The item of GET /stub/sessions for this session id, or null. */
    JsonNode stubSession(String sessionId) {
        Resp r = get("/stub/sessions");
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode item : r.json().get("items")) {
            if (item.get("id").asText().equals(sessionId)) {
                return item;
            }
        }
        return null;
    }

    static String shortId(String sessionId) {
        return sessionId.substring(sessionId.lastIndexOf('/') + 1);
    }
}

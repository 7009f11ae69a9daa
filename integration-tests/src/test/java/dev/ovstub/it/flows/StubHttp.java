package dev.ovstub.it.flows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Plain {@code java.net.http} calls to the stub server: the control API ({@code /stub/participants}) and file
 * downloads. Uses JDK types only, so that {@link RecordingFlows} can run in a class loader that holds the official
 * 1.8.0 client instead of ours. Trusts any certificate (the jar's is self-signed and made at start-up).
 */
public final class StubHttp {
    private static final Pattern STRING_FIELD = Pattern.compile("\"%s\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String baseUrl;
    private final String secret;
    private final HttpClient http;

    public StubHttp(String baseUrl, String secret) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.secret = secret;
        this.http = HttpClient.newBuilder()
                .sslContext(trustAll())
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** An answer: status, headers, body. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    public Response get(String path, boolean withCredentials) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), withCredentials);
    }

    public Response get(String path, boolean withCredentials, String range) {
        return send(HttpRequest.newBuilder(uri(path)).GET().header("Range", range), withCredentials);
    }

    public Response postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), true);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), true);
    }

    /** {@code POST /stub/participants} with a token; returns the participant id. */
    public String join(String sessionId, String token, boolean publish, String metadata) {
        String body = "{\"session\":" + quote(sessionId) + ",\"token\":" + quote(token) + ",\"publish\":" + publish
                + (metadata == null ? "" : ",\"metadata\":" + quote(metadata)) + "}";
        return participantId(expect(postJson("/stub/participants", body), 200, "join " + sessionId));
    }

    /** A participant as {@code POST /stub/participants} answered: its id and the full session id. */
    public record Joined(String id, String session) {}

    /** {@code POST /stub/participants} with the secret: joins (or creates) an insecure session. */
    public Joined joinInsecure(String sessionOrName, boolean publish) {
        String body = "{\"session\":" + quote(sessionOrName) + ",\"secret\":" + quote(secret) + ",\"publish\":"
                + publish + "}";
        Response r = expect(postJson("/stub/participants", body), 200, "join insecure " + sessionOrName);
        return new Joined(participantId(r), stringField(r.text(), "session"));
    }

    public void publish(String participantId) {
        expect(post("/stub/participants/" + participantId + "/publish"), 200, "publish " + participantId);
    }

    public void unpublish(String participantId) {
        expect(delete("/stub/participants/" + participantId + "/publish"), 204, "unpublish " + participantId);
    }

    public void leave(String participantId) {
        expect(delete("/stub/participants/" + participantId), 204, "leave " + participantId);
    }

    /** {@code GET /stub/sessions} as text. */
    public String sessions() {
        return expect(get("/stub/sessions", true), 200, "list sessions").text();
    }

    private static String participantId(Response r) {
        String id = stringField(r.text(), "id");
        if (id == null) {
            throw new IllegalStateException("no participant id in " + r.text());
        }
        return id;
    }

    private static Response expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": expected HTTP " + status + " but got " + r.status() + " " + r.text());
        }
        return r;
    }

    /** The first string value of {@code "name": "..."} in a JSON text, unescaped for the simple cases. */
    public static String stringField(String json, String name) {
        Matcher m = Pattern.compile(String.format(STRING_FIELD.pattern(), Pattern.quote(name))).matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/").replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request, boolean withCredentials) {
        request.timeout(Duration.ofSeconds(60));
        if (withCredentials) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), new LinkedHashMap<>(r.headers().map()), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}

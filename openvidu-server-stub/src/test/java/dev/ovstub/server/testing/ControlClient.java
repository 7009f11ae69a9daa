package dev.ovstub.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Plain {@code java.net.http} calls to a stub server, for tests: any request with the {@code Authorization} header
 * given (or none), and the participant flows of the control API ({@code /stub/participants}). Each flow checks the
 * status it expects and fails with an {@link AssertionError} naming the call and the answer.
 *
 * <p>JDK types only: integration-tests also loads it in the isolated class loader that holds the official 1.8.0
 * client (see {@code dev.ovstub.it.support.Clients}), so it must not use Jackson, AssertJ or our client.
 */
public final class ControlClient {
    private static final Pattern STRING_FIELD = Pattern.compile("\"%s\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base          the server's base URL; a trailing {@code /} is dropped
     * @param authorization the {@code Authorization} header sent with every request, or null for none
     * @param http          the client to send with
     * @param timeout       the bound of each request
     */
    public ControlClient(String base, String authorization, HttpClient http, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
        this.http = http;
        this.timeout = timeout;
    }

    /** The base URL, without a trailing {@code /}. */
    public String base() {
        return base;
    }

    /** The same server and client with another {@code Authorization} header (null: none). */
    public ControlClient withAuthorization(String header) {
        return new ControlClient(base, header, http, timeout);
    }

    /** {@code Basic} credentials as an {@code Authorization} header value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status, headers, body. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /**
     * Sends one request.
     *
     * @param body    null for none, else sent as is, as {@code application/json} unless {@code headers} name a
     *                {@code Content-Type}
     * @param headers name, value, name, value...
     */
    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        boolean typeGiven = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typeGiven |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!typeGiven) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    // ---- the control API's participant flows ----

    /**
     * {@code POST /stub/participants} with a token, expecting 200.
     *
     * @param metadata null for none
     * @return the answer (its {@code id} is the participant's)
     */
    public Response join(String session, String token, boolean publish, String metadata) {
        String body = "{\"session\":" + quote(session) + ",\"token\":" + quote(token) + ",\"publish\":" + publish
                + (metadata == null ? "" : ",\"metadata\":" + quote(metadata)) + "}";
        return expect(send("POST", "/stub/participants", body), 200, "join " + session);
    }

    /** {@code POST /stub/participants} with the secret (an insecure session), expecting 200. */
    public Response joinInsecure(String sessionOrName, String secret, boolean publish) {
        String body = "{\"session\":" + quote(sessionOrName) + ",\"secret\":" + quote(secret) + ",\"publish\":"
                + publish + "}";
        return expect(send("POST", "/stub/participants", body), 200, "join insecure " + sessionOrName);
    }

    /** {@code POST /stub/participants/{id}/publish}, expecting 200. */
    public void publish(String participantId) {
        expect(send("POST", "/stub/participants/" + participantId + "/publish", null), 200, "publish " + participantId);
    }

    /** {@code DELETE /stub/participants/{id}/publish}, expecting 204. */
    public void unpublish(String participantId) {
        expect(send("DELETE", "/stub/participants/" + participantId + "/publish", null), 204, "unpublish " + participantId);
    }

    /** {@code DELETE /stub/participants/{id}}, expecting 204. */
    public void leave(String participantId) {
        expect(send("DELETE", "/stub/participants/" + participantId, null), 204, "leave " + participantId);
    }

    /** The answer, if its status is {@code status}; else an {@link AssertionError} naming {@code what}. */
    public static Response expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw new AssertionError(what + ": expected HTTP " + status + " but got " + r.status() + " " + r.text());
        }
        return r;
    }

    // ---- JSON text without a JSON library ----

    /** The first string value of {@code "name": "..."} in a JSON text, unescaped for the simple cases; or null. */
    public static String stringField(String json, String name) {
        Matcher m = Pattern.compile(String.format(STRING_FIELD.pattern(), Pattern.quote(name))).matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/").replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    /** A JSON string literal. */
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

    // ---- TLS for self-signed test servers ----

    /** An SSL context that trusts any certificate: only for test servers with a certificate made at start-up. */
    public static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}

package dev.ovstub.server.internal.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request being answered: reading the JSON body, writing JSON, empty or error answers. */
final class Exchange {
    private static final int MAX_BODY = 64 * 1024;
    /** The most of an oversized body read and discarded so that its sender sees the 413 (see {@link #tooLarge}). */
    private static final int MAX_DRAINED = 1024 * 1024;

    final Request request;
    final Response response;
    final Callback callback;
    private final Matcher path;
    private boolean answered;
    private boolean bodyRead;

    Exchange(Request request, Response response, Callback callback, Matcher path) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.path = path;
    }

    /** A path parameter: the n-th group of the route's pattern. */
    String pathParam(int group) {
        return path.group(group);
    }

    String method() {
        return request.getMethod();
    }

    /** A query parameter's (decoded) value, or null when absent. */
    String queryParam(String name) {
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    boolean answered() {
        return answered;
    }

    /** The body as a JSON object; an empty body is an empty object. Anything else is a 400 naming the problem. */
    Map<String, Object> jsonBody() {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String body;
        try {
            long length = request.getLength();
            InputStream in = Content.Source.asInputStream(request);
            if (length > MAX_BODY) {
                throw tooLarge(in, length);
            }
            // Bounded even when the length is unknown (chunked): never more than MAX_BODY + 1 bytes in memory.
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge(in, length - bytes.length);
            }
            body = new String(bytes, StandardCharsets.UTF_8);
            bodyRead = true;
        } catch (IOException e) {
            throw HttpError.badRequest("the body could not be read: " + e.getMessage());
        }
        if (body.isBlank()) {
            return Map.of();
        }
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new HttpError(415, "expected a JSON body (Content-Type: application/json) but got " + contentType);
        }
        Object value;
        try {
            // Trailing content after the value ({"a":1}} or two objects) is malformed too.
            value = Json.parse(body);
        } catch (Json.MalformedException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /**
     * The 413 for a body over {@link #MAX_BODY}. A client still sending when the answer comes and the connection
     * closes may see a reset instead of the answer (the JDK client reports "header parser received no bytes"), so
     * a body of up to {@link #MAX_DRAINED} bytes is read to its end and discarded first: the client then always
     * reads the 413. A bigger one is cut off unread, with {@code Connection: close}.
     */
    private HttpError tooLarge(InputStream in, long remaining) throws IOException {
        HttpError error = new HttpError(413, "the body is larger than " + MAX_BODY + " bytes");
        if (remaining > MAX_DRAINED) {
            return error;
        }
        byte[] sink = new byte[8192];
        long drained = 0;
        for (int n; (n = in.read(sink)) >= 0; ) {
            drained += n;
            if (drained > MAX_DRAINED) {
                return error; // a chunked body that goes on: cut off, the connection closes
            }
        }
        bodyRead = true;
        return error;
    }

    /** An optional string field; present but not a string is a 400 naming it. */
    static String optionalString(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return null;
        }
        if (!(v instanceof String)) {
            throw HttpError.badRequest(field + ": expected a string but got " + Json.kind(v));
        }
        return (String) v;
    }

    static String requiredString(Map<String, Object> body, String field) {
        String v = optionalString(body, field);
        if (v == null || v.isEmpty()) {
            throw HttpError.badRequest(field + ": required");
        }
        return v;
    }

    static boolean optionalBoolean(Map<String, Object> body, String field, boolean fallback) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return fallback;
        }
        if (!(v instanceof Boolean)) {
            throw HttpError.badRequest(field + ": expected true or false but got " + Json.write(v));
        }
        return (Boolean) v;
    }

    /** An optional whole number field within {@code min..max}; anything else is a 400 naming it. */
    static long optionalWholeNumber(Map<String, Object> body, String field, long min, long max, long fallback) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return fallback;
        }
        String expected = field + ": expected a whole number from " + min + " to " + max + " but got ";
        if (!(v instanceof Json.NumberText)) {
            throw HttpError.badRequest(expected + Json.kind(v));
        }
        long n;
        try {
            n = Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(expected + v);
        }
        if (n < min || n > max) {
            throw HttpError.badRequest(expected + v);
        }
        return n;
    }

    /** An optional enum field, by exact constant name; a wrong name is a 400 listing the allowed ones. */
    static <E extends Enum<E>> E optionalEnum(Map<String, Object> body, String field, Class<E> type, E fallback) {
        String v = optionalString(body, field);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw HttpError.badRequest(field + ": '" + v + "' is not one of " + allowed);
        }
    }

    /** A JSON answer; {@code json} is written already (by {@link Json} or by the owner of its shape). */
    void sendJson(int status, String json) {
        send(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request body left unread (refused before reading it: 401, 404, 405, 501...) may still be arriving; Jetty
     * then closes the connection after the answer, without saying so, and a client reusing the connection for its
     * next request (the authenticated retry after a 401 challenge) gets no answer. Saying so lets it open another.
     */
    private void closeIfBodyUnread() {
        if (bodyRead) {
            return;
        }
        long length = request.getLength();
        if (length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    void send(int status, String contentType, byte[] bytes) {
        answered = true;
        closeIfBodyUnread();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Ends a response whose status and headers are already set, without a body (HEAD). */
    void sendEmptyKeepingHeaders() {
        answered = true;
        closeIfBodyUnread();
        response.write(true, null, callback);
    }

    /** The route writes the body itself and completes the callback. */
    void markAnswered() {
        answered = true;
    }

    void sendEmpty(int status) {
        answered = true;
        closeIfBodyUnread();
        response.setStatus(status);
        response.write(true, null, callback);
    }

    /**
     * An error answer. The reason always travels in the {@link ErrorHeader#NAME} response header. Under the
     * OpenVidu REST API ({@code /api/...}) that header is all there is: the answer has no body, as OpenVidu 1.8's
     * recording endpoints did, because the official 1.8.0 client never reads the body of an error answer and so
     * never gives back the pooled connection it arrived on (its pool of two is exhausted after two such answers
     * and the third call hangs). Elsewhere (the control API, files, the layout state) the body is Spring Boot's
     * error shape, which is what OpenVidu 1.8 answered: timestamp, status, error, message, path.
     */
    void sendError(int status, String message) {
        String path = request.getHttpURI().getPath();
        response.getHeaders().put(ErrorHeader.NAME, ErrorHeader.encode(message));
        if (ErrorHeader.statusOnly(path)) {
            // Content-Length: 0 said outright: a client then knows the answer is complete without reading it.
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            sendEmpty(status);
            return;
        }
        sendJson(status, Json.object()
                .put("timestamp", System.currentTimeMillis())
                .put("status", status)
                .put("error", HttpStatus.getMessage(status))
                .put("message", message)
                .put("path", path)
                .toJson());
    }
}

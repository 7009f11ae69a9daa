package io.openvidu.java.client.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.SessionProperties;

/**
 * JSON bodies of requests, and tolerant reading of responses: unknown fields ignored, numbers
 * accepted as integers or decimals, statuses mapped as documented in {@link Archive.Status}.
 * Thread-safe.
 */
public final class JsonCodec {

    private static final Logger LOG = LoggerFactory.getLogger("io.openvidu.java.client.OpenVidu");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private JsonCodec() {
    }

    /**
     * Body of {@code POST /api/sessions}.
     *
     * @param properties the session properties
     * @return the JSON bytes
     */
    public static byte[] sessionBody(SessionProperties properties) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("archiveMode", properties.archiveMode().name());
        body.put("archiveLayout", properties.archiveLayout().name());
        body.put("mediaMode", properties.mediaMode().name());
        return write(body);
    }

    /**
     * Body of {@code POST /api/tokens}.
     *
     * @param sessionId the session id
     * @param role the role
     * @param data the participant data
     * @return the JSON bytes
     */
    public static byte[] tokenBody(String sessionId, OpenViduRole role, String data) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("session", sessionId);
        body.put("role", role.name());
        body.put("data", data);
        return write(body);
    }

    /**
     * Body of {@code POST /api/recordings/start}.
     *
     * @param sessionId the session id
     * @return the JSON bytes
     */
    public static byte[] startRecordingBody(String sessionId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("session", sessionId);
        return write(body);
    }

    private static byte[] write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + node, e);
        }
    }

    /**
     * Parses a body as one JSON value.
     *
     * @param body the raw body
     * @return the tree
     * @throws BadResponseException if the body is empty, not JSON, truncated or followed by garbage
     */
    public static JsonNode read(byte[] body) throws BadResponseException {
        if (body == null || body.length == 0) {
            throw new BadResponseException("empty body where JSON was expected", null);
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadResponseException("empty body where JSON was expected", null);
            }
            return node;
        } catch (IOException e) {
            throw new BadResponseException("malformed JSON: " + firstLine(e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage()), e);
        }
    }

    /**
     * Reads the session id from the answer of {@code POST /api/sessions}.
     *
     * @param body the raw body
     * @return the session id
     * @throws BadResponseException if there is no {@code id} string
     */
    public static String sessionId(byte[] body) throws BadResponseException {
        return requiredText(object(read(body), "session"), "id");
    }

    /**
     * Reads the token from the answer of {@code POST /api/tokens}: field {@code token}, else {@code id}.
     *
     * @param body the raw body
     * @return the token
     * @throws BadResponseException if there is neither
     */
    public static String token(byte[] body) throws BadResponseException {
        JsonNode node = object(read(body), "token");
        String token = optionalText(node, "token");
        if (token == null || token.isEmpty()) {
            token = requiredText(node, "id");
        }
        return token;
    }

    /**
     * Reads one recording.
     *
     * @param body the raw body
     * @return the archive
     * @throws BadResponseException if the body is not a recording object
     */
    public static Archive archive(byte[] body) throws BadResponseException {
        return archive(read(body));
    }

    /**
     * Reads a recording list: {@code {"count": n, "items": [...]}} (a bare array is accepted too).
     *
     * @param body the raw body
     * @return a new mutable list, in the server's order
     * @throws BadResponseException if there is no {@code items} array or an item is not a recording
     */
    public static List<Archive> archives(byte[] body) throws BadResponseException {
        JsonNode root = read(body);
        JsonNode items = root.isArray() ? root : object(root, "recording list").get("items");
        if (items == null || !items.isArray()) {
            throw new BadResponseException("recording list has no \"items\" array", null);
        }
        List<Archive> result = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            result.add(archive(item));
        }
        return result;
    }

    private static Archive archive(JsonNode node) throws BadResponseException {
        object(node, "recording");
        String statusText = optionalText(node, "status");
        return new Archive.Builder()
                .id(requiredText(node, "id"))
                .name(optionalText(node, "name"))
                .sessionId(optionalText(node, "sessionId"))
                .createdAt(longValue(node, "createdAt"))
                .size(longValue(node, "size"))
                .duration(doubleValue(node, "duration"))
                .url(optionalText(node, "url"))
                .hasAudio(booleanValue(node, "hasAudio"))
                .hasVideo(booleanValue(node, "hasVideo"))
                .status(status(statusText, node))
                .statusText(statusText)
                .build();
    }

    /**
     * Maps a status text: the five 1.8 names (any case), {@code ready} as {@code available},
     * anything else (or nothing) as {@code failed}.
     *
     * @param text the server's text, or {@code null}
     * @return the status
     */
    public static Archive.Status status(String text) {
        if (text == null) {
            return Archive.Status.failed;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "starting":
                return Archive.Status.starting;
            case "started":
                return Archive.Status.started;
            case "stopped":
                return Archive.Status.stopped;
            case "available":
            case "ready":
                return Archive.Status.available;
            case "failed":
                return Archive.Status.failed;
            default:
                return null;
        }
    }

    private static Archive.Status status(String text, JsonNode node) {
        Archive.Status s = status(text);
        if (s == null) {
            LOG.warn("Recording {} has status \"{}\", unknown to this client: read as \"failed\"",
                    node.path("id").asText(), text);
            return Archive.Status.failed;
        }
        return s;
    }

    /**
     * The response header in which our server puts the reason of an error answer. Its OpenVidu REST API answers
     * errors without a body (the official 1.8.0 client leaks a pooled connection per error body), so this is where
     * the reason is; printable ASCII is sent as is, anything else as {@code %XX} escapes of UTF-8 bytes.
     */
    public static final String ERROR_HEADER = "X-OpenVidu-Error";

    /**
     * Finds the server's reason for an error answer: the {@link #ERROR_HEADER} header when there is one, else
     * what {@link #serverMessage(byte[], String)} finds in the body (other servers, such as OpenVidu itself).
     *
     * @param errorHeader the header's value, or {@code null}
     * @param body the raw body, possibly empty
     * @param mimeType the response's MIME type, or {@code null}
     * @return the message, or {@code null} when there is none
     */
    public static String serverMessage(String errorHeader, byte[] body, String mimeType) {
        if (errorHeader != null && !errorHeader.trim().isEmpty()) {
            return oneLine(percentDecode(errorHeader));
        }
        return serverMessage(body, mimeType);
    }

    /** Decodes {@code %XX} escapes as UTF-8; anything malformed is kept as it is. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Finds the error message in an error body: the {@code message} field of a JSON object, or
     * the text of a non-JSON, non-HTML body (one line, at most 300 characters).
     *
     * @param body the raw body, possibly empty
     * @param mimeType the response's MIME type, or {@code null}
     * @return the message, or {@code null} when there is none
     */
    public static String serverMessage(byte[] body, String mimeType) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("{")) {
            try {
                JsonNode node = MAPPER.readTree(text);
                JsonNode message = node.get("message");
                if (message != null && message.isValueNode() && !message.isNull()
                        && !message.asText().trim().isEmpty()) {
                    return oneLine(message.asText());
                }
                return null;
            } catch (IOException e) {
                // not JSON after all: fall through to plain text
            }
        }
        if ((mimeType != null && mimeType.toLowerCase(Locale.ROOT).contains("html")) || text.startsWith("<")) {
            return null;
        }
        return oneLine(text);
    }

    private static String oneLine(String s) {
        String line = s.trim().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static JsonNode object(JsonNode node, String what) throws BadResponseException {
        if (!node.isObject()) {
            throw new BadResponseException(what + " is not a JSON object but " + describe(node), null);
        }
        return node;
    }

    private static String describe(JsonNode node) {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static String requiredText(JsonNode node, String field) throws BadResponseException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new BadResponseException("field \"" + field + "\" is missing or not a non-empty string", null);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) throws BadResponseException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new BadResponseException("field \"" + field + "\" is not a string but " + describe(v), null);
        }
        return v.asText();
    }

    private static long longValue(JsonNode node, String field) throws BadResponseException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0L;
        }
        if (v.isIntegralNumber()) {
            BigInteger big = v.bigIntegerValue();
            if (big.compareTo(LONG_MIN) < 0 || big.compareTo(LONG_MAX) > 0) {
                throw new BadResponseException("field \"" + field + "\" does not fit in 64 bits: " + v, null);
            }
            return big.longValue();
        }
        if (v.isNumber()) {
            return (long) v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new BadResponseException("field \"" + field + "\" is not a number: " + v, e);
            }
        }
        throw new BadResponseException("field \"" + field + "\" is not a number but " + describe(v), null);
    }

    private static double doubleValue(JsonNode node, String field) throws BadResponseException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0.0;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new BadResponseException("field \"" + field + "\" is not a number: " + v, e);
            }
        }
        throw new BadResponseException("field \"" + field + "\" is not a number but " + describe(v), null);
    }

    private static boolean booleanValue(JsonNode node, String field) throws BadResponseException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && ("true".equalsIgnoreCase(v.asText()) || "false".equalsIgnoreCase(v.asText()))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new BadResponseException("field \"" + field + "\" is not a boolean but " + describe(v), null);
    }
}

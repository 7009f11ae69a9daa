package dev.ovstub.server.internal.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The 1.8 recording JSON: exactly ten fields; {@code duration} always written with a decimal point (the 1.8.0
 * client casts it to a double), {@code size} as a 64-bit integer.
 */
public final class RecordingJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingJson() {}

    public static ObjectNode toJson(Recording r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", r.id());
        node.put("name", r.name());
        node.put("sessionId", r.sessionId());
        node.put("createdAt", r.createdAt());
        node.put("size", r.size());
        // Doubles are written by Jackson as Double.toString: 5.0, 20.88; round to milliseconds.
        node.put("duration", Math.round(r.duration() * 1000.0) / 1000.0);
        if (r.url() == null) {
            node.putNull("url");
        } else {
            node.put("url", r.url());
        }
        node.put("hasAudio", r.hasAudio());
        node.put("hasVideo", r.hasVideo());
        node.put("status", r.status().wireName());
        return node;
    }

    public static String toJsonString(Recording r) {
        return toJson(r).toString();
    }

    /** Reads what {@link #toJson} wrote; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Recording fromJson(JsonNode n) {
        return new Recording(
                text(n, "id"), text(n, "name"), text(n, "sessionId"),
                number(n, "createdAt").asLong(), number(n, "size").asLong(), number(n, "duration").asDouble(),
                n.path("url").isTextual() ? n.get("url").asText() : null,
                n.path("hasAudio").asBoolean(true), n.path("hasVideo").asBoolean(true),
                RecordingStatus.fromWire(text(n, "status")));
    }

    public static Recording parse(String json) {
        try {
            return fromJson(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    private static JsonNode number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a number");
        }
        return v;
    }
}

package dev.ovstub.server.internal.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recording JSON. A 1.8 recording: exactly ten fields; {@code duration} always written with a decimal point
 * (the 1.8.0 client casts it to a double), {@code size} as a 64-bit integer. A 2.x recording: the object of the 2.x
 * contract (§4.3), with {@code object}, {@code outputMode} and, when composed with video, {@code resolution},
 * {@code frameRate}, {@code recordingLayout} ({@code customLayout} with CUSTOM). The same JSON is the metadata on
 * disk, so it is read back by {@link #fromJson}.
 */
public final class RecordingJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingJson() {}

    public static ObjectNode toJson(Recording r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", r.id());
        if (r.v2()) {
            node.put("object", "recording");
        }
        node.put("name", r.name());
        RecordingOptions o = r.options();
        if (o != null) {
            node.put("outputMode", o.outputMode().name());
            if (o.outputMode().composed() && r.hasVideo()) {
                node.put("resolution", o.resolution());
                node.put("frameRate", o.frameRate());
                node.put("recordingLayout", o.layout());
                if ("CUSTOM".equals(o.layout())) {
                    node.put("customLayout", o.customLayout());
                }
            }
        }
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
        if (o != null && o.outputMode() == RecordingOptions.OutputMode.INDIVIDUAL) {
            node.put("ignoreFailedStreams", o.ignoreFailedStreams());
        }
        return node;
    }

    public static String toJsonString(Recording r) {
        return toJson(r).toString();
    }

    /** Reads what {@link #toJson} wrote; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Recording fromJson(JsonNode n) {
        RecordingOptions options = null;
        if (n.hasNonNull("outputMode")) {
            options = new RecordingOptions(
                    RecordingOptions.OutputMode.valueOf(text(n, "outputMode")),
                    n.path("recordingLayout").asText("BEST_FIT"), n.path("customLayout").asText(""),
                    n.path("resolution").asText(DEFAULT_RESOLUTION), n.path("frameRate").asInt(DEFAULT_FRAME_RATE),
                    DEFAULT_SHM_SIZE, n.path("ignoreFailedStreams").asBoolean(false));
        }
        return new Recording(
                text(n, "id"), text(n, "name"), text(n, "sessionId"),
                number(n, "createdAt").asLong(), number(n, "size").asLong(), number(n, "duration").asDouble(),
                n.path("url").isTextual() ? n.get("url").asText() : null,
                n.path("hasAudio").asBoolean(true), n.path("hasVideo").asBoolean(true),
                RecordingStatus.fromWire(text(n, "status")), options);
    }

    /** 2.x defaults of what a recording without video does not write. */
    public static final String DEFAULT_RESOLUTION = "1280x720";
    public static final int DEFAULT_FRAME_RATE = 25;
    public static final long DEFAULT_SHM_SIZE = 536_870_912L;

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

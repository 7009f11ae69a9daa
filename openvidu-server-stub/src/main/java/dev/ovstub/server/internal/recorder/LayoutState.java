package dev.ovstub.server.internal.recorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout state of a session, as served at {@code /stub/layout/<shortSessionId>}: this class owns the JSON of
 * that part of the recorder contract in both directions, {@link #toJson()} for the server and {@link #parse} for
 * the recorder.
 * <pre>{"sessionId": "...", "layout": "BEST_FIT", "version": 7,
 *  "publishers": [{"id": "con_x1y2z3", "metadata": "alice", "media": null}]}</pre>
 *
 * @param sessionId  full session id (informational), may be null
 * @param layout     layout name (everything is drawn as BEST_FIT), may be null
 * @param version    grows with every change; -1 when unknown
 * @param publishers publishers in screen order
 */
public record LayoutState(String sessionId, String layout, long version, List<Publisher> publishers) {
    /** No publishers (also what a 404 means). */
    public static final LayoutState EMPTY = new LayoutState(null, "BEST_FIT", -1, List.of());

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public LayoutState {
        publishers = List.copyOf(publishers);
    }

    /** A state with these publishers (tests, in-JVM use). */
    public static LayoutState of(Publisher... publishers) {
        return new LayoutState(null, "BEST_FIT", -1, List.of(publishers));
    }

    /** A state with publishers of these ids, no metadata. */
    public static LayoutState ofIds(String... ids) {
        List<Publisher> list = new ArrayList<>();
        for (String id : ids) list.add(Publisher.of(id));
        return new LayoutState(null, "BEST_FIT", -1, list);
    }

    /** The JSON answer of the layout state endpoint, as {@link #parse} reads it. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("sessionId", sessionId);
        root.put("layout", layout);
        root.put("version", version);
        ArrayNode pubs = root.putArray("publishers");
        for (Publisher p : publishers) {
            pubs.addObject().put("id", p.id()).put("metadata", p.metadata()).put("media", p.media());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the layout state", e);
        }
    }

    /** Parses the JSON answer of the layout state endpoint. */
    public static LayoutState parse(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) throw new IOException("layout state is not a JSON object");
        JsonNode pubs = root.path("publishers");
        if (!pubs.isMissingNode() && !pubs.isNull() && !pubs.isArray()) {
            throw new IOException("layout state: publishers is not an array");
        }
        List<Publisher> list = new ArrayList<>();
        for (JsonNode p : pubs) {
            JsonNode id = p.get("id");
            if (id == null || !id.isTextual()) throw new IOException("layout state: publisher without a string id");
            list.add(new Publisher(id.asText(), text(p.get("metadata")), text(p.get("media"))));
        }
        return new LayoutState(text(root.get("sessionId")), text(root.get("layout")),
                root.path("version").asLong(-1), list);
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) return null;
        return n.isTextual() ? n.asText() : n.toString();
    }
}

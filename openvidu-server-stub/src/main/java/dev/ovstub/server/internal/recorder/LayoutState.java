package dev.ovstub.server.internal.recorder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 * <pre>{"sessionId": "...", "layout": "BEST_FIT", "version": 7, "geometry": "OPENVIDU_2",
 *  "publishers": [{"id": "con_x1y2z3", "metadata": "alice", "media": null, "big": true}]}</pre>
 * {@code geometry} and {@code big} are optional: absent (or {@code "GRID_1_8"}, or any value this recorder does not
 * know) the publishers are drawn in the 1.8 BEST_FIT grid whatever {@code layout} says ({@link GridLayout});
 * {@code "OPENVIDU_2"} draws {@code layout} as OpenVidu 2.x does ({@link OpenViduLayoutGeometry}). {@code big}
 * (default false) marks the big publisher of the 2.x presentation and picture-in-picture layouts. Unknown fields
 * are ignored. {@link #toJson()} writes {@code geometry} and {@code big} only when they differ from the defaults, so
 * the answer for a 1.8 session is unchanged. A publisher object may also carry its stream's fields
 * ({@link Publisher.StreamInfo}), which INDIVIDUAL recordings use.
 *
 * @param sessionId  full session id (informational), may be null
 * @param layout     layout name: only the {@link Geometry#OPENVIDU_2} geometry draws it, the 1.8 grid draws
 *                   everything as BEST_FIT; may be null
 * @param version    grows with every change; -1 when unknown
 * @param publishers publishers in screen order
 * @param geometry   how the recorder draws the publishers; never null
 */
public record LayoutState(String sessionId, String layout, long version, List<Publisher> publishers, Geometry geometry) {
    /** No publishers (also what a 404 means). */
    public static final LayoutState EMPTY = new LayoutState(null, "BEST_FIT", -1, List.of());

    /** Streaming parser factory: the recorder reads the common answer without loading Jackson databind. */
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Databind, loaded on first use only (the server writing, or a recorder reading an unusual answer). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** How the recorder (and the layout page) draw the publishers: the {@code geometry} field. */
    public enum Geometry {
        /** OpenVidu 1.8's BEST_FIT grid of letterboxed 16:9 tiles, for every layout name ({@link GridLayout}). */
        GRID_1_8,
        /** OpenVidu 2.x's layouts: cells filled and cropped, the layout name honoured ({@link OpenViduLayoutGeometry}). */
        OPENVIDU_2;

        /** The geometry named {@code name}; null, absent or unknown names are {@link #GRID_1_8}. */
        public static Geometry named(String name) {
            return "OPENVIDU_2".equals(name) ? OPENVIDU_2 : GRID_1_8;
        }
    }

    public LayoutState {
        publishers = List.copyOf(publishers);
        geometry = geometry == null ? Geometry.GRID_1_8 : geometry;
    }

    /** A state drawn in the 1.8 grid ({@link Geometry#GRID_1_8}). */
    public LayoutState(String sessionId, String layout, long version, List<Publisher> publishers) {
        this(sessionId, layout, version, publishers, Geometry.GRID_1_8);
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

    /** A state drawn as OpenVidu 2.x draws {@code layout} (e.g. {@code "VERTICAL_PRESENTATION"}) (tests, in-JVM use). */
    public static LayoutState openVidu2(String layout, Publisher... publishers) {
        return new LayoutState(null, layout, -1, List.of(publishers), Geometry.OPENVIDU_2);
    }

    /** The JSON answer of the layout state endpoint, as {@link #parse} reads it. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("sessionId", sessionId);
        root.put("layout", layout);
        root.put("version", version);
        if (geometry != Geometry.GRID_1_8) root.put("geometry", geometry.name());
        ArrayNode pubs = root.putArray("publishers");
        for (Publisher p : publishers) {
            ObjectNode o = pubs.addObject().put("id", p.id()).put("metadata", p.metadata()).put("media", p.media());
            if (p.big()) o.put("big", true);
            writeStream(o, p.stream());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the layout state", e);
        }
    }

    /** Parses the JSON answer of the layout state endpoint. */
    public static LayoutState parse(byte[] json) throws IOException {
        LayoutState simple = parseSimple(json);
        return simple != null ? simple : parseTree(json);
    }

    /**
     * The usual answer (string or null fields, a numeric version, publishers as objects of string, null or boolean
     * fields) with the streaming parser; null for anything else, which {@link #parseTree} then reads (or rejects).
     */
    private static LayoutState parseSimple(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String sessionId = null;
            String layout = null;
            String geometry = null;
            long version = -1;
            List<Publisher> list = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "sessionId", "layout", "geometry" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) return null;
                        String text = v == JsonToken.VALUE_NULL ? null : p.getText();
                        switch (field) {
                            case "sessionId" -> sessionId = text;
                            case "layout" -> layout = text;
                            default -> geometry = text;
                        }
                    }
                    case "version" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) return null;
                        version = p.getLongValue();
                    }
                    case "publishers" -> {
                        if (v == JsonToken.VALUE_NULL) continue;
                        if (v != JsonToken.START_ARRAY) return null;
                        while ((v = p.nextToken()) == JsonToken.START_OBJECT) {
                            String id = null;
                            String metadata = null;
                            String media = null;
                            boolean big = false;
                            StreamFields stream = new StreamFields();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                JsonToken fv = p.nextToken();
                                if (fv == JsonToken.START_OBJECT || fv == JsonToken.START_ARRAY) return null;
                                if (f.equals("big")) {
                                    big = fv == JsonToken.VALUE_TRUE; // anything but true: not big
                                    continue;
                                }
                                if (StreamFields.NAMES.contains(f)) {
                                    if (!stream.read(f, fv, p)) return null; // ill-typed: the tree parser says so
                                    continue;
                                }
                                boolean known = f.equals("id") || f.equals("metadata") || f.equals("media");
                                if (!known) continue; // unknown scalar: ignored
                                if (fv != JsonToken.VALUE_STRING && fv != JsonToken.VALUE_NULL) return null;
                                String text = fv == JsonToken.VALUE_NULL ? null : p.getText();
                                switch (f) {
                                    case "id" -> id = text;
                                    case "metadata" -> metadata = text;
                                    default -> media = text;
                                }
                            }
                            if (id == null) return null;
                            list.add(new Publisher(id, metadata, media, big, stream.info()));
                        }
                        if (v != JsonToken.END_ARRAY) return null;
                    }
                    default -> {
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) return null;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
            return new LayoutState(sessionId, layout, version, list, Geometry.named(geometry));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static LayoutState parseTree(byte[] json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        if (root == null || !root.isObject()) throw new IOException("layout state is not a JSON object");
        JsonNode pubs = root.path("publishers");
        if (!pubs.isMissingNode() && !pubs.isNull() && !pubs.isArray()) {
            throw new IOException("layout state: publishers is not an array");
        }
        List<Publisher> list = new ArrayList<>();
        for (JsonNode p : pubs) {
            JsonNode id = p.get("id");
            if (id == null || !id.isTextual()) throw new IOException("layout state: publisher without a string id");
            JsonNode big = p.get("big");
            list.add(new Publisher(id.asText(), text(p.get("metadata")), text(p.get("media")),
                    big != null && big.isBoolean() && big.booleanValue(), readStream(p)));
        }
        return new LayoutState(text(root.get("sessionId")), text(root.get("layout")),
                root.path("version").asLong(-1), list, Geometry.named(text(root.get("geometry"))));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) return null;
        return n.isTextual() ? n.asText() : n.toString();
    }

    // ---- INDIVIDUAL recording (issue 12): the optional stream fields of a publisher object ----
    // {"streamId": "str_CAM_...", "serverData": "...", "hasAudio": true, "hasVideo": true, "typeOfVideo": "CAMERA",
    //  "record": true}: written only when the publisher has a Publisher.StreamInfo; a publisher object without any of
    // them reads as one without stream information.

    private static void writeStream(ObjectNode o, Publisher.StreamInfo s) {
        if (s == null) return;
        o.put("streamId", s.streamId()).put("serverData", s.serverData())
                .put("hasAudio", s.hasAudio()).put("hasVideo", s.hasVideo())
                .put("typeOfVideo", s.typeOfVideo()).put("record", s.record());
    }

    private static Publisher.StreamInfo readStream(JsonNode p) throws IOException {
        StreamFields f = new StreamFields();
        for (String name : StreamFields.NAMES) {
            JsonNode v = p.get(name);
            if (v == null) continue;
            f.present = true;
            if (v.isNull()) continue;
            switch (name) {
                case "hasAudio", "hasVideo", "record" -> {
                    if (!v.isBoolean()) throw new IOException("layout state: publisher's " + name + " is not a boolean");
                    f.set(name, v.asBoolean());
                }
                default -> f.set(name, text(v));
            }
        }
        return f.info();
    }

    /** The stream fields of one publisher object, as the streaming parser meets them. */
    private static final class StreamFields {
        static final java.util.List<String> NAMES =
                java.util.List.of("streamId", "serverData", "hasAudio", "hasVideo", "typeOfVideo", "record");
        boolean present;
        String streamId;
        String serverData;
        Boolean hasAudio;
        Boolean hasVideo;
        String typeOfVideo;
        boolean record = true;

        /** Reads the value of stream field {@code f}; false if it is ill-typed. */
        boolean read(String f, JsonToken v, JsonParser p) throws IOException {
            boolean bool = f.equals("hasAudio") || f.equals("hasVideo") || f.equals("record");
            if (v == JsonToken.VALUE_NULL) {
                present = true;
                return true;
            }
            if (bool && (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE)) {
                present = true;
                set(f, v == JsonToken.VALUE_TRUE);
                return true;
            }
            if (!bool && v == JsonToken.VALUE_STRING) {
                present = true;
                set(f, p.getText());
                return true;
            }
            return false;
        }

        void set(String f, Object value) {
            switch (f) {
                case "streamId" -> streamId = (String) value;
                case "serverData" -> serverData = (String) value;
                case "hasAudio" -> hasAudio = (Boolean) value;
                case "hasVideo" -> hasVideo = (Boolean) value;
                case "typeOfVideo" -> typeOfVideo = (String) value;
                case "record" -> record = (Boolean) value;
                default -> throw new IllegalArgumentException(f);
            }
        }

        Publisher.StreamInfo info() {
            return present ? new Publisher.StreamInfo(streamId, serverData, hasAudio, hasVideo, typeOfVideo, record) : null;
        }
    }
}

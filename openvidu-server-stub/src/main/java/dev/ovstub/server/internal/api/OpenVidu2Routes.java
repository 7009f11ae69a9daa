package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingJson;
import dev.ovstub.server.internal.recording.RecordingOptions;
import dev.ovstub.server.internal.recording.RecordingOptions.OutputMode;
import dev.ovstub.server.internal.recording.RecordingRequest;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.ArchiveMode;
import dev.ovstub.server.internal.session.ConnectionOptions;
import dev.ovstub.server.internal.session.ConnectionView;
import dev.ovstub.server.internal.session.MediaMode;
import dev.ovstub.server.internal.session.RecordingProperties;
import dev.ovstub.server.internal.session.Role;
import dev.ovstub.server.internal.session.SessionException;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.session.SessionSpec;
import dev.ovstub.server.internal.session.SessionView;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenVidu 2.x REST API under {@code /openvidu/api} (the 2.x wire contract): sessions, connections, tokens,
 * signals, recordings and the configuration. Sessions and recordings made here follow the 2.x rules; those of the
 * 1.8 API under {@code /api} are not seen here (and the other way round), since each client parses only its own.
 */
final class OpenVidu2Routes {
    private static final String ID = "([^/]+)";
    private static final String BASE = "/openvidu/api";
    /** The video codecs 2.x sessions accept ({@code forcedVideoCodec}). */
    private static final List<String> CODECS = List.of("MEDIA_SERVER_PREFERRED", "NONE", "VP8", "VP9", "H264");

    private final SessionManager sessions;
    private final RecordingService recordings;
    private final ServerConfig config;
    private final URI publicUrl;

    OpenVidu2Routes(SessionManager sessions, RecordingService recordings, ServerConfig config, URI publicUrl) {
        this.sessions = sessions;
        this.recordings = recordings;
        this.config = config;
        this.publicUrl = publicUrl;
    }

    void register(Router router) {
        router.add("POST", BASE + "/sessions", this::createSession);
        router.add("GET", BASE + "/sessions", this::listSessions);
        router.add("GET", BASE + "/sessions/" + ID, this::getSession);
        router.add("DELETE", BASE + "/sessions/" + ID, this::closeSession);
        router.add("POST", BASE + "/sessions/" + ID + "/connection", this::createConnection);
        router.add("GET", BASE + "/sessions/" + ID + "/connection", this::listConnections);
        router.add("GET", BASE + "/sessions/" + ID + "/connection/" + ID, this::getConnection);
        router.add("DELETE", BASE + "/sessions/" + ID + "/connection/" + ID, this::forceDisconnect);
        router.add("DELETE", BASE + "/sessions/" + ID + "/stream/" + ID, this::forceUnpublish);
        router.add("POST", BASE + "/tokens", this::createToken);
        router.add("POST", BASE + "/signal", this::signal);
        router.add("GET", BASE + "/config", this::config);
        // Open to anyone, as in 2.x: what a browser app needs to find the server.
        router.add("GET", BASE + "/config/openvidu-publicurl", Router.Access.PUBLIC, this::publicUrl);
        router.add("POST", BASE + "/recordings/start", this::startRecording);
        router.add("POST", BASE + "/recordings/stop/" + ID, this::stopRecording);
        router.add("GET", BASE + "/recordings/" + ID, this::getRecording);
        router.add("GET", BASE + "/recordings", this::listRecordings);
        router.add("DELETE", BASE + "/recordings/" + ID, this::deleteRecording);
    }

    // ------------------------------------------------------------------ sessions

    private void createSession(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        MediaMode mediaMode = Exchange.optionalEnum(body, "mediaMode", MediaMode.class, MediaMode.ROUTED);
        ArchiveMode recordingMode = Exchange.optionalEnum(body, "recordingMode", ArchiveMode.class, ArchiveMode.MANUAL);
        String customId = Exchange.optionalString(body, "customSessionId");
        String codec = Exchange.optionalString(body, "forcedVideoCodec");
        if (codec == null || codec.isEmpty()) {
            codec = "MEDIA_SERVER_PREFERRED";
        } else if (!CODECS.contains(codec)) {
            throw HttpError.badRequest("forcedVideoCodec: '" + codec + "' is not one of " + String.join(", ", CODECS));
        }
        boolean transcoding = Exchange.optionalBoolean(body, "allowTranscoding", false);
        RecordingProperties defaults = recordingProperties(optionalObject(body, "defaultRecordingProperties"));
        SessionSpec spec = sessions.createSession2(mediaMode, recordingMode, customId, codec, transcoding, defaults);
        ex.sendJson(200, sessionJson(sessions.session2(spec.id()).orElseThrow(), true));
    }

    private void listSessions(Exchange ex) {
        boolean withPending = "true".equals(ex.queryParam("pendingConnections"));
        List<SessionView> all = sessions.sessions2();
        List<String> items = new ArrayList<>(all.size());
        all.forEach(s -> items.add(sessionJson(s, withPending)));
        ex.sendJson(200, Json.object().put("numberOfElements", all.size()).putRawArray("content", items).toJson());
    }

    private SessionView session(String id) {
        return sessions.session2(id).orElseThrow(() -> HttpError.notFound("no session with id " + id));
    }

    private void getSession(Exchange ex) {
        ex.sendJson(200, sessionJson(session(ex.pathParam(1)), "true".equals(ex.queryParam("pendingConnections"))));
    }

    private void closeSession(Exchange ex) {
        sessions.closeSession2(ex.pathParam(1));
        ex.sendEmpty(204);
    }

    // --------------------------------------------------------------- connections

    private void createConnection(Exchange ex) {
        String sessionId = ex.pathParam(1);
        Map<String, Object> body = ex.jsonBody();
        String type = Exchange.optionalString(body, "type");
        if (type != null && !type.isEmpty() && !"WEBRTC".equals(type)) {
            if ("IPCAM".equals(type)) {
                throw HttpError.badRequest("type: IPCAM connections are not simulated by this server; use WEBRTC");
            }
            throw HttpError.badRequest("type: '" + type + "' is not one of WEBRTC, IPCAM");
        }
        ConnectionOptions options = new ConnectionOptions(
                Exchange.optionalEnum(body, "role", Role.class, Role.PUBLISHER),
                orEmpty(Exchange.optionalString(body, "data")),
                Exchange.optionalBoolean(body, "record", true),
                rawObject(body, "kurentoOptions"), rawArray(body, "customIceServers"));
        ex.sendJson(200, connectionJson(sessions.createConnection(sessionId, options)));
    }

    private void listConnections(Exchange ex) {
        String pendingParam = ex.queryParam("pendingConnections");
        SessionView s = sessions.session2(ex.pathParam(1))
                .orElseThrow(() -> HttpError.badRequest("no session with id " + ex.pathParam(1)));
        List<String> items = new ArrayList<>();
        for (ConnectionView c : s.connections()) {
            if (c.active() || !"false".equals(pendingParam)) {
                items.add(connectionJson(c));
            }
        }
        ex.sendJson(200, Json.object().put("numberOfElements", items.size()).putRawArray("content", items).toJson());
    }

    private void getConnection(Exchange ex) {
        ex.sendJson(200, connectionJson(sessions.connection(ex.pathParam(1), ex.pathParam(2))));
    }

    private void forceDisconnect(Exchange ex) {
        sessions.forceDisconnect(ex.pathParam(1), ex.pathParam(2));
        ex.sendEmpty(204);
    }

    private void forceUnpublish(Exchange ex) {
        sessions.forceUnpublish(ex.pathParam(1), ex.pathParam(2));
        ex.sendEmpty(204);
    }

    /** The deprecated {@code POST /openvidu/api/tokens}: a pending connection, answered in the token's shape. */
    private void createToken(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        String sessionId = Exchange.requiredString(body, "session");
        String kurento = rawObject(body, "kurentoOptions");
        ConnectionOptions options = new ConnectionOptions(Exchange.optionalEnum(body, "role", Role.class, Role.PUBLISHER),
                orEmpty(Exchange.optionalString(body, "data")), true, kurento, "[]");
        ConnectionView c;
        try {
            c = sessions.createConnection(sessionId, options);
        } catch (SessionException e) {
            if (e.reason() == SessionException.Reason.NOT_FOUND) {
                throw HttpError.notFound("Session " + sessionId + " not found");
            }
            throw e;
        }
        Json.ObjectWriter out = Json.object()
                .put("id", c.token())
                .put("object", "token")
                .put("token", c.token())
                .put("connectionId", c.id())
                .put("session", c.sessionId())
                .put("role", options.role().name())
                .put("data", options.serverData())
                .put("createdAt", c.createdAt());
        if (kurento != null) {
            out.putRaw("kurentoOptions", kurento);
        }
        ex.sendJson(200, out.toJson());
    }

    private void signal(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        String sessionId = Exchange.requiredString(body, "session");
        List<String> to = new ArrayList<>();
        Object rawTo = body.get("to");
        if (rawTo != null && rawTo != Json.NULL) {
            if (!(rawTo instanceof List<?> list)) {
                throw HttpError.badRequest("to: expected an array of connection ids but got " + Json.kind(rawTo));
            }
            for (Object item : list) {
                if (!(item instanceof String id)) {
                    throw HttpError.badRequest("to: expected connection ids (strings) but got " + Json.kind(item));
                }
                to.add(id);
            }
        }
        sessions.signal(sessionId, to, orEmpty(Exchange.optionalString(body, "type")),
                orEmpty(Exchange.optionalString(body, "data")));
        ex.sendEmpty(200);
    }

    private void publicUrl(Exchange ex) {
        ex.send(200, "text/plain; charset=utf-8", publicUrl.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code GET /openvidu/api/config}: the settings a 2.x server reports, with this server's values. */
    private void config(Exchange ex) {
        ex.sendJson(200, Json.object()
                .put("VERSION", "2.32.1")
                .put("DOMAIN_OR_PUBLIC_IP", publicUrl.getHost())
                .put("HTTPS_PORT", publicUrl.getPort() > 0 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80)
                .put("OPENVIDU_PUBLICURL", publicUrl.toString())
                .put("OPENVIDU_CDR", false)
                .put("OPENVIDU_STREAMS_FORCED_VIDEO_CODEC", "MEDIA_SERVER_PREFERRED")
                .put("OPENVIDU_STREAMS_ALLOW_TRANSCODING", false)
                .put("OPENVIDU_SESSIONS_GARBAGE_INTERVAL", config.sessionsGarbageInterval().toSeconds())
                .put("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD", config.sessionsGarbageThreshold().toSeconds())
                .put("OPENVIDU_RECORDING", config.recording())
                .put("OPENVIDU_RECORDING_PUBLIC_ACCESS", config.freeAccess())
                .put("OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT", config.autostopTimeout().toSeconds())
                .put("OPENVIDU_RECORDING_CUSTOM_LAYOUT", config.customLayoutPath().toString())
                .put("OPENVIDU_WEBHOOK", "true".equalsIgnoreCase(config.webhook().enabled()))
                .toJson());
    }

    // ---------------------------------------------------------------- recordings

    private RecordingService recordingsOrRefuse() {
        if (recordings == null) {
            throw RecordingException.disabled();
        }
        return recordings;
    }

    /** A 2.x recording by id; a 1.8 one is not seen here (its JSON would break the 2.x clients). */
    private Recording recording(String id) {
        return recordingsOrRefuse().get(id).filter(Recording::v2)
                .orElseThrow(() -> HttpError.notFound("no recording with id " + id));
    }

    private void startRecording(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        if (body.isEmpty()) {
            throw HttpError.badRequest("the body must name the session to record");
        }
        recordingsOrRefuse();
        String sessionId = Exchange.requiredString(body, "session");
        // Read after the session checks, as 2.x does: a bad property of an unknown session is a 404.
        Recording r = sessions.startRecording2(sessionId, () -> recordingProperties(body).validate());
        ex.sendJson(200, RecordingJson.toJsonString(r));
    }

    private void stopRecording(Exchange ex) {
        String id = ex.pathParam(1);
        recording(id);
        ex.sendJson(200, RecordingJson.toJsonString(sessions.stopRecording2(id)));
    }

    private void getRecording(Exchange ex) {
        ex.sendJson(200, RecordingJson.toJsonString(recording(ex.pathParam(1))));
    }

    private void listRecordings(Exchange ex) {
        List<String> items = new ArrayList<>();
        for (Recording r : recordingsOrRefuse().list()) {
            if (r.v2()) {
                items.add(RecordingJson.toJsonString(r));
            }
        }
        ex.sendJson(200, Json.object().put("count", items.size()).putRawArray("items", items).toJson());
    }

    private void deleteRecording(Exchange ex) {
        String id = ex.pathParam(1);
        recording(id);
        recordings.delete(id);
        ex.sendEmpty(204);
    }

    // ---------------------------------------------------------------------- JSON

    /** Recording properties as given in a body (a start, or {@code defaultRecordingProperties}); types checked. */
    private static RecordingProperties recordingProperties(Map<String, Object> body) {
        if (body == null) {
            return RecordingProperties.NONE;
        }
        String resolution = Exchange.optionalString(body, "resolution");
        String layout = Exchange.optionalString(body, "recordingLayout");
        String custom = Exchange.optionalString(body, "customLayout");
        return new RecordingProperties(
                Exchange.optionalString(body, "name"),
                optionalBoolean(body, "hasAudio"), optionalBoolean(body, "hasVideo"),
                Exchange.optionalEnum(body, "outputMode", OutputMode.class, null),
                layout == null || layout.isEmpty() ? null : layout,
                custom,
                resolution == null || resolution.isEmpty() ? null : resolution,
                optionalInt(body, "frameRate"), optionalLong(body, "shmSize"),
                optionalBoolean(body, "ignoreFailedStreams"));
    }

    private static Boolean optionalBoolean(Map<String, Object> body, String field) {
        Object v = body.get(field);
        return v == null || v == Json.NULL ? null : Exchange.optionalBoolean(body, field, false);
    }

    private static Long optionalLong(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return null;
        }
        if (!(v instanceof Json.NumberText n)) {
            throw HttpError.badRequest(field + ": expected a whole number but got " + Json.kind(v));
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(field + ": expected a whole number but got " + n.text());
        }
    }

    private static Integer optionalInt(Map<String, Object> body, String field) {
        Long v = optionalLong(body, field);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw new SessionException(SessionException.Reason.UNPROCESSABLE, field + ": " + v + " is out of range");
        }
        return v == null ? null : v.intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalObject(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw HttpError.badRequest(field + ": expected an object but got " + Json.kind(v));
        }
        return (Map<String, Object>) v;
    }

    /** An optional object kept as its JSON text. */
    private static String rawObject(Map<String, Object> body, String field) {
        Map<String, Object> v = optionalObject(body, field);
        return v == null ? null : Json.write(v);
    }

    /** An optional array kept as its JSON text ({@code []} when absent). */
    private static String rawArray(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null || v == Json.NULL) {
            return "[]";
        }
        if (!(v instanceof List)) {
            throw HttpError.badRequest(field + ": expected an array but got " + Json.kind(v));
        }
        return Json.write(v);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The Session object (contract §4.1); pending connections only when asked. */
    private static String sessionJson(SessionView s, boolean withPending) {
        SessionSpec spec = s.spec();
        List<String> connections = new ArrayList<>();
        for (ConnectionView c : s.connections()) {
            if (c.active() || withPending) {
                connections.add(connectionJson(c));
            }
        }
        return Json.object()
                .put("id", spec.id())
                .put("object", "session")
                .put("sessionId", spec.id())
                .put("createdAt", spec.v2().createdAt())
                .put("recording", s.recordingId() != null)
                .put("broadcasting", false)
                .put("mediaMode", spec.mediaMode().name())
                .put("recordingMode", spec.archiveMode().name())
                .putRaw("defaultRecordingProperties", defaultsJson(spec))
                .put("customSessionId", spec.v2().customSessionId())
                .put("forcedVideoCodec", spec.v2().forcedVideoCodec())
                .put("allowTranscoding", spec.v2().allowTranscoding())
                .putRaw("connections", Json.object().put("numberOfElements", connections.size())
                        .putRawArray("content", connections).toJson())
                .toJson();
    }

    /** {@code defaultRecordingProperties} with 2.x's defaults filled in, written as 2.x writes them. */
    private static String defaultsJson(SessionSpec spec) {
        RecordingProperties given = spec.v2().defaults();
        RecordingRequest resolved = given.resolveFor(spec.id());
        RecordingOptions o = resolved.options();
        Json.ObjectWriter out = Json.object()
                .put("name", given.name() == null ? "" : given.name())
                .put("hasAudio", resolved.hasAudio())
                .put("hasVideo", resolved.hasVideo())
                .put("outputMode", o.outputMode().name());
        if (o.outputMode().composed() && resolved.hasVideo()) {
            out.put("recordingLayout", o.layout())
                    .put("resolution", o.resolution())
                    .put("frameRate", o.frameRate())
                    .put("shmSize", o.shmSize());
            if ("CUSTOM".equals(o.layout())) {
                out.put("customLayout", o.customLayout());
            }
        }
        if (o.outputMode() == OutputMode.INDIVIDUAL) {
            out.put("ignoreFailedStreams", o.ignoreFailedStreams());
        }
        return out.toJson();
    }

    /** The Connection object (contract §4.2): every key the 2.32 client needs, null where 2.x writes null. */
    static String connectionJson(ConnectionView c) {
        ConnectionOptions o = c.options();
        Json.ObjectWriter out = Json.object()
                .put("id", c.id())
                .put("object", "connection")
                .put("type", "WEBRTC")
                .put("status", c.active() ? "active" : "pending")
                .put("connectionId", c.id())
                .put("sessionId", c.sessionId())
                .put("createdAt", c.createdAt());
        if (c.active()) {
            out.put("activeAt", c.activeAt()).put("location", "unknown").put("ip", "127.0.0.1").put("platform", c.platform());
        } else {
            out.putRaw("activeAt", "null").put("location", (String) null).put("ip", (String) null).put("platform", (String) null);
        }
        out.put("token", c.token())
                .put("serverData", o.serverData())
                .put("clientData", c.clientData())
                .put("record", o.record())
                .put("role", o.role().name())
                .putRaw("kurentoOptions", o.kurentoOptions() == null ? "null" : o.kurentoOptions())
                .putRaw("customIceServers", o.customIceServers())
                .putRaw("rtspUri", "null").putRaw("adaptativeBitrate", "null")
                .putRaw("onlyPlayWithSubscribers", "null").putRaw("networkCache", "null");
        if (!c.active()) {
            out.putRaw("publishers", "null").putRaw("subscribers", "null");
        } else {
            List<String> publishers = new ArrayList<>();
            if (c.publisher() != null) {
                publishers.add(publisherJson(c.publisher()));
            }
            out.putRawArray("publishers", publishers).putRawArray("subscribers", List.of());
        }
        return out.toJson();
    }

    private static String publisherJson(ConnectionView.Stream s) {
        ConnectionView.MediaOptions m = s.media();
        Json.ObjectWriter media = Json.object().put("hasAudio", m.hasAudio());
        if (m.hasAudio()) {
            media.put("audioActive", m.audioActive());
        }
        media.put("hasVideo", m.hasVideo());
        if (m.hasVideo()) {
            media.put("videoActive", m.videoActive())
                    .put("typeOfVideo", m.typeOfVideo())
                    .put("frameRate", m.frameRate())
                    .put("videoDimensions", "{\"width\":" + m.width() + ",\"height\":" + m.height() + "}");
        }
        media.putRaw("filter", "{}");
        return Json.object().put("streamId", s.streamId()).put("createdAt", s.createdAt())
                .putRaw("mediaOptions", media.toJson()).toJson();
    }
}

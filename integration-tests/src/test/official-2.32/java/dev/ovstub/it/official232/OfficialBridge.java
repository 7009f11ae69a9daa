package dev.ovstub.it.official232;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.ConnectionType;
import io.openvidu.java.client.IceServerProperties;
import io.openvidu.java.client.KurentoOptions;
import io.openvidu.java.client.MediaMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduJavaClientException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Publisher;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingMode;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.openvidu.java.client.TokenOptions;
import io.openvidu.java.client.VideoCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official {@code io.openvidu:openvidu-java-client:2.32.1} driven as an application drives it, with JDK types
 * only at its edge (maps, lists, strings, numbers), so that tests compiled against nothing of it can call it.
 *
 * <p>This source is not compiled by Maven with the tests: our own client (same package names, 1.8 API) is on the
 * test class path. {@code dev.ovstub.it.support.Official232} compiles it at test time against the official jars
 * alone and loads it, with them, in a class loader that sees nothing else. One instance holds one {@link OpenVidu},
 * used for the whole run. Sessions are named by their ids and found again in the client's own
 * {@link OpenVidu#getActiveSession(String)} map, as an application holding only ids would. Exceptions of the client
 * ({@link OpenViduHttpException}, {@link OpenViduJavaClientException}, {@link IllegalArgumentException} of its
 * builders) leave unchanged; the loader's owner reads them.
 */
public final class OfficialBridge {
    private final OpenVidu openVidu;

    public OfficialBridge(String hostname, String secret) {
        this.openVidu = new OpenVidu(hostname, secret);
    }

    /** Where the {@link OpenVidu} class was loaded from (to prove which client runs). */
    public String clientLocation() {
        return String.valueOf(OpenVidu.class.getProtectionDomain().getCodeSource().getLocation());
    }

    // ---- sessions ----

    /**
     * {@link OpenVidu#createSession(SessionProperties)}; keys (all optional): {@code mediaMode}, {@code recordingMode},
     * {@code customSessionId}, {@code forcedVideoCodec}, {@code allowTranscoding}, {@code defaultRecordingProperties}
     * (a map read like {@link #startRecording(String, Map)}'s). An empty map: {@link OpenVidu#createSession()}.
     */
    public Map<String, Object> createSession(Map<String, Object> p) throws OpenViduJavaClientException, OpenViduHttpException {
        if (p.isEmpty()) {
            return describe(openVidu.createSession());
        }
        SessionProperties.Builder b = new SessionProperties.Builder();
        if (p.containsKey("mediaMode")) {
            b.mediaMode(MediaMode.valueOf((String) p.get("mediaMode")));
        }
        if (p.containsKey("recordingMode")) {
            b.recordingMode(RecordingMode.valueOf((String) p.get("recordingMode")));
        }
        if (p.containsKey("customSessionId")) {
            b.customSessionId((String) p.get("customSessionId"));
        }
        if (p.containsKey("forcedVideoCodec")) {
            b.forcedVideoCodec(VideoCodec.valueOf((String) p.get("forcedVideoCodec")));
        }
        if (p.containsKey("allowTranscoding")) {
            b.allowTranscoding((Boolean) p.get("allowTranscoding"));
        }
        if (p.containsKey("defaultRecordingProperties")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rp = (Map<String, Object>) p.get("defaultRecordingProperties");
            b.defaultRecordingProperties(recordingProperties(rp));
        }
        return describe(openVidu.createSession(b.build()));
    }

    /** The session as the client holds it locally ({@link OpenVidu#getActiveSession}), or null. */
    public Map<String, Object> session(String sessionId) {
        Session s = openVidu.getActiveSession(sessionId);
        return s == null ? null : describe(s);
    }

    /** {@link Session#fetch()}: whether anything changed, and the session after it ({@code changed}, {@code session}). */
    public Map<String, Object> fetchSession(String sessionId) throws OpenViduJavaClientException, OpenViduHttpException {
        Session s = require(sessionId);
        boolean changed = s.fetch();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changed", changed);
        out.put("session", describe(s));
        return out;
    }

    /** {@link OpenVidu#fetch()}: whether anything changed. */
    public boolean fetchAll() throws OpenViduJavaClientException, OpenViduHttpException {
        return openVidu.fetch();
    }

    /** {@link OpenVidu#getActiveSessions()}, their ids. */
    public List<String> activeSessionIds() {
        List<String> ids = new ArrayList<>();
        for (Session s : openVidu.getActiveSessions()) {
            ids.add(s.getSessionId());
        }
        return ids;
    }

    /** {@link Session#close()}. */
    public void close(String sessionId) throws OpenViduJavaClientException, OpenViduHttpException {
        require(sessionId).close();
    }

    // ---- connections and tokens ----

    /**
     * {@link Session#createConnection(ConnectionProperties)}; keys (all optional): {@code role}, {@code data},
     * {@code record}, {@code type}, {@code videoMaxRecvBandwidth} (Kurento options with it and an allowed filter),
     * {@code iceServerUrl} (a custom ICE server with it, user and credential). An empty map:
     * {@link Session#createConnection()}.
     */
    public Map<String, Object> createConnection(String sessionId, Map<String, Object> p)
            throws OpenViduJavaClientException, OpenViduHttpException {
        Session s = require(sessionId);
        if (p.isEmpty()) {
            return describe(s.createConnection());
        }
        ConnectionProperties.Builder b = new ConnectionProperties.Builder();
        if (p.containsKey("role")) {
            b.role(OpenViduRole.valueOf((String) p.get("role")));
        }
        if (p.containsKey("data")) {
            b.data((String) p.get("data"));
        }
        if (p.containsKey("record")) {
            b.record((Boolean) p.get("record"));
        }
        if (p.containsKey("type")) {
            b.type(ConnectionType.valueOf((String) p.get("type")));
        }
        if (p.containsKey("videoMaxRecvBandwidth")) {
            b.kurentoOptions(new KurentoOptions.Builder().videoMaxRecvBandwidth((Integer) p.get("videoMaxRecvBandwidth"))
                    .allowedFilters(new String[] {"GStreamerFilter"}).build());
        }
        if (p.containsKey("iceServerUrl")) {
            b.addCustomIceServer(new IceServerProperties.Builder().url((String) p.get("iceServerUrl"))
                    .username("user").credential("pass").build());
        }
        return describe(s.createConnection(b.build()));
    }

    /** {@link Session#getConnection(String)} (local), or null. */
    public Map<String, Object> connection(String sessionId, String connectionId) {
        Connection c = require(sessionId).getConnection(connectionId);
        return c == null ? null : describe(c);
    }

    /** {@link Session#getConnections()} (local). */
    public List<Map<String, Object>> connections(String sessionId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Connection c : require(sessionId).getConnections()) {
            out.add(describe(c));
        }
        return out;
    }

    /** {@link Session#getActiveConnections()} (local), their ids. */
    public List<String> activeConnectionIds(String sessionId) {
        List<String> out = new ArrayList<>();
        for (Connection c : require(sessionId).getActiveConnections()) {
            out.add(c.getConnectionId());
        }
        return out;
    }

    /**
     * The deprecated {@link Session#generateToken(TokenOptions)}; keys (optional): {@code role}, {@code data}. An
     * empty map: {@link Session#generateToken()}.
     */
    @SuppressWarnings("deprecation")
    public String generateToken(String sessionId, Map<String, Object> p) throws OpenViduJavaClientException, OpenViduHttpException {
        Session s = require(sessionId);
        if (p.isEmpty()) {
            return s.generateToken();
        }
        TokenOptions.Builder b = new TokenOptions.Builder();
        if (p.containsKey("role")) {
            b.role(OpenViduRole.valueOf((String) p.get("role")));
        }
        if (p.containsKey("data")) {
            b.data((String) p.get("data"));
        }
        return s.generateToken(b.build());
    }

    /** {@link Session#forceDisconnect(String)}. */
    public void forceDisconnect(String sessionId, String connectionId) throws OpenViduJavaClientException, OpenViduHttpException {
        require(sessionId).forceDisconnect(connectionId);
    }

    /** {@link Session#forceDisconnect(Connection)} with the client's local connection object. */
    public void forceDisconnectObject(String sessionId, String connectionId)
            throws OpenViduJavaClientException, OpenViduHttpException {
        Session s = require(sessionId);
        Connection c = s.getConnection(connectionId);
        if (c == null) {
            throw new IllegalStateException("the client holds no connection " + connectionId + " in " + sessionId);
        }
        s.forceDisconnect(c);
    }

    /** {@link Session#forceUnpublish(String)}. */
    public void forceUnpublish(String sessionId, String streamId) throws OpenViduJavaClientException, OpenViduHttpException {
        require(sessionId).forceUnpublish(streamId);
    }

    /** {@link Session#forceUnpublish(Publisher)} with the client's local publisher object. */
    public void forceUnpublishObject(String sessionId, String streamId)
            throws OpenViduJavaClientException, OpenViduHttpException {
        Session s = require(sessionId);
        for (Connection c : s.getConnections()) {
            for (Publisher p : c.getPublishers()) {
                if (p.getStreamId().equals(streamId)) {
                    s.forceUnpublish(p);
                    return;
                }
            }
        }
        throw new IllegalStateException("the client holds no publisher " + streamId + " in " + sessionId);
    }

    /** {@link Session#updateConnection(String, ConnectionProperties)} (OpenVidu PRO) with a new role. */
    public Map<String, Object> updateConnection(String sessionId, String connectionId, String role)
            throws OpenViduJavaClientException, OpenViduHttpException {
        ConnectionProperties p = new ConnectionProperties.Builder().role(OpenViduRole.valueOf(role)).build();
        return describe(require(sessionId).updateConnection(connectionId, p));
    }

    /** {@link OpenVidu#startBroadcast(String, String)} (OpenVidu PRO). */
    public void startBroadcast(String sessionId, String broadcastUrl) throws OpenViduJavaClientException, OpenViduHttpException {
        openVidu.startBroadcast(sessionId, broadcastUrl);
    }

    // ---- recordings ----

    /**
     * {@link OpenVidu#startRecording(String, RecordingProperties)}; keys (all optional): {@code name},
     * {@code hasAudio}, {@code hasVideo}, {@code outputMode}, {@code recordingLayout}, {@code customLayout},
     * {@code resolution}, {@code frameRate}, {@code shmSize}, {@code ignoreFailedStreams}. An empty map:
     * {@link OpenVidu#startRecording(String)}.
     */
    public Map<String, Object> startRecording(String sessionId, Map<String, Object> p)
            throws OpenViduJavaClientException, OpenViduHttpException {
        if (p.isEmpty()) {
            return describe(openVidu.startRecording(sessionId));
        }
        return describe(openVidu.startRecording(sessionId, recordingProperties(p)));
    }

    /** {@link OpenVidu#startRecording(String, String)}. */
    public Map<String, Object> startRecordingNamed(String sessionId, String name)
            throws OpenViduJavaClientException, OpenViduHttpException {
        return describe(openVidu.startRecording(sessionId, name));
    }

    /** {@link OpenVidu#stopRecording(String)}. */
    public Map<String, Object> stopRecording(String recordingId) throws OpenViduJavaClientException, OpenViduHttpException {
        return describe(openVidu.stopRecording(recordingId));
    }

    /** {@link OpenVidu#getRecording(String)}. */
    public Map<String, Object> getRecording(String recordingId) throws OpenViduJavaClientException, OpenViduHttpException {
        return describe(openVidu.getRecording(recordingId));
    }

    /** {@link OpenVidu#listRecordings()}. */
    public List<Map<String, Object>> listRecordings() throws OpenViduJavaClientException, OpenViduHttpException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Recording r : openVidu.listRecordings()) {
            out.add(describe(r));
        }
        return out;
    }

    /** {@link OpenVidu#deleteRecording(String)}. */
    public void deleteRecording(String recordingId) throws OpenViduJavaClientException, OpenViduHttpException {
        openVidu.deleteRecording(recordingId);
    }

    /** {@link Session#isBeingRecorded()} (local). */
    public boolean isBeingRecorded(String sessionId) {
        return require(sessionId).isBeingRecorded();
    }

    /** The client's own validation of recording properties: builds them and returns what it would send. */
    public String recordingPropertiesJson(Map<String, Object> p) {
        return recordingProperties(p).toJson().toString();
    }

    // ---- JDK-typed views ----

    private Session require(String sessionId) {
        Session s = openVidu.getActiveSession(sessionId);
        if (s == null) {
            throw new IllegalStateException("the client holds no active session " + sessionId + "; it holds "
                    + activeSessionIds());
        }
        return s;
    }

    private static RecordingProperties recordingProperties(Map<String, Object> p) {
        RecordingProperties.Builder b = new RecordingProperties.Builder();
        if (p.containsKey("name")) {
            b.name((String) p.get("name"));
        }
        if (p.containsKey("hasAudio")) {
            b.hasAudio((Boolean) p.get("hasAudio"));
        }
        if (p.containsKey("hasVideo")) {
            b.hasVideo((Boolean) p.get("hasVideo"));
        }
        if (p.containsKey("outputMode")) {
            b.outputMode(Recording.OutputMode.valueOf((String) p.get("outputMode")));
        }
        if (p.containsKey("recordingLayout")) {
            b.recordingLayout(RecordingLayout.valueOf((String) p.get("recordingLayout")));
        }
        if (p.containsKey("customLayout")) {
            b.customLayout((String) p.get("customLayout"));
        }
        if (p.containsKey("resolution")) {
            b.resolution((String) p.get("resolution"));
        }
        if (p.containsKey("frameRate")) {
            b.frameRate((Integer) p.get("frameRate"));
        }
        if (p.containsKey("shmSize")) {
            b.shmSize(((Number) p.get("shmSize")).longValue());
        }
        if (p.containsKey("ignoreFailedStreams")) {
            b.ignoreFailedStreams((Boolean) p.get("ignoreFailedStreams"));
        }
        return b.build();
    }

    private static Map<String, Object> describe(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.getSessionId());
        m.put("createdAt", s.createdAt());
        m.put("recording", s.isBeingRecorded());
        SessionProperties p = s.getProperties();
        m.put("mediaMode", String.valueOf(p.mediaMode()));
        m.put("recordingMode", String.valueOf(p.recordingMode()));
        m.put("customSessionId", p.customSessionId());
        m.put("forcedVideoCodec", String.valueOf(p.forcedVideoCodec()));
        m.put("allowTranscoding", p.isTranscodingAllowed());
        RecordingProperties d = p.defaultRecordingProperties();
        m.put("defaultRecordingProperties", d == null ? null : d.toJson().toString());
        List<Map<String, Object>> connections = new ArrayList<>();
        for (Connection c : s.getConnections()) {
            connections.add(describe(c));
        }
        m.put("connections", connections);
        return m;
    }

    private static Map<String, Object> describe(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionId", c.getConnectionId());
        m.put("status", c.getStatus());
        m.put("type", String.valueOf(c.getType()));
        m.put("role", c.getRole() == null ? null : c.getRole().name());
        m.put("serverData", c.getServerData());
        m.put("record", c.record());
        m.put("token", c.getToken());
        m.put("createdAt", c.createdAt());
        m.put("activeAt", c.activeAt());
        m.put("location", c.getLocation());
        m.put("ip", c.getIp());
        m.put("platform", c.getPlatform());
        m.put("clientData", c.getClientData());
        List<String> iceServers = new ArrayList<>();
        for (IceServerProperties ice : c.getCustomIceServers()) {
            iceServers.add(ice.getUrl() + " " + ice.getUsername() + " " + ice.getCredential());
        }
        m.put("customIceServers", iceServers);
        List<Map<String, Object>> publishers = new ArrayList<>();
        for (Publisher p : c.getPublishers()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("streamId", p.getStreamId());
            pm.put("createdAt", p.createdAt());
            pm.put("hasAudio", p.hasAudio());
            pm.put("hasVideo", p.hasVideo());
            pm.put("audioActive", p.isAudioActive());
            pm.put("videoActive", p.isVideoActive());
            pm.put("frameRate", p.getFrameRate());
            pm.put("typeOfVideo", p.getTypeOfVideo());
            pm.put("videoDimensions", p.getVideoDimensions());
            publishers.add(pm);
        }
        m.put("publishers", publishers);
        m.put("subscribers", new ArrayList<>(c.getSubscribers()));
        return m;
    }

    private static Map<String, Object> describe(Recording r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getId());
        m.put("name", r.getName());
        m.put("sessionId", r.getSessionId());
        m.put("status", r.getStatus().name());
        m.put("createdAt", r.getCreatedAt());
        m.put("size", r.getSize());
        m.put("duration", r.getDuration());
        m.put("url", r.getUrl());
        m.put("outputMode", String.valueOf(r.getOutputMode()));
        m.put("hasAudio", r.hasAudio());
        m.put("hasVideo", r.hasVideo());
        m.put("resolution", r.getResolution());
        m.put("frameRate", r.getFrameRate());
        m.put("recordingLayout", r.getRecordingLayout() == null ? null : r.getRecordingLayout().name());
        m.put("customLayout", r.getCustomLayout());
        return m;
    }
}

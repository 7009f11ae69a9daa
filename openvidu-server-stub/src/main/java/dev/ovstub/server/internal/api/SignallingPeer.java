package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.session.ConnectionView;
import dev.ovstub.server.internal.session.Role;
import dev.ovstub.server.internal.session.SessionException;
import dev.ovstub.server.internal.session.SessionManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's WebSocket at {@code /openvidu}: JSON-RPC 2.0 requests in, responses and notifications out, one text
 * frame each. Its requests become session-layer calls; notifications reach it through {@link Signalling}. Frames
 * leave one at a time in the order they were queued; notifications that arrive while its {@code joinRoom} is being
 * answered wait for that answer, so the browser learns of its own connection first.
 *
 * <p>Unknown methods get a JSON-RPC error at once (the real server says nothing and lets the browser wait 10 s).
 * Public only because Jetty calls its listener methods through method handles.
 */
public final class SignallingPeer implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(SignallingPeer.class);
    /** Error codes the library knows (OpenVidu's {@code OpenViduException}), and JSON-RPC's own. */
    static final int NOT_JOINED = 803;
    static final int SESSION_NOT_FOUND = 202;
    static final int TOKEN_INVALID = 401;
    static final int SIGNAL_FORMAT_INVALID = 600;
    static final int SIGNAL_TO_INVALID = 601;
    static final int USER_NOT_FOUND = 102;
    static final int MEDIA_NOT_AVAILABLE = 501;
    static final int RECONNECTION_ERROR = 40007;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    /** The longest frame taken (an SDP offer is a few KiB). */
    static final int MAX_MESSAGE = 64 * 1024;

    private final Signalling signalling;
    private final String rpcSessionId = RandomIdsForRpc.next();
    private final Object out = new Object();
    /** Frames waiting: guarded by {@link #out}. */
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** A frame is being written; guarded by {@link #out}. */
    private boolean writing;
    /** Notifications wait while joinRoom is answered; guarded by {@link #out}. */
    private boolean holding;
    private final ArrayDeque<String> held = new ArrayDeque<>();
    /** The characters of the frames waiting; guarded by {@link #out}. */
    private long queuedChars;
    /** Past either bound of unread frames, the socket is closed (1008). */
    static final int MAX_QUEUED_FRAMES = 2000;
    static final long MAX_QUEUED_CHARS = 16L * 1024 * 1024;
    /** The socket frames are written to: this listener's own, or the one a reconnection moved this browser to. */
    private volatile Session socket;
    /** The socket Jetty gave this listener. */
    private volatile Session ownSocket;
    /** After a {@code connect} on this listener's socket: the browser's peer, which its frames now go to. */
    private volatile SignallingPeer delegate;
    private volatile String sessionId;
    private volatile String connectionId;
    private volatile Role role;
    private volatile boolean gone;

    SignallingPeer(Signalling signalling) {
        this.signalling = signalling;
    }

    String rpcSessionId() {
        return rpcSessionId;
    }

    String connectionId() {
        return connectionId;
    }

    boolean hasSocket() {
        Session s = socket;
        return s != null && s.isOpen();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.ownSocket = session;
        this.socket = session;
    }

    @Override
    public void onWebSocketText(String text) {
        SignallingPeer owner = delegate;
        if (owner != null) {
            owner.onWebSocketText(text);
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.MalformedException e) {
            LOG.debug("Signalling: dropped a frame that is not JSON: {}", e.getMessage());
            return; // as the library does with what it cannot read
        }
        if (!(parsed instanceof Map<?, ?> message) || !"2.0".equals(message.get("jsonrpc"))) {
            return;
        }
        Object id = message.get("id");
        Object method = message.get("method");
        if (id == null) {
            return; // a notification from the browser: none is defined
        }
        if (!(method instanceof String name)) {
            error(id, INVALID_REQUEST, "a request needs a method");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = message.get("params") instanceof Map ? (Map<String, Object>) message.get("params") : Map.of();
        try {
            handle(id, name, params);
        } catch (SessionException e) {
            error(id, codeOf(name, e), e.getMessage());
        } catch (RuntimeException e) {
            String incident = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
            LOG.warn("Signalling: {} failed (incident {})", shortened(name), incident, e);
            error(id, -32603, shortened(name) + " failed (incident " + incident + ", details in the server log)");
        }
    }

    private void handle(Object id, String method, Map<String, Object> params) {
        switch (method) {
            case "ping":
                result(id, Map.of("value", "pong"));
                return;
            case "joinRoom":
                joinRoom(id, params);
                return;
            case "connect":
                connect(id, params);
                return;
            default:
                break;
        }
        if (connectionId == null || gone) {
            error(id, NOT_JOINED, shortened(method) + ": join the session first (joinRoom)");
            return;
        }
        SessionManager sessions = signalling.sessions();
        switch (method) {
            case "leaveRoom":
                gone = true;
                sessions.leave(connectionId);
                result(id, Map.of());
                signalling.closeLater(this);
                return;
            case "sendMessage":
                sendMessage(id, params);
                return;
            case "forceDisconnect":
                requireModerator(method);
                sessions.forceDisconnect(sessionId, string(params, "connectionId"), true);
                result(id, Map.of());
                return;
            case "forceUnpublish":
                requireModerator(method);
                sessions.forceUnpublish(sessionId, string(params, "streamId"), true);
                result(id, Map.of());
                return;
            case "onIceCandidate":
                iceCandidate(params);
                result(id, Map.of());
                return;
            case "streamPropertyChanged":
                propertyChanged(params);
                result(id, Map.of());
                return;
            case "videoData":
            case "echo":
                result(id, Map.of());
                return;
            case "publishVideo":
            case "unpublishVideo":
            case "receiveVideoFrom":
            case "unsubscribeFromVideo":
                media(id, method, params);
                return;
            case "prepareReceiveVideoFrom":
            case "reconnectStream":
                error(id, MEDIA_NOT_AVAILABLE, method + ": not supported: this server answers as Kurento does (the"
                        + " browser offers), and rebuilds no stream after an ICE failure");
                return;
            default:
                error(id, METHOD_NOT_FOUND, "Method not found: " + shortened(method));
        }
    }

    /** The media methods: refused, saying why, where this server has no media (no webrtc-java). */
    private void media(Object id, String method, Map<String, Object> params) {
        if (signalling.media() == null) {
            error(id, MEDIA_NOT_AVAILABLE, method + ": this openvidu-server-stub carries no media (webrtc-java is"
                    + " not on its class path): browsers can join, signal and see the session's participants and"
                    + " streams, but not publish or subscribe");
            return;
        }
        switch (method) {
            case "publishVideo" -> publishVideo(id, params);
            case "receiveVideoFrom" -> receiveVideoFrom(id, params);
            case "unsubscribeFromVideo" -> {
                String sender = string(params, "sender");
                closeSubscriptionTo(sender.startsWith("str_") && sender.contains("con_")
                        ? sender.substring(sender.lastIndexOf("con_")) : sender);
                result(id, Map.of());
            }
            case "unpublishVideo" -> {
                if (publishing == null) {
                    error(id, NOT_PUBLISHING, "unpublishVideo: this connection is not publishing");
                    return;
                }
                signalling.sessions().unpublish(connectionId);
                result(id, Map.of());
            }
            default -> throw new IllegalArgumentException(method);
        }
    }

    // ---- Publishing (media in) ----

    /** The stream this browser publishes, or null. */
    private volatile String publishing;
    /** ICE candidates that came before their offer (the publisher's, a subscription's), by endpointName. */
    private final Map<String, List<Map<String, Object>>> earlyCandidates = new LinkedHashMap<>();
    /** This browser's subscriptions, by the publishing connection's id. */
    private final Map<String, String> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
    static final int NOT_PUBLISHING = 105;
    static final int ALREADY_PUBLISHING = 106;
    /** Candidates kept before their offer: per leg, legs, and the longest candidate line taken. */
    private static final int MAX_EARLY_CANDIDATES = 50;
    private static final int MAX_EARLY_ENDPOINTS = 16;
    private static final int MAX_CANDIDATE_LENGTH = 1024;

    String publishing() {
        return publishing;
    }

    /** The session layer ended this browser's stream (unpublished, forced, left). */
    void streamEnded(String streamId) {
        if (streamId != null && streamId.equals(publishing)) {
            publishing = null;
        }
    }

    private void publishVideo(Object id, Map<String, Object> params) {
        if (role == Role.SUBSCRIBER) {
            error(id, TOKEN_INVALID, "publishVideo: a SUBSCRIBER may not publish");
            return;
        }
        if (publishing != null) {
            error(id, ALREADY_PUBLISHING, "publishVideo: this connection already publishes " + publishing);
            return;
        }
        String offer = string(params, "sdpOffer");
        boolean hasVideo = !Boolean.FALSE.equals(params.get("hasVideo"));
        String typeOfVideo = hasVideo && params.get("typeOfVideo") instanceof String t ? t : hasVideo ? "CAMERA" : null;
        String kind = typeOfVideo == null ? "MIC" : typeOfVideo.length() >= 3 ? typeOfVideo.substring(0, 3) : "CAM";
        String streamId = "str_" + kind + "_" + randomLetters(4) + "_" + connectionId;
        int[] size = dimensions(params.get("videoDimensions"));
        ConnectionView.MediaOptions options = new ConnectionView.MediaOptions(!Boolean.FALSE.equals(params.get("hasAudio")),
                !Boolean.FALSE.equals(params.get("audioActive")), hasVideo, !Boolean.FALSE.equals(params.get("videoActive")),
                typeOfVideo, params.get("frameRate") instanceof Number n ? n.intValue()
                        : params.get("frameRate") != null ? parseIntOr(params.get("frameRate").toString(), -1) : -1,
                size[0], size[1]);
        publishing = streamId;
        String me = connectionId;
        String session = sessionId;
        signalling.media().publish(session, streamId, offer, new dev.ovstub.server.internal.mediaplane.MediaPlane.StreamListener() {
            @Override
            public void candidate(String candidate, String sdpMid, int sdpMLineIndex) {
                tellCandidate(me, streamId, candidate, sdpMid, sdpMLineIndex);
            }

            @Override
            public void ended(String reason) {
                LOG.info("Stream {} of browser {} ended in the media worker ({}): unpublished", streamId, me, reason);
                if (streamId.equals(publishing)) {
                    try {
                        signalling.sessions().unpublishLost(me);
                    } catch (SessionException gone) {
                        publishing = null; // left meanwhile
                    }
                }
            }
        }).whenComplete((published, failure) -> {
            if (failure != null) {
                publishing = null;
                signalling.media().closeStream(session, streamId);
                error(id, -32603, "publishVideo: " + (failure instanceof java.util.concurrent.TimeoutException
                        || failure.getCause() instanceof java.util.concurrent.TimeoutException
                        ? "the media worker did not answer in time" : rootMessage(failure)));
                return;
            }
            try {
                ConnectionView c = signalling.sessions().publishBrowser(me, streamId, options, published.liveMedia());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("sdpAnswer", published.sdpAnswer());
                r.put("id", streamId);
                r.put("createdAt", c.publisher() == null ? System.currentTimeMillis() : c.publisher().createdAt());
                result(id, r);
            } catch (SessionException e) {
                publishing = null;
                signalling.media().closeStream(session, streamId);
                error(id, codeOf("publishVideo", e), e.getMessage());
            }
        });
        flushEarlyCandidates(connectionId);
    }

    private void flushEarlyCandidates(String endpointName) {
        List<Map<String, Object>> early;
        synchronized (earlyCandidates) {
            early = earlyCandidates.remove(endpointName);
        }
        if (early != null) {
            early.forEach(this::iceCandidate);
        }
    }

    /**
     * A browser's candidate: {@code endpointName} is its own connection for its publisher, the publisher's connection
     * for a subscription. To that leg's worker, or kept until its offer comes.
     */
    private void iceCandidate(Map<String, Object> params) {
        if (signalling.media() == null || !(params.get("candidate") instanceof String candidate)) {
            return;
        }
        String endpoint = params.get("endpointName") instanceof String e ? e : connectionId;
        Object index = params.get("sdpMLineIndex");
        String mid = params.get("sdpMid") instanceof String m ? m : null;
        int line = index instanceof Number n ? n.intValue() : index == null ? 0 : parseIntOr(index.toString(), 0);
        String stream = publishing;
        String subscription = subscriptions.get(endpoint);
        if (endpoint.equals(connectionId) && stream != null) {
            signalling.media().candidate(sessionId, stream, candidate, mid, line);
        } else if (!endpoint.equals(connectionId) && subscription != null) {
            signalling.media().subscriptionCandidate(sessionId, subscription, candidate, mid, line);
        } else if (candidate.length() <= MAX_CANDIDATE_LENGTH && endpoint.length() <= 64
                && (mid == null || mid.length() <= 64)) {
            synchronized (earlyCandidates) {
                List<Map<String, Object>> list = earlyCandidates.get(endpoint);
                if (list == null && earlyCandidates.size() < MAX_EARLY_ENDPOINTS) {
                    list = new ArrayList<>();
                    earlyCandidates.put(endpoint, list);
                }
                if (list != null && list.size() < MAX_EARLY_CANDIDATES) {
                    Map<String, Object> kept = new LinkedHashMap<>();
                    kept.put("endpointName", endpoint);
                    kept.put("candidate", candidate);
                    kept.put("sdpMid", mid);
                    kept.put("sdpMLineIndex", line);
                    list.add(kept);
                }
            }
        }
    }

    /**
     * {@code receiveVideoFrom}: the browser's receive-only offer for another participant's stream, answered by the
     * session's media worker with that stream (another browser's pictures, encoded again) or with the simulated
     * participant's camera as the recorder draws it.
     */
    private void receiveVideoFrom(Object id, Map<String, Object> params) {
        String sender = string(params, "sender");
        String offer = string(params, "sdpOffer");
        SessionManager.StreamOwner owner = signalling.sessions().streamOwner(sessionId, sender).orElse(null);
        if (owner == null) {
            error(id, USER_NOT_FOUND, "receiveVideoFrom: no stream " + sender + " is published in session " + sessionId);
            return;
        }
        if (owner.connectionId().equals(connectionId)) {
            error(id, INVALID_PARAMS, "receiveVideoFrom: " + sender + " is this connection's own stream");
            return;
        }
        closeSubscriptionTo(owner.connectionId()); // a new subscription replaces the old one
        String subscription = "sub_" + connectionId + "_" + sender;
        Map<String, Object> source;
        if (owner.media() != null && owner.media().startsWith(dev.ovstub.server.internal.recorder.LiveFrames.PREFIX)) {
            source = Map.of("stream", sender);
        } else {
            Map<String, Object> synthetic = new LinkedHashMap<>();
            synthetic.put("id", owner.connectionId());
            synthetic.put("metadata", owner.metadata());
            if (owner.media() != null) {
                synthetic.put("media", owner.media());
            }
            source = Map.of("synthetic", synthetic);
        }
        subscriptions.put(owner.connectionId(), subscription);
        String publisher = owner.connectionId();
        signalling.media().subscribe(sessionId, subscription, offer, source,
                new dev.ovstub.server.internal.mediaplane.MediaPlane.StreamListener() {
                    @Override
                    public void candidate(String candidate, String sdpMid, int sdpMLineIndex) {
                        tellCandidate(publisher, sender, candidate, sdpMid, sdpMLineIndex);
                    }
                }).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        subscriptions.remove(publisher, subscription);
                        signalling.media().closeSubscription(sessionId, subscription);
                        error(id, -32603, "receiveVideoFrom: " + rootMessage(failure));
                    } else {
                        result(id, Map.of("sdpAnswer", answer));
                    }
                });
        flushEarlyCandidates(publisher);
    }

    /**
     * A change of the browser's own stream (audioActive, videoActive, videoDimensions, a new track), told to the
     * others with {@code newValue} as JSON text, as 2.x sends it.
     */
    private void propertyChanged(Map<String, Object> params) {
        String stream = publishing;
        Object streamId = params.get("streamId");
        if (stream == null || !stream.equals(streamId) || !(params.get("property") instanceof String property)) {
            return; // not its stream: nothing to tell
        }
        Map<String, Object> told = new LinkedHashMap<>();
        told.put("connectionId", connectionId);
        told.put("streamId", stream);
        told.put("property", property);
        Object value = params.get("newValue");
        told.put("newValue", value == null || value == Json.NULL ? "null" : Json.write(value));
        told.put("reason", params.get("reason") instanceof String r ? r : "");
        signalling.streamPropertyChanged(sessionId, connectionId, told);
    }

    /** Whether recording notifications reach this browser: publishers and moderators (2.x's default). */
    boolean toldOfRecordings() {
        return role != null && role != Role.SUBSCRIBER;
    }

    /**
     * One of the media worker's ICE candidates, for the browser: {@code senderConnectionId} names the stream's owner
     * (this connection for its publisher, the publisher for a subscription), as the library routes them.
     */
    private void tellCandidate(String owner, String streamId, String candidate, String sdpMid, int sdpMLineIndex) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("senderConnectionId", owner);
        c.put("endpointName", streamId);
        c.put("sdpMLineIndex", sdpMLineIndex);
        c.put("sdpMid", sdpMid);
        c.put("candidate", candidate);
        sendNotification("iceCandidate", c);
    }

    /** Ends every subscription of this browser (it leaves). */
    void closeAllSubscriptions() {
        for (String publisher : new ArrayList<>(subscriptions.keySet())) {
            closeSubscriptionTo(publisher);
        }
    }

    /** Ends this browser's subscription to a publishing connection, if it has one. */
    void closeSubscriptionTo(String publisherConnectionId) {
        String subscription = subscriptions.remove(publisherConnectionId);
        if (subscription != null && signalling.media() != null) {
            signalling.media().closeSubscription(sessionId, subscription);
        }
    }

    /** {@code videoDimensions}: a JSON string {@code {"width":W,"height":H}} (or the object itself); 0 x 0 if absent. */
    private static int[] dimensions(Object v) {
        Object parsed = v;
        try {
            if (v instanceof String s) {
                parsed = Json.parse(s);
            }
        } catch (Json.MalformedException e) {
            return new int[] {0, 0};
        }
        if (parsed instanceof Map<?, ?> m) {
            return new int[] {parseIntOr(String.valueOf(m.get("width")), 0), parseIntOr(String.valueOf(m.get("height")), 0)};
        }
        return new int[] {0, 0};
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String randomLetters(int n) {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(letters.charAt(r.nextInt(letters.length())));
        }
        return b.toString();
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void joinRoom(Object id, Map<String, Object> params) {
        if (connectionId != null) {
            error(id, INVALID_REQUEST, "joinRoom: this socket has joined already (as " + connectionId + ")");
            return;
        }
        String session = string(params, "session");
        String token = string(params, "token");
        Object metadata = params.get("metadata");
        String platform = params.get("platform") instanceof String p ? p : "unknown";
        synchronized (out) {
            holding = true;
        }
        SessionManager.BrowserJoin join;
        try {
            join = signalling.sessions().joinBrowser(session, token,
                    metadata instanceof String m ? m : metadata == null ? "" : Json.write(metadata), platform,
                    c -> {
                        this.sessionId = c.sessionId();
                        this.connectionId = c.id();
                        signalling.attach(c.sessionId(), c.id(), this);
                    });
        } catch (RuntimeException e) {
            synchronized (out) {
                holding = false;
            }
            throw e;
        }
        role = join.role();
        ConnectionView self = join.self();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", self.id());
        r.put("finalUserId", rpcSessionId.substring(0, Math.min(16, rpcSessionId.length())));
        r.put("createdAt", self.activeAt());
        r.put("metadata", Signalling.metadata(self));
        List<Object> present = new ArrayList<>();
        for (ConnectionView c : join.present()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", c.id());
            p.put("createdAt", c.activeAt());
            p.put("metadata", Signalling.metadata(c));
            if (c.publisher() != null) {
                p.put("streams", List.of(Signalling.stream(c)));
            }
            present.add(p);
        }
        r.put("value", present);
        r.put("session", self.sessionId());
        r.put("version", signalling.version());
        r.put("mediaServer", "kurento");
        r.put("videoSimulcast", false);
        r.put("record", self.options().record());
        r.put("role", join.role().name());
        r.put("customIceServers", signalling.iceServers());
        if (join.recording() != null && join.role() != Role.SUBSCRIBER) {
            r.put("recordingId", join.recording().id());
            r.put("recordingName", join.recording().name());
        }
        LOG.info("Browser {} joined session {} as {} ({})", self.id(), self.sessionId(), join.role(), self.platform());
        synchronized (out) {
            result(id, r);
            holding = false;
            queue.addAll(held);
            held.clear();
        }
        flush();
    }

    private void connect(Object id, Map<String, Object> params) {
        String rpcId = string(params, "sessionId");
        SignallingPeer dropped = signalling.reconnect(rpcId);
        if (dropped == null || dropped.gone) {
            error(id, RECONNECTION_ERROR, "reconnection error");
            return;
        }
        delegate = dropped; // this socket's frames are the browser's from now on
        socket = null;
        dropped.result(id, Map.of()); // queued until the socket is moved over
        dropped.takeOver(ownSocket);
        LOG.info("Browser {} reconnected", dropped.connectionId);
    }

    /** A reconnected browser's new socket: this peer writes on it from now on, starting with what waited. */
    private void takeOver(Session newSocket) {
        Session old = this.socket;
        this.socket = newSocket;
        if (old != null && old != newSocket && old.isOpen()) {
            old.close(StatusCode.NORMAL, "replaced by a reconnection", Callback.NOOP);
        }
        flush();
    }

    private void sendMessage(Object id, Map<String, Object> params) {
        Object raw = params.get("message");
        Object parsed;
        try {
            parsed = raw instanceof String s ? Json.parse(s) : raw;
        } catch (Json.MalformedException e) {
            error(id, SIGNAL_FORMAT_INVALID, "sendMessage: message is not JSON: " + e.getMessage());
            return;
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            error(id, SIGNAL_FORMAT_INVALID, "sendMessage: message must be a JSON object {to, data, type}");
            return;
        }
        List<String> to = new ArrayList<>();
        if (m.get("to") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    error(id, SIGNAL_TO_INVALID, "sendMessage: to must list connection ids");
                    return;
                }
                to.add(s);
            }
        } else if (m.get("to") != null && m.get("to") != Json.NULL) {
            error(id, SIGNAL_TO_INVALID, "sendMessage: to must be an array of connection ids");
            return;
        }
        String type = m.get("type") instanceof String t ? t : "signal";
        if (type.startsWith("signal:")) {
            type = type.substring("signal:".length());
        } else if (type.equals("signal")) {
            type = "";
        }
        String data = m.get("data") instanceof String d ? d : m.get("data") == null || m.get("data") == Json.NULL ? "" : Json.write(m.get("data"));
        try {
            signalling.sessions().signal(sessionId, connectionId, to, type, data);
        } catch (SessionException e) {
            error(id, e.reason() == SessionException.Reason.NOT_ACCEPTABLE ? SIGNAL_TO_INVALID : SIGNAL_FORMAT_INVALID,
                    "sendMessage: " + e.getMessage());
            return;
        }
        result(id, Map.of());
    }

    private void requireModerator(String method) {
        if (role != Role.MODERATOR) {
            throw new SessionException(SessionException.Reason.UNAUTHORIZED, method + ": only a MODERATOR may");
        }
    }

    private static int codeOf(String method, SessionException e) {
        switch (e.reason()) {
            case UNAUTHORIZED:
            case FORBIDDEN:
                return TOKEN_INVALID;
            case NOT_FOUND:
                return method.equals("joinRoom") ? SESSION_NOT_FOUND : USER_NOT_FOUND;
            case BAD_REQUEST:
                return INVALID_PARAMS;
            default:
                return -32603;
        }
    }

    /** A client's method name as our answers quote it: at most 64 characters. */
    private static String shortened(String method) {
        return method.length() <= 64 ? method : method.substring(0, 64) + "...";
    }

    private static String string(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new SessionException(SessionException.Reason.BAD_REQUEST, name + " is required (a string)");
        }
        return s;
    }

    // ---- Out ----

    private void result(Object id, Map<String, Object> result) {
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put("sessionId", rpcSessionId);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("jsonrpc", "2.0");
        frame.put("id", id);
        frame.put("result", r);
        enqueue(Json.write(frame), false);
    }

    private void error(Object id, int code, String message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("jsonrpc", "2.0");
        frame.put("id", id);
        frame.put("error", Map.of("code", code, "message", message));
        enqueue(Json.write(frame), false);
    }

    /** A notification ({@code id}-less); held back while this browser's joinRoom is being answered. */
    void sendNotification(String method, Map<String, Object> params) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("jsonrpc", "2.0");
        frame.put("method", method);
        frame.put("params", params);
        enqueue(Json.write(frame), true);
    }

    private void enqueue(String frame, boolean notification) {
        boolean tooMuch;
        synchronized (out) {
            tooMuch = queue.size() + held.size() >= MAX_QUEUED_FRAMES || queuedChars + frame.length() > MAX_QUEUED_CHARS;
            if (!tooMuch) {
                queuedChars += frame.length();
                if (notification && holding) {
                    held.add(frame);
                    return;
                }
                queue.add(frame);
            }
        }
        if (tooMuch) {
            // A client that does not read what it is sent: it is dropped rather than let memory grow.
            LOG.warn("Signalling: closing the socket of {}: {} frames wait unread", connectionId, MAX_QUEUED_FRAMES);
            Session s = socket;
            if (s != null) {
                s.close(StatusCode.POLICY_VIOLATION, "too many frames unread", Callback.NOOP);
            }
            return;
        }
        flush();
    }

    /** Writes the next frame if none is being written; each write's completion writes the next. */
    private void flush() {
        String next;
        Session s;
        synchronized (out) {
            s = socket;
            if (writing || queue.isEmpty() || s == null || !s.isOpen()) {
                return;
            }
            next = queue.poll();
            queuedChars -= next.length();
            writing = true;
        }
        s.sendText(next, new Callback() {
            @Override
            public void succeed() {
                done();
            }

            @Override
            public void fail(Throwable x) {
                LOG.debug("Signalling: a frame to {} was not sent: {}", connectionId, x.toString());
                done();
            }
        });
    }

    private void done() {
        synchronized (out) {
            writing = false;
        }
        flush();
    }

    /** The session layer says this browser is out (left, evicted, its session closed). */
    void left() {
        gone = true;
        signalling.closeLater(this);
    }

    void closeSocket() {
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.NORMAL, "bye", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        SignallingPeer owner = delegate;
        (owner != null ? owner : this).socketClosed(ownSocket);
        callback.succeed();
    }

    /** A socket closed: if it was the one this browser used, the browser has lost it (it may reconnect). */
    private void socketClosed(Session closed) {
        synchronized (out) {
            if (closed == null || socket != closed) {
                return; // an old socket, replaced already
            }
            socket = null;
            writing = false;
        }
        if (connectionId != null && !gone) {
            signalling.socketLost(this);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Signalling socket of {}: {}", connectionId, cause.toString());
    }

    /** JSON-RPC session ids: random, as the real server's are. */
    private static final class RandomIdsForRpc {
        static String next() {
            return java.util.UUID.randomUUID().toString().replace("-", "");
        }
    }
}

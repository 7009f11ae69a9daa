package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.session.ConnectionView;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.session.SessionObserver;
import dev.ovstub.server.internal.webhook.EndReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling of OpenVidu 2.x at {@code /openvidu}: the WebSocket JSON-RPC 2.0 that the unmodified
 * {@code openvidu-browser} library speaks ({@code docs} and {@code openvidu-2.x-signalling.md}). One
 * {@link SignallingPeer} per socket translates its requests into session-layer calls; this class keeps which
 * browser connection is on which socket and turns the session layer's changes ({@link SessionObserver}) into the
 * notifications each browser of the session must get.
 *
 * <p>Media is not carried yet: a browser joins, sees the other participants and their streams come and go, sends
 * and receives signals, is told of recordings and evicted; {@code publishVideo} and {@code receiveVideoFrom} are
 * refused with an error that says so.
 */
final class Signalling implements SessionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Signalling.class);
    /** How long a browser whose socket dropped may come back with {@code connect} before it is taken to have left. */
    static final Duration RECONNECTION_GRACE = Duration.ofSeconds(10);
    /** After an eviction or a leave, the socket is closed by the server if the browser has not closed it by then. */
    static final Duration CLOSE_AFTER_EVICTION = Duration.ofSeconds(10);

    private final SessionManager sessions;
    private final String version;
    private final List<Map<String, Object>> iceServers;
    /** Browser connections by session, then by connection id, in join order. */
    private final Map<String, Map<String, SignallingPeer>> bySession = new ConcurrentHashMap<>();
    /** Browser connections by their JSON-RPC session id (what {@code connect} names after a drop). */
    private final Map<String, SignallingPeer> byRpcId = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> lost = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovstub-signalling-timers");
        t.setDaemon(true);
        return t;
    });
    private final Duration grace;
    /** Browsers' media, or null where webrtc-java is not on the class path (publishing is then refused). */
    private final dev.ovstub.server.internal.mediaplane.MediaPlane media;

    /**
     * @param iceServers what {@code joinRoom} answers as {@code customIceServers}: never empty, or the library
     *     falls back on public STUN servers
     */
    Signalling(SessionManager sessions, String version, List<Map<String, Object>> iceServers, Duration grace) {
        this.sessions = sessions;
        this.version = version;
        this.iceServers = List.copyOf(iceServers);
        this.grace = grace;
        this.media = mediaAvailable() ? new dev.ovstub.server.internal.mediaplane.MediaPlane() : null;
        sessions.setObserver(this);
    }

    /** Whether libwebrtc (webrtc-java, an optional dependency) is on the class path. */
    private static boolean mediaAvailable() {
        try {
            Class.forName("dev.onvoid.webrtc.PeerConnectionFactory", false, Signalling.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    dev.ovstub.server.internal.mediaplane.MediaPlane media() {
        return media;
    }

    SessionManager sessions() {
        return sessions;
    }

    String version() {
        return version;
    }

    List<Map<String, Object>> iceServers() {
        return iceServers;
    }

    /** A new socket's peer. */
    SignallingPeer newPeer() {
        return new SignallingPeer(this);
    }

    /** Called under the session lock by {@code joinBrowser}, before anyone is told of the new connection. */
    void attach(String sessionId, String connectionId, SignallingPeer peer) {
        bySession.computeIfAbsent(sessionId, s -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()))
                .put(connectionId, peer);
        byRpcId.put(peer.rpcSessionId(), peer);
    }

    private void detach(String sessionId, String connectionId) {
        Map<String, SignallingPeer> peers = bySession.get(sessionId);
        if (peers == null) {
            return;
        }
        SignallingPeer peer = peers.remove(connectionId);
        if (peers.isEmpty() && bySession.remove(sessionId, peers) && media != null) {
            media.closeSession(sessionId); // no browser left in it: its worker goes
        }
        if (peer != null) {
            byRpcId.remove(peer.rpcSessionId(), peer);
            ScheduledFuture<?> pending = lost.remove(peer.rpcSessionId());
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    /** The browser's socket closed without {@code leaveRoom}: it has the grace period to {@code connect} again. */
    void socketLost(SignallingPeer peer) {
        String rpcId = peer.rpcSessionId();
        LOG.info("Browser connection {} lost its socket: it leaves unless it reconnects within {} s",
                peer.connectionId(), grace.toSeconds());
        lost.put(rpcId, timers.schedule(() -> {
            lost.remove(rpcId);
            if (byRpcId.get(rpcId) == peer && !peer.hasSocket()) {
                try {
                    sessions.leaveLost(peer.connectionId());
                } catch (RuntimeException gone) {
                    LOG.debug("Lost browser connection {} was gone already: {}", peer.connectionId(), gone.getMessage());
                }
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** {@code connect} on a new socket: the peer that dropped, if it is still within its grace period. */
    SignallingPeer reconnect(String rpcSessionId) {
        SignallingPeer peer = byRpcId.get(rpcSessionId);
        if (peer == null) {
            return null;
        }
        ScheduledFuture<?> pending = lost.remove(rpcSessionId);
        if (pending != null) {
            pending.cancel(false);
        }
        return peer;
    }

    /** Closes a socket a little later if its browser has not (after an eviction, as the real server does). */
    void closeLater(SignallingPeer peer) {
        timers.schedule(peer::closeSocket, CLOSE_AFTER_EVICTION.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<SignallingPeer> peersOf(String sessionId) {
        Map<String, SignallingPeer> peers = bySession.get(sessionId);
        if (peers == null) {
            return List.of();
        }
        synchronized (peers) {
            return new ArrayList<>(peers.values());
        }
    }

    private void tellOthers(String sessionId, String except, String method, Map<String, Object> params) {
        for (SignallingPeer p : peersOf(sessionId)) {
            if (!p.connectionId().equals(except)) {
                p.sendNotification(method, params);
            }
        }
    }

    // ---- What the session layer tells (under its lock: only queued here) ----

    @Override
    public void participantJoined(String sessionId, ConnectionView c) {
        tellOthers(sessionId, c.id(), "participantJoined", Map.of("id", c.id(), "createdAt", c.activeAt(),
                "metadata", metadata(c)));
    }

    @Override
    public void streamCreated(String sessionId, ConnectionView c) {
        tellOthers(sessionId, c.id(), "participantPublished", Map.of("id", c.id(), "streams", List.of(stream(c))));
    }

    @Override
    public void streamDestroyed(String sessionId, ConnectionView c, EndReason reason) {
        Map<String, SignallingPeer> peers = bySession.get(sessionId);
        SignallingPeer owner = peers == null ? null : peers.get(c.id());
        if (owner != null && media != null) {
            owner.streamEnded(c.publisher().streamId());
            media.closeStream(sessionId, c.publisher().streamId());
        }
        if (media != null) {
            peersOf(sessionId).forEach(p -> p.closeSubscriptionTo(c.id())); // their subscriptions to it end too
        }
        Map<String, Object> params = Map.of("connectionId", c.id(), "reason", reason.wireName());
        boolean forced = reason == EndReason.FORCE_UNPUBLISH_BY_SERVER || reason == EndReason.FORCE_UNPUBLISH_BY_USER;
        // A forced unpublish is told to its owner too (its publisher stops); a leave tells only participantLeft.
        if (forced) {
            peersOf(sessionId).forEach(p -> p.sendNotification("participantUnpublished", params));
        } else if (reason == EndReason.UNPUBLISH) {
            tellOthers(sessionId, c.id(), "participantUnpublished", params);
        }
    }

    @Override
    public void participantLeft(String sessionId, ConnectionView c, EndReason reason) {
        Map<String, Object> params = Map.of("connectionId", c.id(), "reason", reason.wireName());
        boolean evicted = reason == EndReason.FORCE_DISCONNECT_BY_SERVER || reason == EndReason.FORCE_DISCONNECT_BY_USER
                || reason == EndReason.SESSION_CLOSED_BY_SERVER;
        Map<String, SignallingPeer> peers = bySession.get(sessionId);
        SignallingPeer self = peers == null ? null : peers.get(c.id());
        detach(sessionId, c.id());
        if (self != null) {
            if (evicted) {
                self.sendNotification("participantEvicted", params);
            }
            self.closeAllSubscriptions();
            self.left();
        }
        tellOthers(sessionId, c.id(), "participantLeft", params);
    }

    @Override
    public void signal(String sessionId, String from, List<String> to, String type, String data) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("data", data == null ? "" : data);
        params.put("type", type == null || type.isEmpty() ? "signal" : type.startsWith("signal:") ? type : "signal:" + type);
        if (from != null) {
            params.put("from", from);
        }
        for (SignallingPeer p : peersOf(sessionId)) {
            if (to.contains(p.connectionId())) {
                p.sendNotification("sendMessage", params);
            }
        }
    }

    /** Recording notifications go to publishers and moderators, as 2.x's default OPENVIDU_RECORDING_NOTIFICATION. */
    @Override
    public void recordingStarted(String sessionId, String recordingId, String name) {
        tellPublishers(sessionId, "recordingStarted", Map.of("id", recordingId, "name", name));
    }

    @Override
    public void recordingStopped(String sessionId, String recordingId, String name, EndReason reason) {
        tellPublishers(sessionId, "recordingStopped", Map.of("id", recordingId, "name", name, "reason",
                reason == null ? "recordingStoppedByServer" : reason.wireName()));
    }

    private void tellPublishers(String sessionId, String method, Map<String, Object> params) {
        for (SignallingPeer p : peersOf(sessionId)) {
            if (p.toldOfRecordings()) {
                p.sendNotification(method, params);
            }
        }
    }

    /** A browser's {@code streamPropertyChanged}, told to the others of its session. */
    void streamPropertyChanged(String sessionId, String from, Map<String, Object> params) {
        tellOthers(sessionId, from, "streamPropertyChanged", params);
    }

    /** A reset: every browser is evicted as if its session had been closed, and its socket closed soon after. */
    @Override
    public void allForgotten() {
        for (String sessionId : new ArrayList<>(bySession.keySet())) {
            for (SignallingPeer p : peersOf(sessionId)) {
                detach(sessionId, p.connectionId());
                p.sendNotification("participantEvicted", Map.of("connectionId", p.connectionId(),
                        "reason", EndReason.SESSION_CLOSED_BY_SERVER.wireName()));
                p.closeAllSubscriptions();
                p.left();
            }
        }
    }

    /** The connection's metadata as 2.x gives it to browsers: client data, server data, or both joined by {@code %/%}. */
    static String metadata(ConnectionView c) {
        String client = c.clientData() == null ? "" : c.clientData();
        String server = c.options().serverData() == null ? "" : c.options().serverData();
        return client.isEmpty() ? server : server.isEmpty() ? client : client + "%/%" + server;
    }

    /** A stream as {@code joinRoom}'s {@code value} and {@code participantPublished} describe it. */
    static Map<String, Object> stream(ConnectionView c) {
        ConnectionView.Stream s = c.publisher();
        ConnectionView.MediaOptions m = s.media();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.streamId());
        out.put("createdAt", s.createdAt());
        out.put("hasAudio", m.hasAudio());
        out.put("hasVideo", m.hasVideo());
        out.put("audioActive", m.audioActive());
        out.put("videoActive", m.videoActive());
        out.put("typeOfVideo", m.typeOfVideo());
        out.put("frameRate", m.frameRate());
        out.put("videoDimensions", "{\"width\":" + m.width() + ",\"height\":" + m.height() + "}");
        out.put("filter", Map.of());
        return out;
    }

    /** The sockets close; their browsers' connections end with the sessions (the server is stopping). */
    @Override
    public void close() {
        sessions.setObserver(SessionObserver.NONE);
        timers.shutdownNow();
        if (media != null) {
            media.close();
        }
        for (SignallingPeer p : new ArrayList<>(byRpcId.values())) {
            p.closeSocket();
        }
    }
}

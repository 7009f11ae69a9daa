package dev.ovstub.server.internal.session;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The 2.x connections created through the API ({@code POST .../connection}, {@code POST /tokens}) that nobody has
 * joined with yet, by connection id and by token. A joining browser or participant takes one over; a revoke, the
 * session's end or its expiry forgets it. Not thread-safe: {@link SessionManager}'s lock guards it.
 */
final class PendingConnections {
    /** By connection id, in creation order. */
    private final LinkedHashMap<String, PendingConnection> byId = new LinkedHashMap<>();
    /** Token key ({@code tok_...}) → connection id. */
    private final Map<String, String> byToken = new HashMap<>();

    /**
     * The token key of a token URL ({@code ...?sessionId=X&token=tok_Y}) or of a bare {@code tok_Y}; null if it is
     * neither.
     */
    static String tokenKey(String token) {
        int at = token.indexOf("token=tok_");
        if (at >= 0 && (at == 0 || token.charAt(at - 1) == '?' || token.charAt(at - 1) == '&')) {
            int end = token.indexOf('&', at);
            return token.substring(at + "token=".length(), end < 0 ? token.length() : end);
        }
        return token.startsWith("tok_") ? token : null;
    }

    /**
     * A new pending connection of {@code spec}, with fresh ids: a connection id that neither this book nor
     * {@code idTaken} (the live participants) holds, and an unused token.
     */
    PendingConnection create(SessionSpec spec, String wsBaseUrl, long createdAt, ConnectionOptions options,
                             Predicate<String> idTaken) {
        String connectionId;
        do {
            connectionId = RandomIds.v2("con_", 10);
        } while (byId.containsKey(connectionId) || idTaken.test(connectionId));
        String key;
        do {
            key = RandomIds.v2("tok_", 16);
        } while (byToken.containsKey(key));
        String url = wsBaseUrl + "?sessionId=" + spec.id() + "&token=" + key;
        PendingConnection conn = new PendingConnection(connectionId, spec.id(), key, url, createdAt, options);
        byId.put(connectionId, conn);
        byToken.put(key, connectionId);
        return conn;
    }

    /** The pending connection of {@code sessionId} whose token {@code token} is (a URL or a bare key), or null. */
    PendingConnection ofToken(String token, String sessionId) {
        String key = token == null ? null : tokenKey(token);
        String connectionId = key == null ? null : byToken.get(key);
        PendingConnection conn = connectionId == null ? null : byId.get(connectionId);
        return conn != null && conn.sessionId().equals(sessionId) ? conn : null;
    }

    /** The pending connection {@code connectionId} of {@code sessionId}, or null. */
    PendingConnection get(String sessionId, String connectionId) {
        PendingConnection conn = byId.get(connectionId);
        return conn != null && conn.sessionId().equals(sessionId) ? conn : null;
    }

    /** Forgets a connection and its token: it was joined with, or revoked. */
    void remove(PendingConnection conn) {
        byId.remove(conn.connectionId());
        byToken.remove(conn.tokenKey());
    }

    /** The pending connections of a session, oldest first. */
    List<PendingConnection> ofSession(String sessionId) {
        return byId.values().stream().filter(c -> c.sessionId().equals(sessionId)).toList();
    }

    /** Forgets the pending connections of every session {@code gone} accepts. */
    void forgetSessions(Predicate<String> gone) {
        byId.values().removeIf(c -> gone.test(c.sessionId()));
        byToken.values().removeIf(id -> !byId.containsKey(id));
    }

    void clear() {
        byId.clear();
        byToken.clear();
    }
}

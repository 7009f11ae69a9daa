package dev.ovstub.server.internal.session;

/** A 2.x connection created through the API that nobody has joined with yet, and its token. */
record PendingConnection(String connectionId, String sessionId, String tokenKey, String tokenUrl, long createdAt,
                         ConnectionOptions options) {
    /** As the REST API shows it: {@code pending}, with its token URL. */
    ConnectionView view() {
        return new ConnectionView(connectionId, sessionId, false, createdAt, 0, tokenUrl, options, null, null, null);
    }
}

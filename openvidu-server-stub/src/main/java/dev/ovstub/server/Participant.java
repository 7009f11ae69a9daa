package dev.ovstub.server;

/**
 * A simulated participant of a session, as a browser running openvidu-browser would be: it joins with a token
 * (or the secret, for insecure sessions), publishes a synthetic camera, unpublishes and leaves. Thread-safe;
 * the state lives in the server.
 */
public interface Participant {
    /** The connection id, e.g. {@code con_k2j4h5g6f7}. */
    String id();

    /** The full session id this participant joined. */
    String sessionId();

    /** What a participant may do, as its token says. */
    enum Role {
        /** Receives only: may not publish. */
        SUBSCRIBER,
        /** May publish. */
        PUBLISHER,
        /** May publish (and, in OpenVidu, moderate). */
        MODERATOR
    }

    /** The role its token gave it. */
    Role role();

    /** Whether this participant is publishing now (false once it has left). */
    boolean isPublishing();

    /** Starts publishing. 403 for a SUBSCRIBER, 409 if already publishing: see {@link StubException}. */
    Participant publish();

    /** Stops publishing; the participant stays in the session. */
    Participant unpublish();

    /** Leaves the session; the last one out closes it (and stops an ALWAYS recording). */
    void leave();
}

package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.webhook.EndReason;
import java.util.List;

/**
 * What the live participants of OpenVidu 2.x sessions are told as their sessions change: the browsers' signalling
 * (openvidu-browser's notifications) listens here. Called by the session layer under its lock, in the order of the
 * changes, so an implementation only queues and never blocks. Each method names the session; whom to tell among
 * the session's live participants is the implementation's business (it knows which of them it serves).
 */
public interface SessionObserver {
    /** Tells nobody. */
    SessionObserver NONE = new SessionObserver() {};

    /** {@code c} joined (a simulated participant, or a browser already attached under the lock). */
    default void participantJoined(String sessionId, ConnectionView c) {}

    /** {@code c} started publishing {@code c.publisher()}. */
    default void streamCreated(String sessionId, ConnectionView c) {}

    /** {@code c}'s stream ended (it still shows the stream). */
    default void streamDestroyed(String sessionId, ConnectionView c, EndReason reason) {}

    /** {@code c} left, or was evicted ({@code forceDisconnect*}, {@code sessionClosedByServer}). */
    default void participantLeft(String sessionId, ConnectionView c, EndReason reason) {}

    /**
     * A signal reached {@code to} (never empty: a broadcast is resolved to every participant, the sender included).
     *
     * @param from the sending connection, or null for one sent through the REST API
     */
    default void signal(String sessionId, String from, List<String> to, String type, String data) {}

    /** A recording of the session started. */
    default void recordingStarted(String sessionId, String recordingId, String name) {}

    /** A recording of the session stopped. */
    default void recordingStopped(String sessionId, String recordingId, String name, EndReason reason) {}

    /** Every session was forgotten at once, without their end events (a reset of the control API). */
    default void allForgotten() {}
}

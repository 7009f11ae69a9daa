package dev.ovstub.server.internal.session;

import java.util.ArrayDeque;

/**
 * A member of a live session, what the API calls a participant or a connection: a simulated participant, a 1.8
 * join, or a browser that took over a 2.x connection. Its fields are guarded by {@link SessionManager}'s lock; what
 * leaves the manager are its views ({@link #view()}, {@link #connectionView()}).
 */
final class Member {
    /** The most signals a simulated participant keeps; older ones are dropped. */
    static final int MAX_SIGNALS = 100;
    /** What a simulated participant's stream carries: the synthetic camera and its tone. */
    static final ConnectionView.MediaOptions SIMULATED_MEDIA =
            new ConnectionView.MediaOptions(true, true, true, true, "CAMERA", 30, 640, 480);
    /** The platform a simulated participant's connection says it runs on. */
    static final String SIMULATED_PLATFORM = "openvidu-server-stub simulated participant";

    final String id;
    final String sessionId;
    final Role role;
    final String metadata;
    /** The camera the recorder draws: a media file, a live browser stream ({@code live:...}), or null (synthetic). */
    String media;
    /** What its stream carries when it is a browser's (null: the simulated camera's). */
    ConnectionView.MediaOptions streamMedia;
    boolean publishing;
    /** When it started publishing, in the manager's change count: the recorder's tile order. */
    long publishedAt;
    /** 2.x only (null for 1.8 participants): the connection it took over. */
    PendingConnection connection;
    long activeAt;
    String streamId;
    long streamCreatedAt;
    /** The presentation layouts show it big. */
    boolean big;
    /** 2.x: signals received, oldest first, at most {@link #MAX_SIGNALS}. */
    final ArrayDeque<SessionManager.Signal> signals = new ArrayDeque<>();
    /** 2.x: what the connection says it runs on (a browser's, or the simulated participants'). */
    String platform = SIMULATED_PLATFORM;

    Member(String id, String sessionId, Role role, String metadata, String media) {
        this.id = id;
        this.sessionId = sessionId;
        this.role = role;
        this.metadata = metadata;
        this.media = media;
    }

    /** Keeps a signal, dropping the oldest beyond {@link #MAX_SIGNALS}. */
    void received(SessionManager.Signal signal) {
        if (signals.size() == MAX_SIGNALS) {
            signals.removeFirst();
        }
        signals.addLast(signal);
    }

    /** Its 2.x connection as the REST API shows it (2.x participants only). */
    ConnectionView connectionView() {
        return new ConnectionView(id, sessionId, true, connection.createdAt(), activeAt, connection.tokenUrl(),
                connection.options(), metadata, platform, stream());
    }

    /** As the control API and the recorder see it (1.8 and 2.x alike). */
    ParticipantView view() {
        if (connection == null) return new ParticipantView(id, sessionId, role, metadata, media, publishing);
        return new ParticipantView(id, sessionId, role, metadata, media, publishing, stream(),
                connection.options().serverData(), connection.options().record());
    }

    private ConnectionView.Stream stream() {
        return publishing && streamId != null ? new ConnectionView.Stream(streamId, streamCreatedAt, streamMedia()) : null;
    }

    private ConnectionView.MediaOptions streamMedia() {
        return streamMedia == null ? SIMULATED_MEDIA : streamMedia;
    }
}

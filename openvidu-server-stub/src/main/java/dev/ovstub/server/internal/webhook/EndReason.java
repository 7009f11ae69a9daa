package dev.ovstub.server.internal.webhook;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why something ended: the {@code reason} of the end events (OpenVidu 2.32's {@code EndReason} names, wire contract
 * 2.x §8.2). Each event accepts only the reasons OpenVidu documents for it ({@link #SESSION}, {@link #PARTICIPANT},
 * {@link #CONNECTION}, {@link #RECORDING}); {@link WebhookEvent}'s factories refuse the others.
 */
public enum EndReason {
    LAST_PARTICIPANT_LEFT("lastParticipantLeft"),
    SESSION_CLOSED_BY_SERVER("sessionClosedByServer"),
    AUTOMATIC_STOP("automaticStop"),
    RECORDING_STOPPED_BY_SERVER("recordingStoppedByServer"),
    DISCONNECT("disconnect"),
    FORCE_DISCONNECT_BY_USER("forceDisconnectByUser"),
    FORCE_DISCONNECT_BY_SERVER("forceDisconnectByServer"),
    NETWORK_DISCONNECT("networkDisconnect"),
    UNSUBSCRIBE("unsubscribe"),
    UNPUBLISH("unpublish"),
    FORCE_UNPUBLISH_BY_USER("forceUnpublishByUser"),
    FORCE_UNPUBLISH_BY_SERVER("forceUnpublishByServer"),
    MEDIA_SERVER_DISCONNECT("mediaServerDisconnect"),
    MEDIA_SERVER_RECONNECT("mediaServerReconnect"),
    NODE_CRASHED("nodeCrashed"),
    OPENVIDU_SERVER_STOPPED("openviduServerStopped");

    /**
     * The reasons of {@code sessionDestroyed}. OpenVidu maps a session closed because its last participant
     * disconnected (in any way) to {@link #LAST_PARTICIPANT_LEFT}.
     */
    public static final Set<EndReason> SESSION = immutable(EnumSet.of(LAST_PARTICIPANT_LEFT, SESSION_CLOSED_BY_SERVER,
            AUTOMATIC_STOP, MEDIA_SERVER_DISCONNECT, NODE_CRASHED, OPENVIDU_SERVER_STOPPED));
    /** The reasons of {@code participantLeft}. */
    public static final Set<EndReason> PARTICIPANT = immutable(EnumSet.of(DISCONNECT, FORCE_DISCONNECT_BY_USER,
            FORCE_DISCONNECT_BY_SERVER, SESSION_CLOSED_BY_SERVER, NETWORK_DISCONNECT, MEDIA_SERVER_DISCONNECT,
            NODE_CRASHED, OPENVIDU_SERVER_STOPPED));
    /** The reasons of {@code webrtcConnectionDestroyed}. */
    public static final Set<EndReason> CONNECTION = immutable(EnumSet.of(UNSUBSCRIBE, UNPUBLISH, DISCONNECT,
            FORCE_UNPUBLISH_BY_USER, FORCE_UNPUBLISH_BY_SERVER, FORCE_DISCONNECT_BY_USER, FORCE_DISCONNECT_BY_SERVER,
            SESSION_CLOSED_BY_SERVER, NETWORK_DISCONNECT, MEDIA_SERVER_DISCONNECT, MEDIA_SERVER_RECONNECT, NODE_CRASHED,
            OPENVIDU_SERVER_STOPPED));
    /** The reasons of {@code recordingStatusChanged} once it is no longer {@code started}. */
    public static final Set<EndReason> RECORDING = immutable(EnumSet.of(RECORDING_STOPPED_BY_SERVER,
            LAST_PARTICIPANT_LEFT, SESSION_CLOSED_BY_SERVER, AUTOMATIC_STOP, MEDIA_SERVER_DISCONNECT,
            MEDIA_SERVER_RECONNECT, NODE_CRASHED, OPENVIDU_SERVER_STOPPED));

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name as OpenVidu writes it ({@code "lastParticipantLeft"}). */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    private static Set<EndReason> immutable(EnumSet<EndReason> set) {
        return java.util.Collections.unmodifiableSet(set);
    }
}

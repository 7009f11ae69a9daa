package io.openvidu.java.client;

/**
 * How the media of a session travels between participants.
 */
public enum MediaMode {
    /** Participants send media to each other directly (peer to peer). Sessions in this mode cannot be recorded. */
    RELAYED,
    /** Media goes through the server. Default; required for recording. */
    ROUTED
}

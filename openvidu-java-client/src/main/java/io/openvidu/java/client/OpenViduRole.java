package io.openvidu.java.client;

/**
 * What a participant who joins with a token may do.
 */
public enum OpenViduRole {
    /** May only receive the streams of others. */
    SUBSCRIBER,
    /** May receive and publish. Default for tokens. */
    PUBLISHER,
    /** May receive and publish (and, on servers that support it, moderate other participants). */
    MODERATOR
}

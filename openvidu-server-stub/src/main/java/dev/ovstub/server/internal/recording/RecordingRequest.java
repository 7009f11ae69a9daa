package dev.ovstub.server.internal.recording;

import java.util.Objects;

/**
 * A recording to start.
 *
 * @param sessionId      the session's id
 * @param idBase         what the recording id is made of: the session's short id (1.8) or its id (2.x); the first
 *                       recording takes it as is, later ones add {@code -1}, {@code -2}... (1.8) or {@code ~1},
 *                       {@code ~2}... (2.x)
 * @param layoutPageName the layout page route the recorder opens, e.g. {@code layout-best-fit}
 * @param name           the 2.x name (blank: the id), ignored for 1.8
 * @param hasAudio       2.x: whether audio is asked (1.8: always)
 * @param hasVideo       2.x: whether video is asked (1.8: always)
 * @param options        the 2.x options, or null for a 1.8 recording
 */
public record RecordingRequest(String sessionId, String idBase, String layoutPageName, String name,
                               boolean hasAudio, boolean hasVideo, RecordingOptions options) {
    public RecordingRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(idBase, "idBase");
        Objects.requireNonNull(layoutPageName, "layoutPageName");
    }

    /** A 1.8 recording of a session. */
    public static RecordingRequest v18(String sessionId, String shortSessionId, String layoutPageName) {
        return new RecordingRequest(sessionId, shortSessionId, layoutPageName, null, true, true, null);
    }

    boolean v2() {
        return options != null;
    }
}

package dev.ovstub.server.internal.recording;

import java.util.Objects;

/**
 * One recording, exactly the ten fields of the 1.8 recording JSON. Immutable; the {@code with*} methods copy.
 *
 * @param duration seconds, read from the finished file
 * @param size bytes, 64-bit, 0 until stopped
 * @param url where the file is served, or null unless the status is {@code available}
 */
public record Recording(String id, String name, String sessionId, long createdAt, long size, double duration,
                        String url, boolean hasAudio, boolean hasVideo, RecordingStatus status) {
    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(status, "status");
    }

    /** A recording that has just been asked for. */
    public static Recording starting(String id, String sessionId, long createdAt) {
        return new Recording(id, id, sessionId, createdAt, 0, 0.0, null, true, true, RecordingStatus.STARTING);
    }

    public Recording withStatus(RecordingStatus newStatus) {
        return new Recording(id, name, sessionId, createdAt, size, duration, url, hasAudio, hasVideo, newStatus);
    }

    public Recording withMedia(long newSize, double newDuration, boolean audio, boolean video) {
        return new Recording(id, name, sessionId, createdAt, newSize, newDuration, url, audio, video, status);
    }

    public Recording withUrl(String newUrl) {
        return new Recording(id, name, sessionId, createdAt, size, duration, newUrl, hasAudio, hasVideo, status);
    }
}

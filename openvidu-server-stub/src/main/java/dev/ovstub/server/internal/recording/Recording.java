package dev.ovstub.server.internal.recording;

import java.util.Objects;

/**
 * One recording: the ten fields of the 1.8 recording JSON and, for a recording of an OpenVidu 2.x session, its
 * options. Immutable; the {@code with*} methods copy.
 *
 * @param duration seconds, read from the finished file
 * @param size bytes, 64-bit, 0 until stopped
 * @param url where the file is served, or null unless the status is {@code available} (1.8) or {@code ready} /
 *            {@code failed} (2.x)
 * @param options the 2.x options, or null for a 1.8 recording
 */
public record Recording(String id, String name, String sessionId, long createdAt, long size, double duration,
                        String url, boolean hasAudio, boolean hasVideo, RecordingStatus status,
                        RecordingOptions options) {
    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(status, "status");
    }

    /** A 1.8 recording. */
    public Recording(String id, String name, String sessionId, long createdAt, long size, double duration,
                     String url, boolean hasAudio, boolean hasVideo, RecordingStatus status) {
        this(id, name, sessionId, createdAt, size, duration, url, hasAudio, hasVideo, status, null);
    }

    /** Whether this is the recording of an OpenVidu 2.x session (2.x JSON, folder, statuses). */
    public boolean v2() {
        return options != null;
    }

    /** The media file's name: {@code <id>.mp4} for 1.8, {@code <name>.<mp4|webm|zip>} for 2.x. */
    public String fileName() {
        return options == null ? id + ".mp4" : name + "." + options.extension(hasVideo);
    }

    /** A recording that has just been asked for. */
    public static Recording starting(String id, String sessionId, long createdAt) {
        return new Recording(id, id, sessionId, createdAt, 0, 0.0, null, true, true, RecordingStatus.STARTING);
    }

    /** A 2.x recording that has just been asked for; a blank name becomes the id. */
    public static Recording starting(String id, String name, String sessionId, long createdAt, boolean hasAudio,
                                     boolean hasVideo, RecordingOptions options) {
        return new Recording(id, name == null || name.isEmpty() ? id : name, sessionId, createdAt, 0, 0.0, null,
                hasAudio, hasVideo, RecordingStatus.STARTING, Objects.requireNonNull(options, "options"));
    }

    public Recording withStatus(RecordingStatus newStatus) {
        return new Recording(id, name, sessionId, createdAt, size, duration, url, hasAudio, hasVideo, newStatus, options);
    }

    public Recording withMedia(long newSize, double newDuration, boolean audio, boolean video) {
        return new Recording(id, name, sessionId, createdAt, newSize, newDuration, url, audio, video, status, options);
    }

    public Recording withUrl(String newUrl) {
        return new Recording(id, name, sessionId, createdAt, size, duration, newUrl, hasAudio, hasVideo, status, options);
    }
}

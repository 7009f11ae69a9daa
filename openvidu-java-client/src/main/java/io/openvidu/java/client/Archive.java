package io.openvidu.java.client;

import java.util.Objects;

/**
 * A recording of a session, as the server described it when it answered. Immutable: call
 * {@link OpenVidu#getRecording(String)} again to see a later state.
 *
 * <p>Parsing is tolerant: unknown JSON fields are ignored, {@code duration} may be written as an
 * integer or a decimal, {@code size} is 64-bit, and the status is mapped as described in
 * {@link Status}.
 */
public final class Archive {

    /**
     * State of a recording. Same constants as 1.8.0, so {@code switch} statements written for it
     * stay exhaustive.
     *
     * <p>Mapping of the server's {@code status} field (case-insensitive): the five names map to
     * their constant; {@code ready} (the name later OpenVidu versions use) maps to
     * {@link #available}; any other value, or a missing status, maps to {@link #failed}, the one
     * state in which a caller does not rely on the file. The server's original text stays
     * available from {@link Archive#getStatusText()}.
     */
    public enum Status {
        /** The recorder is being launched. */
        starting,
        /** The recording is in progress. */
        started,
        /** The recording is finished; its file is not publicly accessible ({@link Archive#getUrl()} is {@code null}). */
        stopped,
        /** The recording is finished and can be downloaded from {@link Archive#getUrl()}. */
        available,
        /** The recording failed (also the fallback for a status this client does not know). */
        failed
    }

    private final String id;
    private final String name;
    private final String sessionId;
    private final long createdAt;
    private final long size;
    private final double duration;
    private final String url;
    private final boolean hasAudio;
    private final boolean hasVideo;
    private final Status status;
    private final String statusText;

    private Archive(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.sessionId = b.sessionId;
        this.createdAt = b.createdAt;
        this.size = b.size;
        this.duration = b.duration;
        this.url = b.url;
        this.hasAudio = b.hasAudio;
        this.hasVideo = b.hasVideo;
        this.status = b.status;
        this.statusText = b.statusText == null ? b.status.name() : b.statusText;
    }

    /**
     * Builds an {@link Archive}. The client builds them from server answers; this builder is
     * public so that code using the client can build them in its own tests (1.8.0 offered a
     * constructor taking a json-simple object instead). Not thread-safe.
     */
    public static final class Builder {
        private String id;
        private String name;
        private String sessionId;
        private long createdAt;
        private long size;
        private double duration;
        private String url;
        private boolean hasAudio;
        private boolean hasVideo;
        private Status status;
        private String statusText;

        /** Creates an empty builder: {@code id} and {@code status} must be set before {@link #build()}. */
        public Builder() {
        }

        /**
         * Sets the recording id.
         *
         * @param id the id, not {@code null}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the recording name.
         *
         * @param name the name, or {@code null}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the id of the recorded session.
         *
         * @param sessionId the session id, or {@code null}
         * @return this builder
         */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * Sets the creation time.
         *
         * @param createdAt epoch milliseconds
         * @return this builder
         */
        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets the file size.
         *
         * @param size bytes
         * @return this builder
         */
        public Builder size(long size) {
            this.size = size;
            return this;
        }

        /**
         * Sets the duration.
         *
         * @param duration seconds
         * @return this builder
         */
        public Builder duration(double duration) {
            this.duration = duration;
            return this;
        }

        /**
         * Sets the download URL.
         *
         * @param url the URL, or {@code null}
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Sets whether the recording has audio.
         *
         * @param hasAudio whether it has audio
         * @return this builder
         */
        public Builder hasAudio(boolean hasAudio) {
            this.hasAudio = hasAudio;
            return this;
        }

        /**
         * Sets whether the recording has video.
         *
         * @param hasVideo whether it has video
         * @return this builder
         */
        public Builder hasVideo(boolean hasVideo) {
            this.hasVideo = hasVideo;
            return this;
        }

        /**
         * Sets the status; the status text becomes the constant's name unless
         * {@link #statusText(String)} is called afterwards.
         *
         * @param status the status, not {@code null}
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = status;
            this.statusText = null;
            return this;
        }

        /**
         * Sets the status text exactly as the server wrote it.
         *
         * @param statusText the original text, or {@code null} for the status constant's name
         * @return this builder
         */
        public Builder statusText(String statusText) {
            this.statusText = statusText;
            return this;
        }

        /**
         * Builds the archive.
         *
         * @return a new immutable instance
         * @throws IllegalArgumentException if {@code id} or {@code status} is {@code null}
         */
        public Archive build() {
            SessionProperties.requireArgument(id, "id");
            SessionProperties.requireArgument(status, "status");
            return new Archive(this);
        }
    }

    /**
     * The state of the recording.
     *
     * @return never {@code null}; see {@link Status} for how unknown values are mapped
     */
    public Status getStatus() {
        return status;
    }

    /**
     * The status exactly as the server wrote it, for example {@code ready} when
     * {@link #getStatus()} is {@link Status#available}.
     *
     * @return the server's text; the name of {@link #getStatus()} when the server gave none
     */
    public String getStatusText() {
        return statusText;
    }

    /**
     * The recording id, used by {@link OpenVidu#stopRecording(String)},
     * {@link OpenVidu#getRecording(String)} and {@link OpenVidu#deleteRecording(String)}.
     *
     * @return never {@code null}
     */
    public String getId() {
        return id;
    }

    /**
     * The recording name (the same as the id on OpenVidu 1.8).
     *
     * @return the name, or {@code null} if the server gave none
     */
    public String getName() {
        return name;
    }

    /**
     * The id of the recorded session.
     *
     * @return the session id, or {@code null} if the server gave none
     */
    public String getSessionId() {
        return sessionId;
    }

    /**
     * When the recording was created.
     *
     * @return epoch milliseconds
     */
    public long getCreatedAt() {
        return createdAt;
    }

    /**
     * The size of the file; 0 until the recording is stopped. 64-bit: files over 2 GiB are fine.
     *
     * @return bytes
     */
    public long getSize() {
        return size;
    }

    /**
     * The length of the recording; 0 until it is stopped.
     *
     * @return seconds
     */
    public double getDuration() {
        return duration;
    }

    /**
     * Where the file can be downloaded.
     *
     * @return the URL, or {@code null} unless the recording is {@link Status#available}
     */
    public String getUrl() {
        return url;
    }

    /**
     * Whether the recording has an audio track.
     *
     * @return whether it has audio
     */
    public boolean hasAudio() {
        return hasAudio;
    }

    /**
     * Whether the recording has a video track.
     *
     * @return whether it has video
     */
    public boolean hasVideo() {
        return hasVideo;
    }

    /**
     * Equal when every field (including the status text) is equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Archive)) {
            return false;
        }
        Archive a = (Archive) o;
        return createdAt == a.createdAt && size == a.size
                && Double.compare(duration, a.duration) == 0 && hasAudio == a.hasAudio
                && hasVideo == a.hasVideo && id.equals(a.id) && Objects.equals(name, a.name)
                && Objects.equals(sessionId, a.sessionId) && Objects.equals(url, a.url)
                && status == a.status && statusText.equals(a.statusText);
    }

    /**
     * Hash of every field.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, name, sessionId, createdAt, size, duration, url, hasAudio, hasVideo, status,
                statusText);
    }

    /**
     * Every field, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Archive[id=" + id + ", name=" + name + ", sessionId=" + sessionId + ", createdAt=" + createdAt
                + ", size=" + size + ", duration=" + duration + ", url=" + url + ", hasAudio=" + hasAudio
                + ", hasVideo=" + hasVideo + ", status=" + status
                + (statusText.equals(status.name()) ? "" : " (" + statusText + ")") + "]";
    }
}

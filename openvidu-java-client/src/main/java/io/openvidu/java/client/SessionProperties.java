package io.openvidu.java.client;

import java.util.Objects;

/**
 * Properties of a session, given to {@link OpenVidu#createSession(SessionProperties)}. Immutable.
 *
 * <p>Defaults: {@link MediaMode#ROUTED}, {@link ArchiveMode#MANUAL}, {@link ArchiveLayout#BEST_FIT}.
 */
public final class SessionProperties {

    private final MediaMode mediaMode;
    private final ArchiveMode archiveMode;
    private final ArchiveLayout archiveLayout;

    private SessionProperties(MediaMode mediaMode, ArchiveMode archiveMode, ArchiveLayout archiveLayout) {
        this.mediaMode = mediaMode;
        this.archiveMode = archiveMode;
        this.archiveLayout = archiveLayout;
    }

    /**
     * Builds {@link SessionProperties}. Not thread-safe; each setter rejects {@code null}.
     */
    public static class Builder {

        private MediaMode mediaMode = MediaMode.ROUTED;
        private ArchiveMode archiveMode = ArchiveMode.MANUAL;
        private ArchiveLayout archiveLayout = ArchiveLayout.BEST_FIT;

        /** Creates a builder holding the defaults. */
        public Builder() {
        }

        /**
         * Builds the properties.
         *
         * @return a new immutable instance
         */
        public SessionProperties build() {
            return new SessionProperties(mediaMode, archiveMode, archiveLayout);
        }

        /**
         * Sets the media mode.
         *
         * @param mediaMode the media mode, not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code mediaMode} is {@code null}
         */
        public Builder mediaMode(MediaMode mediaMode) {
            this.mediaMode = requireArgument(mediaMode, "mediaMode");
            return this;
        }

        /**
         * Sets the archive (recording) mode.
         *
         * @param archiveMode the archive mode, not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code archiveMode} is {@code null}
         */
        public Builder archiveMode(ArchiveMode archiveMode) {
            this.archiveMode = requireArgument(archiveMode, "archiveMode");
            return this;
        }

        /**
         * Sets the layout of the recordings.
         *
         * @param archiveLayout the layout, not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code archiveLayout} is {@code null}
         */
        public Builder archiveLayout(ArchiveLayout archiveLayout) {
            this.archiveLayout = requireArgument(archiveLayout, "archiveLayout");
            return this;
        }
    }

    /**
     * The archive (recording) mode.
     *
     * @return never {@code null}
     */
    public ArchiveMode archiveMode() {
        return archiveMode;
    }

    /**
     * The media mode.
     *
     * @return never {@code null}
     */
    public MediaMode mediaMode() {
        return mediaMode;
    }

    /**
     * The recording layout.
     *
     * @return never {@code null}
     */
    public ArchiveLayout archiveLayout() {
        return archiveLayout;
    }

    static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Equal when all three properties are equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SessionProperties)) {
            return false;
        }
        SessionProperties other = (SessionProperties) o;
        return mediaMode == other.mediaMode && archiveMode == other.archiveMode
                && archiveLayout == other.archiveLayout;
    }

    /**
     * Hash of the three properties.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(mediaMode, archiveMode, archiveLayout);
    }

    /**
     * For example {@code SessionProperties[mediaMode=ROUTED, archiveMode=MANUAL, archiveLayout=BEST_FIT]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "SessionProperties[mediaMode=" + mediaMode + ", archiveMode=" + archiveMode
                + ", archiveLayout=" + archiveLayout + "]";
    }
}

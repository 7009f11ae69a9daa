package dev.ovstub.server.internal.recording;

import java.util.Objects;

/**
 * What an OpenVidu 2.x recording was asked to be, resolved (every value set). A 1.8 recording has none: its
 * {@link Recording#options()} is null, and everything about it stays as 1.8 had it.
 *
 * @param outputMode   how it is recorded
 * @param layout       the layout's wire name ({@code BEST_FIT}, {@code CUSTOM}...); used when composed with video
 * @param customLayout path under the custom-layout folder, {@code ""} unless the layout is {@code CUSTOM}
 * @param resolution   {@code WIDTHxHEIGHT}
 * @param frameRate    frames per second
 * @param shmSize      bytes (a Docker setting of the real recorder; validated and reported, not used)
 * @param ignoreFailedStreams INDIVIDUAL only
 */
public record RecordingOptions(OutputMode outputMode, String layout, String customLayout, String resolution,
                               int frameRate, long shmSize, boolean ignoreFailedStreams) {
    /** The 2.x output modes. */
    public enum OutputMode {
        COMPOSED, INDIVIDUAL, COMPOSED_QUICK_START;

        /** One file of the whole session (as opposed to one per stream). */
        public boolean composed() {
            return this != INDIVIDUAL;
        }
    }

    public RecordingOptions {
        Objects.requireNonNull(outputMode, "outputMode");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(customLayout, "customLayout");
        Objects.requireNonNull(resolution, "resolution");
    }

    /** The file extension of a recording with these options and these tracks. */
    public String extension(boolean hasVideo) {
        if (!outputMode.composed()) {
            return "zip";
        }
        return hasVideo ? "mp4" : "webm";
    }
}

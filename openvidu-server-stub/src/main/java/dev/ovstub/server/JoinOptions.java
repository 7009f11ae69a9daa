package dev.ovstub.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a simulated participant joins: its metadata (drawn on its camera tile), whether it publishes at once, and
 * an optional media file used as its camera. Immutable; start from {@link #defaults()}.
 */
public final class JoinOptions {
    private static final JoinOptions DEFAULTS = new JoinOptions(null, false, null, false);

    private final String metadata;
    private final boolean publish;
    private final Path media;
    private final boolean big;

    private JoinOptions(String metadata, boolean publish, Path media, boolean big) {
        this.metadata = metadata;
        this.publish = publish;
        this.media = media;
        this.big = big;
    }

    /** No metadata (a token's data is used), not publishing, a synthetic camera. */
    public static JoinOptions defaults() {
        return DEFAULTS;
    }

    /** Publish right after joining. */
    public static JoinOptions publishing() {
        return DEFAULTS.publish(true);
    }

    public JoinOptions metadata(String metadata) {
        return new JoinOptions(Objects.requireNonNull(metadata, "metadata"), publish, media, big);
    }

    public JoinOptions publish(boolean publish) {
        return new JoinOptions(metadata, publish, media, big);
    }

    /**
     * OpenVidu 2.x sessions: this participant is the big one of the presentation and picture-in-picture layouts
     * (without one, the earliest publisher is). 1.8 sessions draw their grid and ignore it.
     */
    public JoinOptions big(boolean big) {
        return new JoinOptions(metadata, publish, media, big);
    }

    /**
     * A video file (any format FFmpeg reads) played in a loop as this participant's camera, scaled into its tile.
     * Its audio is not used. One that cannot be opened is logged once and the synthetic camera is drawn instead.
     * Any path this JVM can read is accepted here: unlike {@code "media"} in the HTTP control API, which is
     * limited to {@code openvidu.stub.media-path} ({@link OpenViduServerStub.Builder#mediaPath}).
     */
    public JoinOptions media(Path media) {
        return new JoinOptions(metadata, publish, Objects.requireNonNull(media, "media").toAbsolutePath(), big);
    }

    public String metadata() { return metadata; }
    public boolean publish() { return publish; }
    public Path media() { return media; }
    public boolean big() { return big; }

    @Override
    public String toString() {
        return "JoinOptions{metadata=" + metadata + ", publish=" + publish + ", media=" + media + ", big=" + big + "}";
    }
}

package dev.ovstub.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.util.List;

/** Checks of a finished recording file with the real decoder. */
public final class RecordingChecks {
    /** Per-channel tolerance for a tile colour after H.264 (4:2:0) coding. */
    public static final int COLOR_TOLERANCE = 16;

    private RecordingChecks() {}

    /**
     * The file is an MP4 with H.264 video and AAC audio of the given size, lasting {@code duration} seconds (within
     * {@code tolerance}).
     */
    public static Mp4.Info assertH264Aac(Path file, int width, int height, double duration, double tolerance)
            throws Exception {
        Mp4.Info info = Mp4.probe(file);
        assertThat(info.isH264()).as("video codec of %s: %s", file, info).isTrue();
        assertThat(info.videoCodec()).as("video codec name").containsIgnoringCase("h264");
        assertThat(info.isAac()).as("audio codec of %s: %s", file, info).isTrue();
        assertThat(info.audioChannels()).as("audio channels").isPositive();
        assertThat(info.width()).as("width").isEqualTo(width);
        assertThat(info.height()).as("height").isEqualTo(height);
        assertThat(info.durationSeconds()).as("duration of %s", file).isCloseTo(duration, within(tolerance));
        return info;
    }

    /**
     * The frame at {@code atSeconds} shows the BEST_FIT grid of these publishers, in this order: one tile per
     * publisher, each with the publisher's colour at its centre.
     */
    public static void assertTiles(Path file, double atSeconds, List<String> publisherIds) throws Exception {
        Mp4Frames.Picture pic = Mp4Frames.pictureAt(file, (long) (atSeconds * 1e6));
        List<int[]> centres = Mp4.Layout.tileCentres(publisherIds.size(), pic.width(), pic.height());
        assertThat(centres).hasSameSizeAs(publisherIds);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < centres.size(); i++) {
            int[] c = centres.get(i);
            seen.append(String.format("tile %d at (%d,%d): %s (expected %s for %s); ", i, c[0], c[1],
                    Mp4Frames.hex(pic.rgbAround(c[0], c[1], 3)), Mp4Frames.hex(Mp4.Layout.colorFor(publisherIds.get(i))),
                    publisherIds.get(i)));
        }
        for (int i = 0; i < centres.size(); i++) {
            int[] c = centres.get(i);
            int expected = Mp4.Layout.colorFor(publisherIds.get(i));
            int actual = pic.rgbAround(c[0], c[1], 3);
            assertThat(Mp4Frames.colorDistance(actual, expected))
                    .as("frame at %d us of %s: %s", pic.timestampMicros(), file, seen)
                    .isLessThanOrEqualTo(COLOR_TOLERANCE);
        }
    }
}

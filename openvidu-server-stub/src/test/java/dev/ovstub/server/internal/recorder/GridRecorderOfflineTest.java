package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.testing.Mp4Frames.colorDistance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridRecorderOfflineTest {
    static final int W = 640;
    static final int H = 360;

    @TempDir
    Path dir;

    @Test
    void tilesFollowScriptedJoinsAndLeavesInTheDecodedFrames() throws Exception {
        Path out = dir.resolve("script.mp4");
        LayoutState one = LayoutState.ofIds("con_alice");
        LayoutState two = LayoutState.ofIds("con_alice", "con_bob");
        LayoutState three = LayoutState.ofIds("con_alice", "con_bob", "con_carol");
        LayoutState twoAgain = LayoutState.ofIds("con_alice", "con_carol");
        ScriptedLayoutSource script = new ScriptedLayoutSource()
                .at(Duration.ZERO, one)
                .at(Duration.ofSeconds(2), two)
                .at(Duration.ofSeconds(4), three)
                .at(Duration.ofSeconds(6), twoAgain);
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, script).size(W, H).build());

        rec.renderOffline(Duration.ofSeconds(8));

        assertThat(rec.layoutChanges()).isEqualTo(4);
        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 1_000_000, 3_000_000, 5_000_000, 7_000_000);
        assertTiles(pics.get(0), one);
        assertTiles(pics.get(1), two);
        assertTiles(pics.get(2), three);
        assertTiles(pics.get(3), twoAgain);
        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.durationSeconds()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.1));
    }

    static void assertTiles(Mp4Frames.Picture pic, LayoutState state) {
        List<GridLayout.Rect> rects = GridLayout.bestFit(state.publishers().size(), pic.width(), pic.height());
        for (int i = 0; i < rects.size(); i++) {
            GridLayout.Rect r = rects.get(i);
            int expected = TileColors.colorFor(state.publishers().get(i).id());
            int actual = pic.rgbAround(r.centerX(), r.centerY(), 3);
            assertThat(colorDistance(actual, expected))
                    .as("tile %d of %d (%s) at t=%d us: expected %06x, got %06x", i, rects.size(),
                            state.publishers().get(i).id(), pic.timestampMicros(), expected, actual)
                    .isLessThanOrEqualTo(12);
        }
    }
}

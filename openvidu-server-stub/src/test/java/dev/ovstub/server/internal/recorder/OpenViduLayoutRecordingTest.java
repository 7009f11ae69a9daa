package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.testing.Mp4Frames.colorDistance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout;
import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every OpenVidu 2.x layout recorded by the real recorder (offline, in-process) and checked on decoded frames: which
 * tiles are there (a synthetic camera has its publisher's colour; the four ids here have clearly different ones),
 * where their edges are, and where the frame is black, as the 2.x contract's §9.2 gives them at 1280x720.
 */
class OpenViduLayoutRecordingTest {
    static final int W = 1280;
    static final int H = 720;
    static final int TOLERANCE = 12;
    static final int BLACK = 0x000000;
    static final List<String> IDS = List.of("con_alice", "con_frank", "con_dora", "con_bob");

    @TempDir
    static Path clips;
    static Path red;

    @TempDir
    Path dir;

    @BeforeAll
    static void distinctColoursAndAClip() throws Exception {
        for (int i = 0; i < IDS.size(); i++) {
            for (int j = i + 1; j < IDS.size(); j++) {
                assertThat(colorDistance(colour(i), colour(j))).as(IDS.get(i) + " vs " + IDS.get(j)).isGreaterThan(60);
            }
        }
        red = TestClips.solidColours(clips.resolve("red.mp4"), 320, 180, 25, 0xE01010, 0xE01010);
    }

    static int colour(int publisher) {
        return TileColors.colorFor(IDS.get(publisher));
    }

    /** Publishers 0..n-1; {@code big} (or -1) marked big. */
    static LayoutState state(Layout layout, int n, int big) {
        Publisher[] ps = new Publisher[n];
        for (int i = 0; i < n; i++) ps[i] = Publisher.of(IDS.get(i)).withBig(i == big);
        return LayoutState.openVidu2(layout.name(), ps);
    }

    /** Records 1, 2, 3 then 4 publishers (one second each) and returns a frame from the middle of each second. */
    List<Mp4Frames.Picture> recordOneToFour(Layout layout, int big) throws Exception {
        Path out = dir.resolve(layout + ".mp4");
        ScriptedLayoutSource script = new ScriptedLayoutSource();
        for (int n = 1; n <= 4; n++) script.at(Duration.ofSeconds(n - 1), state(layout, n, n > big ? big : -1));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, script).size(W, H).frameRate(10).build());
        rec.renderOffline(Duration.ofSeconds(4));
        assertThat(rec.layoutChanges()).isEqualTo(4);
        return Mp4Frames.picturesAt(out, 500_000, 1_500_000, 2_500_000, 3_500_000);
    }

    @Test
    void bestFitFillsItsCellsRowsCentredThreeInOneRowWithBlackBandsAboveAndBelow() throws Exception {
        List<Mp4Frames.Picture> pics = recordOneToFour(Layout.BEST_FIT, -1);

        assertLayout(pics, Layout.BEST_FIT, 0);
        Mp4Frames.Picture three = pics.get(2);
        for (int x : new int[] {213, 639, 1065}) {
            assertColour(three, x, 35, BLACK, "black band above the row");
            assertColour(three, x, 684, BLACK, "black band below the row");
        }
        assertColour(three, 213, 45, colour(0), "first tile just under the band");
        assertColour(three, 1065, 674, colour(2), "third tile just above the band");
        // no empty cell: the middle of the frame is the middle tile
        assertColour(three, 640, 360, colour(1), "middle tile");
    }

    @Test
    void verticalPresentationIsTheBigPublisherOnTheRightAndAColumnOfTheOthersOnTheLeft() throws Exception {
        List<Mp4Frames.Picture> pics = recordOneToFour(Layout.VERTICAL_PRESENTATION, 0);

        assertLayout(pics, Layout.VERTICAL_PRESENTATION, 0);
        // two: the lone small one (0,168,256x384) is centred in the column, black above and below it
        assertColour(pics.get(1), 128, 160, BLACK, "column above the small tile");
        assertColour(pics.get(1), 128, 560, BLACK, "column below the small tile");
        assertColour(pics.get(1), 128, 176, colour(1), "top of the small tile");
        // big area: (256,0) to the right edge, full height
        for (Mp4Frames.Picture pic : pics.subList(1, 4)) {
            assertColour(pic, 262, 360, colour(0), "left edge of the big area");
            assertColour(pic, 1274, 6, colour(0), "top right corner of the big area");
            assertColour(pic, 1274, 714, colour(0), "bottom right corner of the big area");
        }
    }

    @Test
    void horizontalPresentationIsTheBigPublisherOnTopAndABandOfTheOthersBelow() throws Exception {
        List<Mp4Frames.Picture> pics = recordOneToFour(Layout.HORIZONTAL_PRESENTATION, 0);

        assertLayout(pics, Layout.HORIZONTAL_PRESENTATION, 0);
        for (Mp4Frames.Picture pic : pics.subList(1, 4)) {
            assertColour(pic, 120, 288, BLACK, "left of the big area");
            assertColour(pic, 1160, 288, BLACK, "right of the big area");
            assertColour(pic, 134, 288, colour(0), "left edge of the big area");
            assertColour(pic, 640, 570, colour(0), "bottom of the big area");
        }
        // four: the band holds three 256x144 tiles from x 256 to 1024, black on both sides
        assertColour(pics.get(3), 248, 648, BLACK, "band, left of the small tiles");
        assertColour(pics.get(3), 1032, 648, BLACK, "band, right of the small tiles");
    }

    @Test
    void theBigPublisherIsTheOneMarkedBigNotTheFirst() throws Exception {
        List<Mp4Frames.Picture> pics = recordOneToFour(Layout.VERTICAL_PRESENTATION, 2);

        // until the third publisher arrives the first one is big; then the third one is
        assertTiles(pics.get(1), OpenViduLayoutGeometry.tiles(Layout.VERTICAL_PRESENTATION, 2, 0, W, H), "2, first big");
        assertTiles(pics.get(2), OpenViduLayoutGeometry.tiles(Layout.VERTICAL_PRESENTATION, 3, 2, W, H), "3, third big");
        assertTiles(pics.get(3), OpenViduLayoutGeometry.tiles(Layout.VERTICAL_PRESENTATION, 4, 2, W, H), "4, third big");
        assertColour(pics.get(3), 768, 360, colour(2), "the big area");
    }

    @Test
    void pictureInPictureShowsTheBigPublisherFullFrameAndTheNextOneSmallAtTheBottomRightCornerAndHidesTheRest()
            throws Exception {
        List<Mp4Frames.Picture> pics = recordOneToFour(Layout.PICTURE_IN_PICTURE, 0);

        assertLayout(pics, Layout.PICTURE_IN_PICTURE, 0);
        for (Mp4Frames.Picture pic : pics.subList(1, 4)) {
            // small tile (942,522,320x180) inside the big one: the big publisher around it on every side
            assertColour(pic, 1102, 612, colour(1), "small tile");
            assertColour(pic, 946, 526, colour(1), "small tile's top left corner");
            assertColour(pic, 1258, 698, colour(1), "small tile's bottom right corner");
            assertColour(pic, 936, 612, colour(0), "left of the small tile");
            assertColour(pic, 1102, 516, colour(0), "above the small tile");
            assertColour(pic, 1272, 612, colour(0), "right of the small tile");
            assertColour(pic, 1102, 712, colour(0), "below the small tile");
            assertThat(visibleTiles(pic)).as("tiles seen at %d us", pic.timestampMicros()).containsOnlyKeys(0, 1);
        }
    }

    @Test
    void inPictureInPictureNothingOfTheFullFrameCameraIsDrawnOverTheCornerTile() throws Exception {
        Path out = dir.resolve("pip-z.mp4");
        LayoutState synthetic = state(Layout.PICTURE_IN_PICTURE, 2, -1);
        LayoutState media = LayoutState.openVidu2("PICTURE_IN_PICTURE", new Publisher("con_red", "", red.toString()),
                Publisher.of(IDS.get(1)));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource()
                .at(Duration.ZERO, synthetic).at(Duration.ofSeconds(2), media)).size(W, H).frameRate(10).build());
        rec.renderOffline(Duration.ofSeconds(3));

        // at 1.5 s the full-frame camera's ball is at the right end of its path, behind the corner tile
        // (942,522,320x180): the corner tile's middle band shows only its own colour
        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, 1_500_000, 2_500_000);
        for (int x = 960; x <= 1250; x += 10) {
            assertColour(pics.get(0), x, 600, colour(1), "corner tile over the synthetic full-frame camera");
        }
        assertColour(pics.get(0), 936, 600, colour(0), "full-frame camera left of the corner tile");
        // a media camera under it: the clip covers the frame, the corner tile stays whole
        for (int x = 960; x <= 1250; x += 10) {
            assertColour(pics.get(1), x, 600, colour(1), "corner tile over the media full-frame camera");
        }
        assertColour(pics.get(1), 936, 600, 0xE01010, 16, "media full-frame camera left of the corner tile");
        assertColour(pics.get(1), 640, 10, 0xE01010, 16, "media full-frame camera at the top");
    }

    @Test
    void aMediaCameraCoversItsTileInsteadOfBeingLetterboxed() throws Exception {
        Path out = dir.resolve("media.mp4");
        LayoutState three = LayoutState.openVidu2("BEST_FIT", new Publisher("con_alice", "", red.toString()),
                Publisher.of(IDS.get(1)), Publisher.of(IDS.get(2)));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource().at(Duration.ZERO, three))
                .size(W, H).frameRate(10).build());
        rec.renderOffline(Duration.ofSeconds(1));

        Mp4Frames.Picture pic = Mp4Frames.pictureAt(out, 500_000);
        // the 16:9 clip in a 426x640 tile: scaled to 1138x640 and cropped, red from the tile's top to its bottom
        for (int y : new int[] {46, 360, 674}) {
            assertColour(pic, 213, y, 0xE01010, 16, "media tile at y " + y);
        }
        assertColour(pic, 6, 360, 0xE01010, 16, "media tile's left edge");
        assertColour(pic, 213, 34, BLACK, 12, "band above the media tile");
    }

    @Test
    void withoutTheNewGeometryAPresentationLayoutIsStillDrawnAsTheOneEightGrid() throws Exception {
        Path out = dir.resolve("grid.mp4");
        LayoutState three = new LayoutState(null, "VERTICAL_PRESENTATION", 1,
                List.of(Publisher.of("con_alice"), Publisher.of("con_bob"), Publisher.of("con_carol").withBig(true)));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new ScriptedLayoutSource().at(Duration.ZERO, three))
                .size(640, 360).frameRate(10).build());
        rec.renderOffline(Duration.ofSeconds(1));

        GridRecorderOfflineTest.assertTiles(Mp4Frames.pictureAt(out, 500_000), three);
    }

    // ---------------------------------------------------------------------------------------------

    /** Each picture k shows k+1 publishers laid out as the geometry says, and no other publisher. */
    static void assertLayout(List<Mp4Frames.Picture> pics, Layout layout, int big) {
        for (int k = 0; k < pics.size(); k++) {
            List<OpenViduLayoutGeometry.Tile> tiles = OpenViduLayoutGeometry.tiles(layout, k + 1, big, W, H);
            assertTiles(pics.get(k), tiles, layout + " with " + (k + 1));
            List<Integer> shown = tiles.stream().map(OpenViduLayoutGeometry.Tile::publisher).sorted().toList();
            assertThat(new ArrayList<>(visibleTiles(pics.get(k)).keySet())).as("%s with %d: tiles seen", layout, k + 1)
                    .containsExactlyInAnyOrderElementsOf(shown);
        }
    }

    /**
     * Each tile's colour at its centre and 4 px inside the middle of each edge, and not its colour 4 px outside
     * (where the frame is black or another tile is), unless a later tile covers that point.
     */
    static void assertTiles(Mp4Frames.Picture pic, List<OpenViduLayoutGeometry.Tile> tiles, String what) {
        for (int i = 0; i < tiles.size(); i++) {
            GridLayout.Rect r = tiles.get(i).even();
            int c = colour(tiles.get(i).publisher());
            String tile = what + ", tile of publisher " + tiles.get(i).publisher() + " " + r;
            int cx = r.centerX();
            int cy = r.centerY();
            int right = r.x() + r.width() - 1;
            int bottom = r.y() + r.height() - 1;
            List<OpenViduLayoutGeometry.Tile> above = tiles.subList(i + 1, tiles.size());
            for (int[] p : new int[][] {{cx, cy}, {r.x() + 4, cy}, {right - 4, cy}, {cx, r.y() + 4}, {cx, bottom - 4}}) {
                if (!covered(above, p[0], p[1])) assertColour(pic, p[0], p[1], c, tile + " inside");
            }
            for (int[] p : new int[][] {{r.x() - 4, cy}, {right + 4, cy}, {cx, r.y() - 4}, {cx, bottom + 4}}) {
                if (p[0] < 0 || p[1] < 0 || p[0] >= W || p[1] >= H) continue;
                int actual = pic.rgbAround(p[0], p[1], 1);
                assertThat(colorDistance(actual, c)).as("%s: outside at %d,%d is %06x", tile, p[0], p[1], actual)
                        .isGreaterThan(TOLERANCE);
            }
        }
    }

    private static boolean covered(List<OpenViduLayoutGeometry.Tile> above, int x, int y) {
        for (OpenViduLayoutGeometry.Tile t : above) {
            GridLayout.Rect r = t.even();
            if (x >= r.x() - 2 && x < r.x() + r.width() + 2 && y >= r.y() - 2 && y < r.y() + r.height() + 2) return true;
        }
        return false;
    }

    /** Publishers whose colour fills at least 40 points of a 16-pixel grid over the frame, with those counts. */
    static Map<Integer, Integer> visibleTiles(Mp4Frames.Picture pic) {
        int[] counts = new int[IDS.size()];
        for (int y = 8; y < pic.height(); y += 16) {
            for (int x = 8; x < pic.width(); x += 16) {
                int actual = pic.rgbAround(x, y, 1);
                for (int i = 0; i < IDS.size(); i++) {
                    if (colorDistance(actual, colour(i)) <= TOLERANCE) counts[i]++;
                }
            }
        }
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= 40) seen.put(i, counts[i]);
        }
        assertThat(seen).as("counts %s", Arrays.toString(counts)).isNotNull();
        return seen;
    }

    static void assertColour(Mp4Frames.Picture pic, int x, int y, int expected, String what) {
        assertColour(pic, x, y, expected, TOLERANCE, what);
    }

    static void assertColour(Mp4Frames.Picture pic, int x, int y, int expected, int tolerance, String what) {
        int actual = pic.rgbAround(x, y, 1);
        assertThat(colorDistance(actual, expected))
                .as("%s at %d,%d (t=%d us): expected %06x, got %06x", what, x, y, pic.timestampMicros(), expected, actual)
                .isLessThanOrEqualTo(tolerance);
    }
}

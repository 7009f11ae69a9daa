package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout.BEST_FIT;
import static dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout.HORIZONTAL_PRESENTATION;
import static dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout.PICTURE_IN_PICTURE;
import static dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout.VERTICAL_PRESENTATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Layout;
import dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry.Tile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every figure of the 2.x wire contract's §9.2 tables (the rectangles OpenVidu 2.32's layout algorithm gives), to the
 * pixel. Publisher 0 is the big one; tiles come in drawing order, the big publisher's first.
 */
class OpenViduLayoutGeometryTest {
    private static Tile t(int publisher, int x, int y, int w, int h) {
        return new Tile(publisher, x, y, w, h);
    }

    private static List<Tile> at1280(Layout layout, int n) {
        return OpenViduLayoutGeometry.tiles(layout, n, 0, 1280, 720);
    }

    private static List<Tile> at640(Layout layout, int n) {
        return OpenViduLayoutGeometry.tiles(layout, n, 0, 640, 480);
    }

    @Test
    void bestFitAt1280x720MatchesTheContractTableForOneToFourPublishers() {
        assertThat(at1280(BEST_FIT, 1)).containsExactly(t(0, 0, 0, 1280, 720));
        assertThat(at1280(BEST_FIT, 2)).containsExactly(t(0, 0, 0, 640, 720), t(1, 640, 0, 640, 720));
        // one row of three, black bands of 40 px above and below
        assertThat(at1280(BEST_FIT, 3)).containsExactly(
                t(0, 0, 40, 426, 640), t(1, 426, 40, 426, 640), t(2, 852, 40, 426, 640));
        assertThat(at1280(BEST_FIT, 4)).containsExactly(t(0, 0, 0, 640, 360), t(1, 640, 0, 640, 360),
                t(2, 0, 360, 640, 360), t(3, 640, 360, 640, 360));
    }

    @Test
    void verticalPresentationAt1280x720MatchesTheContractTableForOneToFourPublishers() {
        assertThat(at1280(VERTICAL_PRESENTATION, 1)).containsExactly(t(0, 0, 0, 1280, 720));
        assertThat(at1280(VERTICAL_PRESENTATION, 2)).containsExactly(t(0, 256, 0, 1024, 720), t(1, 0, 168, 256, 384));
        assertThat(at1280(VERTICAL_PRESENTATION, 3)).containsExactly(t(0, 256, 0, 1024, 720),
                t(1, 0, 0, 256, 360), t(2, 0, 360, 256, 360));
        assertThat(at1280(VERTICAL_PRESENTATION, 4)).containsExactly(t(0, 256, 0, 1024, 720),
                t(1, 0, 0, 256, 240), t(2, 0, 240, 256, 240), t(3, 0, 480, 256, 240));
    }

    @Test
    void horizontalPresentationAt1280x720MatchesTheContractTableForOneToFourPublishers() {
        assertThat(at1280(HORIZONTAL_PRESENTATION, 1)).containsExactly(t(0, 0, 0, 1280, 720));
        assertThat(at1280(HORIZONTAL_PRESENTATION, 2)).containsExactly(t(0, 128, 0, 1024, 576), t(1, 512, 576, 256, 144));
        assertThat(at1280(HORIZONTAL_PRESENTATION, 3)).containsExactly(t(0, 128, 0, 1024, 576),
                t(1, 384, 576, 256, 144), t(2, 640, 576, 256, 144));
        assertThat(at1280(HORIZONTAL_PRESENTATION, 4)).containsExactly(t(0, 128, 0, 1024, 576),
                t(1, 256, 576, 256, 144), t(2, 512, 576, 256, 144), t(3, 768, 576, 256, 144));
    }

    @Test
    void at640x480TheContractFiguresComeOutToo() {
        assertThat(at640(BEST_FIT, 2)).containsExactly(t(0, 0, 0, 320, 480), t(1, 320, 0, 320, 480));
        // two on top and one centred below
        assertThat(at640(BEST_FIT, 3)).containsExactly(t(0, 0, 0, 320, 240), t(1, 320, 0, 320, 240),
                t(2, 160, 240, 320, 240));
        assertThat(at640(BEST_FIT, 4)).containsExactly(t(0, 0, 0, 320, 240), t(1, 320, 0, 320, 240),
                t(2, 0, 240, 320, 240), t(3, 320, 240, 320, 240));
        assertThat(at640(VERTICAL_PRESENTATION, 3)).containsExactly(t(0, 128, 0, 512, 480),
                t(1, 0, 48, 128, 192), t(2, 0, 240, 128, 192));
        // 149.33 + 170.67 px: edges rounded to the nearest pixel
        assertThat(at640(HORIZONTAL_PRESENTATION, 3)).containsExactly(t(0, 0, 0, 640, 384),
                t(1, 149, 384, 171, 96), t(2, 320, 384, 171, 96));
    }

    @Test
    void pictureInPictureIsTheBigPublisherFullFrameWithTheFirstOtherOneSmallAtTheBottomRightCorner() {
        assertThat(at1280(PICTURE_IN_PICTURE, 1)).containsExactly(t(0, 0, 0, 1280, 720));
        assertThat(at1280(PICTURE_IN_PICTURE, 2)).containsExactly(t(0, 0, 0, 1280, 720), t(1, 942, 522, 320, 180));
        // the others are hidden
        assertThat(at1280(PICTURE_IN_PICTURE, 4)).containsExactly(t(0, 0, 0, 1280, 720), t(1, 942, 522, 320, 180));
        assertThat(OpenViduLayoutGeometry.tiles(PICTURE_IN_PICTURE, 3, 2, 640, 480))
                .containsExactly(t(2, 0, 0, 640, 480), t(0, 468, 348, 160, 120));
    }

    @Test
    void theBigPublisherIsTheOneMarkedBigElseTheFirstAndBestFitIgnoresTheMark() {
        List<Publisher> none = List.of(Publisher.of("a"), Publisher.of("b"), Publisher.of("c"));
        List<Publisher> third = List.of(Publisher.of("a"), Publisher.of("b"), Publisher.of("c").withBig(true));
        assertThat(OpenViduLayoutGeometry.bigIndex(none)).isZero();
        assertThat(OpenViduLayoutGeometry.bigIndex(third)).isEqualTo(2);
        assertThat(OpenViduLayoutGeometry.bigIndex(List.of())).isEqualTo(-1);

        assertThat(OpenViduLayoutGeometry.tiles(VERTICAL_PRESENTATION, third, 1280, 720)).containsExactly(
                t(2, 256, 0, 1024, 720), t(0, 0, 0, 256, 360), t(1, 0, 360, 256, 360));
        assertThat(OpenViduLayoutGeometry.tiles(BEST_FIT, third, 1280, 720))
                .isEqualTo(OpenViduLayoutGeometry.tiles(BEST_FIT, none, 1280, 720));
    }

    @Test
    void layoutNamesOfRecordingsAndOfPageRoutesAreRecognisedAndTheRestIsBestFit() {
        assertThat(Layout.named("VERTICAL_PRESENTATION")).isEqualTo(VERTICAL_PRESENTATION);
        assertThat(Layout.named("layout-horizontal-presentation")).isEqualTo(HORIZONTAL_PRESENTATION);
        assertThat(Layout.named("layout-picture-in-picture")).isEqualTo(PICTURE_IN_PICTURE);
        assertThat(Layout.named("PICTURE_IN_PICTURE")).isEqualTo(PICTURE_IN_PICTURE);
        assertThat(Layout.named("layout-best-fit")).isEqualTo(BEST_FIT);
        assertThat(Layout.named("CUSTOM")).isEqualTo(BEST_FIT);
        assertThat(Layout.named(null)).isEqualTo(BEST_FIT);
        assertThat(Layout.named("nonsense")).isEqualTo(BEST_FIT);
    }

    @Test
    void tilesStayInsideTheFrameAndNeighboursShareTheirEvenEdges() {
        for (int[] size : new int[][] {{1920, 1080}, {1280, 720}, {640, 480}, {720, 1280}, {322, 180}}) {
            for (Layout layout : Layout.values()) {
                for (int n = 1; n <= 12; n++) {
                    List<Tile> tiles = OpenViduLayoutGeometry.tiles(layout, n, 0, size[0], size[1]);
                    assertThat(tiles).hasSize(layout == PICTURE_IN_PICTURE ? Math.min(n, 2) : n);
                    for (Tile tile : tiles) {
                        GridLayout.Rect e = tile.even();
                        String what = layout + " " + n + " at " + size[0] + "x" + size[1] + ": " + tile;
                        assertThat(e.x() % 2 + e.y() % 2 + e.width() % 2 + e.height() % 2).as(what).isZero();
                        assertThat(tile.x()).as(what).isGreaterThanOrEqualTo(0);
                        assertThat(tile.y()).as(what).isGreaterThanOrEqualTo(0);
                        assertThat(tile.x() + tile.width()).as(what).isLessThanOrEqualTo(size[0]);
                        assertThat(tile.y() + tile.height()).as(what).isLessThanOrEqualTo(size[1]);
                        assertThat(tile.width()).as(what).isPositive();
                        assertThat(tile.height()).as(what).isPositive();
                    }
                }
            }
        }
        // 149..320 and 320..491 drawn as 148..320 and 320..490
        assertThat(t(1, 149, 384, 171, 96).even()).isEqualTo(new GridLayout.Rect(148, 384, 172, 96));
        assertThat(t(2, 320, 384, 171, 96).even()).isEqualTo(new GridLayout.Rect(320, 384, 170, 96));
    }
}

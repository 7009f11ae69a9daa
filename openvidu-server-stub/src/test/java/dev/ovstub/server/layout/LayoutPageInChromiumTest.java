package dev.ovstub.server.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import dev.ovstub.server.internal.recorder.GridLayout;
import dev.ovstub.server.internal.recorder.TileColors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import dev.ovstub.server.testing.HeadlessChromium;
import dev.ovstub.server.testing.Mp4Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout page a recording container's browser opens, loaded in real headless Chromium (Debian's
 * {@code chromium} package; skipped where it is not installed) the way the official recording image loads it:
 * with the credentials in the URL.
 */
class LayoutPageInChromiumTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    @Test
    void drawsOneTileOfTheRightColourPerPublisherInTheBestFitGrid(@TempDir Path tmp) throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().start()) {
            List<Participant> publishers = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                publishers.add(server.joinInsecure("layout-room", JoinOptions.publishing().metadata(name)));
            }
            server.joinInsecure("layout-room", JoinOptions.defaults().metadata("only watching"));

            BufferedImage shot = HeadlessChromium.screenshot(tmp, "http://OPENVIDUAPP:" + server.secret() + "@127.0.0.1:" + server.port()
                    + "/#/layout-best-fit/layout-room/" + server.secret(), WIDTH, HEIGHT);

            assertThat(shot.getWidth()).isEqualTo(WIDTH);
            List<GridLayout.Rect> tiles = GridLayout.bestFit(3, shot.getWidth(), shot.getHeight());
            for (int i = 0; i < 3; i++) {
                GridLayout.Rect tile = tiles.get(i);
                int expected = TileColors.colorFor(publishers.get(i).id());
                int actual = shot.getRGB(tile.centerX(), tile.centerY()) & 0xFFFFFF;
                assertThat(Mp4Frames.colorDistance(actual, expected))
                        .as("tile %d (%s) at %d,%d: expected #%06x, got #%06x", i, publishers.get(i).id(),
                                tile.centerX(), tile.centerY(), expected, actual)
                        .isLessThanOrEqualTo(6);
            }
            // 3 tiles in a 16:9 frame: 2x2 with the last row centred, so the bottom corners stay black.
            assertThat(shot.getRGB(5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
            assertThat(shot.getRGB(WIDTH - 5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
        }
    }

}

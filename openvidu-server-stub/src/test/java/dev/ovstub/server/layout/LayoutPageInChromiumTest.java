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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout page a recording container's browser opens, loaded in real headless Chromium (Debian's
 * {@code chromium} package; skipped where it is not installed) the way the official recording image loads it:
 * with the credentials in the URL.
 */
class LayoutPageInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    @Test
    void drawsOneTileOfTheRightColourPerPublisherInTheBestFitGrid(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().start()) {
            List<Participant> publishers = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                publishers.add(server.joinInsecure("layout-room", JoinOptions.publishing().metadata(name)));
            }
            server.joinInsecure("layout-room", JoinOptions.defaults().metadata("only watching"));

            BufferedImage shot = screenshot(tmp, "http://OPENVIDUAPP:" + server.secret() + "@127.0.0.1:" + server.port()
                    + "/#/layout-best-fit/layout-room/" + server.secret());

            assertThat(shot.getWidth()).isEqualTo(WIDTH);
            List<GridLayout.Rect> tiles = GridLayout.bestFit(3, shot.getWidth(), shot.getHeight());
            for (int i = 0; i < 3; i++) {
                GridLayout.Rect tile = tiles.get(i);
                int expected = TileColors.colorFor(publishers.get(i).id());
                int actual = shot.getRGB(tile.centerX(), tile.centerY()) & 0xFFFFFF;
                assertThat(distance(actual, expected))
                        .as("tile %d (%s) at %d,%d: expected #%06x, got #%06x", i, publishers.get(i).id(),
                                tile.centerX(), tile.centerY(), expected, actual)
                        .isLessThanOrEqualTo(6);
            }
            // 3 tiles in a 16:9 frame: 2x2 with the last row centred, so the bottom corners stay black.
            assertThat(shot.getRGB(5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
            assertThat(shot.getRGB(WIDTH - 5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
        }
    }

    private static BufferedImage screenshot(Path tmp, String url) throws Exception {
        Path png = tmp.resolve("layout.png");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + tmp.resolve("profile"), "--window-size=" + WIDTH + "," + HEIGHT,
                "--hide-scrollbars", "--virtual-time-budget=3000", "--screenshot=" + png, url)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("chromium.log").toFile())
                .start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("Chromium took over 60 s: " + Files.readString(tmp.resolve("chromium.log")));
        }
        assertThat(png).as("screenshot; Chromium said: %s", Files.readString(tmp.resolve("chromium.log"))).exists();
        return ImageIO.read(png.toFile());
    }

    private static int distance(int a, int b) {
        return Math.max(Math.abs(TileColors.red(a) - TileColors.red(b)),
                Math.max(Math.abs(TileColors.green(a) - TileColors.green(b)), Math.abs(TileColors.blue(a) - TileColors.blue(b))));
    }
}

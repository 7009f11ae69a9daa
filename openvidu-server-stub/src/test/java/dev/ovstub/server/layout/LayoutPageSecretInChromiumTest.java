package dev.ovstub.server.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import dev.ovstub.server.internal.recorder.LayoutUrl;
import dev.ovstub.server.internal.recorder.TileColors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout page in real headless Chromium, opened with the URL a recording container gets, for secrets with
 * spaces, reserved and non-ASCII characters: the page decodes the secret and draws the publisher's tile.
 */
class LayoutPageSecretInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    @ParameterizedTest
    @ValueSource(strings = {"a b@c:d/e#f%g?h", "plus+and%41", "sé crèt €"})
    void thePageDrawsThePublisherWithASecretThatNeedsEncoding(String secret, @TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().secret(secret).start()) {
            Participant alice = server.joinInsecure("secret-room", JoinOptions.publishing().metadata("alice"));

            BufferedImage shot = screenshot(tmp, LayoutUrl.build("http://127.0.0.1:" + server.port(), "layout-best-fit",
                    "secret-room", secret));

            int expected = TileColors.colorFor(alice.id());
            int actual = shot.getRGB(WIDTH / 2, HEIGHT / 2) & 0xFFFFFF;
            assertThat(distance(actual, expected)).as("centre: expected #%06x, got #%06x", expected, actual)
                    .isLessThanOrEqualTo(6);
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

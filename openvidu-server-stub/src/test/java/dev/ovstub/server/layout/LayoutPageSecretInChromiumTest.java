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
import dev.ovstub.server.testing.HeadlessChromium;
import dev.ovstub.server.testing.Mp4Frames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout page in real headless Chromium, opened with the URL a recording container gets, for secrets with
 * spaces, reserved and non-ASCII characters: the page decodes the secret and draws the publisher's tile.
 */
class LayoutPageSecretInChromiumTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    @ParameterizedTest
    @ValueSource(strings = {"a b@c:d/e#f%g?h", "plus+and%41", "sé crèt €"})
    void thePageDrawsThePublisherWithASecretThatNeedsEncoding(String secret, @TempDir Path tmp) throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().secret(secret).start()) {
            Participant alice = server.joinInsecure("secret-room", JoinOptions.publishing().metadata("alice"));

            BufferedImage shot = HeadlessChromium.screenshot(tmp, LayoutUrl.build("http://127.0.0.1:" + server.port(), "layout-best-fit",
                    "secret-room", secret), WIDTH, HEIGHT);

            int expected = TileColors.colorFor(alice.id());
            int actual = shot.getRGB(WIDTH / 2, HEIGHT / 2) & 0xFFFFFF;
            assertThat(Mp4Frames.colorDistance(actual, expected)).as("centre: expected #%06x, got #%06x", expected, actual)
                    .isLessThanOrEqualTo(6);
        }
    }

}

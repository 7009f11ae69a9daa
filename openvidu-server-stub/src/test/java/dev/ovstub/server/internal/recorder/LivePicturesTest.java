package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Mp4Frames;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A live stream's YUV420P picture as the JPEG the layout page draws, decoded again by ImageIO. */
class LivePicturesTest {
    private static final int W = 64;
    private static final int H = 48;

    /** Top half one BT.601 colour, bottom half another: {@code {Y, U, V}} each. */
    private static byte[] halves(int[] top, int[] bottom) {
        byte[] yuv = new byte[W * H * 3 / 2];
        for (int y = 0; y < H; y++) {
            int[] c = y < H / 2 ? top : bottom;
            for (int x = 0; x < W; x++) {
                yuv[y * W + x] = (byte) c[0];
            }
            if (y % 2 == 0) {
                for (int x = 0; x < W / 2; x++) {
                    yuv[W * H + (y / 2) * (W / 2) + x] = (byte) c[1];
                    yuv[W * H + (W / 2) * (H / 2) + (y / 2) * (W / 2) + x] = (byte) c[2];
                }
            }
        }
        return yuv;
    }

    @Test
    void aPictureBecomesAJpegOfItsSizeColoursAndOrientation() throws Exception {
        int[] red = {81, 90, 240};   // BT.601 limited range: RGB 255, 0, 0
        int[] blue = {41, 240, 110}; // RGB 0, 0, 255

        byte[] jpeg = LivePictures.jpeg(halves(red, blue), W, H);

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(img.getWidth()).isEqualTo(W);
        assertThat(img.getHeight()).isEqualTo(H);
        int top = img.getRGB(W / 2, H / 4) & 0xFFFFFF;
        int bottom = img.getRGB(W / 2, H * 3 / 4) & 0xFFFFFF;
        assertThat(Mp4Frames.colorDistance(top, 0xFF0000)).as("red on top (%s)", Mp4Frames.hex(top)).isLessThan(30);
        assertThat(Mp4Frames.colorDistance(bottom, 0x0000FF)).as("blue below (%s)", Mp4Frames.hex(bottom)).isLessThan(30);
    }

    @Test
    void bytesThatAreNotAPictureOfThatSizeAreRefused() {
        assertThatThrownBy(() -> LivePictures.jpeg(new byte[W * H], W, H))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64x48");
    }
}

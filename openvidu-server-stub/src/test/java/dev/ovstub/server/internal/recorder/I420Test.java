package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class I420Test {
    private static final int W = 8;
    private static final int H = 4;
    private static final int U = W * H;
    private static final int V = U + U / 4;

    @Test
    void pureRedBgrBecomesBt601LimitedRangeYuvOnlyInsideTheRectangle() {
        byte[] bgr = new byte[W * H * 3];
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i + 2] = (byte) 255;
        }
        byte[] yuv = new byte[W * H * 3 / 2];

        I420.fromBgr(bgr, W, H, new GridLayout.Rect(2, 0, 2, 2), yuv);

        assertThat(yuv[2] & 255).isEqualTo(82);
        assertThat(yuv[W + 3] & 255).isEqualTo(82);
        assertThat(yuv[U + 1] & 255).isEqualTo(90);
        assertThat(yuv[V + 1] & 255).isEqualTo(240);
        assertThat(yuv[0]).as("left of the rectangle").isZero();
        assertThat(yuv[4]).as("right of the rectangle").isZero();
        assertThat(yuv[U]).isZero();
    }

    @Test
    void blackFillAndRectangleCopyTouchOnlyTheirRectangleInAllThreePlanes() {
        byte[] frame = new byte[W * H * 3 / 2];
        GridLayout.Rect r = new GridLayout.Rect(4, 2, 4, 2);

        I420.fillBlack(frame, W, H, r);
        byte[] copy = new byte[frame.length];
        I420.copyRect(frame, copy, W, H, r);

        assertThat(frame[2 * W + 4]).isEqualTo((byte) 16);
        assertThat(frame[U + W / 2 + 2]).isEqualTo((byte) 128);
        assertThat(frame[V + W / 2 + 3]).isEqualTo((byte) 128);
        assertThat(frame[2 * W + 3]).isZero();
        assertThat(frame[U + W / 2 + 1]).isZero();
        assertThat(copy).isEqualTo(frame);
    }

    @Test
    void aPictureIsCopiedWithItsChromaPlanesAtHalfResolution() {
        byte[] picture = {1, 2, 3, 4, /* U */ 5, /* V */ 6};
        byte[] frame = new byte[W * H * 3 / 2];

        I420.copyPicture(picture, 2, 2, frame, W, H, 6, 2);

        assertThat(frame[2 * W + 6]).isEqualTo((byte) 1);
        assertThat(frame[3 * W + 7]).isEqualTo((byte) 4);
        assertThat(frame[U + W / 2 + 3]).isEqualTo((byte) 5);
        assertThat(frame[V + W / 2 + 3]).isEqualTo((byte) 6);
    }
}

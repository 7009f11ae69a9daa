package dev.ovstub.server.internal.recorder;

import java.util.Arrays;

/**
 * Pixel routines on I420 (YUV420P) frames held in one packed array: the Y plane ({@code frameW * frameH} bytes),
 * then U and V ({@code frameW/2 * frameH/2} bytes each). Rectangles have even coordinates and sizes, so each
 * one covers whole chroma samples. BT.601 limited range. No state: the composer owns the buffers.
 */
final class I420 {
    private static final byte BLACK_Y = 16;
    private static final byte BLACK_C = (byte) 128;

    private I420() {}

    /** Fills a rectangle of a frame with black. */
    static void fillBlack(byte[] yuv, int frameW, int frameH, GridLayout.Rect r) {
        for (int row = r.y(); row < r.y() + r.height(); row++) {
            int o = row * frameW + r.x();
            Arrays.fill(yuv, o, o + r.width(), BLACK_Y);
        }
        int cw = frameW / 2;
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        for (int row = r.y() / 2; row < (r.y() + r.height()) / 2; row++) {
            int o = row * cw + r.x() / 2;
            Arrays.fill(yuv, uOff + o, uOff + o + r.width() / 2, BLACK_C);
            Arrays.fill(yuv, vOff + o, vOff + o + r.width() / 2, BLACK_C);
        }
    }

    /** Copies a whole packed I420 picture of {@code w x h} pixels into a frame, its top left corner at x, y. */
    static void copyPicture(byte[] src, int w, int h, byte[] yuv, int frameW, int frameH, int x, int y) {
        for (int row = 0; row < h; row++) {
            System.arraycopy(src, row * w, yuv, (y + row) * frameW + x, w);
        }
        int cw = w / 2;
        int fcw = frameW / 2;
        int uSrc = w * h;
        int vSrc = uSrc + cw * (h / 2);
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        for (int row = 0; row < h / 2; row++) {
            int d = (y / 2 + row) * fcw + x / 2;
            System.arraycopy(src, uSrc + row * cw, yuv, uOff + d, cw);
            System.arraycopy(src, vSrc + row * cw, yuv, vOff + d, cw);
        }
    }

    /**
     * Copies a packed I420 picture of {@code w x h} pixels (even) centred on the rectangle {@code r} of a frame: a
     * picture larger than the rectangle is cropped to its middle part (CSS {@code object-fit: cover}), a smaller one
     * is centred in it (the rest of the rectangle is left as it was). Offsets are rounded down to even pixels.
     */
    static void copyPictureCentred(byte[] src, int w, int h, byte[] yuv, int frameW, int frameH, GridLayout.Rect r) {
        int cw = Math.min(w, r.width());
        int ch = Math.min(h, r.height());
        int sx = (w - cw) / 2 & ~1;
        int sy = (h - ch) / 2 & ~1;
        int dx = r.x() + ((r.width() - cw) / 2 & ~1);
        int dy = r.y() + ((r.height() - ch) / 2 & ~1);
        for (int row = 0; row < ch; row++) {
            System.arraycopy(src, (sy + row) * w + sx, yuv, (dy + row) * frameW + dx, cw);
        }
        int scw = w / 2;
        int fcw = frameW / 2;
        int uSrc = w * h;
        int vSrc = uSrc + scw * (h / 2);
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        for (int row = 0; row < ch / 2; row++) {
            int s = (sy / 2 + row) * scw + sx / 2;
            int d = (dy / 2 + row) * fcw + dx / 2;
            System.arraycopy(src, uSrc + s, yuv, uOff + d, cw / 2);
            System.arraycopy(src, vSrc + s, yuv, vOff + d, cw / 2);
        }
    }

    /** Copies a rectangle from one frame to the same place in another frame of the same size. */
    static void copyRect(byte[] src, byte[] dst, int frameW, int frameH, GridLayout.Rect r) {
        for (int row = r.y(); row < r.y() + r.height(); row++) {
            int o = row * frameW + r.x();
            System.arraycopy(src, o, dst, o, r.width());
        }
        int fcw = frameW / 2;
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        for (int row = r.y() / 2; row < (r.y() + r.height()) / 2; row++) {
            int o = row * fcw + r.x() / 2;
            System.arraycopy(src, uOff + o, dst, uOff + o, r.width() / 2);
            System.arraycopy(src, vOff + o, dst, vOff + o, r.width() / 2);
        }
    }

    /**
     * Converts a rectangle of a packed BGR image ({@code frameW x frameH} pixels, 3 bytes each) into the same
     * rectangle of an I420 frame of the same size. Chroma is the average of each 2x2 block.
     */
    static void fromBgr(byte[] bgr, int frameW, int frameH, GridLayout.Rect r, byte[] yuv) {
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        int cw = frameW / 2;
        int stride = frameW * 3;
        int x0 = r.x();
        int xEnd = r.x() + r.width();
        for (int y = r.y(); y < r.y() + r.height(); y += 2) {
            int row0 = y * stride;
            int row1 = row0 + stride;
            int yRow0 = y * frameW;
            int yRow1 = yRow0 + frameW;
            int cRow = (y / 2) * cw;
            for (int x = x0; x < xEnd; x += 2) {
                int i = row0 + x * 3;
                int b0 = bgr[i] & 255, g0 = bgr[i + 1] & 255, r0 = bgr[i + 2] & 255;
                int b1 = bgr[i + 3] & 255, g1 = bgr[i + 4] & 255, r1 = bgr[i + 5] & 255;
                int j = row1 + x * 3;
                int b2 = bgr[j] & 255, g2 = bgr[j + 1] & 255, r2 = bgr[j + 2] & 255;
                int b3 = bgr[j + 3] & 255, g3 = bgr[j + 4] & 255, r3 = bgr[j + 5] & 255;
                yuv[yRow0 + x] = luma(r0, g0, b0);
                yuv[yRow0 + x + 1] = luma(r1, g1, b1);
                yuv[yRow1 + x] = luma(r2, g2, b2);
                yuv[yRow1 + x + 1] = luma(r3, g3, b3);
                int red = r0 + r1 + r2 + r3;
                int green = g0 + g1 + g2 + g3;
                int blue = b0 + b1 + b2 + b3;
                yuv[uOff + cRow + x / 2] = (byte) (((-38 * red - 74 * green + 112 * blue + 512) >> 10) + 128);
                yuv[vOff + cRow + x / 2] = (byte) (((112 * red - 94 * green - 18 * blue + 512) >> 10) + 128);
            }
        }
    }

    private static byte luma(int r, int g, int b) {
        return (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
    }
}

package dev.ovstub.server.internal.recorder;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A live stream's picture ({@link LiveFrames}: packed YUV420P, BT.601 limited range) as an image a browser draws:
 * what the layout page shows of a browser's camera.
 */
public final class LivePictures {
    private LivePictures() {}

    /** The picture as a JPEG (ImageIO's default quality). */
    public static byte[] jpeg(byte[] yuv, int width, int height) {
        if (width <= 0 || height <= 0 || yuv.length != width * height * 3 / 2) {
            throw new IllegalArgumentException("not a " + width + "x" + height + " YUV420P picture: " + yuv.length + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 8);
        try {
            ImageIO.write(bgr(yuv, width, height), "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The picture in BGR. */
    static BufferedImage bgr(byte[] yuv, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int uBase = w * h;
        int vBase = uBase + (w / 2) * (h / 2);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = (yuv[y * w + x] & 0xFF) - 16;
                int ci = (y / 2) * (w / 2) + x / 2;
                int d = (yuv[uBase + ci] & 0xFF) - 128;
                int e = (yuv[vBase + ci] & 0xFF) - 128;
                int i = (y * w + x) * 3;
                bgr[i] = clamp((298 * c + 516 * d + 128) >> 8);
                bgr[i + 1] = clamp((298 * c - 100 * d - 208 * e + 128) >> 8);
                bgr[i + 2] = clamp((298 * c + 409 * e + 128) >> 8);
            }
        }
        return img;
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}

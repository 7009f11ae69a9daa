package dev.ovstub.server.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads MP4 files in tests with a real decoder (FFmpeg through JavaCV): top-level boxes and decoded pixels. */
public final class Mp4Frames {
    private Mp4Frames() {}

    /** A decoded video frame as packed BGR. */
    public record Picture(int width, int height, int stride, byte[] bgr, long timestampMicros) {
        /** Mean colour {@code 0xRRGGBB} of the (2r+1)^2 square around (x, y). */
        public int rgbAround(int x, int y, int r) {
            long sr = 0, sg = 0, sb = 0, n = 0;
            for (int yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
                for (int xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
                    int i = yy * stride + xx * 3;
                    sb += bgr[i] & 255;
                    sg += bgr[i + 1] & 255;
                    sr += bgr[i + 2] & 255;
                    n++;
                }
            }
            return (int) (sr / n) << 16 | (int) (sg / n) << 8 | (int) (sb / n);
        }
    }

    /**
     * The video frames shown at the given times (microseconds, increasing): each the first one at or after its time.
     *
     * @throws AssertionError when the file has no video frame at one of them
     */
    public static List<Picture> picturesAt(Path file, long... micros) throws IOException {
        List<Picture> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            for (long t : micros) {
                g.setVideoTimestamp(t);
                Frame f = g.grabImage();
                if (f == null) {
                    throw new AssertionError("no video frame at " + t + " us in " + file);
                }
                ByteBuffer b = (ByteBuffer) f.image[0];
                byte[] bytes = new byte[f.imageStride * f.imageHeight];
                b.position(0);
                b.get(bytes, 0, Math.min(bytes.length, b.remaining()));
                out.add(new Picture(f.imageWidth, f.imageHeight, f.imageStride, bytes, f.timestamp));
            }
            g.stop();
        }
        return out;
    }

    /** The video frame shown at {@code micros} (the first one at or after it). */
    public static Picture pictureAt(Path file, long micros) throws IOException {
        return picturesAt(file, micros).get(0);
    }

    /** Types of the top-level boxes, in file order. */
    public static List<String> topLevelBoxes(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 0;
            long len = f.length();
            while (pos + 8 <= len) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                byte[] type = new byte[4];
                f.readFully(type);
                if (size == 1) {
                    size = f.readLong();
                } else if (size == 0) {
                    size = len - pos;
                }
                types.add(new String(type, StandardCharsets.US_ASCII));
                if (size < 8) {
                    break;
                }
                pos += size;
            }
        }
        return types;
    }

    /** Largest per-channel difference between two {@code 0xRRGGBB} colours. */
    public static int colorDistance(int a, int b) {
        int dr = Math.abs((a >> 16 & 255) - (b >> 16 & 255));
        int dg = Math.abs((a >> 8 & 255) - (b >> 8 & 255));
        int db = Math.abs((a & 255) - (b & 255));
        return Math.max(dr, Math.max(dg, db));
    }

    /** {@code 0xRRGGBB} as six hex digits. */
    public static String hex(int rgb) {
        return String.format("%06x", rgb & 0xffffff);
    }
}

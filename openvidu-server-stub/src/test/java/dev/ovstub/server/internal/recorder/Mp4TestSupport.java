package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads MP4 files in tests: top-level boxes, decoded pixels. */
final class Mp4TestSupport {
    private Mp4TestSupport() {}

    /** Types of the top-level boxes, in file order. */
    static List<String> topLevelBoxes(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 0;
            long len = f.length();
            while (pos + 8 <= len) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                byte[] type = new byte[4];
                f.readFully(type);
                if (size == 1) size = f.readLong();
                else if (size == 0) size = len - pos;
                types.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
                if (size < 8) break;
                pos += size;
            }
        }
        return types;
    }

    /** A decoded video frame as packed BGR. */
    record Picture(int width, int height, int stride, byte[] bgr, long timestampMicros) {
        /** Mean colour {@code 0xRRGGBB} of the (2r+1)^2 square around (x, y). */
        int rgbAround(int x, int y, int r) {
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

    /** Decodes the video frames at the given times (microseconds, increasing). */
    static List<Picture> picturesAt(Path file, long... micros) throws IOException {
        List<Picture> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            for (long t : micros) {
                g.setVideoTimestamp(t);
                Frame f = g.grabImage();
                if (f == null) throw new IOException("no frame at " + t + " us");
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

    /** Largest per-channel difference between two {@code 0xRRGGBB} colours. */
    static int colorDistance(int a, int b) {
        return Math.max(Math.abs(TileColors.red(a) - TileColors.red(b)),
                Math.max(Math.abs(TileColors.green(a) - TileColors.green(b)),
                        Math.abs(TileColors.blue(a) - TileColors.blue(b))));
    }
}

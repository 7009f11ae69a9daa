package dev.ovstub.it.support;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads recordings with a real decoder (FFmpeg through JavaCV): codecs, duration, and pixels of the grid. */
public final class Mp4 {
    private Mp4() {}

    /** What the decoder says about a file. */
    public record Info(String format, int videoCodecId, String videoCodec, int audioCodecId, String audioCodec,
                       double durationSeconds, int width, int height, int audioChannels, int videoFrames) {
        public boolean isH264() {
            return videoCodecId == avcodec.AV_CODEC_ID_H264;
        }

        public boolean isAac() {
            return audioCodecId == avcodec.AV_CODEC_ID_AAC;
        }
    }

    public static Info probe(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            Info info = new Info(g.getFormat(), g.getVideoCodec(), g.getVideoCodecName(), g.getAudioCodec(),
                    g.getAudioCodecName(), g.getLengthInTime() / 1e6, g.getImageWidth(), g.getImageHeight(),
                    g.getAudioChannels(), g.getLengthInVideoFrames());
            g.stop();
            return info;
        }
    }

    /** A decoded frame, packed BGR. */
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

    /** The video frame shown at {@code micros} (the first one at or after it). */
    public static Picture pictureAt(Path file, long micros) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            g.setVideoTimestamp(micros);
            Frame f = g.grabImage();
            if (f == null) {
                throw new AssertionError("no video frame at " + micros + " us in " + file);
            }
            ByteBuffer b = (ByteBuffer) f.image[0];
            byte[] bytes = new byte[f.imageStride * f.imageHeight];
            b.position(0);
            b.get(bytes, 0, Math.min(bytes.length, b.remaining()));
            Picture p = new Picture(f.imageWidth, f.imageHeight, f.imageStride, bytes, f.timestamp);
            g.stop();
            return p;
        }
    }

    /** Largest per-channel difference between two {@code 0xRRGGBB} colours. */
    public static int colorDistance(int a, int b) {
        int dr = Math.abs((a >> 16 & 255) - (b >> 16 & 255));
        int dg = Math.abs((a >> 8 & 255) - (b >> 8 & 255));
        int db = Math.abs((a & 255) - (b & 255));
        return Math.max(dr, Math.max(dg, db));
    }

    public static String hex(int rgb) {
        return String.format("%06x", rgb & 0xffffff);
    }

    /**
     * The recorder's BEST_FIT tile centres and tile colours, read from the server module's recorder classes
     * ({@code GridLayout.bestFit}, {@code TileColors.colorFor}). Reflection keeps this module compiling while the
     * recorder is not on the class path.
     */
    public static final class Layout {
        private Layout() {}

        /** Centres {@code [x, y]} of the tiles of {@code n} publishers in a {@code width x height} frame. */
        public static List<int[]> tileCentres(int n, int width, int height) {
            try {
                Class<?> grid = Class.forName("dev.ovstub.server.internal.recorder.GridLayout");
                List<?> rects = (List<?>) grid.getMethod("bestFit", int.class, int.class, int.class)
                        .invoke(null, n, width, height);
                List<int[]> centres = new ArrayList<>();
                for (Object r : rects) {
                    Method cx = r.getClass().getMethod("centerX");
                    Method cy = r.getClass().getMethod("centerY");
                    cx.setAccessible(true);
                    cy.setAccessible(true);
                    centres.add(new int[] {(int) cx.invoke(r), (int) cy.invoke(r)});
                }
                return centres;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the recorder's GridLayout is not usable: " + e, e);
            }
        }

        /** The background colour {@code 0xRRGGBB} of a participant's tile. */
        public static int colorFor(String participantId) {
            try {
                Class<?> colors = Class.forName("dev.ovstub.server.internal.recorder.TileColors");
                Method m = colors.getMethod("colorFor", String.class);
                m.setAccessible(true);
                return (int) m.invoke(null, participantId);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the recorder's TileColors is not usable: " + e, e);
            }
        }
    }
}

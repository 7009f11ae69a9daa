package dev.ovstub.it.support;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Reads recordings with a real decoder (FFmpeg through JavaCV): codecs, duration, and the grid's geometry and
 * colours. Pixels are read with the shared {@link dev.ovstub.server.testing.Mp4Frames}.
 */
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

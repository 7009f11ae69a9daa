package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Reads the {@link MediaInfo} of a finished file (what 1.8 read with ffprobe). */
public final class Mp4Probe {
    private Mp4Probe() {}

    /**
     * Probes {@code file}: size from the file system, the rest from the container and its streams.
     *
     * @throws IOException if the file is missing or not a readable media file
     */
    public static MediaInfo probe(Path file) throws IOException {
        long size = Files.size(file);
        Ffmpeg.init();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            boolean video = g.hasVideo();
            boolean audio = g.hasAudio();
            double duration = g.getLengthInTime() / 1_000_000.0;
            return new MediaInfo(size, Math.max(0, duration), audio, video,
                    video ? g.getVideoCodecName() : null, audio ? g.getAudioCodecName() : null,
                    video ? g.getImageWidth() : 0, video ? g.getImageHeight() : 0,
                    video ? g.getVideoFrameRate() : 0);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // released anyway
            }
        }
    }
}

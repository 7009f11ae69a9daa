package dev.ovstub.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A whole media file decoded with a real decoder (FFmpeg through JavaCV), and its streams as {@code ffprobe} lists
 * them: for tests of WebM and MP4 files that must decode from end to end.
 *
 * @param videoFrames       decoded pictures
 * @param audioSamples      decoded audio samples (per channel)
 * @param sampleRate        audio sample rate, 0 without audio
 * @param lastVideoMicros   timestamp of the last picture, -1 without video
 * @param videoCodec        FFmpeg's name of the video codec, or null
 * @param audioCodec        FFmpeg's name of the audio codec, or null
 */
public record Decoded(long videoFrames, long audioSamples, int sampleRate, long lastVideoMicros, String videoCodec,
                      String audioCodec) {
    /** Seconds of audio decoded. */
    public double audioSeconds() {
        return sampleRate == 0 ? 0 : audioSamples / (double) sampleRate;
    }

    /** Decodes every frame of {@code file}; throws if the decoder gives up. */
    public static Decoded of(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            long frames = 0;
            long samples = 0;
            long last = -1;
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) {
                    frames++;
                    last = f.timestamp;
                }
                if (f.samples != null) samples += f.samples[0].limit() / Math.max(1, f.samples.length == 1 ? f.audioChannels : 1);
            }
            Decoded d = new Decoded(frames, samples, g.hasAudio() ? g.getSampleRate() : 0, last,
                    g.hasVideo() ? g.getVideoCodecName() : null, g.hasAudio() ? g.getAudioCodecName() : null);
            g.stop();
            return d;
        }
    }

    /** The {@code codec_type} of each stream of {@code file}, as the {@code ffprobe} program lists them. */
    public static List<String> streamTypes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffprobe did not finish on " + file);
        }
        if (p.exitValue() != 0) throw new IOException("ffprobe failed on " + file + ": " + out);
        List<String> types = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (!line.isBlank()) types.add(line.trim());
        }
        return types;
    }

    /** The container duration of {@code file} in seconds, as {@code ffprobe} reads it. */
    public static double ffprobeDuration(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffprobe did not finish on " + file);
        }
        try {
            return Double.parseDouble(out);
        } catch (NumberFormatException e) {
            throw new IOException("ffprobe gave no duration for " + file + ": " + out);
        }
    }
}

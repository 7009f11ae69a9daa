package dev.ovstub.server.testing;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The audio of a media file decoded with a real decoder (FFmpeg through JavaCV) as mono 16-bit samples (the first
 * channel), for tests that check what a recording sounds like.
 *
 * @param samples    the decoded samples
 * @param sampleRate their rate
 */
public record DecodedAudio(short[] samples, int sampleRate) {
    /** Decodes the whole audio track of {@code file}; no track gives no samples. */
    public static DecodedAudio of(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            int rate = g.getSampleRate();
            int channels = Math.max(1, g.getAudioChannels());
            ShortBuffer all = ShortBuffer.allocate(1 << 16);
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) continue;
                ShortBuffer in = (ShortBuffer) f.samples[0];
                int n = in.remaining() / channels;
                if (all.remaining() < n) {
                    ShortBuffer bigger = ShortBuffer.allocate(Math.max(all.capacity() * 2, all.position() + n));
                    all.flip();
                    bigger.put(all);
                    all = bigger;
                }
                for (int i = 0; i < n; i++) {
                    all.put(in.get(in.position() + i * channels));
                }
            }
            g.stop();
            short[] samples = new short[all.position()];
            all.flip();
            all.get(samples);
            return new DecodedAudio(samples, rate);
        }
    }

    public double seconds() {
        return sampleRate == 0 ? 0 : samples.length / (double) sampleRate;
    }

    /** The root mean square of each {@code millis}-long window from {@code fromSeconds} to {@code toSeconds}. */
    public double[] rmsWindows(double fromSeconds, double toSeconds, int millis) {
        int window = Math.max(1, sampleRate * millis / 1000);
        int start = (int) Math.min(samples.length, Math.round(fromSeconds * sampleRate));
        int end = (int) Math.min(samples.length, Math.round(toSeconds * sampleRate));
        int n = Math.max(0, (end - start) / window);
        double[] out = new double[n];
        for (int w = 0; w < n; w++) {
            double sum = 0;
            for (int i = 0; i < window; i++) {
                double s = samples[start + w * window + i];
                sum += s * s;
            }
            out[w] = Math.sqrt(sum / window);
        }
        return out;
    }
}

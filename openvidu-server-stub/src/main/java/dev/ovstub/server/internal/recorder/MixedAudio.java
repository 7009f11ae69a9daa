package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The audio track of one output file: the mixer's mono 16-bit samples written in chunks, and how many so far. The
 * encoders' shared part; not thread-safe (one thread writes).
 */
final class MixedAudio {
    private static final int CHUNK = 4800;

    private final int sampleRate;
    private final ShortBuffer buffer = ByteBuffer.allocateDirect(CHUNK * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
    private long samplesWritten;

    MixedAudio(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    long samplesWritten() {
        return samplesWritten;
    }

    /** Seconds written so far. */
    double seconds() {
        return samplesWritten / (double) sampleRate;
    }

    /** Mixes and writes audio until {@code totalSamples} have been written. */
    void writeUpTo(FFmpegFrameRecorder recorder, long totalSamples, AudioMixer mixer, short[] scratch) {
        try {
            while (samplesWritten < totalSamples) {
                int n = (int) Math.min(CHUNK, totalSamples - samplesWritten);
                n = Math.min(n, scratch.length);
                mixer.mix(scratch, n);
                buffer.clear();
                buffer.put(scratch, 0, n);
                buffer.flip();
                recorder.recordSamples(sampleRate, 1, buffer);
                samplesWritten += n;
            }
        } catch (FrameRecorder.Exception e) {
            throw new RecorderException("audio encoding failed: " + e.getMessage(), e);
        }
    }
}

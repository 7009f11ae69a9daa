package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;

/**
 * One output file being encoded: video frames at explicit frame numbers (YUV 4:2:0, no padding) and mono 16-bit
 * audio pulled from an {@link AudioMixer}. Either track may be absent; writing to an absent track does nothing. Not
 * thread-safe: one thread writes.
 */
interface MediaEncoder {
    /** Opens the file (its header is written: the file exists, non-empty). */
    void open();

    /** Encodes one frame as frame number {@code k} (nothing without a video track). */
    void writeVideo(long k, ByteBuffer yuv420p);

    /** Mixes and writes audio until {@code totalSamples} have been written (nothing without an audio track). */
    void writeAudioUpTo(long totalSamples, AudioMixer mixer, short[] scratch);

    /** Flushes the encoders and finishes the file. */
    void finish();

    /** Frees everything without finishing. */
    void release();
}

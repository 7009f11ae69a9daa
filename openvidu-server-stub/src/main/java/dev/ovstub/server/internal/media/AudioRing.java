package dev.ovstub.server.internal.media;

/**
 * The last {@link #SECONDS} seconds of one received stream's audio, mono 16-bit, with a position that only grows:
 * the recorder asks for what came after the position it last read ({@code LiveFrames}' audio contract). What
 * libwebrtc hands the track's sink (any rate, one or more channels, 10 ms at a time) is folded to mono here; the
 * rate is kept and told. Thread-safe: libwebrtc writes, the HTTP handler reads.
 */
final class AudioRing {
    static final int SECONDS = 2;

    private short[] samples;
    private int sampleRate;
    /** Samples written since the first one: the position after the newest. */
    private long written;
    /** The position of the first sample at the current rate: nothing before it is kept. */
    private long rateStart;

    /**
     * Appends one chunk as the sink receives it: {@code frames} frames of {@code channels} interleaved samples of
     * {@code bitsPerSample} (16 is the only depth libwebrtc delivers; others are dropped), little-endian.
     */
    synchronized void append(byte[] data, int bitsPerSample, int rate, int channels, int frames) {
        if (bitsPerSample != 16 || channels < 1 || rate <= 0 || data.length < frames * channels * 2) {
            return;
        }
        if (samples == null || rate != sampleRate) {
            samples = new short[rate * SECONDS];
            sampleRate = rate;
            rateStart = written;
        }
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = (f * channels + c) * 2;
                sum += (short) ((data[i] & 0xFF) | (data[i + 1] << 8));
            }
            samples[(int) (written % samples.length)] = (short) (sum / channels);
            written++;
        }
    }

    /**
     * What was written from {@code from} on (or from the oldest kept: at most {@link #SECONDS} s, and only at the
     * current rate), or null before the first sample.
     */
    synchronized Chunk since(long from) {
        if (samples == null) {
            return null;
        }
        long start = Math.max(from < 0 ? written : from, Math.max(written - samples.length, rateStart));
        start = Math.min(start, written);
        int n = (int) (written - start);
        byte[] out = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = samples[(int) ((start + i) % samples.length)];
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return new Chunk(out, start, sampleRate);
    }

    /** Samples (16-bit little-endian mono) starting at position {@code from}, at {@code sampleRate}. */
    record Chunk(byte[] pcm, long from, int sampleRate) {}
}

package dev.ovstub.server.internal.recorder;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser's live audio as a voice of the mix: the samples a media worker received ({@link LiveFrames}' audio
 * contract), fetched every {@link #POLL_MILLIS} on a daemon thread of its own, brought to the mix's rate, and played
 * out through a small jitter buffer. The buffer fills to {@link #PRIME_MILLIS} before it plays (and again after it
 * ran dry), and playing keeps it near that lag: when a take would leave more than {@link #HIGH_MILLIS} buffered (a
 * burst after a stall, or the sender's clock running a little fast), the oldest samples are skipped, crossfaded over
 * {@link #CROSSFADE_MILLIS} so that the skip makes no click, and {@link #PRIME_MILLIS} are left. So the audio is at
 * most {@link #HIGH_MILLIS} behind what it was fetched with. Between two takes it holds at most {@link #MAX_MILLIS},
 * the oldest samples going first (a cut without a crossfade: only a poll bringing more than that at once does it). A
 * stream that sends nothing is silence.
 */
final class LiveAudio implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveAudio.class);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    static final long POLL_MILLIS = 40;
    static final int PRIME_MILLIS = 120;
    /** Playing, more than this buffered is skipped back to {@link #PRIME_MILLIS}. */
    static final int HIGH_MILLIS = 200;
    static final int MAX_MILLIS = 500;
    /** How long a skip's crossfade lasts, old samples fading out as the newer fade in. */
    static final int CROSSFADE_MILLIS = 5;

    private final URI source;
    private final int sampleRate;
    private final short[] buffer;
    private final int prime;
    private final int high;
    private final int crossfade;
    private int head;
    private int size;
    private boolean playing;
    private final Thread thread;
    private volatile boolean closed;
    /** The resampler's position between two input samples, and the last input sample, kept across chunks. */
    private double resamplePhase;
    private short lastInput;

    /** @param media {@code live:<pictures URL>} of the layout state; the audio is beside the pictures */
    LiveAudio(String media, int sampleRate) {
        this.source = URI.create(LiveFrames.audioUrl(media.substring(LiveFrames.PREFIX.length())));
        this.sampleRate = sampleRate;
        this.buffer = new short[sampleRate * MAX_MILLIS / 1000];
        this.prime = sampleRate * PRIME_MILLIS / 1000;
        this.high = sampleRate * HIGH_MILLIS / 1000;
        this.crossfade = Math.max(1, sampleRate * CROSSFADE_MILLIS / 1000);
        this.thread = new Thread(this::run, "ovstub-live-audio-" + THREAD_IDS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Takes the next {@code count} samples into {@code out}: what is buffered, then silence if it ran dry (the voice
     * primes again before it plays on).
     */
    synchronized void take(short[] out, int count) {
        if (playing && size - count > high) {
            skipTo(prime + count);
        }
        int n = playing ? Math.min(count, size) : 0;
        for (int i = 0; i < n; i++) {
            out[i] = buffer[(head + i) % buffer.length];
        }
        head = (head + n) % buffer.length;
        size -= n;
        java.util.Arrays.fill(out, n, count, (short) 0);
        if (n < count) {
            playing = false;
        }
    }

    /**
     * Drops the oldest samples, keeping the newest {@code keep}. The first samples kept are crossfaded with the ones
     * that would have played, so the cut makes no step in the signal.
     */
    private void skipTo(int keep) {
        int skip = size - keep;
        int fade = Math.min(crossfade, keep);
        for (int j = 0; j < fade; j++) {
            double w = (j + 1) / (fade + 1.0);
            int newer = (head + skip + j) % buffer.length;
            buffer[newer] = (short) Math.round((1 - w) * buffer[(head + j) % buffer.length] + w * buffer[newer]);
        }
        head = (head + skip) % buffer.length;
        size = keep;
    }

    /** Samples at the mix's rate, appended; the oldest go when the buffer is full. */
    private synchronized void append(short[] samples, int n) {
        for (int i = 0; i < n; i++) {
            if (size == buffer.length) {
                head = (head + 1) % buffer.length;
                size--;
            }
            buffer[(head + size) % buffer.length] = samples[i];
            size++;
        }
        if (!playing && size >= prime) {
            playing = true;
        }
    }

    /** Samples buffered and not yet taken (for tests). */
    synchronized int buffered() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        long[] next = {-1};
        LiveRequests.poll(() -> closed, POLL_MILLIS, () -> URI.create(source + (next[0] < 0 ? "" : "?from=" + next[0])),
                (c, pcm) -> {
                    long from = Long.parseLong(c.getHeaderField(LiveFrames.FROM_HEADER));
                    int rate = Integer.parseInt(c.getHeaderField(LiveFrames.RATE_HEADER));
                    if (next[0] >= 0) {
                        received(pcm, rate);
                    }
                    next[0] = from + pcm.length / 2;
                }, log, "Live audio", "silent");
    }

    /** Mono 16-bit little-endian samples at {@code rate}, brought to the mix's rate (linear) and appended. */
    void received(byte[] pcm, int rate) {
        int n = pcm.length / 2;
        short[] in = new short[n];
        for (int i = 0; i < n; i++) {
            in[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        if (rate == sampleRate) {
            append(in, n);
            return;
        }
        // Output sample j lies at input position phase + j * ratio, between in[k-1] (or the last chunk's) and in[k].
        double ratio = rate / (double) sampleRate;
        short[] out = new short[(int) Math.ceil(n / ratio) + 1];
        int m = 0;
        double pos = resamplePhase;
        while (pos < n) {
            int k = (int) pos;
            double f = pos - k;
            short a = k == 0 ? lastInput : in[k - 1];
            out[m++] = (short) Math.round(a + (in[k] - a) * f);
            pos += ratio;
        }
        resamplePhase = pos - n;
        if (n > 0) {
            lastInput = in[n - 1];
        }
        append(out, m);
    }
}

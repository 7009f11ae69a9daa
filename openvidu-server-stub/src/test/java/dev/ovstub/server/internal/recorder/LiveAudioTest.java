package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A browser's live audio as a voice of the mix, read from a real HTTP server speaking {@link LiveFrames}' audio
 * contract in real time.
 */
class LiveAudioTest {
    private static final int RATE = 48_000;
    private static final double FREQUENCY = 997; // not a whole number of periods per millisecond: a skip would show
    private static final double AMPLITUDE = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeAudioServer server;
    private final List<LiveAudio> audios = new ArrayList<>();

    @AfterEach
    void stop() {
        audios.forEach(LiveAudio::close);
        if (server != null) {
            server.close();
        }
    }

    private FakeAudioServer server(int rate) throws IOException {
        server = new FakeAudioServer(rate);
        return server;
    }

    private LiveAudio live(String media, int sampleRate) {
        LiveAudio a = new LiveAudio(media, sampleRate);
        audios.add(a);
        return a;
    }

    /** A live audio whose stream never has audio (204): only {@link LiveAudio#received} fills it. */
    private LiveAudio fedByHand(int sampleRate) throws IOException {
        server(RATE).stream("quiet", Signals.sine(FREQUENCY, AMPLITUDE)).status = 204;
        return live(server.media("quiet"), sampleRate);
    }

    private static short[] take(LiveAudio a, int count) {
        short[] out = new short[count];
        a.take(out, count);
        return out;
    }

    // ---- through the HTTP contract ----

    @Test
    void oncePrimedItPlaysTheStreamsSineFromTheAudioUrlBesideThePictures() throws IOException {
        FakeAudioServer.Stream s = server(RATE).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        LiveAudio a = live(server.media("s1"), RATE);
        int n = RATE * 300 / 1000;

        Await.until(() -> a.buffered() >= n, WAIT, () -> "300 ms buffered, have " + a.buffered());
        short[] out = take(a, n);

        assertThat(s.requests.get()).isGreaterThan(1);
        assertThat(server.unknownRequests.get()).as("requests beside /audio/s1").isZero();
        assertThat(Signals.frequency(out, RATE)).isCloseTo(FREQUENCY, withPercentage(1));
        assertThat(Signals.peak(out)).isBetween((int) (AMPLITUDE * 0.98), (int) AMPLITUDE + 1);
        assertThat(Signals.largestStep(out)).as("no skipped or repeated samples between polls")
                .isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, RATE));
    }

    @Test
    void aStreamAtSixteenKilohertzIsResampledToTheMixRateKeepingItsFrequency() throws IOException {
        server(16_000).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        LiveAudio a = live(server.media("s1"), RATE);
        int n = RATE * 300 / 1000;

        Await.until(() -> a.buffered() >= n, WAIT, () -> "300 ms buffered, have " + a.buffered());
        short[] out = take(a, n);

        assertThat(Signals.frequency(out, RATE)).isCloseTo(FREQUENCY, withPercentage(1));
        assertThat(Signals.peak(out)).isBetween((int) (AMPLITUDE * 0.95), (int) AMPLITUDE + 1);
        // the stream's very start ramps in from silence over one input sample (3 output samples): not a chunk boundary
        short[] afterStart = java.util.Arrays.copyOfRange(out, 3, out.length);
        assertThat(Signals.largestStep(afterStart)).as("no click where chunks meet")
                .isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, RATE));
    }

    @Test
    void beforeAnyAudioTakeIsSilenceWithoutBlockingAndTheVoicePlaysOnceAudioComes() throws IOException {
        FakeAudioServer.Stream s = server(RATE).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        s.status = 204;
        LiveAudio a = live(server.media("s1"), RATE);
        Await.until(() -> s.requests.get() >= 3, WAIT, () -> "3 polls, saw " + s.requests.get());

        short[] before = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> take(a, 480));

        assertThat(before).containsOnly((short) 0);
        assertThat(a.buffered()).isZero();

        s.status = 200;
        int prime = RATE * LiveAudio.PRIME_MILLIS / 1000;
        Await.until(() -> a.buffered() >= prime, WAIT, () -> "primed, have " + a.buffered());
        assertThat(Signals.peak(take(a, 480))).isGreaterThan((int) (AMPLITUDE / 2));
    }

    @Test
    void theBufferNeverHoldsMoreThanMaxMillisEvenIfNobodyTakes() throws IOException {
        FakeAudioServer.Stream s = server(RATE).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        LiveAudio a = live(server.media("s1"), RATE);
        int max = RATE * LiveAudio.MAX_MILLIS / 1000;
        AtomicInteger most = new AtomicInteger();

        Await.until(() -> {
            most.accumulateAndGet(a.buffered(), Math::max);
            return s.served.get() >= max * 3L / 2;
        }, WAIT, () -> "1.5 times the maximum served, served " + s.served.get());

        assertThat(most.get()).isLessThanOrEqualTo(max);
        assertThat(a.buffered()).as("full, not more").isEqualTo(max);
        short[] out = take(a, max);
        assertThat(Signals.largestStep(out)).as("what is kept is contiguous")
                .isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, RATE));
    }

    @Test
    void aStreamThatIsGoneIsSilenceAndCloseEndsTheThread() throws IOException {
        FakeAudioServer.Stream s = server(RATE).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        s.status = 404;
        Set<Thread> before = liveAudioThreads();
        LiveAudio a = live(server.media("s1"), RATE);
        Thread thread = onlyNew(before);

        Await.until(() -> s.requests.get() >= 3, WAIT, () -> "3 polls, saw " + s.requests.get());

        assertThat(thread.isAlive()).as("the poller survives 404s").isTrue();
        assertThat(take(a, 480)).containsOnly((short) 0);
        assertThat(a.buffered()).isZero();

        a.close();
        Await.await(() -> !thread.isAlive(), WAIT, "the polling thread to end");
    }

    @Test
    void aServerThatIsNotListeningIsSilenceAndCloseEndsTheThread() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Set<Thread> before = liveAudioThreads();
        LiveAudio a = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> live(LiveFrames.PREFIX + "http://127.0.0.1:" + port + "/frames/s1", RATE));
        Thread thread = onlyNew(before);

        // between two failed polls, it sleeps: it went round its loop at least once and is still there
        Await.await(() -> thread.getState() == Thread.State.TIMED_WAITING, WAIT, "the poller to wait for its next poll");
        assertThat(thread.isAlive()).isTrue();
        assertThatCode(() -> assertThat(take(a, 480)).containsOnly((short) 0)).doesNotThrowAnyException();
        assertThat(a.buffered()).isZero();

        a.close();
        Await.await(() -> !thread.isAlive(), WAIT, "the polling thread to end");
    }

    @Test
    void closeEndsTheThreadOfAPlayingVoice() throws IOException {
        server(RATE).stream("s1", Signals.sine(FREQUENCY, AMPLITUDE));
        Set<Thread> before = liveAudioThreads();
        LiveAudio a = live(server.media("s1"), RATE);
        Thread thread = onlyNew(before);
        Await.until(() -> a.buffered() > 0, WAIT, () -> "samples received");

        a.close();

        Await.await(() -> !thread.isAlive(), WAIT, "the polling thread to end");
    }

    // ---- received(), by hand ----

    @Test
    void untilPrimedTakeIsSilenceAndKeepsWhatIsBuffered() throws IOException {
        LiveAudio a = fedByHand(RATE);
        int prime = RATE * LiveAudio.PRIME_MILLIS / 1000;

        a.received(Signals.pcm(Signals.constant(prime - 1, 1000)), RATE);

        assertThat(take(a, 480)).containsOnly((short) 0);
        assertThat(a.buffered()).isEqualTo(prime - 1);

        a.received(Signals.pcm(Signals.constant(1, 1000)), RATE);

        assertThat(take(a, 480)).containsOnly((short) 1000);
        assertThat(a.buffered()).isEqualTo(prime - 480);
    }

    @Test
    void afterRunningDryTakeIsSilenceUntilPrimedAgain() throws IOException {
        LiveAudio a = fedByHand(RATE);
        int prime = RATE * LiveAudio.PRIME_MILLIS / 1000;
        a.received(Signals.pcm(Signals.constant(prime, 1000)), RATE);

        short[] dry = take(a, prime + 240);

        for (int i = 0; i < prime; i++) {
            assertThat(dry[i]).as("sample %d", i).isEqualTo((short) 1000);
        }
        for (int i = prime; i < dry.length; i++) {
            assertThat(dry[i]).as("sample %d", i).isZero();
        }
        assertThat(a.buffered()).isZero();

        a.received(Signals.pcm(Signals.constant(prime / 2, 2000)), RATE);
        assertThat(take(a, 480)).as("less than primed again").containsOnly((short) 0);
        assertThat(a.buffered()).isEqualTo(prime / 2);

        a.received(Signals.pcm(Signals.constant(prime - prime / 2, 2000)), RATE);
        assertThat(take(a, 480)).containsOnly((short) 2000);
    }

    @Test
    void takeOfAnEmptyVoiceNeverBlocks() throws IOException {
        LiveAudio a = fedByHand(RATE);

        short[] out = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            short[] last = null;
            for (int i = 0; i < 100; i++) {
                last = take(a, 480);
            }
            return last;
        });

        assertThat(out).containsOnly((short) 0);
    }

    @Test
    void whatIsReceivedBeyondMaxMillisPushesOutTheOldest() throws IOException {
        LiveAudio a = fedByHand(RATE);
        int max = RATE * LiveAudio.MAX_MILLIS / 1000;
        short[] ramp = new short[2 * max]; // -max .. max-1: each sample tells its place
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) (i - max);
        }

        a.received(Signals.pcm(ramp), RATE);

        assertThat(a.buffered()).isEqualTo(max);
        short[] out = take(a, max);
        for (int i = 0; i < max; i++) {
            assertThat(out[i]).as("sample %d", i).isEqualTo((short) i);
        }
    }

    @Test
    void aTakeThatWouldLeaveMoreThanHighMillisSkipsToTheNewestPrimeMillisAfterIt() throws IOException {
        LiveAudio a = fedByHand(RATE);
        int max = RATE * LiveAudio.MAX_MILLIS / 1000;
        int prime = RATE * LiveAudio.PRIME_MILLIS / 1000;
        int fade = RATE * LiveAudio.CROSSFADE_MILLIS / 1000;
        short[] ramp = new short[max]; // 0 .. max-1: each sample tells its place
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) i;
        }
        a.received(Signals.pcm(ramp), RATE);

        short[] out = take(a, 480);

        assertThat(a.buffered()).isEqualTo(prime);
        int first = max - prime - 480; // the first sample kept
        for (int i = 0; i < fade; i++) {
            double w = (i + 1) / (fade + 1.0); // the newer sample's share grows across the fade
            assertThat(out[i]).as("sample %d, crossfaded", i).isEqualTo((short) Math.round((1 - w) * i + w * (first + i)));
        }
        for (int i = fade; i < 480; i++) {
            assertThat(out[i]).as("sample %d", i).isEqualTo((short) (first + i));
        }
        assertThat(take(a, prime)[0]).isEqualTo((short) (first + 480));
    }

    @Test
    void aBurstBeyondHighMillisIsSkippedBackToThePrimedLagWithoutAClick() throws IOException {
        LiveAudio a = fedByHand(RATE);
        int prime = RATE * LiveAudio.PRIME_MILLIS / 1000;
        int high = RATE * LiveAudio.HIGH_MILLIS / 1000;
        int chunk = RATE / 100;
        short[] sine = Signals.sample(Signals.sine(FREQUENCY, AMPLITUDE), 0, RATE * 2, RATE);
        List<short[]> played = new ArrayList<>();
        int fed = prime;
        a.received(Signals.pcm(java.util.Arrays.copyOfRange(sine, 0, fed)), RATE);

        // Steady: 10 ms in, 10 ms out; then a stall of 300 ms whose audio comes at once; then steady again.
        for (int k = 0; k < 20; k++, fed += chunk) {
            a.received(Signals.pcm(java.util.Arrays.copyOfRange(sine, fed, fed + chunk)), RATE);
            played.add(take(a, chunk));
        }
        int burst = RATE * 300 / 1000;
        a.received(Signals.pcm(java.util.Arrays.copyOfRange(sine, fed, fed + burst)), RATE);
        fed += burst;
        assertThat(a.buffered()).as("behind by the stall").isGreaterThan(high);
        for (int k = 0; k < 20; k++, fed += chunk) {
            played.add(take(a, chunk));
            assertThat(a.buffered()).as("back to the primed lag at once").isLessThanOrEqualTo(prime);
            a.received(Signals.pcm(java.util.Arrays.copyOfRange(sine, fed, fed + chunk)), RATE);
        }

        short[] out = new short[played.size() * chunk];
        for (int k = 0; k < played.size(); k++) {
            System.arraycopy(played.get(k), 0, out, k * chunk, chunk);
        }
        int fade = RATE * LiveAudio.CROSSFADE_MILLIS / 1000;
        // A crossfade between two phases of the sine steps at most by the sine's slope plus the fade's own share.
        assertThat(Signals.largestStep(out)).as("no click at the skip")
                .isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, RATE) + (int) Math.ceil(2 * AMPLITUDE / fade));
        assertThat(Signals.frequency(out, RATE)).isCloseTo(FREQUENCY, withPercentage(1));
        assertThat(Signals.peak(out)).isGreaterThan((int) (AMPLITUDE * 0.97));
    }

    @Test
    void sixteenKilohertzChunksResampledToFortyEightKeepTheFrequencyAndDoNotClick() throws IOException {
        LiveAudio a = fedByHand(RATE);
        short[] sine = Signals.sample(Signals.sine(FREQUENCY, AMPLITUDE), 0, 16_000 * 3 / 10, 16_000);

        feedInPieces(a, sine, 16_000, 160, 7, 333, 1, 2, 159, 480, 13);

        int n = a.buffered();
        assertThat(n).as("three times the input").isBetween(3 * sine.length - 2, 3 * sine.length + 1);
        short[] out = take(a, n);
        assertThat(Signals.frequency(out, RATE)).isCloseTo(FREQUENCY, withPercentage(0.5));
        assertThat(Signals.peak(out)).isBetween((int) (AMPLITUDE * 0.97), (int) AMPLITUDE + 1);
        assertThat(Signals.largestStep(out)).as("no click where chunks meet")
                .isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, RATE));
    }

    @Test
    void howTheInputIsCutDoesNotChangeTheResampledOutput() throws IOException {
        short[] sine = Signals.sample(Signals.sine(FREQUENCY, AMPLITUDE), 0, 16_000 * 3 / 10, 16_000);
        LiveAudio whole = fedByHand(RATE);
        LiveAudio cut = live(server.media("quiet"), RATE);

        whole.received(Signals.pcm(sine), 16_000);
        feedInPieces(cut, sine, 16_000, 160, 7, 333, 1, 2, 159, 480, 13);

        short[] a = take(whole, whole.buffered());
        short[] b = take(cut, cut.buffered());
        assertThat(Math.abs(a.length - b.length)).isLessThanOrEqualTo(1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            assertThat(Math.abs(a[i] - b[i])).as("sample %d: %d whole, %d cut", i, a[i], b[i]).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aFortyEightKilohertzStreamIntoASixteenKilohertzMixKeepsTheFrequency() throws IOException {
        LiveAudio a = fedByHand(16_000);
        short[] sine = Signals.sample(Signals.sine(FREQUENCY, AMPLITUDE), 0, RATE * 3 / 10, RATE);

        feedInPieces(a, sine, RATE, 480, 17, 1000, 3, 479);

        int n = a.buffered();
        assertThat(n).isBetween(sine.length / 3 - 1, sine.length / 3 + 1);
        short[] out = take(a, n);
        assertThat(Signals.frequency(out, 16_000)).isCloseTo(FREQUENCY, withPercentage(0.5));
        assertThat(Signals.largestStep(out)).isLessThanOrEqualTo(Signals.maxStep(FREQUENCY, AMPLITUDE, 16_000));
    }

    /** Feeds {@code samples} through {@code received}, cut in pieces of the given sizes, cyclically. */
    private static void feedInPieces(LiveAudio a, short[] samples, int rate, int... sizes) {
        int at = 0;
        for (int k = 0; at < samples.length; k++) {
            int n = Math.min(sizes[k % sizes.length], samples.length - at);
            short[] piece = new short[n];
            System.arraycopy(samples, at, piece, 0, n);
            a.received(Signals.pcm(piece), rate);
            at += n;
        }
    }

    // ---- helpers shared with AudioMixerLiveVoiceTest ----

    /** The live threads that are {@link LiveAudio}s' pollers. */
    static Set<Thread> liveAudioThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ovstub-live-audio-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The pollers started (and still running) since {@code before} was listed. */
    static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = liveAudioThreads();
        now.removeAll(before);
        return now;
    }

    /** The one poller started since {@code before} was listed. */
    static Thread onlyNew(Set<Thread> before) {
        Set<Thread> now = startedSince(before);
        assertThat(now).as("live audio threads started").hasSize(1);
        return now.iterator().next();
    }

    /**
     * A media worker's audio endpoint ({@link LiveFrames}): {@code GET /audio/<stream>?from=N} answers the samples of
     * the stream from N (or from the oldest of the last 2 s) up to now; without {@code from}, no samples and the
     * newest position. The position grows with wall-clock time at the server's rate, and a sample is computed from
     * its position, so every poll sees new samples that continue the previous ones.
     */
    static final class FakeAudioServer implements AutoCloseable {
        static final class Stream {
            final LongToIntFunction wave;
            /** 200: audio; 204: none yet; 404: gone. */
            volatile int status = 200;
            final AtomicInteger requests = new AtomicInteger();
            /** Samples answered so far. */
            final AtomicLong served = new AtomicLong();

            Stream(LongToIntFunction wave) {
                this.wave = wave;
            }
        }

        final int rate;
        private final HttpServer http;
        private final long t0 = System.nanoTime();
        private final Map<String, Stream> streams = new ConcurrentHashMap<>();
        final AtomicInteger unknownRequests = new AtomicInteger();

        FakeAudioServer(int rate) throws IOException {
            this.rate = rate;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", ex -> {
                try (ex) {
                    String path = ex.getRequestURI().getPath();
                    Stream s = path.startsWith(LiveFrames.AUDIO_SEGMENT)
                            ? streams.get(path.substring(LiveFrames.AUDIO_SEGMENT.length())) : null;
                    if (s == null) {
                        unknownRequests.incrementAndGet();
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    s.requests.incrementAndGet();
                    if (s.status != 200) {
                        ex.sendResponseHeaders(s.status, -1);
                        return;
                    }
                    long newest = newest();
                    long from = from(ex.getRequestURI().getRawQuery());
                    ex.getResponseHeaders().set(LiveFrames.RATE_HEADER, Integer.toString(rate));
                    if (from < 0) {
                        ex.getResponseHeaders().set(LiveFrames.FROM_HEADER, Long.toString(newest));
                        ex.sendResponseHeaders(200, -1);
                        return;
                    }
                    long start = Math.min(Math.max(from, newest - 2L * rate), newest);
                    start = Math.max(start, 0);
                    int n = (int) (newest - start);
                    byte[] pcm = new byte[2 * n];
                    for (int i = 0; i < n; i++) {
                        int v = s.wave.applyAsInt(start + i);
                        pcm[2 * i] = (byte) v;
                        pcm[2 * i + 1] = (byte) (v >> 8);
                    }
                    ex.getResponseHeaders().set(LiveFrames.FROM_HEADER, Long.toString(start));
                    ex.sendResponseHeaders(200, n == 0 ? -1 : pcm.length);
                    ex.getResponseBody().write(pcm);
                    s.served.addAndGet(n);
                }
            });
            http.start();
        }

        /** A stream whose sample at position p is {@code wave(p)}, clamped to 16 bits by the caller. */
        Stream stream(String name, Signals.Wave wave) {
            Stream s = new Stream(p -> wave.at(p, rate));
            streams.put(name, s);
            return s;
        }

        /** The layout state's media of a stream: its pictures' URL, with the audio beside. */
        String media(String stream) {
            return LiveFrames.PREFIX + "http://127.0.0.1:" + http.getAddress().getPort() + LiveFrames.FRAMES_SEGMENT
                    + stream;
        }

        private long newest() {
            return (System.nanoTime() - t0) / 1000 * rate / 1_000_000;
        }

        private static long from(String query) {
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("from=")) {
                        return Long.parseLong(pair.substring(5));
                    }
                }
            }
            return -1;
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    /** Test signals and what can be measured of them. */
    static final class Signals {
        private Signals() {}

        /** A signal: the sample at position {@code p} of a stream at {@code rate}. */
        interface Wave {
            int at(long p, int rate);
        }

        static Wave sine(double frequency, double amplitude) {
            return (p, rate) -> (int) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * p / rate));
        }

        static Wave dc(int value) {
            return (p, rate) -> value;
        }

        static short[] sample(Wave wave, long from, int n, int rate) {
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
                out[i] = (short) wave.at(from + i, rate);
            }
            return out;
        }

        static short[] constant(int n, int value) {
            short[] out = new short[n];
            java.util.Arrays.fill(out, (short) value);
            return out;
        }

        /** 16-bit little-endian bytes. */
        static byte[] pcm(short[] samples) {
            byte[] out = new byte[samples.length * 2];
            for (int i = 0; i < samples.length; i++) {
                out[2 * i] = (byte) samples[i];
                out[2 * i + 1] = (byte) (samples[i] >> 8);
            }
            return out;
        }

        /** The frequency told by the upward zero crossings (interpolated between samples), first to last. */
        static double frequency(short[] x, int rate) {
            double first = -1;
            double last = -1;
            int crossings = 0;
            for (int i = 1; i < x.length; i++) {
                if (x[i - 1] < 0 && x[i] >= 0) {
                    double t = i - 1 + (double) -x[i - 1] / (x[i] - x[i - 1]);
                    if (first < 0) {
                        first = t;
                    }
                    last = t;
                    crossings++;
                }
            }
            assertThat(crossings).as("upward zero crossings").isGreaterThanOrEqualTo(3);
            return (crossings - 1) * (double) rate / (last - first);
        }

        static int peak(short[] x) {
            int peak = 0;
            for (short s : x) {
                peak = Math.max(peak, Math.abs(s));
            }
            return peak;
        }

        /** The largest difference between two neighbouring samples. */
        static int largestStep(short[] x) {
            int step = 0;
            for (int i = 1; i < x.length; i++) {
                step = Math.max(step, Math.abs(x[i] - x[i - 1]));
            }
            return step;
        }

        /** The largest step a sine can make between two samples (its steepest slope), with a little slack. */
        static int maxStep(double frequency, double amplitude, int rate) {
            return (int) Math.ceil(amplitude * 2 * Math.PI * frequency / rate * 1.05) + 2;
        }

        /**
         * The amplitude of the component of {@code x} at {@code frequency} (Hann-windowed, evaluated at exactly that
         * frequency, so tones a few tens of hertz away hardly leak into it).
         */
        static double amplitudeAt(short[] x, double frequency, int rate) {
            double re = 0;
            double im = 0;
            double weights = 0;
            int n = x.length;
            for (int i = 0; i < n; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
                double angle = 2 * Math.PI * frequency * i / rate;
                re += w * x[i] * Math.cos(angle);
                im += w * x[i] * Math.sin(angle);
                weights += w;
            }
            return 2 * Math.hypot(re, im) / weights;
        }
    }
}

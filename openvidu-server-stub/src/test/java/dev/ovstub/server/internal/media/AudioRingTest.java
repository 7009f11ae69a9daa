package dev.ovstub.server.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worker-side store of a received stream's audio, and the {@code from} parameter its HTTP handler reads. */
class AudioRingTest {
    private final AudioRing ring = new AudioRing();

    /** 16-bit little-endian bytes of the given samples. */
    private static byte[] le(int... samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }

    /** The samples of 16-bit little-endian bytes. */
    private static int[] samplesOf(byte[] pcm) {
        int[] out = new int[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        return out;
    }

    private static int[] constant(int n, int value) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private void appendMono(int rate, int... samples) {
        ring.append(le(samples), 16, rate, 1, samples.length);
    }

    @Test
    void beforeTheFirstSampleThereIsNothingToRead() {
        assertThat(ring.since(-1)).isNull();
        assertThat(ring.since(0)).isNull();
        assertThat(ring.since(1234)).isNull();
    }

    @Test
    void withoutAPositionItAnswersNoSamplesAndTheNewestPosition() {
        appendMono(48_000, 1, 2, 3);

        AudioRing.Chunk chunk = ring.since(-1);

        assertThat(chunk.pcm()).isEmpty();
        assertThat(chunk.from()).isEqualTo(3);
        assertThat(chunk.sampleRate()).isEqualTo(48_000);

        appendMono(48_000, 4, 5);
        assertThat(ring.since(-1).from()).isEqualTo(5);
        assertThat(ring.since(-1).pcm()).isEmpty();
    }

    @Test
    void appendedMonoSamplesComeBackLittleEndianFromAPosition() {
        // 0x0102, -2 (0xFFFE), 32767 (0x7FFF), -32768 (0x8000), each low byte first
        byte[] in = {0x02, 0x01, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x00, (byte) 0x80};
        ring.append(in, 16, 16_000, 1, 4);

        AudioRing.Chunk all = ring.since(0);
        AudioRing.Chunk tail = ring.since(2);

        assertThat(all.pcm()).containsExactly(0x02, 0x01, 0xFE, 0xFF, 0xFF, 0x7F, 0x00, 0x80);
        assertThat(all.from()).isZero();
        assertThat(all.sampleRate()).isEqualTo(16_000);
        assertThat(tail.pcm()).containsExactly(0xFF, 0x7F, 0x00, 0x80);
        assertThat(tail.from()).isEqualTo(2);
    }

    @Test
    void aStereoChunkIsFoldedToMonoByAveragingItsChannels() {
        int[] interleaved = {100, 300, -1000, 1000, 32767, 32767, -32768, -32768, -301, -100};

        ring.append(le(interleaved), 16, 48_000, 2, 5);

        AudioRing.Chunk chunk = ring.since(0);
        assertThat(samplesOf(chunk.pcm())).containsExactly(200, 0, 32767, -32768, -200);
        assertThat(ring.since(-1).from()).as("one position per frame, not per channel sample").isEqualTo(5);
    }

    @Test
    void positionsOnlyGrowAndAReaderFromBeyondTheTwoSecondsKeptGetsTheOldestKept() {
        int rate = 1000; // keeps AudioRing.SECONDS * 1000 = 2000 samples
        long last = -1;
        for (int p = 0; p < 3000; p += 10) {
            int[] chunk = new int[10];
            for (int i = 0; i < 10; i++) {
                chunk[i] = p + i; // the sample tells its own position
            }
            appendMono(rate, chunk);
            long newest = ring.since(-1).from();
            assertThat(newest).isGreaterThan(last);
            last = newest;
        }
        assertThat(last).isEqualTo(3000);

        AudioRing.Chunk old = ring.since(0);
        assertThat(old.from()).as("the oldest kept, 2 s before the newest").isEqualTo(1000);
        int[] samples = samplesOf(old.pcm());
        assertThat(samples).hasSize(AudioRing.SECONDS * rate);
        for (int i = 0; i < samples.length; i++) {
            assertThat(samples[i]).as("sample %d", i).isEqualTo(1000 + i);
        }

        assertThat(ring.since(999).from()).isEqualTo(1000);
        assertThat(ring.since(1000).from()).isEqualTo(1000);
        AudioRing.Chunk recent = ring.since(2990);
        assertThat(recent.from()).isEqualTo(2990);
        assertThat(samplesOf(recent.pcm())).containsExactly(2990, 2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999);
        AudioRing.Chunk future = ring.since(5000);
        assertThat(future.pcm()).isEmpty();
        assertThat(future.from()).isEqualTo(3000);
    }

    @Test
    void aChangeOfSampleRateStartsOverAtTheNewRateWithPositionsStillGrowing() {
        appendMono(48_000, constant(480, 1000));
        assertThat(ring.since(-1).sampleRate()).isEqualTo(48_000);

        appendMono(16_000, constant(160, -2000));

        AudioRing.Chunk newest = ring.since(-1);
        assertThat(newest.from()).isEqualTo(640);
        assertThat(newest.sampleRate()).isEqualTo(16_000);
        AudioRing.Chunk sinceChange = ring.since(480);
        assertThat(sinceChange.from()).isEqualTo(480);
        assertThat(sinceChange.sampleRate()).isEqualTo(16_000);
        assertThat(samplesOf(sinceChange.pcm())).containsOnly(-2000).hasSize(160);
    }

    /**
     * After a change of rate only the new rate's samples are kept, so a reader still at a position from before the
     * change gets those (the oldest kept, which its {@code from} tells), not samples that were never received.
     */
    @Test
    void aReaderFromBeforeARateChangeGetsOnlyTheSamplesReceivedAtTheNewRate() {
        appendMono(48_000, constant(480, 1000));
        appendMono(16_000, constant(160, -2000));

        AudioRing.Chunk chunk = ring.since(0);

        assertThat(chunk.sampleRate()).isEqualTo(16_000);
        assertThat(chunk.from()).as("the oldest position kept: the first at the new rate").isEqualTo(480);
        int[] samples = samplesOf(chunk.pcm());
        assertThat(samples.length).as("samples answered").isEqualTo(160);
        assertThat(samples).containsOnly(-2000);
    }

    @Test
    void inputThatIsNotSixteenBitIsDropped() {
        ring.append(new byte[480], 8, 48_000, 1, 480);
        ring.append(new byte[480 * 4], 32, 48_000, 1, 480);
        assertThat(ring.since(-1)).as("nothing kept from 8- or 32-bit input").isNull();

        appendMono(48_000, 7, 8, 9);
        ring.append(new byte[480], 8, 48_000, 1, 480);
        ring.append(new byte[480 * 3], 24, 48_000, 1, 480);

        assertThat(ring.since(-1).from()).isEqualTo(3);
        assertThat(samplesOf(ring.since(0).pcm())).containsExactly(7, 8, 9);
    }

    @Test
    void aChunkShorterThanItsFrameCountIsDropped() {
        appendMono(48_000, 7, 8, 9);

        ring.append(le(1, 2, 3), 16, 48_000, 2, 3); // 3 stereo frames need 12 bytes, 6 given

        assertThat(ring.since(-1).from()).isEqualTo(3);
        assertThat(samplesOf(ring.since(0).pcm())).containsExactly(7, 8, 9);
    }

    @Test
    void theFromParameterIsReadFromTheQueryOrIsMinusOne() {
        assertThat(MediaWorkerMain.fromParameter(null)).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("")).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("a=1")).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("from=abc")).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("from=")).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("xfrom=5")).isEqualTo(-1);
        assertThat(MediaWorkerMain.fromParameter("from=42")).isEqualTo(42);
        assertThat(MediaWorkerMain.fromParameter("a=1&from=7")).isEqualTo(7);
        assertThat(MediaWorkerMain.fromParameter("from=9000000000")).isEqualTo(9_000_000_000L);
    }
}

package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.internal.recorder.LiveAudioTest.Signals.amplitudeAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.ovstub.server.internal.recorder.LiveAudioTest.FakeAudioServer;
import dev.ovstub.server.internal.recorder.LiveAudioTest.Signals;
import dev.ovstub.server.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mix of publishers when some are browsers' live streams ({@code live:} media): their own audio, read from a
 * real HTTP server speaking {@link LiveFrames}' audio contract, instead of a tone.
 */
class AudioMixerLiveVoiceTest {
    private static final int RATE = 48_000;
    private static final double VOICE = 997;
    private static final double VOICE_AMPLITUDE = 8000;
    private static final double TONE_AMPLITUDE = 0.4 * Short.MAX_VALUE;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** 100 ms: what a primed live voice surely still holds after one 10 ms block was taken. */
    private static final int LONG = RATE / 10;
    private static final int BLOCK = RATE / 100;

    private FakeAudioServer server;
    private FakeAudioServer.Stream alice;
    private FakeAudioServer.Stream bob;
    private final List<AudioMixer> mixers = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = new FakeAudioServer(RATE);
        alice = server.stream("alice", Signals.sine(VOICE, VOICE_AMPLITUDE));
        bob = server.stream("bob", Signals.sine(1500, VOICE_AMPLITUDE));
        server.stream("frank", Signals.sine(1500, VOICE_AMPLITUDE));
        server.stream("plus1", Signals.dc(Short.MAX_VALUE));
        server.stream("plus2", Signals.dc(Short.MAX_VALUE));
        server.stream("minus1", Signals.dc(Short.MIN_VALUE));
        server.stream("minus2", Signals.dc(Short.MIN_VALUE));
    }

    @AfterEach
    void stop() {
        mixers.forEach(AudioMixer::close);
        server.close();
    }

    private AudioMixer mixer(Publisher... publishers) {
        AudioMixer m = new AudioMixer(RATE);
        mixers.add(m);
        m.setPublishers(List.of(publishers));
        return m;
    }

    private Publisher live(String id) {
        return new Publisher(id, "", server.media(id));
    }

    private static short[] mix(AudioMixer m, int count) {
        short[] out = new short[count];
        m.mix(out, count);
        return out;
    }

    /**
     * Mixes blocks of {@code size} until one passes {@code heard}. A live voice takes nothing before it is primed, so
     * the first block that hears it leaves it at least {@link LiveAudio#PRIME_MILLIS} minus the block buffered. With
     * several live voices, the first primed keeps being taken from while the others prime: tiny blocks leave it full.
     */
    private static void mixUntil(AudioMixer m, int size, Predicate<short[]> heard, String what) {
        short[] block = new short[size];
        Await.await(() -> {
            m.mix(block, size);
            return heard.test(block);
        }, WAIT, what);
    }

    /** Mixes 10 ms blocks until one holds a voice at {@code frequency} louder than {@code amplitude}. */
    private static void mixUntilHeard(AudioMixer m, double frequency, double amplitude) {
        mixUntil(m, BLOCK, b -> amplitudeAt(b, frequency, RATE) > amplitude,
                "a voice at " + frequency + " Hz above " + amplitude);
    }

    private static double tone(String id) {
        return TileColors.toneFrequencyFor(id);
    }

    @Test
    void aLivePublisherIsHeardWithItsStreamsAudioInsteadOfItsTone() {
        AudioMixer m = mixer(live("alice"));

        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 2);
        short[] out = mix(m, LONG);

        assertThat(Signals.frequency(out, RATE)).isCloseTo(VOICE, withPercentage(1));
        assertThat(Signals.peak(out)).as("the stream's level, not the tone's")
                .isBetween((int) (VOICE_AMPLITUDE * 0.97), (int) VOICE_AMPLITUDE + 1);
        assertThat(amplitudeAt(out, tone("alice"), RATE)).as("alice's tone").isLessThan(100);
        assertThat(Signals.largestStep(out)).isLessThanOrEqualTo(Signals.maxStep(VOICE, VOICE_AMPLITUDE, RATE));
    }

    @Test
    void aLivePublisherWhoseStreamHasNoAudioIsSilenceAndIsNotFetched() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();

        AudioMixer m = mixer(noAudio("bob"));

        assertThat(LiveAudioTest.startedSince(before)).as("live audio threads started").isEmpty();
        assertThat(mix(m, LONG)).containsOnly((short) 0);
    }

    @Test
    void aLivePublisherWithoutAudioAddsNothingToTheOthers() {
        AudioMixer m = mixer(live("alice"), noAudio("bob"));

        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 4);
        short[] out = mix(m, LONG);

        assertThat(alice.requests.get()).as("requests for alice's audio").isPositive();
        assertThat(bob.requests.get()).as("requests for bob's audio").isZero();
        assertThat(amplitudeAt(out, VOICE, RATE)).as("alice, one voice of two").isCloseTo(VOICE_AMPLITUDE / 2, withPercentage(5));
        assertThat(amplitudeAt(out, 1500, RATE)).as("bob's stream").isLessThan(100);
        assertThat(amplitudeAt(out, tone("bob"), RATE)).as("bob's tone").isLessThan(100);
        assertThat(Signals.peak(out)).isLessThanOrEqualTo((int) (VOICE_AMPLITUDE / 2) + 1);
    }

    private Publisher noAudio(String id) {
        return new Publisher(id, "", server.media(id),
                new Publisher.StreamInfo("str_CAM_" + id, null, false, true, "CAMERA", true));
    }

    @Test
    void aSimulatedPublisherAloneIsItsTone() {
        AudioMixer m = mixer(Publisher.of("carol"));

        short[] out = mix(m, LONG);

        assertThat(Signals.frequency(out, RATE)).isCloseTo(tone("carol"), withPercentage(0.5));
        assertThat(Signals.peak(out)).isCloseTo((int) TONE_AMPLITUDE, offset(150));
    }

    @Test
    void simulatedPublishersKeepTheirToneBesideALiveVoice() {
        AudioMixer m = mixer(Publisher.of("carol"), new Publisher("dave", "", "/clips/dave.mp4"), live("alice"));
        assertThat(Math.abs(tone("carol") - tone("dave"))).as("the two tones are told apart").isGreaterThan(40);

        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 3 / 2);
        short[] out = mix(m, LONG);

        assertThat(amplitudeAt(out, tone("carol"), RATE)).as("carol's tone").isCloseTo(TONE_AMPLITUDE / 3, withPercentage(5));
        assertThat(amplitudeAt(out, tone("dave"), RATE)).as("dave's tone").isCloseTo(TONE_AMPLITUDE / 3, withPercentage(5));
        assertThat(amplitudeAt(out, VOICE, RATE)).as("alice's stream").isCloseTo(VOICE_AMPLITUDE / 3, withPercentage(5));
        assertThat(amplitudeAt(out, tone("alice"), RATE)).as("alice's tone").isLessThan(100);
    }

    @Test
    void theSumOfFullScaleVoicesAndATonesStaysWithinThe16BitRangeWithoutWrapping() {
        AudioMixer m = mixer(live("plus1"), live("plus2"), Publisher.of("carol"));
        double voices = 2 * Short.MAX_VALUE / 3.0;
        double carol = TONE_AMPLITUDE / 3;

        mixUntil(m, 1, b -> min(b) > voices - carol - 1000, "both full-scale voices primed");
        short[] out = mix(m, LONG);

        assertThat(min(out)).isGreaterThanOrEqualTo((int) Math.floor(voices - carol) - 1);
        assertThat(Signals.peak(out)).isLessThanOrEqualTo((int) Math.ceil(voices + carol) + 1);
        assertThat(amplitudeAt(out, tone("carol"), RATE)).isCloseTo(carol, withPercentage(5));
    }

    @Test
    void voicesAllAtTheExtremesSumToTheExtremesExactly() {
        AudioMixer plus = mixer(live("plus1"), live("plus2"));
        AudioMixer minus = mixer(live("minus1"), live("minus2"));

        mixUntil(plus, 1, b -> min(b) == Short.MAX_VALUE, "both positive voices primed");
        mixUntil(minus, 1, b -> max(b) == Short.MIN_VALUE, "both negative voices primed");

        assertThat(mix(plus, LONG)).containsOnly(Short.MAX_VALUE);
        assertThat(mix(minus, LONG)).containsOnly(Short.MIN_VALUE);
    }

    @Test
    void closeStopsTheLiveVoices() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();
        AudioMixer m = mixer(live("alice"), live("frank"), Publisher.of("carol"));
        Set<Thread> voices = LiveAudioTest.startedSince(before);
        assertThat(voices).as("one poller per live voice").hasSize(2);
        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 3 / 2);

        m.close();

        Await.await(() -> voices.stream().noneMatch(Thread::isAlive), WAIT, "the live voices' threads to end");
    }

    @Test
    void aLivePublisherWhoLeavesHasItsVoiceStopped() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();
        AudioMixer m = mixer(live("alice"));
        Thread aliceVoice = LiveAudioTest.onlyNew(before);
        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 2);

        m.setPublishers(List.of(Publisher.of("carol")));

        Await.await(() -> !aliceVoice.isAlive(), WAIT, "alice's voice thread to end");
        short[] out = mix(m, LONG);
        assertThat(amplitudeAt(out, VOICE, RATE)).isLessThan(100);
        assertThat(Signals.frequency(out, RATE)).isCloseTo(tone("carol"), withPercentage(0.5));
    }

    @Test
    void aLivePublisherKeptAcrossLayoutsKeepsItsVoiceAndWhatItBuffered() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();
        AudioMixer m = mixer(live("alice"));
        Thread aliceVoice = LiveAudioTest.onlyNew(before);
        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 2);
        Set<Thread> primed = LiveAudioTest.liveAudioThreads();

        // a new layout: another publisher first, alice as a new but equal Publisher
        m.setPublishers(List.of(Publisher.of("carol"), live("alice")));
        short[] next = mix(m, BLOCK);

        assertThat(LiveAudioTest.startedSince(primed)).as("live audio threads started").isEmpty();
        assertThat(aliceVoice.isAlive()).isTrue();
        assertThat(amplitudeAt(next, VOICE, RATE)).as("alice at once, without priming again")
                .isCloseTo(VOICE_AMPLITUDE / 2, withPercentage(10));
    }

    @Test
    void aPublisherThatPublishesAgainIsHeardFromItsNewStream() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();
        AudioMixer m = mixer(live("alice"));
        Thread first = LiveAudioTest.onlyNew(before);
        mixUntilHeard(m, VOICE, VOICE_AMPLITUDE / 2);
        Set<Thread> running = LiveAudioTest.liveAudioThreads();

        // the same connection id, another stream (its media URL is bob's): a new voice, the old one stopped
        m.setPublishers(List.of(new Publisher("alice", "", server.media("bob"))));

        Await.await(() -> !first.isAlive(), WAIT, "the first stream's voice to end");
        assertThat(LiveAudioTest.startedSince(running)).as("a voice for the new stream").hasSize(1);
        mixUntilHeard(m, 1500, VOICE_AMPLITUDE / 2);
    }

    @Test
    void aRecordingWithoutAudioFetchesNoLiveVoice() {
        Set<Thread> before = LiveAudioTest.liveAudioThreads();
        AudioMixer m = new AudioMixer(RATE, false);
        mixers.add(m);

        m.setPublishers(List.of(live("alice")));

        assertThat(LiveAudioTest.startedSince(before)).as("live audio threads started").isEmpty();
        assertThat(mix(m, LONG)).containsOnly((short) 0);
    }

    private static int min(short[] x) {
        int min = Integer.MAX_VALUE;
        for (short s : x) {
            min = Math.min(min, s);
        }
        return min;
    }

    private static int max(short[] x) {
        int max = Integer.MIN_VALUE;
        for (short s : x) {
            max = Math.max(max, s);
        }
        return max;
    }
}

package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridRecorderRealTimeTest {
    @TempDir
    Path dir;

    @Test
    void aLiveRecordingFollowsPublishersJoiningAndLeavingAndLastsAsLongAsTheWallClock() throws Exception {
        Path out = dir.resolve("live.mp4");
        MutableLayoutSource layout = new MutableLayoutSource(LayoutState.ofIds("con_alice"));
        List<LayoutState> states = List.of(
                LayoutState.ofIds("con_alice"),
                LayoutState.ofIds("con_alice", "con_bob"),
                LayoutState.ofIds("con_alice", "con_bob", "con_carol"),
                LayoutState.ofIds("con_bob", "con_carol"));
        List<Long> shownAtMicros = new ArrayList<>();
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, layout).size(640, 360).build());

        long wallStart = System.nanoTime();
        rec.start();
        assertThat(Files.size(out)).as("file is non-empty once start() returns").isPositive();
        for (int i = 0; i < states.size(); i++) {
            int changes = i + 1;
            if (i > 0) layout.set(states.get(i));
            await(() -> rec.layoutChanges() >= changes);
            long shownAt = rec.recordedDuration().toNanos() / 1000;
            shownAtMicros.add(shownAt);
            await(() -> rec.recordedDuration().toNanos() / 1000 >= shownAt + 1_000_000);
        }
        long wallStop = System.nanoTime();
        rec.stop();
        double wallSeconds = (wallStop - wallStart) / 1e9;

        long[] sampleTimes = shownAtMicros.stream().mapToLong(t -> t + 500_000).toArray();
        List<Mp4Frames.Picture> pics = Mp4Frames.picturesAt(out, sampleTimes);
        for (int i = 0; i < states.size(); i++) {
            GridRecorderOfflineTest.assertTiles(pics.get(i), states.get(i));
        }

        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.hasVideo()).isTrue();
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(360);
        assertThat(info.frameRate()).isCloseTo(25.0, within(0.5));
        assertThat(info.sizeBytes()).isEqualTo(Files.size(out));
        assertThat(info.durationSeconds()).isCloseTo(wallSeconds, within(0.5));
        List<String> boxes = Mp4Frames.topLevelBoxes(out);
        assertThat(boxes.get(0)).isEqualTo("ftyp");
        assertThat(boxes).contains("moov", "mdat");
        // The stop appends the index after the media instead of moving it to the front (no rewrite of the file).
        assertThat(boxes).as("one mdat over all fragments, then the index: %s", boxes).containsExactly("ftyp", "free", "mdat", "moov");
    }

    @Test
    void aSessionWithoutPublishersStillRecordsSilenceAndBlack() throws Exception {
        Path out = dir.resolve("empty.mp4");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource()).size(320, 180).build());
        rec.start();
        await(() -> rec.recordedDuration().toMillis() >= 600);
        rec.stop();

        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.hasVideo()).isTrue();
        Mp4Frames.Picture pic = Mp4Frames.picturesAt(out, 300_000).get(0);
        assertThat(Mp4Frames.colorDistance(pic.rgbAround(160, 90, 4), 0x000000)).isLessThanOrEqualTo(8);
    }

    @Test
    void stopIsIdempotentAndCloseAfterStopDoesNothing() throws Exception {
        Path out = dir.resolve("twice.mp4");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource(LayoutState.ofIds("x")))
                .size(320, 180).build());
        rec.start();
        rec.stop();
        rec.stop();
        rec.close();
        assertThat(rec.isRunning()).isFalse();
        assertThat(rec.termination()).isCompleted();
        assertThat(Mp4Probe.probe(out).hasVideo()).isTrue();
    }

    @Test
    void whenRenderingFallsBehindWithoutACatchUpWindowFramesAreSkippedAndTheFileStillFollowsTheWallClock() throws Exception {
        Path out = dir.resolve("late.mp4");
        // every 10th frame takes 300 ms to get its layout: the recorder falls 7 frames behind each time
        LayoutSource slow = stalling(n -> n % 10 == 0, Duration.ofMillis(300));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, slow).size(320, 180).catchUp(Duration.ZERO).build());
        long wallStart = System.nanoTime();
        rec.start();
        await(() -> rec.recordedDuration().toMillis() >= 2500);
        long wallStop = System.nanoTime();
        rec.stop();

        assertThat(rec.framesSkipped()).isPositive();
        assertThat(Mp4Probe.probe(out).durationSeconds()).isCloseTo((wallStop - wallStart) / 1e9, within(0.5));
    }

    @Test
    void aRecorderThatFallsBehindWithinTheCatchUpWindowRendersEveryFrameSlotAndStillFollowsTheWallClock() throws Exception {
        Path out = dir.resolve("caught-up.mp4");
        // every 10th of the first 50 frames takes 300 ms to get its layout: 7 frames behind each time, well within
        // the default window; then no more stalls, so the stop never comes while slots are still late (those are
        // skipped at the stop, so that the file ends when asked)
        LayoutSource slow = stalling(n -> n % 10 == 0 && n <= 50, Duration.ofMillis(300));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, slow).size(320, 180).build());
        long wallStart = System.nanoTime();
        rec.start();
        await(() -> rec.recordedDuration().toMillis() >= 3500);
        long wallStop = System.nanoTime();
        rec.stop();

        assertThat(rec.framesSkipped()).isZero();
        assertThat(rec.framesWritten()).isEqualTo(rec.recordedDuration().toMillis() * 25 / 1000);
        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.durationSeconds()).isCloseTo((wallStop - wallStart) / 1e9, within(0.5));
    }

    @Test
    void aRecorderThatFallsFurtherBehindThanTheCatchUpWindowSkipsOnlyTheOldestSlots() throws Exception {
        Path out = dir.resolve("beyond.mp4");
        // one stall of 1.5 s at the 5th frame, with a window of 0.5 s: about 25 slots skipped, the rest rendered
        LayoutSource slow = stalling(n -> n == 5, Duration.ofMillis(1500));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, slow).size(320, 180)
                .catchUp(Duration.ofMillis(500)).build());
        long wallStart = System.nanoTime();
        rec.start();
        await(() -> rec.recordedDuration().toMillis() >= 3000);
        long wallStop = System.nanoTime();
        rec.stop();

        // 1.5 s stall = 37-38 slots late; all but the last 12 (0.5 s) of them are skipped
        assertThat(rec.framesSkipped()).isBetween(20L, 30L);
        assertThat(rec.framesWritten() + rec.framesSkipped()).isEqualTo(rec.recordedDuration().toMillis() * 25 / 1000);
        assertThat(Mp4Probe.probe(out).durationSeconds()).isCloseTo((wallStop - wallStart) / 1e9, within(0.5));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            Thread.sleep(10);
        }
    }

    /**
     * One publisher, whose layout takes {@code stall} of busy CPU to read on the calls {@code stallOn} picks
     * (counted from 1): a recorder busy that long falls behind the wall clock.
     */
    private static LayoutSource stalling(java.util.function.IntPredicate stallOn, Duration stall) {
        LayoutState one = LayoutState.ofIds("con_alice");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        return t -> {
            if (stallOn.test(calls.incrementAndGet())) {
                long until = System.nanoTime() + stall.toNanos();
                while (System.nanoTime() < until) Thread.onSpinWait();
            }
            return one;
        };
    }
}

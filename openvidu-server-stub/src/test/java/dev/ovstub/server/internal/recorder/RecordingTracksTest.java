package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Decoded;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 2.x hasAudio / hasVideo of composed recordings, in the files the real recorder writes. */
class RecordingTracksTest {
    static final int FPS = 25;

    @TempDir
    Path dir;

    ScriptedLayoutSource twoPublishers() {
        return new ScriptedLayoutSource().at(Duration.ZERO, LayoutState.ofIds("con_alice", "con_bob"));
    }

    @Test
    void aVideoOnlyRecordingIsAnMp4WithoutAnAudioStream() throws Exception {
        Path out = dir.resolve("video.mp4");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, twoPublishers()).size(320, 180).frameRate(FPS)
                .tracks(false, true).build());

        rec.renderOffline(Duration.ofSeconds(2));

        assertThat(Decoded.streamTypes(out)).containsExactly("video");
        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.hasAudio()).isFalse();
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(Decoded.of(out).videoFrames()).isEqualTo(2L * FPS);
        GridRecorderOfflineTest.assertTiles(dev.ovstub.server.testing.Mp4Frames.pictureAt(out, 1_000_000),
                LayoutState.ofIds("con_alice", "con_bob"));
    }

    @Test
    void anAudioOnlyRecordingIsAWebmHoldingOnlyTheMixedAudioForAsLongAsItRecorded() throws Exception {
        Path out = dir.resolve("audio.webm");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, twoPublishers()).size(320, 180).frameRate(FPS)
                .tracks(true, false).build());

        rec.renderOffline(Duration.ofSeconds(3));

        assertThat(Decoded.streamTypes(out)).containsExactly("audio");
        Decoded d = Decoded.of(out);
        assertThat(d.audioCodec()).isEqualTo("opus");
        assertThat(d.videoFrames()).isZero();
        assertThat(d.audioSeconds()).isCloseTo(3.0, within(1.0 / FPS));
        assertThat(Decoded.ffprobeDuration(out)).isCloseTo(3.0, within(1.0 / FPS));
        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.hasVideo()).isFalse();
        assertThat(info.durationSeconds()).as("what the server reports").isCloseTo(3.0, within(1.0 / FPS));
    }
}

package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop of a recording finishes the MP4 without rewriting it: while recording the file is a fragmented MP4,
 * and the stop appends the index after the media and turns the first box header into that of one {@code mdat}.
 * The finished file is a plain MP4 (read here by FFmpeg through JavaCV and by the ffprobe command line); a file
 * cut while recording still plays up to its last finished fragment.
 */
class StopWithoutRewriteTest {
    @TempDir
    Path dir;

    private GridRecorder twoPublishers(Path out) {
        return new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource(LayoutState.ofIds("con_a", "con_b")))
                .size(640, 360).build());
    }

    /** Offsets of the top-level boxes, with their types, in file order (the last one may be cut). */
    private static List<long[]> boxOffsets(byte[] file) {
        List<long[]> boxes = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        long pos = 0;
        while (pos + 8 <= file.length) {
            long size = b.getInt((int) pos) & 0xffffffffL;
            if (size == 1) size = b.getLong((int) pos + 8);
            if (size == 0) size = file.length - pos;
            boxes.add(new long[] {pos, size});
            if (size < 8) break;
            pos += size;
        }
        return boxes;
    }

    private static String type(byte[] file, long offset) {
        return new String(file, (int) offset + 4, 4, StandardCharsets.US_ASCII);
    }

    @Test
    void theStopAppendsTheIndexAfterTheMediaAndChangesNoWrittenByteButOneBoxHeader() throws Exception {
        Path out = dir.resolve("rec.mp4");
        GridRecorder rec = twoPublishers(out);
        long wallStart = System.nanoTime();
        rec.start();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 2500);
        byte[] before = Files.readAllBytes(out);
        Object inode = Files.getAttribute(out, "unix:ino");
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 3500);
        long wallStop = System.nanoTime();
        rec.stop();
        byte[] after = Files.readAllBytes(out);

        List<String> typesBefore = boxOffsets(before).stream().map(box -> type(before, box[0])).toList();
        assertThat(typesBefore).as("while recording: fragments").startsWith("ftyp").contains("moov", "moof", "mdat");
        List<long[]> boxesAfter = boxOffsets(after);
        assertThat(boxesAfter.stream().map(box -> type(after, box[0])).toList()).containsExactly("ftyp", "free", "mdat", "moov");
        long mdatAt = boxesAfter.get(2)[0];
        assertThat(after.length).isGreaterThan(before.length);
        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) changed.add((long) i);
        }
        assertThat(changed).as("bytes written before the stop that it changed: only the mdat header at %d", mdatAt)
                .isNotEmpty().allMatch(i -> i >= mdatAt && i < mdatAt + 8);
        assertThat(Files.getAttribute(out, "unix:ino")).as("same file, not a copy").isEqualTo(inode);

        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.durationSeconds()).isCloseTo((wallStop - wallStart) / 1e9, within(0.5));
        assertThat(info.sizeBytes()).isEqualTo(after.length);
        Mp4Frames.Picture last = Mp4Frames.pictureAt(out, (long) ((info.durationSeconds() - 0.3) * 1e6));
        assertThat(last.width()).isEqualTo(640);
        assertThat(last.timestampMicros()).isGreaterThan((long) ((info.durationSeconds() - 0.5) * 1e6));
    }

    @Test
    void aFileCutWhileRecordingStillPlaysUpToItsLastFinishedFragment() throws Exception {
        Path out = dir.resolve("rec.mp4");
        GridRecorder rec = twoPublishers(out);
        rec.start();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 3200);
        byte[] snapshot = Files.readAllBytes(out);
        rec.stop();
        // What a recorder killed at that moment leaves: its boxes up to the last complete one.
        List<long[]> boxes = boxOffsets(snapshot);
        long end = 0;
        for (long[] box : boxes) {
            if (box[0] + box[1] <= snapshot.length) end = box[0] + box[1];
        }
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Arrays.copyOf(snapshot, (int) end));
        List<String> types = Mp4Frames.topLevelBoxes(cut);
        assertThat(types).as("ftyp, the first index, then fragments: %s", types).startsWith("ftyp").contains("moov", "moof")
                .endsWith("mdat");

        MediaInfo info = Mp4Probe.probe(cut);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.durationSeconds()).as("at most a fragment (1 s) and a frame lost").isBetween(2.0, 3.3);
        assertThat(Mp4Frames.pictureAt(cut, 1_500_000).width()).isEqualTo(640);
    }

    @Test
    void ffprobeReadsTheFinishedFilesDurationAndStreams() throws Exception {
        assumeTrue(onPath("ffprobe"), "ffprobe is not installed (apt-get install ffmpeg): checked with JavaCV only");
        Path out = dir.resolve("rec.mp4");
        GridRecorder rec = twoPublishers(out);
        long wallStart = System.nanoTime();
        rec.start();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 2500);
        long wallStop = System.nanoTime();
        rec.stop();

        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name,duration",
                "-of", "csv=p=0", out.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor()).as("ffprobe: %s", lines).isZero();
        assertThat(lines).as("ffprobe: %s", lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("h264,");
        assertThat(lines.get(1)).startsWith("aac,");
        double wall = (wallStop - wallStart) / 1e9;
        double format = Double.parseDouble(lines.get(2));
        assertThat(format).as("format=duration").isCloseTo(wall, within(0.5)).isCloseTo(Mp4Probe.probe(out).durationSeconds(), within(0.01));
        for (String stream : lines.subList(0, 2)) {
            assertThat(Double.parseDouble(stream.substring(stream.indexOf(',') + 1))).as(stream).isCloseTo(format, within(0.1));
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}

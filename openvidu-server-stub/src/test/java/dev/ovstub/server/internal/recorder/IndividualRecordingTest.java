package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.testing.Mp4Frames.colorDistance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Decoded;
import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INDIVIDUAL recordings by the real recorder: one WebM per published stream, zipped with its manifest. */
class IndividualRecordingTest {
    static final int W = 320;
    static final int H = 180;
    static final int FPS = 25;
    static final IndividualManifest.Header HEADER = new IndividualManifest.Header(1_700_000_000_000L, "ses_A", "talk", "ses_A");

    @TempDir
    Path dir;

    static Publisher publisher(String id, String streamId, String clientData) {
        return new Publisher(id, clientData, null,
                new Publisher.StreamInfo(streamId, "server-" + id, true, true, "CAMERA", true));
    }

    static LayoutState state(Publisher... ps) {
        return new LayoutState("ses_A", "BEST_FIT", -1, List.of(ps));
    }

    /** The archive's entries, extracted next to it: name to path. */
    Map<String, Path> extract(Path zip) throws IOException {
        Path into = Files.createDirectories(dir.resolve("unzipped"));
        Map<String, Path> out = new TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                Path f = into.resolve(e.getName());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, f);
                }
                out.put(e.getName(), f);
            }
        }
        return out;
    }

    @Test
    void eachPublishWindowBecomesItsOwnFileWithExactOffsetsAndTheManifestSumsTheirSizes() throws Exception {
        Publisher alice1 = publisher("con_alice", "str_CAM_Aa11_con_alice", "alice");
        Publisher bob = publisher("con_bob", "str_CAM_Bb22_con_bob", "bob");
        Publisher alice2 = publisher("con_alice", "str_CAM_Cc33_con_alice", "alice");
        ScriptedLayoutSource script = new ScriptedLayoutSource()
                .at(Duration.ZERO, state(alice1))
                .at(Duration.ofMillis(1000), state(alice1, bob))
                .at(Duration.ofMillis(2000), state(bob)) // alice unpublishes...
                .at(Duration.ofMillis(3000), state(bob, alice2)); // ...and publishes again: a new stream
        Path zip = dir.resolve("talk.zip");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(zip, script).size(W, H).frameRate(FPS)
                .individual(HEADER).build());

        rec.renderOffline(Duration.ofMillis(4000));

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("stream files go into the archive")
                    .containsExactly("talk.zip");
        }
        IndividualManifest m = IndividualManifest.readArchive(zip, "talk");
        assertThat(m.recording()).isEqualTo(HEADER);
        assertThat(m.files()).extracting(IndividualManifest.StreamFile::streamId)
                .containsExactly("str_CAM_Aa11_con_alice", "str_CAM_Bb22_con_bob", "str_CAM_Cc33_con_alice");
        assertThat(m.files()).extracting(IndividualManifest.StreamFile::startTimeOffset).containsExactly(0L, 1000L, 3000L);
        assertThat(m.files()).extracting(IndividualManifest.StreamFile::endTimeOffset).containsExactly(2000L, 4000L, 4000L);
        assertThat(m.files()).extracting(IndividualManifest.StreamFile::name)
                .containsExactly("str_CAM_Aa11_con_alice.webm", "str_CAM_Bb22_con_bob.webm", "str_CAM_Cc33_con_alice.webm");
        IndividualManifest.StreamFile first = m.files().get(0);
        assertThat(first.connectionId()).isEqualTo("con_alice");
        assertThat(first.clientData()).isEqualTo("alice");
        assertThat(first.serverData()).isEqualTo("server-con_alice");
        assertThat(first.typeOfVideo()).isEqualTo("CAMERA");
        assertThat(m.durationSeconds()).isEqualTo(4.0);

        Map<String, Path> files = extract(zip);
        assertThat(files).containsOnlyKeys("talk.json", "str_CAM_Aa11_con_alice.webm", "str_CAM_Bb22_con_bob.webm",
                "str_CAM_Cc33_con_alice.webm");
        long sum = 0;
        for (IndividualManifest.StreamFile f : m.files()) {
            Path file = files.get(f.name());
            assertThat(Files.size(file)).isEqualTo(f.size());
            sum += Files.size(file);
            double window = (f.endTimeOffset() - f.startTimeOffset()) / 1000.0;
            Decoded d = Decoded.of(file);
            assertThat(d.videoCodec()).isEqualTo("vp8");
            assertThat(d.audioCodec()).isEqualTo("opus");
            assertThat(d.videoFrames()).as(f.name()).isEqualTo(Math.round(window * FPS));
            assertThat(d.audioSeconds()).as(f.name()).isCloseTo(window, within(2.0 / FPS));
            assertThat(Decoded.ffprobeDuration(file)).as(f.name()).isCloseTo(window, within(2.0 / FPS));
            assertThat(Decoded.streamTypes(file)).containsExactlyInAnyOrder("video", "audio");
            // Full frame: that publisher's camera alone (its colour in the middle and near the corners' insides).
            Mp4Frames.Picture pic = Mp4Frames.pictureAt(file, 500_000);
            int expected = TileColors.colorFor(f.connectionId());
            assertThat(pic.width()).isEqualTo(W);
            assertThat(colorDistance(pic.rgbAround(W / 2, H / 2, 3), expected)).as(f.name()).isLessThanOrEqualTo(12);
            assertThat(colorDistance(pic.rgbAround(W / 2, H / 2 - 40, 3), expected)).as(f.name()).isLessThanOrEqualTo(12);
        }
        assertThat(m.totalSize()).isEqualTo(sum);
    }

    @Test
    void inRealTimeEachFileLastsAsLongAsItsStreamWasPublishedAndStartsWhenItWas() throws Exception {
        Publisher alice1 = publisher("con_alice", "str_CAM_Aa11_con_alice", "alice");
        Publisher bob = publisher("con_bob", "str_CAM_Bb22_con_bob", "bob");
        Publisher alice2 = publisher("con_alice", "str_CAM_Cc33_con_alice", "alice");
        MutableLayoutSource source = new MutableLayoutSource(state(alice1));
        Path zip = dir.resolve("live.zip");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(zip, source).size(W, H).frameRate(FPS)
                .individual(new IndividualManifest.Header(1, "ses_B", "live", "ses_B")).build());
        List<long[]> marks = new ArrayList<>(); // frames written just before and just after each change

        rec.start();
        assertThat(Files.size(zip)).as("the (empty) archive exists once started").isPositive();
        awaitFrames(rec, 20);
        marks.add(change(rec, source, state(alice1, bob)));
        awaitFrames(rec, marks.get(0)[1] + 25);
        marks.add(change(rec, source, state(bob)));
        awaitFrames(rec, marks.get(1)[1] + 15);
        marks.add(change(rec, source, state(bob, alice2)));
        awaitFrames(rec, marks.get(2)[1] + 20);
        rec.stop();
        long end = rec.recordedDuration().toMillis();

        IndividualManifest m = IndividualManifest.readArchive(zip, "live");
        assertThat(m.files()).extracting(IndividualManifest.StreamFile::streamId)
                .containsExactly("str_CAM_Aa11_con_alice", "str_CAM_Bb22_con_bob", "str_CAM_Cc33_con_alice");
        long frame = 1000 / FPS;
        List<IndividualManifest.StreamFile> f = m.files();
        assertThat(f.get(0).startTimeOffset()).isZero();
        assertWithinMarks(f.get(1).startTimeOffset(), marks.get(0), rec);
        assertWithinMarks(f.get(0).endTimeOffset(), marks.get(1), rec);
        assertWithinMarks(f.get(2).startTimeOffset(), marks.get(2), rec);
        assertThat(f.get(1).endTimeOffset()).isEqualTo(end);
        assertThat(f.get(2).endTimeOffset()).isEqualTo(end);
        Map<String, Path> files = extract(zip);
        for (IndividualManifest.StreamFile s : f) {
            double window = (s.endTimeOffset() - s.startTimeOffset()) / 1000.0;
            assertThat(Decoded.ffprobeDuration(files.get(s.name()))).as(s.name()).isCloseTo(window, within(2.0 * frame / 1000));
            assertThat(Decoded.of(files.get(s.name())).videoFrames()).as(s.name()).isPositive();
        }
        assertThat(m.durationSeconds()).isEqualTo(end / 1000.0);
    }

    /** Changes the layout; answers the frames written just before and just after. */
    static long[] change(GridRecorder rec, MutableLayoutSource source, LayoutState next) {
        long before = rec.framesWritten() + rec.framesSkipped();
        source.set(next);
        long after = rec.framesWritten() + rec.framesSkipped();
        return new long[] {before, after};
    }

    /** The offset is the time of a frame slot between those written around the change (the next one at most). */
    static void assertWithinMarks(long offsetMillis, long[] mark, GridRecorder rec) {
        long frame = 1000 / FPS;
        assertThat(offsetMillis).as("offset vs the frames around the change %s (skipped %d)",
                        java.util.Arrays.toString(mark), rec.framesSkipped())
                .isBetween(mark[0] * frame - frame, (mark[1] + 1) * frame + frame);
    }

    static void awaitFrames(GridRecorder rec, long frames) {
        Await.await(() -> rec.framesWritten() + rec.framesSkipped() >= frames || !rec.isRunning(), Duration.ofSeconds(30),
                "the recorder reaching frame " + frames);
        assertThat(rec.isRunning()).as("recording").isTrue();
    }
}

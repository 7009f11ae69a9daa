package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.server.testing.Mp4Frames;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cost of one recording, printed for the benchmarks issue; only the output is asserted. */
class GridRecorderBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void tenSecondsOf720pWithTwoPublishersRenderedOfflineAreRight() throws Exception {
        GridRecorder.preload();
        LayoutState two = LayoutState.of(new Publisher("con_alice", "alice", null), new Publisher("con_bob", "bob", null));
        measure(two, dir.resolve("cold.mp4"), "cold JVM");
        Path out = dir.resolve("bench.mp4");
        GridRecorder rec = measure(two, out, "warm JVM");

        MediaInfo info = Mp4Probe.probe(out);
        assertThat(rec.framesWritten()).isEqualTo(250);
        assertThat(info.durationSeconds()).isCloseTo(10.0, within(0.1));
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.width()).isEqualTo(1280);
        assertThat(info.height()).isEqualTo(720);
        for (Mp4Frames.Picture pic : Mp4Frames.picturesAt(out, 500_000, 9_500_000)) {
            GridRecorderOfflineTest.assertTiles(pic, two);
        }
    }

    @Test
    void aRealTimeRecordingOf720pWithTwoPublishersUsesLittleCpu() throws Exception {
        GridRecorder.preload();
        LayoutState two = LayoutState.of(new Publisher("con_alice", "alice", null), new Publisher("con_bob", "bob", null));
        Path out = dir.resolve("live.mp4");
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource(two)).size(1280, 720).build());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        rec.start();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 1000);
        long proc0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        GridRecorderRealTimeTest.await(() -> rec.recordedDuration().toMillis() >= 5000);
        double proc = (os.getProcessCpuTime() - proc0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        rec.stop();
        System.out.printf("BENCHMARK real time 1280x720 25 fps, 2 publishers: whole JVM CPU %.2f s over %.2f s = %.3f cores; %d frames skipped%n",
                proc, wall, proc / wall, rec.framesSkipped());

        assertThat(Mp4Probe.probe(out).durationSeconds()).isGreaterThan(4.9);
    }

    static GridRecorder measure(LayoutState two, Path out, String label) {
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, new MutableLayoutSource(two)).size(1280, 720).build());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long wall0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = os.getProcessCpuTime();

        rec.renderOffline(Duration.ofSeconds(10));

        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double proc = (os.getProcessCpuTime() - proc0) / 1e9;
        System.out.printf("BENCHMARK (" + label + ") offline 10 s 1280x720 25 fps, 2 publishers: %d frames, wall %.2f s (%.0f fps, %.1fx real time),"
                        + " recorder thread CPU %.2f s (%.3f CPU s per recorded s), whole JVM CPU %.2f s%n",
                rec.framesWritten(), wall, rec.framesWritten() / wall, 10 / wall, cpu, cpu / 10, proc);

        return rec;
    }

    /**
     * INDIVIDUAL's stream files are VP8 + Opus in WebM; the composed file is H.264 + AAC in MP4. One publisher, full
     * frame, 10 s of 720p25 offline, each format three times in turn: the process CPU of each run and the ratio of the
     * medians (VP8 over H.264) are printed.
     */
    @Test
    void anIndividualStreamInVp8AndOpusCostsAboutWhatTheSamePictureCostsInH264AndAac() throws Exception {
        GridRecorder.preload();
        LayoutState one = LayoutState.of(new Publisher("con_alice", "alice", null));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] vp8 = new double[3];
        double[] h264 = new double[3];
        for (int i = 0; i < 3; i++) {
            for (boolean individual : new boolean[] {true, false}) {
                Path out = dir.resolve((individual ? "one-" : "grid-") + i + (individual ? ".zip" : ".mp4"));
                RecorderConfig.Builder b = RecorderConfig.builder(out, new MutableLayoutSource(one)).size(1280, 720);
                if (individual) b.individual(new IndividualManifest.Header(0, "bench", "one-" + i, "bench"));
                GridRecorder rec = new GridRecorder(b.build());
                long proc0 = os.getProcessCpuTime();
                rec.renderOffline(Duration.ofSeconds(10));
                double cpu = (os.getProcessCpuTime() - proc0) / 1e9;
                (individual ? vp8 : h264)[i] = cpu;
                assertThat(rec.framesWritten()).isEqualTo(250);
            }
        }
        java.util.Arrays.sort(vp8);
        java.util.Arrays.sort(h264);
        System.out.printf("BENCHMARK one 720p25 stream, 10 s offline, process CPU: VP8+Opus/WebM %.2f %.2f %.2f s,"
                        + " H.264+AAC/MP4 %.2f %.2f %.2f s; median ratio VP8/H.264 %.2f%n",
                vp8[0], vp8[1], vp8[2], h264[0], h264[1], h264[2], vp8[1] / h264[1]);
        assertThat(IndividualManifest.readArchive(dir.resolve("one-2.zip"), "one-2").files()).hasSize(1);
    }
}

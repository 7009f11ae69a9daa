package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder program as a child JVM, as the embedded runtime runs it. */
class RecorderMainProcessTest {
    static final String SECRET = "s3cret";

    @TempDir
    Path dir;
    LayoutStateServer server;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = LayoutStateServer.http("abc", SECRET);
        server.publishers("con_alice", "con_bob");
    }

    @AfterEach
    void cleanUp() {
        for (Process p : processes) p.destroyForcibly();
        server.close();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("URL", server.layoutUrl("http", SECRET));
        env.put("RESOLUTION", "640x360");
        env.put("FRAMERATE", "25");
        env.put("VIDEO_NAME", "rec-1");
        env.put("VIDEO_FORMAT", "mp4");
        env.put("RECORDING_JSON", "{\"id\":\"rec-1\"}");
        env.put("RECORDINGS_PATH", dir.toString());
        return env;
    }

    Process launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), RecorderMain.class.getName());
        for (String k : List.of("URL", "RESOLUTION", "FRAMERATE", "VIDEO_NAME", "VIDEO_FORMAT", "USER_ID",
                "RECORDING_JSON", "RECORDINGS_PATH", "STOP_FILE")) {
            pb.environment().remove(k);
        }
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve("stderr-" + processes.size() + ".txt").toFile());
        pb.redirectOutput(dir.resolve("stdout-" + processes.size() + ".txt").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    String stderr(int i) throws IOException {
        return Files.readString(dir.resolve("stderr-" + i + ".txt"));
    }

    int exitCode(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("recorder exits").isTrue();
        return p.exitValue();
    }

    /** Waits for the started file, then for {@code seconds} of recording. */
    void recordFor(Path out, double seconds) throws Exception {
        GridRecorderRealTimeTest.await(() -> Files.exists(out) && out.toFile().length() > 0);
        long until = System.nanoTime() + (long) (seconds * 1e9);
        GridRecorderRealTimeTest.await(() -> System.nanoTime() >= until && server.authorized.get() > 0);
    }

    @Test
    void aQLineOnStandardInputFinishesAPlayableGridOfThePublishersTheServerAnnounces() throws Exception {
        Path out = dir.resolve("rec-1.mp4");
        Process p = launch(env());
        recordFor(out, 2.0);
        try (OutputStream in = p.getOutputStream()) {
            in.write("q\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            assertThat(exitCode(p)).as(stderr(0)).isZero();
        }

        assertThat(server.authHeaders).isNotEmpty().allMatch(server.expectedAuth::equals);
        MediaInfo info = Mp4Probe.probe(out);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.durationSeconds()).isGreaterThanOrEqualTo(1.9);
        Mp4Frames.Picture pic = Mp4Frames.picturesAt(out, 1_500_000).get(0);
        GridRecorderOfflineTest.assertTiles(pic, LayoutState.ofIds("con_alice", "con_bob"));
        assertThat(stderr(0)).doesNotContain(SECRET);
    }

    @Test
    void theEndOfStandardInputFinishesTheFile() throws Exception {
        Path out = dir.resolve("rec-1.mp4");
        Process p = launch(env());
        recordFor(out, 1.0);
        p.getOutputStream().close();

        assertThat(exitCode(p)).as(stderr(0)).isZero();
        assertThat(Mp4Frames.topLevelBoxes(out)).startsWith("ftyp").contains("moov");
        assertThat(Mp4Probe.probe(out).durationSeconds()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aQInTheStopFileFinishesTheFileAndRootGivesItToUserId() throws Exception {
        Path out = dir.resolve("rec-1.mp4");
        Path stop = dir.resolve("stop");
        Map<String, String> env = env();
        env.put("STOP_FILE", stop.toString());
        env.put("USER_ID", "4321");
        Process p = launch(env);
        recordFor(out, 1.0);
        Files.writeString(stop, "q\n");

        assertThat(exitCode(p)).as(stderr(0)).isZero();
        assertThat(p.isAlive()).isFalse();
        assertThat(Mp4Probe.probe(out).hasVideo()).isTrue();
        if (isRoot()) {
            assertThat(Files.getAttribute(out, "unix:uid")).isEqualTo(4321);
        }
        p.getOutputStream().close();
    }

    @Test
    void aTerminationSignalFinishesTheFile() throws Exception {
        Path out = dir.resolve("rec-1.mp4");
        Process p = launch(env());
        recordFor(out, 1.0);
        p.destroy(); // SIGTERM

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Mp4Frames.topLevelBoxes(out)).as(stderr(0)).startsWith("ftyp").contains("moov");
        assertThat(Mp4Probe.probe(out).durationSeconds()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aMissingVideoNameIsAConfigurationErrorNamingTheVariable() throws Exception {
        Map<String, String> env = env();
        env.remove("VIDEO_NAME");
        Process p = launch(env);

        assertThat(exitCode(p)).isEqualTo(2);
        assertThat(stderr(0)).contains("VIDEO_NAME");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".mp4"))).isEmpty();
        }
    }

    @Test
    void anUnreadableResolutionIsAConfigurationErrorNamingTheVariable() throws Exception {
        Map<String, String> env = env();
        env.put("RESOLUTION", "abc");
        Process p = launch(env);

        assertThat(exitCode(p)).isEqualTo(2);
        assertThat(stderr(0)).contains("RESOLUTION").contains("abc");
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the runnable server while it records with the embedded recorder: the recorder sees its
 * standard input close and finishes the MP4, and the next server on the folder reports it {@code stopped} with
 * its real duration. A copy of that file cut short is reported {@code failed}, and so is the file of a recorder
 * killed too (the host going down), whose finished fragments still play.
 */
class KilledServerRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "MY_SECRET";

    @TempDir
    Path tmp;
    private Process server;
    private OpenViduServerStub next;

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.destroyForcibly();
        }
        if (next != null) {
            next.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> send(HttpClient http, String method, URI uri, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the answer satisfies the condition; fails after the bound. */
    private static HttpResponse<String> awaitAnswer(HttpClient http, URI uri, Predicate<HttpResponse<String>> ok, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = send(http, "GET", uri, null);
                if (ok.test(r)) {
                    return r;
                }
            } catch (IOException notListeningYet) {
                // poll again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String status(HttpResponse<String> r) {
        try {
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Starts the runnable server on {@code folder}, joins a publisher to session "crash" and waits for its recording. */
    private URI startRecordingServer(Path folder) throws Exception {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-Xmx256m", "-Dserver.port=" + port, "-Dserver.address=127.0.0.1",
                "-Dserver.ssl.enabled=false", "-Dopenvidu.recording=true", "-Dopenvidu.recording.path=" + folder,
                "-Dopenvidu.recording.resolution=320x240", "-Dopenvidu.recording.framerate=10",
                "-cp", System.getProperty("java.class.path"), "dev.ovstub.server.Main")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitAnswer(http, base.resolve("/api/recordings"), r -> r.statusCode() == 200, "the server to listen");
        HttpResponse<String> joined = send(http, "POST", base.resolve("/stub/participants"),
                "{\"session\":\"crash\",\"secret\":\"" + SECRET + "\",\"publish\":true}");
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        awaitAnswer(http, base.resolve("/api/recordings/crash"), r -> status(r).equals("started"), "the recording to start");
        return base;
    }

    @Test
    void aRecordingInterruptedByKillDashNineIsRecoveredStoppedWithItsRealDurationAtTheNextStart() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("recordings"));
        startRecordingServer(folder);
        // The server's only child is its recorder (command lines are cut too short here to find its class name in).
        List<ProcessHandle> recorders = server.children().toList();
        assertThat(recorders).hasSize(1);
        Thread.sleep(2000); // the recording is real-time: two seconds of it is the point

        server.destroyForcibly(); // SIGKILL: no shutdown hook, no stop request
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(folder.resolve(".recording.crash"))).contains("\"started\"");

        next = OpenViduServerStub.builder().recording(true).recordingPath(folder).stopTimeout(Duration.ofSeconds(30)).start();

        assertThat(recorders.get(0).onExit().get(30, TimeUnit.SECONDS).isAlive()).as("the orphaned recorder exited").isFalse();
        StubRecording recovered = next.recording("crash").orElseThrow();
        Path file = folder.resolve("crash.mp4");
        MediaInfo info = Mp4Probe.probe(file);
        assertThat(recovered.status()).isEqualTo(StubRecording.Status.STOPPED);
        assertThat(recovered.size()).isEqualTo(Files.size(file));
        assertThat(recovered.duration()).isGreaterThan(1.5).isCloseTo(info.durationSeconds(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(info.videoCodec()).isEqualTo("h264");
        next.close();
        next = null;

        // The same file cut short (its index, at the end, is lost) is not recovered.
        Path cut = Files.createDirectories(tmp.resolve("cut"));
        Files.writeString(cut.resolve(".recording.crash"), Files.readString(folder.resolve(".recording.crash"))
                .replace("\"stopped\"", "\"started\""));
        Files.copy(file, cut.resolve("crash.mp4"));
        try (RandomAccessFile f = new RandomAccessFile(cut.resolve("crash.mp4").toFile(), "rw")) {
            f.setLength(f.length() * 2 / 3);
        }
        Files.setLastModifiedTime(cut.resolve("crash.mp4"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        next = OpenViduServerStub.builder().recording(true).recordingPath(cut).start();

        assertThat(next.recording("crash").orElseThrow().status()).isEqualTo(StubRecording.Status.FAILED);
    }

    private static long fragments(Path file) {
        try {
            return Mp4Frames.topLevelBoxes(file).stream().filter("moof"::equals).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aRecordingWhoseRecorderWasKilledTooIsFailedAndKeepsItsFinishedFragmentsPlayable() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("recordings"));
        startRecordingServer(folder);
        List<ProcessHandle> recorders = server.children().toList();
        assertThat(recorders).hasSize(1);
        long pid = recorders.get(0).pid();
        Path file = folder.resolve("crash.mp4");
        Await.await(() -> fragments(file) >= 2, Duration.ofSeconds(30), "the recorder to write two fragments");

        // The host going down: the recorder is frozen, so it can neither finish its file nor be seen dying by the
        // server; then both are killed.
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor()).isZero();
        assertThat(recorders.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(Mp4Frames.topLevelBoxes(file)).as("never finished: fragments, no final index").contains("moof");
        long size = Files.size(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        next = OpenViduServerStub.builder().recording(true).recordingPath(folder).start();

        StubRecording rec = next.recording("crash").orElseThrow();
        assertThat(rec.status()).as("its end is lost: not passed off as finished").isEqualTo(StubRecording.Status.FAILED);
        assertThat(rec.size()).isEqualTo(size);
        assertThat(Files.size(file)).as("the partial file is kept as it was").isEqualTo(size);
        MediaInfo partial = Mp4Probe.probe(file);
        assertThat(partial.videoCodec()).isEqualTo("h264");
        assertThat(partial.durationSeconds()).as("its finished fragments still play").isGreaterThanOrEqualTo(1.0);
        assertThat(Mp4Frames.pictureAt(file, 500_000).width()).isEqualTo(320);
    }
}

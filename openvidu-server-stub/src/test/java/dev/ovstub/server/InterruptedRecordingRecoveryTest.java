package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server killed while recording: its recorder still finishes the file. At the next start such a complete file
 * is recovered ({@code stopped} or {@code available}, real size and duration); only an unreadable one is failed.
 */
class InterruptedRecordingRecoveryTest extends StubTestSupport {

    private OpenViduServerStub startOn(Path folder, boolean freeAccess, double probedDuration) {
        TestRecorders r = new TestRecorders().probedDuration(probedDuration);
        return closeLater(r.installIn(OpenViduServerStub.builder().recording(true).freeAccess(freeAccess)
                .recordingPath(folder).stopTimeout(java.time.Duration.ofSeconds(10))).start());
    }

    private static void writeMeta(Path folder, String id, String status) throws Exception {
        String json = Api.toJson(obj("id", id, "name", id, "sessionId", "wss://localhost:8443/" + id, "createdAt", 1_500_000_000_000L,
                "size", 0, "duration", 0.0, "url", null, "hasAudio", true, "hasVideo", true, "status", status));
        Files.writeString(folder.resolve(".recording." + id), json);
    }

    /** A test recorder's file as it finishes it, last modified a minute ago. */
    private static long writeFinishedFile(Path folder, String id) throws Exception {
        Path file = folder.resolve(id + ".mp4");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(TestRecorders.HEADER);
            for (int i = 0; i < 100; i++) {
                out.write(("frame " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(TestRecorders.TRAILER);
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        return Files.size(file);
    }

    @Test
    void aRecordingLeftStartedWhoseFileTheRecorderFinishedIsStoppedWithItsRealSizeAndDuration() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("killed"));
        writeMeta(folder, "finished", "started");
        long size = writeFinishedFile(folder, "finished");
        writeMeta(folder, "neverwrote", "starting");

        Api api = new Api(startOn(folder, false, 12.5));

        JsonNode rec = api.recording("finished");
        assertThat(rec.get("status").asText()).isEqualTo("stopped");
        assertThat(rec.get("size").asLong()).isEqualTo(size);
        assertThat(rec.get("duration").asDouble()).isEqualTo(12.5);
        assertThat(rec.get("url").isNull()).isTrue();
        assertThat(Files.readString(folder.resolve(".recording.finished"))).contains("\"stopped\"");
        assertThat(api.recordingStatus("neverwrote")).as("no file at all").isEqualTo("failed");
    }

    @Test
    void withFreeAccessARecoveredRecordingIsAvailableWithItsUrl() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("killed"));
        writeMeta(folder, "finished", "started");
        writeFinishedFile(folder, "finished");

        OpenViduServerStub server = startOn(folder, true, 3.0);
        Api api = new Api(server);

        JsonNode rec = api.recording("finished");
        assertThat(rec.get("status").asText()).isEqualTo("available");
        assertThat(rec.get("url").asText()).isEqualTo(server.recordingUrl("finished").toString());
        assertThat(api.get("/recordings/finished.mp4").status()).isEqualTo(200);
    }

    @Test
    void aFileStillBeingFinishedByTheOldRecorderWhenTheServerStartsIsWaitedForThenRecovered() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("killed"));
        writeMeta(folder, "finishing", "started");
        Path file = folder.resolve("finishing.mp4");
        Files.write(file, TestRecorders.HEADER);
        // The old server's recorder, still writing for a while, then finishing its file.
        CompletableFuture<Void> oldRecorder = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                for (int i = 0; System.nanoTime() < end; i++) {
                    out.write(("frame " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(50); // a recorder writing in real time
                }
                out.write(TestRecorders.TRAILER);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Api api = new Api(startOn(folder, false, 1.5));

        assertThat(oldRecorder).as("the server started only once the file was finished").isDone();
        assertThat(api.recordingStatus("finishing")).isEqualTo("stopped");
        assertThat(api.recording("finishing").get("size").asLong()).isEqualTo(Files.size(file));
    }
}

package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recordings live on disk: they survive a restart; a crash leaves them {@code failed}; a bad folder stops start-up. */
class RecordingStoreRecoveryTest extends StubTestSupport {

    private OpenViduServerStub startOn(Path folder) {
        return closeLater(new TestRecorders().installIn(OpenViduServerStub.builder().recording(true).recordingPath(folder)).start());
    }

    private static void writeMeta(Path folder, String id, String status, long size) throws Exception {
        String json = Api.toJson(obj("id", id, "name", id, "sessionId", "wss://localhost:8443/" + id, "createdAt", 1_500_000_000_000L,
                "size", size, "duration", 0.0, "url", null, "hasAudio", true, "hasVideo", true, "status", status));
        Files.writeString(folder.resolve(".recording." + id), json);
    }

    @Test
    void recordingsAreListedAndReadAfterARestartOnTheSameFolder() throws Exception {
        Path folder = tmp.resolve("shared");
        OpenViduServerStub first = startOn(folder);
        Api api = new Api(first);
        List<JsonNode> before = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String session = api.manualSession();
            api.join(session, true);
            before.add(api.stop(api.record(session).get("id").asText()));
        }
        JsonNode listBefore = api.get("/api/recordings").json();
        first.close();

        OpenViduServerStub second = startOn(folder);
        Api again = new Api(second);

        assertThat(again.get("/api/recordings").json()).isEqualTo(listBefore);
        for (JsonNode r : before) {
            String id = r.get("id").asText();
            assertThat(again.recording(id)).isEqualTo(r);
            Api.Resp file = again.get("/recordings/" + id + ".mp4");
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.bytes()).isEqualTo(Files.readAllBytes(folder.resolve(id + ".mp4")));
        }
        assertThat(again.delete("/api/recordings/" + before.get(0).get("id").asText()).status()).isEqualTo(204);
    }

    @Test
    void aReusedSessionNameAfterARestartGetsTheNextFreeId() {
        Path folder = tmp.resolve("names");
        OpenViduServerStub first = startOn(folder);
        Api api = new Api(first);
        String p = api.post("/stub/participants", obj("session", "daily", "secret", first.secret(), "publish", true))
                .json().get("id").asText();
        api.awaitRecordingStatus("daily", "started");
        api.leave(p);
        api.awaitRecordingStatus("daily", "stopped");
        first.close();

        OpenViduServerStub second = startOn(folder);
        Api again = new Api(second);
        again.post("/stub/participants", obj("session", "daily", "secret", second.secret(), "publish", true));

        again.awaitRecordingStatus("daily-1", "started");
        assertThat(again.recordingStatus("daily")).isEqualTo("stopped");
    }

    @Test
    void aRecordingLeftStartedByACrashBecomesFailedWithItsPartialFileKept() throws Exception {
        // A snapshot of a live server's folder while it records is what a crash leaves behind.
        OpenViduServerStub live = recordingServer();
        Api api = new Api(live);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path crashed = Files.createDirectories(tmp.resolve("crashed"));
        Files.copy(live.recordingPath().resolve(".recording." + id), crashed.resolve(".recording." + id));
        Files.copy(live.recordingPath().resolve(id + ".mp4"), crashed.resolve(id + ".mp4"), StandardCopyOption.COPY_ATTRIBUTES);
        byte[] partial = Files.readAllBytes(crashed.resolve(id + ".mp4"));
        assertThat(Files.readString(crashed.resolve(".recording." + id))).contains("\"started\"");

        Api restarted = new Api(startOn(crashed));

        JsonNode rec = restarted.recording(id);
        assertThat(rec.get("status").asText()).isEqualTo("failed");
        assertThat(rec.get("size").asLong()).isEqualTo(partial.length);
        assertThat(Files.readAllBytes(crashed.resolve(id + ".mp4"))).isEqualTo(partial);
        assertThat(Files.readString(crashed.resolve(".recording." + id))).contains("\"failed\"");
        assertThat(restarted.get("/recordings/" + id + ".mp4").bytes()).isEqualTo(partial);
        assertThat(restarted.stopRecording(id).status()).isEqualTo(404);
        assertThat(restarted.delete("/api/recordings/" + id).status()).isEqualTo(204);
    }

    @Test
    void recordingsLeftStartingOrStartedBecomeFailedAndFinishedOnesAreUntouched() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("handmade"));
        writeMeta(folder, "wasstarting", "starting", 0);
        writeMeta(folder, "wasstarted", "started", 0);
        Files.write(folder.resolve("wasstarted.mp4"), new byte[1234]);
        writeMeta(folder, "wasstopped", "stopped", 99);
        Files.write(folder.resolve("wasstopped.mp4"), new byte[99]);
        writeMeta(folder, "wasavailable", "available", 7);

        Api api = new Api(startOn(folder));

        assertThat(api.recording("wasstarting").get("status").asText()).isEqualTo("failed");
        assertThat(api.recording("wasstarting").get("size").asLong()).isZero();
        assertThat(api.recording("wasstarted").get("status").asText()).isEqualTo("failed");
        assertThat(api.recording("wasstarted").get("size").asLong()).isEqualTo(1234);
        assertThat(api.recording("wasstopped").get("status").asText()).isEqualTo("stopped");
        assertThat(api.recording("wasavailable").get("status").asText()).isEqualTo("available");
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(4);
    }

    @Test
    void unreadableMetadataIsSkippedNeverA500() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("garbage"));
        Files.writeString(folder.resolve(".recording.garbage"), "this is not json");
        Files.writeString(folder.resolve(".recording.partial"), "{\"id\": \"partial\"}");
        writeMeta(folder, "good", "stopped", 1);

        Api api = new Api(startOn(folder));

        Api.Resp list = api.get("/api/recordings");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/recordings/garbage").status()).isEqualTo(404);
    }

    @Test
    void theRecordingFolderIsCreatedAtStartUp() {
        Path folder = tmp.resolve("a/b/c");

        OpenViduServerStub server = startOn(folder);

        assertThat(folder).isDirectory();
        assertThat(server.recordingPath()).isEqualTo(folder.toAbsolutePath());
    }

    @Test
    void aFolderThatCannotBeCreatedStopsStartUpNamingTheProperty() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThatThrownBy(() -> startOn(file.resolve("recordings")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openvidu.recording.path")
                .hasMessageContaining(file.toString());
    }

    @Test
    void aRegularFileAsTheFolderStopsStartUpNamingTheProperty() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> startOn(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openvidu.recording.path")
                .hasMessageContaining("not a folder");
    }

    @Test
    void aFailedStartUpLeavesThePortFree() throws Exception {
        Path file = Files.writeString(tmp.resolve("blocker"), "x");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }

        assertThatThrownBy(() -> new TestRecorders().installIn(OpenViduServerStub.builder().port(port).recording(true)
                .recordingPath(file)).start()).isInstanceOf(IllegalStateException.class);

        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().port(port).start());
        assertThat(server.port()).isEqualTo(port);
    }
}

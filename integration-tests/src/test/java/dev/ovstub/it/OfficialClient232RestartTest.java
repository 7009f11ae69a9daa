package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.JarServer;
import dev.ovstub.it.support.Official232;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.x recordings are read from storage (contract 3.11): what the official 2.32.1 client recorded is still there,
 * ready, listed, downloadable and deletable after the jar restarts on the same folder.
 */
@SuppressWarnings("unchecked")
class OfficialClient232RestartTest {
    @TempDir
    Path folder;

    JarServer jar;

    @AfterEach
    void stop() {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void aReadyRecordingSurvivesARestartAndIsStillListedDownloadedAndDeleted() {
        jar = JarServer.builder().recording(folder).start();
        Official232 before = Official232.connect(jar.baseUrl(), jar.secret());
        String sessionId = (String) ((Map<String, Object>) before.call("createSession", Map.of())).get("sessionId");
        Map<String, Object> c = before.call("createConnection", sessionId, Map.of());
        new StubHttp(jar.baseUrl(), jar.secret()).join(sessionId, (String) c.get("token"), true, null);
        Map<String, Object> started = before.call("startRecording", sessionId, Map.of("name", "kept", "resolution", "320x240"));
        Map<String, Object> stopped = before.call("stopRecording", started.get("id"));
        String id = (String) stopped.get("id");

        jar.restart();
        Official232 after = Official232.connect(jar.baseUrl(), jar.secret());

        Map<String, Object> read = after.call("getRecording", id);
        assertThat(read).containsEntry("status", "ready").containsEntry("name", "kept").containsEntry("sessionId", sessionId)
                .containsEntry("size", stopped.get("size")).containsEntry("duration", stopped.get("duration"))
                .containsEntry("createdAt", stopped.get("createdAt")).containsEntry("resolution", "320x240");
        assertThat((String) read.get("url")).endsWith("/openvidu/recordings/" + id + "/kept.mp4");
        assertThat((List<Map<String, Object>>) after.call("listRecordings")).extracting(r -> r.get("id")).contains(id);
        StubHttp.Response download = new StubHttp(jar.baseUrl(), jar.secret()).get("/openvidu/recordings/" + id + "/kept.mp4", true);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).hasSize((int) (long) stopped.get("size"));

        after.call("deleteRecording", id);

        assertThat(after.status("getRecording", id)).isEqualTo(404);
        assertThat(folder.resolve(id)).doesNotExist();
    }
}

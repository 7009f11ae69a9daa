package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The recordings folder fails while the server runs (made read-only, deleted, replaced by a file): recordings
 * still end with their true state, starts are refused with a clear 500 that names the folder problem but no path,
 * automatic starts do no harm, and everything works again by itself once the folder is back.
 */
class RecordingFolderFailureTest extends StubTestSupport {
    private Runnable undoReadOnly = () -> { };

    @AfterEach
    void makeWritableAgain() {
        undoReadOnly.run(); // before the temporary folder is deleted
    }

    /** Whether creating a file in the folder fails. */
    private static boolean refusesNewFiles(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /**
     * Makes a folder refuse new files, for root too: its permission bits where they count, else (root ignores
     * them) the immutable attribute, which root obeys. Files already open in it stay writable, as on a disk
     * remounted read-only they would not; that is fine here: only the metadata writes must fail.
     */
    private void makeReadOnly(Path folder) throws Exception {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (refusesNewFiles(folder)) {
            undoReadOnly = () -> {
                try {
                    Files.setPosixFilePermissions(folder, before);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            return;
        }
        Files.setPosixFilePermissions(folder, before);
        boolean immutable;
        try {
            immutable = run("chattr", "+i", folder.toString());
        } catch (java.io.IOException noChattr) {
            immutable = false;
        }
        if (immutable) {
            undoReadOnly = () -> {
                try {
                    run("chattr", "-i", folder.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        Assumptions.assumeTrue(immutable && refusesNewFiles(folder),
                "cannot make a folder read-only here (root ignores permission bits and chattr +i is not available)");
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private void undoReadOnlyNow() {
        undoReadOnly.run();
        undoReadOnly = () -> { };
    }

    @Test
    void aReadOnlyFolderLetsARecordingEndStoppedRefusesStartsWithA500AndRecoversOnceWritable() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path folder = server.recordingPath();
        makeReadOnly(folder);

        JsonNode stopped = api.stop(id);
        Api.Resp refused = api.startRecording(session);
        String always = api.alwaysSession();
        String guest = api.join(always, true);

        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(api.recordingStatus(id)).as("the state the folder refused is still answered").isEqualTo("stopped");
        assertThat(api.get("/api/recordings").json().get("items").get(0).get("status").asText()).isEqualTo("stopped");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.message()).contains("openvidu.recording.path").contains("permission denied")
                .doesNotContain(tmp.toString());
        api.leave(guest);
        assertThat(api.stubSession(always)).as("the ALWAYS session closed normally").isNull();
        assertThat(recorders.launches()).as("no recorder launched while the folder refused writes").hasSize(1);

        undoReadOnlyNow();

        assertThat(api.record(session).get("id").asText()).isEqualTo(id + "-1");
        assertThat(Files.readString(folder.resolve(".recording." + id))).as("written once the folder took writes again")
                .contains("\"stopped\"");
    }

    @Test
    void aCompleteRecordingWhoseFinalStateTheFolderRefusedIsStoppedAfterARestart() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path folder = server.recordingPath();
        makeReadOnly(folder);
        api.stop(id);
        server.close(); // the folder still refuses the metadata: the disk says "started"
        assertThat(Files.readString(folder.resolve(".recording." + id))).contains("\"started\"");
        undoReadOnlyNow();

        Api restarted = new Api(recordingServer());

        JsonNode rec = restarted.recording(id);
        assertThat(rec.get("status").asText()).isEqualTo("stopped");
        assertThat(rec.get("size").asLong()).isEqualTo(Files.size(folder.resolve(id + ".mp4")));
    }

    @Test
    void aFolderReplacedByAFileRefusesStartsAndListsWithA500NamingTheProblemAndRecoversWhenItIsBack() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        api.stop(id);
        Path folder = server.recordingPath();
        Path away = tmp.resolve("moved-away");
        Files.move(folder, away);
        Files.writeString(folder, "not a folder");

        Api.Resp refused = api.startRecording(session);
        Api.Resp list = api.get("/api/recordings");
        String always = api.alwaysSession();
        String guest = api.join(always, true);

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.message()).contains("openvidu.recording.path").contains("not a folder")
                .doesNotContain(tmp.toString());
        assertThat(list.status()).isEqualTo(500);
        assertThat(list.message()).contains("openvidu.recording.path").doesNotContain(tmp.toString());
        api.leave(guest);
        assertThat(recorders.launches()).hasSize(1);

        Files.delete(folder);
        Files.move(away, folder);

        assertThat(api.record(session).get("id").asText()).isEqualTo(id + "-1");
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void aDeletedFolderRefusesStartsWithA500SayingItNoLongerExists() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        Path folder = server.recordingPath();
        Path away = tmp.resolve("moved-away");
        Files.move(folder, away);

        Api.Resp refused = api.startRecording(session);

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.message()).contains("openvidu.recording.path").contains("no longer exists")
                .doesNotContain(tmp.toString());
        Files.move(away, folder);
        assertThat(api.record(session).get("status").asText()).isEqualTo("started");
    }

    @Test
    void aStartedRecordingWhoseFolderIsReplacedEndsFailedInsteadOfAnsweringStartedForever() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path folder = server.recordingPath();
        Path away = tmp.resolve("moved-away");
        Files.move(folder, away);
        Files.writeString(folder, "not a folder");

        Api.Resp stop = api.stopRecording(id);

        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.json().get("status").asText()).as("its file cannot be found where it should be").isEqualTo("failed");
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
        Files.delete(folder);
        Files.move(away, folder);
        assertThat(api.record(session).get("id").asText()).isEqualTo(id + "-1");
        assertThat(Files.readString(folder.resolve(".recording." + id))).contains("\"failed\"");
    }
}

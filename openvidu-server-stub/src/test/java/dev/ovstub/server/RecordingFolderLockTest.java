package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One live server per recordings folder: a second one refuses to start instead of touching the first one's recordings. */
class RecordingFolderLockTest extends StubTestSupport {

    private OpenViduServerStub startOn(Path folder) {
        return new TestRecorders().installIn(OpenViduServerStub.builder().recording(true).recordingPath(folder)).start();
    }

    @Test
    void aSecondServerOnTheSameFolderRefusesToStartAndLeavesTheFirstOnesRecordingRunning() throws Exception {
        Path folder = tmp.resolve("shared");
        OpenViduServerStub first = closeLater(startOn(folder));
        Api api = new Api(first);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        assertThatThrownBy(() -> closeLater(startOn(folder)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openvidu.recording.path")
                .hasMessageContaining(folder.toAbsolutePath().toString())
                .hasMessageContaining("in use by another running server");

        assertThat(api.recordingStatus(id)).isEqualTo("started");
        assertThat(Files.readString(folder.resolve(".recording." + id))).as("not reaped nor failed").contains("\"started\"");
        assertThat(api.stop(id).get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void aRefusedSecondServerOfTheSameProcessLeavesTheFolderLockedForOtherProcesses() throws Exception {
        Path folder = tmp.resolve("shared");
        closeLater(startOn(folder));
        assertThat(lockSeenFromAnotherProcess(folder)).isEqualTo("held");

        assertThatThrownBy(() -> closeLater(startOn(folder))).hasMessageContaining("in use by another running server");

        assertThat(lockSeenFromAnotherProcess(folder)).as("closing any handle of the lock file in this JVM would"
                + " have dropped the first server's lock").isEqualTo("held");
    }

    @Test
    void aLockFileThatIsASymbolicLinkIsRefusedAndItsTargetLeftUntouched() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("planted"));
        Path precious = Files.writeString(tmp.resolve("precious.txt"), "do not truncate me");
        Files.createSymbolicLink(folder.resolve(".ovstub.lock"), precious);

        assertThatThrownBy(() -> closeLater(startOn(folder))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lock file");

        assertThat(Files.readString(precious)).isEqualTo("do not truncate me");
    }

    private static String lockSeenFromAnotherProcess(Path folder) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockProbeMain.class.getName(),
                folder.resolve(".ovstub.lock").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void afterTheFirstServerClosesANewOneStartsOnTheFolderTakingOverItsLockFile() throws Exception {
        Path folder = tmp.resolve("shared");
        OpenViduServerStub first = startOn(folder);
        first.close();
        assertThat(folder.resolve(".ovstub.lock")).as("the stale lock file stays").exists();

        OpenViduServerStub second = closeLater(startOn(folder));

        assertThat(second.recordingPath()).isEqualTo(folder.toAbsolutePath());
        assertThat(new Api(second).get("/api/recordings").json().get("count").asInt()).isZero();
    }

    @Test
    void aRuntimeThatCannotPrepareReleasesTheFolder() {
        Path folder = tmp.resolve("shared");
        RecorderRuntime failing = new RecorderRuntime() {
            @Override public String name() { return "failing"; }
            @Override public void prepare() { throw new IllegalStateException("engine unreachable"); }
            @Override public RecorderProcess launch(RecorderLaunch launch) { throw new AssertionError(); }
            @Override public void close() { }
        };

        assertThatThrownBy(() -> OpenViduServerStub.builder().recording(true).recordingPath(folder)
                .recorders(config -> failing, () -> new TestRecorders().probe()).start())
                .hasMessageContaining("engine unreachable");

        closeLater(startOn(folder));
    }
}

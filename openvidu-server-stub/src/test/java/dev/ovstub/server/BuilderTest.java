package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.config.ConfigException;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.session.SessionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding builder's validation, its temporary folder, and how refusals become a {@link StubException}. */
class BuilderTest extends StubTestSupport {

    @Test
    void aMisspelledRuntimeNameIsRefusedWithTheSameMessageAsTheJarGives() {
        String jarMessage = catchMessage(() -> ServerConfig.from(
                new PropertySource(Map.of("openvidu.recording.runtime", "dockr"), Map.of())));

        assertThatThrownBy(() -> OpenViduServerStub.builder().runtime("dockr"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(jarMessage)
                .hasMessageContaining("openvidu.recording.runtime")
                .hasMessageContaining("'dockr'")
                .hasMessageNotContaining("No enum constant");
    }

    @Test
    void runtimeNamesAreReadAsTheJarReadsThem() {
        // accepted in any case, as -Dopenvidu.recording.runtime is
        OpenViduServerStub.builder().runtime("Docker").runtime("EMBEDDED").runtime("embedded");
    }

    @Test
    void aServerWithRecordingOffMakesNoTemporaryRecordingsFolder() {
        // Other builds on the machine share the temporary folder, so this looks at what this server made.
        OpenViduServerStub off = plainServer();
        OpenViduServerStub on = closeLater(new TestRecorders().installIn(OpenViduServerStub.builder().recording(true)).start());

        assertThat(off.recordingPath()).isNull();
        assertThat(off.ownedFolder()).as("recording off").isNull();
        assertThat(on.ownedFolder()).as("recording on, no folder given").isNotNull().isEqualTo(on.recordingPath());
    }

    @Test
    void aRefusalBecomesAStubExceptionWithTheReasonsOwnStatus() {
        for (RecordingException.Reason reason : RecordingException.Reason.values()) {
            assertThatThrownBy(() -> dev.ovstub.server.internal.assembly.Refusals.call(() -> {
                throw new RecordingException(reason, "refused: " + reason);
            })).as("%s", reason)
                    .isInstanceOfSatisfying(StubException.class, e -> assertThat(e.status()).isEqualTo(reason.httpStatus()))
                    .hasMessage("refused: " + reason);
        }
        for (SessionException.Reason reason : SessionException.Reason.values()) {
            assertThatThrownBy(() -> dev.ovstub.server.internal.assembly.Refusals.call(() -> {
                throw new SessionException(reason, "refused: " + reason);
            })).as("%s", reason)
                    .isInstanceOfSatisfying(StubException.class, e -> assertThat(e.status()).isEqualTo(reason.httpStatus()));
        }
    }

    private static String catchMessage(Runnable action) {
        try {
            action.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void theRuntimeIsNamedByAnEnumAndRecordingStatusesAreReadFromTheirWireNames() {
        OpenViduServerStub.builder().runtime(RecordingRuntime.DOCKER).runtime(RecordingRuntime.EMBEDDED);

        assertThat(StubRecording.Status.fromWireName("Available")).isEqualTo(StubRecording.Status.AVAILABLE);
        assertThat(StubRecording.Status.STARTED.wireName()).isEqualTo("started");
        assertThatThrownBy(() -> StubRecording.Status.fromWireName("ready"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ready").hasMessageContaining("stopped");
    }
}

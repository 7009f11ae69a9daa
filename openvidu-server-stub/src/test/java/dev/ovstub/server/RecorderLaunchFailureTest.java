package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A runtime that cannot launch a recorder: the answer names the failure, never the host's paths the runtime named. */
class RecorderLaunchFailureTest extends StubTestSupport {

    @Test
    void aLaunchFailureAnswers500WithAnIncidentIdAndNoHostPath() {
        RecorderRuntime cannotLaunch = new RecorderRuntime() {
            @Override public String name() { return "embedded"; }
            @Override public void prepare() { }
            @Override public RecorderProcess launch(RecorderLaunch launch) throws IOException {
                throw new IOException("Cannot run program \"/usr/lib/jvm/secret-layout/bin/java\": error=2");
            }
            @Override public void close() { }
        };
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().recording(true)
                .recordingPath(tmp.resolve("recordings"))
                .recorders(config -> cannotLaunch, () -> new TestRecorders().probe()).start());
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        Api.Resp r = api.startRecording(session);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.message()).contains("could not be launched").contains("incident").doesNotContain("/usr/lib");
        String id = api.get("/api/recordings").json().get("items").get(0).get("id").asText();
        assertThat(api.recordingStatus(id)).isEqualTo("failed");
    }
}

package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmarks' fake recorder ({@link TestRecorders#instant()}): a full start/stop cycle with a finished file. */
class InstantTestRecordersTest extends StubTestSupport {

    @Test
    void anInstantRecorderStartsAndStopsARecordingWithAFinishedFileAndKeepsNoTrackOfIt() throws Exception {
        TestRecorders instant = TestRecorders.instant();
        OpenViduServerStub server = closeLater(instant.installIn(OpenViduServerStub.builder().recording(true)).start());
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);

        String id = api.record(session).get("id").asText();
        JsonNode stopped = api.stop(id);

        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        Path file = server.recordingPath().resolve(id + ".mp4");
        assertThat(TestRecorders.isFinished(file)).as("%s ends with the trailer", file).isTrue();
        assertThat(instant.launches()).as("instant recorders are not tracked").isEmpty();
        assertThat(instant.runningCount()).isZero();
    }
}

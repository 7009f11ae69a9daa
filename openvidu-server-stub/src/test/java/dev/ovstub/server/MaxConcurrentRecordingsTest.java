package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code openvidu.recording.max-concurrent}: past the bound, starts are refused (503) instead of forking recorders. */
class MaxConcurrentRecordingsTest extends StubTestSupport {

    @Test
    void aStartPastTheBoundAnswers503NamingThePropertyAndLaunchesNothing() {
        Api api = new Api(recordingServer(b -> b.maxConcurrentRecordings(2)));
        String a = api.manualSession();
        String b = api.manualSession();
        String c = api.manualSession();
        for (String s : new String[] {a, b, c}) {
            api.join(s, true);
        }
        String first = api.record(a).get("id").asText();
        api.record(b);

        Api.Resp refused = api.startRecording(c);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.message()).contains("openvidu.recording.max-concurrent").contains("(2)");
        assertThat(recorders.launches()).hasSize(2);
        assertThat(api.recording(Api.shortId(c))).as("no recording was created").isNull();
        api.stop(first);
        assertThat(api.record(c).get("status").asText()).as("a slot is free again").isEqualTo("started");
    }

    @Test
    void aRecordingStillFinishingItsFileCountsAgainstTheBound() {
        Api api = new Api(recordingServer(b -> b.maxConcurrentRecordings(1)));
        String always = api.alwaysSession();
        recorders.next(TestRecorders.Behaviour.WAITS_BEFORE_FINISHING);
        String p = api.join(always, true);
        String id = api.awaitRecordingStatus(Api.shortId(always), "started").get("id").asText();
        api.leave(p);
        String manual = api.manualSession();
        api.join(manual, true);

        assertThat(api.startRecording(manual).status()).isEqualTo(503);

        recorders.recorder(id).allowFinishing();
        api.awaitRecordingStatus(id, "stopped");
        assertThat(api.startRecording(manual).status()).isEqualTo(200);
    }

    @Test
    void anAutomaticStartPastTheBoundIsSkippedAndTheSessionKeepsWorking() {
        Api api = new Api(recordingServer(b -> b.maxConcurrentRecordings(1)));
        String manual = api.manualSession();
        api.join(manual, true);
        String busy = api.record(manual).get("id").asText();
        String always = api.alwaysSession();

        String p = api.join(always, true);

        String other = api.join(always, true);
        api.unpublish(p);
        api.leave(p);
        assertThat(api.stubSession(always).get("participants")).hasSize(1);
        assertThat(api.stubSession(always).get("recordingId").isNull()).isTrue();
        api.stop(busy);
        assertThat(api.record(manual).get("status").asText()).as("nothing wedged: the service starts again").isEqualTo("started");
        api.leave(other);
        assertThat(api.stubSession(always)).isNull();
        // The automatic start ran long before (in the background, at the first publish): it was refused.
        assertThat(api.recording(Api.shortId(always))).as("the ALWAYS session was not recorded").isNull();
        assertThat(recorders.launches()).hasSize(2);
    }

    @Test
    void theBuilderRefusesABoundBelowOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenViduServerStub.builder().maxConcurrentRecordings(0))
                .hasMessageContaining("openvidu.recording.max-concurrent");
    }
}

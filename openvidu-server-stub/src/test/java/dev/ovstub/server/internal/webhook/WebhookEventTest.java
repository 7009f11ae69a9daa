package dev.ovstub.server.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.internal.webhook.WebhookEvent.Participant;
import dev.ovstub.server.internal.webhook.WebhookEvent.Recording;
import dev.ovstub.server.internal.webhook.WebhookEvent.RecordingStatus;
import dev.ovstub.server.internal.webhook.WebhookEvent.Session;
import dev.ovstub.server.internal.webhook.WebhookEvent.Stream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WebhookEvent}: each event's JSON has OpenVidu 2.32's fields (wire contract 2.x §8.2), and only those. */
class WebhookEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Session SESSION = new Session("ses_YnDaGYNcd7", 1_700_000_000_000L);
    private static final Participant ALICE = new Participant("con_Xnxg19tonh", 1_700_000_001_000L, "unknown",
            "127.0.0.1", "Chrome 120.0 on Linux 64-bit", null, "alice's data");
    private static final Stream CAMERA = new Stream("str_CAM_NhxL_con_Xnxg19tonh", "con_Xnxg19tonh", null,
            1_700_000_002_000L, true, true, "CAMERA", 30, "{\"width\":640,\"height\":480}");
    private static final Recording COMPOSED = new Recording("ses_YnDaGYNcd7~1", "meeting", "COMPOSED", true, true,
            "1280x720", 25, "BEST_FIT", null, 1_700_000_003_000L, 0, 0);

    private static JsonNode json(WebhookEvent event) throws IOException {
        return JSON.readTree(event.toJson());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void sessionCreatedCarriesTheSessionItsUniqueIdAndItsCreationTime() throws IOException {
        JsonNode j = json(WebhookEvent.sessionCreated(SESSION));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "event");
        assertThat(j.get("event").asText()).isEqualTo("sessionCreated");
        assertThat(j.get("sessionId").asText()).isEqualTo("ses_YnDaGYNcd7");
        assertThat(j.get("uniqueSessionId").asText()).isEqualTo("ses_YnDaGYNcd7_1700000000000");
        assertThat(j.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(j.get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void sessionDestroyedCarriesTheStartTimeWholeSecondsAndTheReason() throws IOException {
        WebhookEvent event = WebhookEvent.sessionDestroyed(SESSION, 1_700_000_061_999L, EndReason.LAST_PARTICIPANT_LEFT);
        JsonNode j = json(event);

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "startTime", "duration",
                "reason", "event");
        assertThat(j.get("startTime").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(j.get("duration").isInt()).as("whole seconds").isTrue();
        assertThat(j.get("duration").asInt()).isEqualTo(61);
        assertThat(j.get("reason").asText()).isEqualTo("lastParticipantLeft");
        assertThat(j.get("timestamp").asLong()).isEqualTo(1_700_000_061_999L);
        assertThat(event.name()).isEqualTo(EventName.SESSION_DESTROYED);
        assertThat(event.sessionId()).isEqualTo("ses_YnDaGYNcd7");
    }

    @Test
    void participantJoinedCarriesTheConnectionAndItsDataWithNullsWrittenOut() throws IOException {
        JsonNode j = json(WebhookEvent.participantJoined(SESSION, ALICE));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "participantId", "connectionId",
                "location", "ip", "platform", "clientData", "serverData", "event");
        assertThat(j.get("timestamp").asLong()).as("the connection's activeAt").isEqualTo(1_700_000_001_000L);
        assertThat(j.get("connectionId").asText()).isEqualTo("con_Xnxg19tonh");
        assertThat(j.get("participantId").asText()).isEqualTo("con_Xnxg19tonh");
        assertThat(j.get("location").asText()).isEqualTo("unknown");
        assertThat(j.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("platform").asText()).isEqualTo("Chrome 120.0 on Linux 64-bit");
        assertThat(j.get("clientData").isNull()).isTrue();
        assertThat(j.get("serverData").asText()).isEqualTo("alice's data");
        assertThat(j.get("event").asText()).isEqualTo("participantJoined");
    }

    @Test
    void participantLeftAddsTheStartTimeDurationAndReason() throws IOException {
        JsonNode j = json(WebhookEvent.participantLeft(SESSION, ALICE, 1_700_000_011_500L, EndReason.FORCE_DISCONNECT_BY_SERVER));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "startTime", "duration",
                "reason", "participantId", "connectionId", "location", "ip", "platform", "clientData", "serverData", "event");
        assertThat(j.get("startTime").asLong()).isEqualTo(1_700_000_001_000L);
        assertThat(j.get("duration").asInt()).isEqualTo(10);
        assertThat(j.get("reason").asText()).isEqualTo("forceDisconnectByServer");
        assertThat(j.get("event").asText()).isEqualTo("participantLeft");
    }

    @Test
    void anOutboundConnectionWithVideoCarriesTheVideoFields() throws IOException {
        JsonNode j = json(WebhookEvent.webrtcConnectionCreated(SESSION, CAMERA));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "streamId", "connectionId",
                "participantId", "connection", "videoSource", "videoFramerate", "videoDimensions", "audioEnabled",
                "videoEnabled", "event");
        assertThat(j.get("timestamp").asLong()).as("the publisher's createdAt").isEqualTo(1_700_000_002_000L);
        assertThat(j.get("streamId").asText()).isEqualTo("str_CAM_NhxL_con_Xnxg19tonh");
        assertThat(j.get("connection").asText()).isEqualTo("OUTBOUND");
        assertThat(j.get("videoSource").asText()).isEqualTo("CAMERA");
        assertThat(j.get("videoFramerate").asInt()).isEqualTo(30);
        assertThat(j.get("videoDimensions").asText()).as("a JSON text, as OpenVidu writes it")
                .isEqualTo("{\"width\":640,\"height\":480}");
        assertThat(j.get("audioEnabled").asBoolean()).isTrue();
        assertThat(j.get("videoEnabled").asBoolean()).isTrue();
        assertThat(j.get("event").asText()).isEqualTo("webrtcConnectionCreated");
    }

    @Test
    void anInboundAudioOnlyConnectionNamesItsPublisherAndHasNoVideoFields() throws IOException {
        Stream subscription = new Stream("str_MIC_AbCd_con_Pub0000000", "con_Sub0000000", "con_Pub0000000",
                1_700_000_004_000L, true, false, null, null, null);
        JsonNode j = json(WebhookEvent.webrtcConnectionDestroyed(SESSION, subscription, 1_700_000_009_000L,
                EndReason.UNSUBSCRIBE));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "startTime", "duration", "reason",
                "streamId", "connectionId", "participantId", "connection", "receivingFrom", "audioEnabled",
                "videoEnabled", "event");
        assertThat(j.get("connection").asText()).isEqualTo("INBOUND");
        assertThat(j.get("receivingFrom").asText()).isEqualTo("con_Pub0000000");
        assertThat(j.get("connectionId").asText()).isEqualTo("con_Sub0000000");
        assertThat(j.get("duration").asInt()).isEqualTo(5);
        assertThat(j.get("reason").asText()).isEqualTo("unsubscribe");
        assertThat(j.get("videoEnabled").asBoolean()).isFalse();
        assertThat(j.get("event").asText()).isEqualTo("webrtcConnectionDestroyed");
    }

    @Test
    void recordingStartedHasNoReasonAndStartsAtTheRecordingsCreation() throws IOException {
        JsonNode j = json(WebhookEvent.recordingStatusChanged(SESSION, COMPOSED, RecordingStatus.STARTED,
                COMPOSED.createdAt(), null));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "startTime", "duration", "id",
                "name", "outputMode", "resolution", "frameRate", "recordingLayout", "hasAudio", "hasVideo", "size",
                "status", "event");
        assertThat(j.get("timestamp").asLong()).isEqualTo(1_700_000_003_000L);
        assertThat(j.get("startTime").asLong()).isEqualTo(1_700_000_003_000L);
        assertThat(j.get("status").asText()).isEqualTo("started");
        assertThat(j.get("id").asText()).isEqualTo("ses_YnDaGYNcd7~1");
        assertThat(j.get("name").asText()).isEqualTo("meeting");
        assertThat(j.get("outputMode").asText()).isEqualTo("COMPOSED");
        assertThat(j.get("resolution").asText()).isEqualTo("1280x720");
        assertThat(j.get("frameRate").asInt()).isEqualTo(25);
        assertThat(j.get("recordingLayout").asText()).isEqualTo("BEST_FIT");
        assertThat(j.get("size").asLong()).isZero();
        assertThat(j.get("duration").asDouble()).isZero();
    }

    @Test
    void recordingReadyCarriesTheFractionalDurationTheSizeAndTheReason() throws IOException {
        Recording done = new Recording("ses_YnDaGYNcd7~1", "meeting", "COMPOSED", true, true, "1280x720", 25, "CUSTOM",
                "my-layout/index.html", 1_700_000_003_000L, 1_234_567L, 12.48);
        JsonNode j = json(WebhookEvent.recordingStatusChanged(SESSION, done, RecordingStatus.READY,
                1_700_000_016_000L, EndReason.RECORDING_STOPPED_BY_SERVER));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "startTime", "duration", "reason",
                "id", "name", "outputMode", "resolution", "frameRate", "recordingLayout", "customLayout", "hasAudio",
                "hasVideo", "size", "status", "event");
        assertThat(j.get("duration").isFloatingPointNumber()).isTrue();
        assertThat(j.get("duration").asDouble()).isEqualTo(12.48);
        assertThat(j.get("size").asLong()).isEqualTo(1_234_567L);
        assertThat(j.get("reason").asText()).isEqualTo("recordingStoppedByServer");
        assertThat(j.get("customLayout").asText()).isEqualTo("my-layout/index.html");
        assertThat(j.get("status").asText()).isEqualTo("ready");
        assertThat(j.get("event").asText()).isEqualTo("recordingStatusChanged");
    }

    @Test
    void anAudioOnlyOrIndividualRecordingHasNoVideoLayoutFields() throws IOException {
        Recording audioOnly = new Recording("r~2", "r", "COMPOSED", true, false, "1280x720", 25, "BEST_FIT", null, 1L, 10L, 1.5);
        Recording individual = new Recording("r~3", "r", "INDIVIDUAL", true, true, null, null, null, null, 1L, 10L, 1.5);

        for (Recording r : List.of(audioOnly, individual)) {
            JsonNode j = json(WebhookEvent.recordingStatusChanged(SESSION, r, RecordingStatus.STOPPED, 2_000L,
                    EndReason.LAST_PARTICIPANT_LEFT));
            assertThat(keys(j)).as(r.outputMode()).doesNotContain("resolution", "frameRate", "recordingLayout", "customLayout")
                    .contains("hasAudio", "hasVideo", "size", "duration", "status", "reason");
            assertThat(j.get("status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void signalSentCarriesSenderReceiversTypeAndDataWithANullSenderFromTheServer() throws IOException {
        JsonNode j = json(WebhookEvent.signalSent(SESSION, 1_700_000_005_000L, null,
                List.of("con_A000000000", "con_B000000000"), "signal:chat", "hello \"you\""));

        assertThat(keys(j)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "from", "to", "type", "data", "event");
        assertThat(j.get("from").isNull()).isTrue();
        assertThat(j.get("to").isArray()).isTrue();
        assertThat(j.get("to").get(1).asText()).isEqualTo("con_B000000000");
        assertThat(j.get("type").asText()).isEqualTo("signal:chat");
        assertThat(j.get("data").asText()).isEqualTo("hello \"you\"");
        assertThat(j.get("event").asText()).isEqualTo("signalSent");
    }

    @Test
    void aReasonThatOpenViduDoesNotGiveForTheEventIsRefused() {
        assertThatThrownBy(() -> WebhookEvent.sessionDestroyed(SESSION, 2L, EndReason.UNPUBLISH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionDestroyed");
        assertThatThrownBy(() -> WebhookEvent.participantLeft(SESSION, ALICE, 2L, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookEvent.recordingStatusChanged(SESSION, COMPOSED, RecordingStatus.STARTED, 2L,
                EndReason.AUTOMATIC_STOP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookEvent.recordingStatusChanged(SESSION, COMPOSED, RecordingStatus.READY, 2L, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFieldsAreTheJsonInTheSameOrder() throws IOException {
        WebhookEvent event = WebhookEvent.participantJoined(SESSION, ALICE);

        assertThat(List.copyOf(event.fields().keySet())).isEqualTo(keys(json(event)));
        assertThat(event.fields()).containsEntry("event", "participantJoined").containsEntry("clientData", null);
    }
}

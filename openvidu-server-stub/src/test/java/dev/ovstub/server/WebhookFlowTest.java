package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 2.x webhook end to end: a real HTTP receiver gets the events of a session's life through the 2.x API, in
 * order, with their 2.x fields and reasons; the flow backends wait on ({@code recordingStatusChanged} → ready).
 */
class WebhookFlowTest extends StubTestSupport {
    private static final String API = "/openvidu/api";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private static String session(Api api, Object... properties) {
        return api.post(API + "/sessions", properties.length == 0 ? null : obj(properties)).json().get("id").asText();
    }

    private static String join(Api api, String session, boolean publish) {
        String token = api.post(API + "/sessions/" + session + "/connection", null).json().get("token").asText();
        Api.Resp r = api.post("/stub/participants", obj("session", session, "token", token, "publish", publish,
                "metadata", "client-data"));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("id").asText();
    }

    private List<String> namesFor(String session) {
        return receiver.events().stream().filter(e -> session.equals(e.sessionId()))
                .map(e -> e.event().equals("recordingStatusChanged") ? e.event() + ":" + e.string("status") : e.event())
                .toList();
    }

    @Test
    void aRecordedSessionsLifeArrivesInOrderAndReadyCarriesTheFinalFile() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url(), "Authorization: Bearer hook-token"));
        Api api = new Api(server);
        String s = session(api);
        String alice = join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s, "name", "daily"));
        JsonNode stopped = api.post(API + "/recordings/stop/" + s, null).json();

        WebhookReceiver.Received ready = receiver.awaitEvent("recordingStatusChanged",
                e -> "ready".equals(e.string("status")), WAIT);

        assertThat(ready.string("id")).isEqualTo(s);
        assertThat(ready.string("name")).isEqualTo("daily");
        assertThat(ready.string("reason")).isEqualTo("recordingStoppedByServer");
        assertThat(ready.number("size")).isEqualTo(stopped.get("size").asLong()).isPositive();
        assertThat(ready.json().get("outputMode")).isEqualTo("COMPOSED");
        assertThat(ready.header("Authorization")).isEqualTo("Bearer hook-token");
        assertThat(ready.header("Content-Type")).startsWith("application/json");

        api.leave(alice);

        receiver.awaitEvent("sessionDestroyed", e -> s.equals(e.sessionId()), WAIT);
        assertThat(namesFor(s)).containsExactly("sessionCreated", "participantJoined", "webrtcConnectionCreated",
                "recordingStatusChanged:started", "recordingStatusChanged:stopped", "recordingStatusChanged:ready",
                "webrtcConnectionDestroyed", "participantLeft", "sessionDestroyed");
        WebhookReceiver.Received joined = receiver.events("participantJoined").get(0);
        assertThat(joined.string("connectionId")).isEqualTo(alice);
        assertThat(joined.string("clientData")).isEqualTo("client-data");
        assertThat(receiver.events("participantLeft").get(0).string("reason")).isEqualTo("disconnect");
        assertThat(receiver.events("webrtcConnectionDestroyed").get(0).string("reason")).isEqualTo("disconnect");
        assertThat(receiver.events("sessionDestroyed").get(0).string("reason")).isEqualTo("lastParticipantLeft");
        String unique = receiver.events("sessionCreated").get(0).string("uniqueSessionId");
        assertThat(receiver.events().stream().filter(e -> s.equals(e.sessionId())))
                .allSatisfy(e -> assertThat(e.string("uniqueSessionId")).isEqualTo(unique));
    }

    @Test
    void theAutomaticStopEndsTheRecordingAndTheSessionWithReasonAutomaticStop() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url()).autostopTimeout(Duration.ofMillis(200)));
        Api api = new Api(server);
        String s = session(api);
        String alice = join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));

        api.leave(alice);

        WebhookReceiver.Received destroyed = receiver.awaitEvent("sessionDestroyed", e -> s.equals(e.sessionId()), WAIT);
        assertThat(destroyed.string("reason")).isEqualTo("automaticStop");
        assertThat(receiver.events("recordingStatusChanged").stream().map(e -> e.string("status") + "/" + e.json().get("reason")))
                .containsExactly("started/null", "stopped/automaticStop", "ready/automaticStop");
    }

    @Test
    void closingASessionEvictsItsParticipantsStopsItsRecordingThenDestroysIt() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url()));
        Api api = new Api(server);
        String s = session(api);
        join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));

        api.delete(API + "/sessions/" + s);

        receiver.awaitEvent("sessionDestroyed", e -> s.equals(e.sessionId()), WAIT);
        assertThat(namesFor(s)).endsWith("webrtcConnectionDestroyed", "participantLeft", "recordingStatusChanged:stopped",
                "recordingStatusChanged:ready", "sessionDestroyed");
        assertThat(receiver.events().stream().filter(e -> e.json().containsKey("reason")).map(e -> e.string("reason")))
                .containsOnly("sessionClosedByServer");
    }

    @Test
    void signalsForcedUnpublishesAndForcedDisconnectsAreReportedWithTheirReasons() {
        OpenViduServerStub server = plainServer(); // recording off: webhooks need no recording
        server.close();
        server = closeLater(OpenViduServerStub.builder().webhook(receiver.url()).start());
        Api api = new Api(server);
        String s = session(api);
        String alice = join(api, s, true);
        String bob = join(api, s, false);
        String stream = api.get(API + "/sessions/" + s).json().at("/connections/content/0/publishers/0/streamId").asText();

        api.post(API + "/signal", obj("session", s, "to", List.of(bob), "type", "chat", "data", "hi"));
        api.delete(API + "/sessions/" + s + "/stream/" + stream);
        api.delete(API + "/sessions/" + s + "/connection/" + alice);

        WebhookReceiver.Received left = receiver.awaitEvent("participantLeft", e -> alice.equals(e.string("connectionId")), WAIT);
        assertThat(left.string("reason")).isEqualTo("forceDisconnectByServer");
        WebhookReceiver.Received signal = receiver.events("signalSent").get(0);
        assertThat(signal.json().get("from")).isNull();
        assertThat(signal.json().get("to")).isEqualTo(List.of(bob));
        assertThat(signal.string("type")).isEqualTo("chat");
        assertThat(receiver.events("webrtcConnectionDestroyed").get(0).string("reason")).isEqualTo("forceUnpublishByServer");
    }

    @Test
    void onlyTheConfiguredEventsAreSentAndOneEightSessionsSendNone() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url()).webhookEvents("sessionCreated"));
        Api api = new Api(server);
        String v18 = api.manualSession();
        api.join(v18, true);
        String s = session(api);
        join(api, s, true);

        receiver.awaitEvent("sessionCreated", e -> s.equals(e.sessionId()), WAIT);
        api.leave(api.join(api.manualSession(), true)); // a later 1.8 session's life: nothing is sent for it
        String last = session(api);
        receiver.awaitEvent("sessionCreated", e -> last.equals(e.sessionId()), WAIT);

        assertThat(receiver.events()).extracting(WebhookReceiver.Received::event).containsOnly("sessionCreated");
        assertThat(receiver.events()).extracting(WebhookReceiver.Received::sessionId).containsExactly(s, last);
    }

    @Test
    void pausedDeliveriesQueueUntilResumedAndTheControlApiCountsThem() {
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().webhook(receiver.url()).start());
        Api api = new Api(server);
        String first = session(api);
        receiver.awaitEvent("sessionCreated", e -> first.equals(e.sessionId()), WAIT);

        assertThat(api.post("/stub/faults/pause-webhooks", null).json().get("paused").asBoolean()).isTrue();
        String held = session(api);
        join(api, held, false);
        JsonNode status = api.get("/stub/webhooks").json();
        assertThat(status.get("queued").asInt()).isEqualTo(2);
        assertThat(api.get("/stub/faults").json().at("/items/0/kind").asText()).isEqualTo("webhooksPaused");
        assertThat(receiver.events()).extracting(WebhookReceiver.Received::sessionId).containsOnly(first);

        api.post("/stub/faults/resume-webhooks", null);

        receiver.awaitEvent("participantJoined", e -> held.equals(e.sessionId()), WAIT);
        assertThat(namesFor(held)).containsExactly("sessionCreated", "participantJoined");
        assertThat(api.get("/stub/webhooks").json().get("sent").asInt()).isEqualTo(3);
    }

    @Test
    void pausingTheWebhookOfAServerWithoutOneIsRefused() {
        Api api = new Api(plainServer());

        assertThat(api.post("/stub/faults/pause-webhooks", null).status()).isEqualTo(409);
        assertThat(api.get("/stub/webhooks").json().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aBadWebhookSettingStopsTheStartNamingTheProperty() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenViduServerStub.builder()
                        .webhook(java.net.URI.create("ftp://hooks.example")).start())
                .hasMessageContaining("openvidu.webhook.endpoint");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenViduServerStub.builder()
                        .webhook(receiver.url()).webhookEvents("recordingReady").start())
                .hasMessageContaining("openvidu.webhook.events").hasMessageContaining("recordingStatusChanged");
    }

    @Test
    void aSessionOpenWhenTheServerStopsIsDestroyedWithReasonOpenviduServerStopped() {
        OpenViduServerStub server = OpenViduServerStub.builder().webhook(receiver.url()).start();
        Api api = new Api(server);
        String s = session(api);
        join(api, s, true);
        String idle = session(api); // never joined: destroyed too
        receiver.awaitEvent("webrtcConnectionCreated", e -> s.equals(e.sessionId()), WAIT);

        server.close();

        assertThat(receiver.awaitEvent("sessionDestroyed", e -> s.equals(e.sessionId()), WAIT).string("reason"))
                .isEqualTo("openviduServerStopped");
        assertThat(receiver.awaitEvent("sessionDestroyed", e -> idle.equals(e.sessionId()), WAIT).string("reason"))
                .isEqualTo("openviduServerStopped");
        assertThat(namesFor(s)).endsWith("webrtcConnectionDestroyed", "participantLeft", "sessionDestroyed");
        assertThat(receiver.events("participantLeft").get(0).string("reason")).isEqualTo("openviduServerStopped");
    }

    @Test
    void aStopThroughTheApiDuringTheCountdownIsReportedAsStoppedByTheServer() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url()).autostopTimeout(Duration.ofSeconds(60)));
        Api api = new Api(server);
        String s = session(api);
        String alice = join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));
        api.leave(alice); // the countdown runs

        assertThat(api.post(API + "/recordings/stop/" + s, null).status()).isEqualTo(200);

        WebhookReceiver.Received destroyed = receiver.awaitEvent("sessionDestroyed", e -> s.equals(e.sessionId()), WAIT);
        assertThat(receiver.events("recordingStatusChanged").stream().map(e -> e.string("status") + "/" + e.json().get("reason")))
                .containsExactly("started/null", "stopped/recordingStoppedByServer", "ready/recordingStoppedByServer");
        assertThat(destroyed.string("reason")).isEqualTo("lastParticipantLeft");
    }

    @Test
    void aResetOverHttpAnswersOnceTheEventsOfWhatItEndedAreDelivered() {
        OpenViduServerStub server = recordingServer(b -> b.webhook(receiver.url()));
        Api api = new Api(server);
        String s = session(api);
        join(api, s, true);
        api.post(API + "/recordings/start", obj("session", s));

        assertThat(api.post("/stub/reset", null).status()).isEqualTo(204);

        assertThat(receiver.events("recordingStatusChanged")).extracting(e -> e.string("status"))
                .as("delivered before the reset's answer").contains("started", "stopped", "ready");
    }
}

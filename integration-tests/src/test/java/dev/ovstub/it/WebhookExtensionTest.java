package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.server.junit.OpenViduStubRuntimeInfo;
import dev.ovstub.server.junit.OpenViduStubTest;
import dev.ovstub.server.junit.ReceivedWebhooks;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @OpenViduStubTest(webhook = true)}: the 2.x sessions' webhook events reach an endpoint of the extension's,
 * which tests read as an injected {@link ReceivedWebhooks}, emptied before each test.
 */
@OpenViduStubTest(recording = true, webhook = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private static String field(Pattern p, String json) {
        Matcher m = p.matcher(json);
        assertThat(m.find()).as("%s in %s", p, json).isTrue();
        return m.group(1);
    }

    @Test
    @Order(1)
    void aBackendWaitingForReadyGetsItAfterTheStop(OpenViduStubRuntimeInfo stub, ReceivedWebhooks webhooks) {
        StubHttp http = new StubHttp(stub.baseUrl().toString(), stub.secret());
        String session = field(ID, http.postJson("/openvidu/api/sessions", "{}").text());
        String token = field(TOKEN, http.postJson("/openvidu/api/sessions/" + session + "/connection", "{}").text());
        http.join(session, token, true, "alice");
        assertThat(http.postJson("/openvidu/api/recordings/start", "{\"session\":\"" + session + "\"}").status()).isEqualTo(200);

        http.post("/openvidu/api/recordings/stop/" + session);

        ReceivedWebhooks.Event ready = webhooks.await("recordingStatusChanged",
                e -> session.equals(e.sessionId()) && "ready".equals(e.string("status")), WAIT);
        assertThat(ready.json().get("size")).isInstanceOfSatisfying(Number.class, n -> assertThat(n.longValue()).isPositive());
        assertThat(ready.headers().get("content-type")).startsWith("application/json");
        assertThat(webhooks.named("sessionCreated")).extracting(ReceivedWebhooks.Event::sessionId).contains(session);
    }

    @Test
    @Order(2)
    void aTestLeavesARecordingRunning(OpenViduStubRuntimeInfo stub, ReceivedWebhooks webhooks) {
        StubHttp http = new StubHttp(stub.baseUrl().toString(), stub.secret());
        String session = field(ID, http.postJson("/openvidu/api/sessions", "{}").text());
        String token = field(TOKEN, http.postJson("/openvidu/api/sessions/" + session + "/connection", "{}").text());
        http.join(session, token, true, "bob");
        http.postJson("/openvidu/api/recordings/start", "{\"session\":\"" + session + "\"}");
        webhooks.await("recordingStatusChanged", WAIT);
    }

    @Test
    @Order(3)
    void eachTestStartsWithNoEventsOfTheTestBeforeAndAWaitThatFailsSaysWhatWasReceived(ReceivedWebhooks webhooks) {
        // The reset before this test stopped the recording left running: its events came before the reset ended.
        assertThatThrownBy(() -> webhooks.await("recordingStatusChanged", Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class);
        assertThat(webhooks.all()).isEmpty();

        assertThatThrownBy(() -> webhooks.await("signalSent", Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no matching 'signalSent'");
    }
}

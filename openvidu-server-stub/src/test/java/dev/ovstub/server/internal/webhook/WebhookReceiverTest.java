package dev.ovstub.server.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.WebhookReceiver;
import dev.ovstub.server.testing.WebhookReceiver.Received;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test fixture {@link WebhookReceiver}: what it keeps, how it answers, and playing a dead endpoint. */
class WebhookReceiverTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static int post(WebhookReceiver receiver, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(receiver.url()).header("Content-Type", "application/json")
                .header("X-Any", "v").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void itKeepsTheParsedJsonAndTheHeadersOfEveryAcceptedEvent() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String body = "{\"event\":\"signalSent\",\"sessionId\":\"ses_A\",\"timestamp\":1700000000000,"
                    + "\"duration\":12.5,\"from\":null,\"to\":[\"con_1\",\"con_2\"],\"ok\":true,"
                    + "\"data\":\"q\\\"\\u00e9\\n\",\"nested\":{\"a\":[1,{\"b\":false}]}}";

            assertThat(post(receiver, body)).isEqualTo(200);

            Received r = receiver.awaitEvent("signalSent", Duration.ofSeconds(10));
            assertThat(r.body()).isEqualTo(body);
            assertThat(r.sessionId()).isEqualTo("ses_A");
            assertThat(r.number("timestamp")).isEqualTo(1_700_000_000_000L);
            assertThat(r.json()).containsEntry("duration", 12.5).containsEntry("from", null).containsEntry("ok", true)
                    .containsEntry("to", List.of("con_1", "con_2")).containsEntry("data", "q\"é\n")
                    .containsEntry("nested", Map.of("a", List.of(1L, Map.of("b", false))));
            assertThat(r.header("x-any")).isEqualTo("v");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void itAnswersTheChosenStatusAndKeepsOnlyWhatItAnswered200() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.failNext(2, 500);
            assertThat(post(receiver, "{\"event\":\"a\"}")).isEqualTo(500);
            assertThat(post(receiver, "{\"event\":\"b\"}")).isEqualTo(500);
            assertThat(post(receiver, "{\"event\":\"c\"}")).isEqualTo(200);
            receiver.answer(404);
            assertThat(post(receiver, "{\"event\":\"d\"}")).isEqualTo(404);

            assertThat(receiver.requests()).isEqualTo(4);
            assertThat(receiver.events()).extracting(Received::event).containsExactly("c");
        }
    }

    @Test
    void aStoppedReceiverRefusesConnectionsAndTakesEventsAgainOnTheSamePortOnceRestarted() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            int port = receiver.port();
            receiver.stop();

            assertThatThrownBy(() -> post(receiver, "{\"event\":\"lost\"}")).isInstanceOf(ConnectException.class);

            receiver.restart();
            assertThat(receiver.port()).isEqualTo(port);
            assertThat(post(receiver, "{\"event\":\"back\"}")).isEqualTo(200);
            assertThat(receiver.events()).extracting(Received::event).containsExactly("back");
        }
    }

    @Test
    void waitingForAnEventThatNeverComesFailsSayingWhatItWaitedFor() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            assertThatThrownBy(() -> receiver.awaitEvent("sessionDestroyed", Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("sessionDestroyed");
        }
    }
}

package dev.ovstub.server.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ovstub.server.internal.webhook.WebhookEvent.Session;
import dev.ovstub.server.internal.webhook.WebhookSettings.Header;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.WebhookReceiver;
import dev.ovstub.server.testing.WebhookReceiver.Received;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WebhookSender} against a real HTTP endpoint ({@link WebhookReceiver}): order, retries, dead endpoints, bounds. */
class WebhookSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Short backoffs, so retries take milliseconds here. */
    private static final WebhookSender.Tuning FAST = new WebhookSender.Tuning(10_000, 5, Duration.ofMillis(5),
            Duration.ofMillis(40), Duration.ofSeconds(5), Duration.ofSeconds(10));

    private WebhookReceiver receiver;
    private final List<WebhookSender> senders = new ArrayList<>();

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopAll() {
        senders.forEach(WebhookSender::close);
        receiver.close();
    }

    private WebhookSender sender(WebhookSettings settings, WebhookSender.Tuning tuning) {
        WebhookSender sender = WebhookSender.start(settings, tuning);
        senders.add(sender);
        return sender;
    }

    private WebhookSender sender(Header... headers) {
        return sender(WebhookSettings.to(receiver.url(), headers), FAST);
    }

    private static WebhookEvent signal(String sessionId, int seq) {
        return WebhookEvent.signalSent(new Session(sessionId, 1L), 2L, null, List.of(), "seq", String.valueOf(seq));
    }

    private static WebhookEvent created(String sessionId) {
        return WebhookEvent.sessionCreated(new Session(sessionId, 1_700_000_000_000L));
    }

    @Test
    void theBodyIsTheEventsJsonAndOnlyA200CountsAsSent() {
        WebhookSender sender = sender();
        WebhookEvent event = created("ses_Body000001");

        sender.send(event);

        Received got = receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(got.body()).isEqualTo(new String(event.toJson(), StandardCharsets.UTF_8));
        assertThat(got.sessionId()).isEqualTo("ses_Body000001");
        Await.until("the sent counter", sender::counters, c -> c.sent() == 1, WAIT);
        assertThat(sender.counters().failed()).isZero();
        assertThat(sender.counters().queued()).isZero();
    }

    @Test
    void theEventsOfEachSessionArriveInTheOrderTheyWereSentFromManyThreads() throws Exception {
        WebhookSender sender = sender();
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String sessionId = "ses_Thread" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        sender.send(signal(sessionId, i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Received> all = receiver.awaitEvents(threads * perThread, WAIT);
        Map<String, List<Integer>> bySession = new HashMap<>();
        for (Received r : all) {
            bySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(Integer.parseInt(r.string("data")));
        }
        assertThat(bySession).hasSize(threads);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
            expected.add(i);
        }
        bySession.forEach((session, seqs) -> assertThat(seqs).as(session).isEqualTo(expected));
        assertThat(sender.counters().sent()).isEqualTo(threads * perThread);
        assertThat(sender.counters().dropped()).isZero();
    }

    @Test
    void anEndpointThatFailsTheFirstAttemptsGetsTheEventOnARetry() {
        WebhookSender sender = sender();
        receiver.failNext(3, 503);

        sender.send(created("ses_Retry00001"));

        receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(receiver.events()).hasSize(1);
        assertThat(receiver.requests()).as("three refused, one accepted").isEqualTo(4);
        Await.until("the sent counter", sender::counters, c -> c.sent() == 1, WAIT);
        assertThat(sender.counters().retries()).isEqualTo(3);
        assertThat(sender.counters().failed()).isZero();
    }

    @Test
    void anEndpointThatNeverAnswers200IsGivenUpAfterFiveAttemptsAndTheNextEventStillGoes() {
        WebhookSender sender = sender();
        receiver.answer(204); // a success for many servers, not for OpenVidu

        sender.send(created("ses_Refused001"));
        Await.until("the event given up", sender::counters, c -> c.failed() == 1, WAIT);
        assertThat(receiver.requests()).isEqualTo(WebhookSender.DEFAULT_MAX_ATTEMPTS);

        receiver.answer(200);
        sender.send(created("ses_Accepted01"));

        receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(receiver.events()).extracting(Received::sessionId).containsExactly("ses_Accepted01");
    }

    @Test
    void aDeadEndpointIsLoggedWithoutSecretsAndLaterEventsArriveWhenItComesBack() {
        URI withToken = URI.create(receiver.url() + "?token=t0k3n-in-query");
        WebhookSender sender = sender(WebhookSettings.to(withToken, new Header("Authorization", "Bearer s3cr3t-header")), FAST);
        receiver.stop();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            sender.send(created("ses_WhileDead1"));
            Await.until("the event given up", sender::counters, c -> c.failed() == 1, WAIT);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the server log while the endpoint was down")
                .contains("WARN", "sessionCreated of session ses_WhileDead1", "not delivered",
                        "http://127.0.0.1:" + receiver.port() + "/webhook")
                .doesNotContain("s3cr3t", "t0k3n");

        receiver.restart();
        sender.send(created("ses_AfterBack1"));

        Received back = receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(back.sessionId()).isEqualTo("ses_AfterBack1");
        assertThat(back.header("Authorization")).isEqualTo("Bearer s3cr3t-header");
        assertThat(receiver.events()).hasSize(1);
    }

    @Test
    void aFullQueueDropsEventsAndCountsThemWithoutBlockingTheCaller() {
        WebhookSender sender = sender(WebhookSettings.to(receiver.url()), new WebhookSender.Tuning(10, 5,
                Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        sender.pause();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 25; i++) {
                sender.send(signal("ses_Overflow01", i));
            }
        }, "send must never wait for room in the queue");
        assertThat(sender.counters().queued()).isEqualTo(10);
        assertThat(sender.counters().dropped()).isEqualTo(15);

        sender.resume();
        List<Received> got = receiver.awaitEvents(10, WAIT);
        assertThat(got).extracting(r -> r.string("data")).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        sender.send(signal("ses_Overflow01", 99));
        receiver.awaitEvent("signalSent", r -> "99".equals(r.string("data")), WAIT);
        assertThat(sender.counters().dropped()).isEqualTo(15);
    }

    @Test
    void pausedDeliveriesStayQueuedAndGoOutInOrderOnResume() {
        WebhookSender sender = sender();
        sender.pause();

        for (int i = 0; i < 3; i++) {
            sender.send(signal("ses_Paused0001", i));
        }

        WebhookSender.Counters paused = sender.counters();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.queued()).isEqualTo(3);
        assertThat(receiver.requests()).isZero();

        sender.resume();

        assertThat(receiver.awaitEvents(3, WAIT)).extracting(r -> r.string("data")).containsExactly("0", "1", "2");
        assertThat(sender.counters().paused()).isFalse();
    }

    @Test
    void configuredHeadersAreSentWithAJsonContentType() {
        WebhookSender sender = sender(new Header("Authorization", "Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU"),
                new Header("X-Trace", "a: b"));

        sender.send(created("ses_Headers001"));

        Received got = receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(got.header("Authorization")).isEqualTo("Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU");
        assertThat(got.header("X-Trace")).isEqualTo("a: b");
        assertThat(got.headers().get("content-type")).containsExactly("application/json");
    }

    @Test
    void aConfiguredContentTypeReplacesTheDefaultOne() {
        WebhookSender sender = sender(new Header("Content-Type", "application/json; charset=UTF-8"));

        sender.send(created("ses_CType00001"));

        Received got = receiver.awaitEvent("sessionCreated", WAIT);
        assertThat(got.headers().get("content-type")).containsExactly("application/json; charset=UTF-8");
    }

    @Test
    void onlyTheConfiguredEventsAreSent() {
        WebhookSender sender = sender(WebhookSettings.to(receiver.url()).onlyEvents(EnumSet.of(EventName.SESSION_CREATED)), FAST);

        sender.send(signal("ses_Filtered01", 0));
        sender.send(created("ses_Filtered01"));

        receiver.awaitEvent("sessionCreated", WAIT);
        // One thread delivers in order: had the signal been sent, it would have come first.
        assertThat(receiver.requests()).isEqualTo(1);
        assertThat(receiver.events()).extracting(Received::event).containsExactly("sessionCreated");
        assertThat(sender.sends(EventName.SIGNAL_SENT)).isFalse();
    }

    @Test
    void closeDeliversWhatIsStillQueued() {
        WebhookSender sender = sender();
        for (int i = 0; i < 20; i++) {
            sender.send(signal("ses_Close00001", i));
        }

        sender.close();

        assertThat(receiver.events()).hasSize(20);
        assertThat(sender.counters().sent()).isEqualTo(20);
        sender.send(signal("ses_Close00001", 20));
        assertThat(sender.counters().queued()).as("a closed sender takes nothing").isZero();
    }

    @Test
    void closeGivesUpOnADeadEndpointWithinItsBound() {
        WebhookSender sender = sender(WebhookSettings.to(receiver.url()), new WebhookSender.Tuning(100, 1_000,
                Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMillis(300)));
        receiver.stop();
        for (int i = 0; i < 5; i++) {
            sender.send(signal("ses_DeadClose1", i));
        }

        assertTimeoutPreemptively(Duration.ofSeconds(10), sender::close, "close must not wait for a dead endpoint");

        assertThat(sender.counters().dropped()).as("left undelivered at close").isEqualTo(5);
        assertThat(sender.counters().queued()).isZero();
    }

    @Test
    void aDisabledSenderStartsNoThreadAndIgnoresEvents() {
        long before = webhookThreads();
        WebhookSender sender = sender(WebhookSettings.DISABLED, WebhookSender.Tuning.DEFAULT);

        sender.send(created("ses_Disabled01"));
        sender.pause();

        assertThat(webhookThreads()).isEqualTo(before);
        assertThat(sender.enabled()).isFalse();
        assertThat(sender.counters()).isEqualTo(new WebhookSender.Counters(0, 0, 0, 0, 0, false));
    }

    private static long webhookThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("ovstub-webhook")).count();
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

package dev.ovstub.server.internal.webhook;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook events as OpenVidu 2.32 does (wire contract 2.x §8.1): one HTTP POST per event, its JSON as the body,
 * the configured headers plus {@code Content-Type: application/json} unless one of them sets it; only a 200 answer
 * counts as delivered.
 *
 * <ul>
 *   <li>{@link #send} never blocks: it puts the event in a bounded queue ({@value #DEFAULT_QUEUE_CAPACITY} events) and
 *       returns. When the queue is full the event is dropped and counted, with one WARN per burst of drops.</li>
 *   <li>One delivery thread sends the events in the order they were queued, so the events of a session arrive in the
 *       order the session sent them (OpenVidu uses one thread too).</li>
 *   <li>An I/O error or an answer other than 200 is retried after a short backoff, up to
 *       {@value #DEFAULT_MAX_ATTEMPTS} attempts in all; then the event is given up with a WARN (naming the event, the
 *       session and the endpoint without its user info or query, never a header's value) and the next is sent. A dead
 *       endpoint therefore only delays events, it never fails anything else.</li>
 *   <li>{@link #pause()} holds deliveries (events stay queued, the bound still applies) until {@link #resume()}.</li>
 *   <li>{@link #close()} delivers what is queued within a bound, then stops.</li>
 * </ul>
 *
 * An https endpoint's certificate is not checked, as OpenVidu does not check it.
 *
 * <p>A sender of settings that are off ({@link #start} with {@link WebhookSettings#DISABLED}) starts nothing, loads
 * no HTTP client and ignores every event.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /** How many events may wait; more are dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** How many times one event is tried before it is given up (OpenVidu's HTTP client makes up to 5 too). */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /**
     * The sender's bounds.
     *
     * @param queueCapacity  how many events may wait
     * @param maxAttempts    tries per event
     * @param firstBackoff   the wait after the first failed try; doubled after each further one
     * @param maxBackoff     the longest wait between two tries
     * @param requestTimeout the bound of a connection and of an answer
     * @param drainBound     how long {@link #close()} keeps delivering queued events
     */
    record Tuning(int queueCapacity, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                  Duration requestTimeout, Duration drainBound) {
        /** 10,000 events, 5 tries 0.1, 0.2, 0.4, 0.8 s apart, 10 s per request, 5 s to drain at close. */
        static final Tuning DEFAULT = new Tuning(DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));

        Tuning {
            if (queueCapacity < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("queueCapacity and maxAttempts must be positive");
            }
        }

        Duration backoff(int failedAttempts) {
            long millis = firstBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /**
     * What the sender has done so far, for the control API.
     *
     * @param sent    events the endpoint answered 200
     * @param failed  events given up after every try
     * @param dropped events dropped because the queue was full (or left queued at close)
     * @param retries tries after a first failed one
     * @param queued  events waiting now
     * @param paused  whether deliveries are paused
     */
    public record Counters(long sent, long failed, long dropped, long retries, int queued, boolean paused) {}

    private final WebhookSettings settings;
    private final Tuning tuning;
    /** Guarded by {@link #lock}; the head stays in it while it is delivered. */
    private final ArrayDeque<WebhookEvent> queue;
    private final HttpClient http;
    private final Thread thread;
    private final String endpointText;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private boolean closing;
    private volatile boolean aborted;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final AtomicLong droppedInBurst = new AtomicLong();

    private WebhookSender(WebhookSettings settings, Tuning tuning) {
        this.settings = settings;
        this.tuning = tuning;
        if (!settings.enabled()) {
            this.queue = null;
            this.http = null;
            this.thread = null;
            this.endpointText = "none";
            return;
        }
        this.endpointText = describe(settings.endpoint());
        this.queue = new ArrayDeque<>(Math.min(tuning.queueCapacity(), 1024));
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(tuning.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(settings.endpoint().getScheme())) {
            b.sslContext(trustingEveryCertificate());
        }
        this.http = b.build();
        this.thread = new Thread(this::deliverAll, "ovstub-webhook");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.info("Webhook on: events {} go to {}", settings.events(), endpointText);
    }

    /** A sender of {@code settings}: a delivery thread when they are on, nothing when off. */
    public static WebhookSender start(WebhookSettings settings) {
        return new WebhookSender(settings, settings.enabled() ? Tuning.DEFAULT : null);
    }

    static WebhookSender start(WebhookSettings settings, Tuning tuning) {
        return new WebhookSender(settings, tuning);
    }

    /** Whether the webhook is on. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether an event of this name would be sent (the webhook is on and the event is configured). */
    public boolean sends(EventName event) {
        return settings.sends(event);
    }

    /** The settings this sender follows. */
    public WebhookSettings settings() {
        return settings;
    }

    /**
     * Queues {@code event} for delivery and returns at once. Ignored when the webhook is off, the event is not
     * configured, or the sender is closed; dropped (and counted) when the queue is full.
     */
    public void send(WebhookEvent event) {
        if (!settings.sends(event.name())) {
            return;
        }
        boolean queued;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            queued = queue.size() < tuning.queueCapacity();
            if (queued) {
                queue.addLast(event);
                if (queue.size() == 1) {
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (queued) {
            if (dropping.get() && dropping.compareAndSet(true, false)) {
                LOG.info("Webhook queue accepts events again; {} were dropped while it was full",
                        droppedInBurst.getAndSet(0));
            }
            return;
        }
        dropped.incrementAndGet();
        droppedInBurst.incrementAndGet();
        if (dropping.compareAndSet(false, true)) {
            LOG.warn("Webhook queue full ({} events wait for {}): dropping events until it drains (first dropped: {})",
                    tuning.queueCapacity(), endpointText, event);
        }
    }

    /** Holds deliveries: events stay queued (and the bound applies) until {@link #resume()}. A delivery under way finishes. */
    public void pause() {
        setPaused(true);
    }

    /** Delivers again what was held by {@link #pause()}, in order. */
    public void resume() {
        setPaused(false);
    }

    private void setPaused(boolean value) {
        if (!enabled()) {
            return;
        }
        lock.lock();
        try {
            if (paused != value) {
                LOG.info("Webhook deliveries to {} {}", endpointText, value ? "paused" : "resumed");
            }
            paused = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, at most {@code bound}, until every event queued so far has been delivered or given up. Returns at once
     * while paused (nothing leaves then) or when the webhook is off.
     *
     * @return whether the queue is empty
     */
    public boolean awaitIdle(java.time.Duration bound) {
        if (!enabled()) {
            return true;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() && !paused && !closing && !aborted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return queue.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The counters so far. */
    public Counters counters() {
        if (!enabled()) {
            return new Counters(0, 0, 0, 0, 0, false);
        }
        lock.lock();
        try {
            return new Counters(sent.get(), failed.get(), dropped.get(), retries.get(), queue.size(), paused);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting events, delivers those queued within the drain bound (none while paused: they are counted as
     * dropped), then stops the delivery thread.
     */
    @Override
    public void close() {
        if (!enabled()) {
            return;
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(tuning.drainBound().toMillis());
            if (thread.isAlive()) {
                aborted = true;
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            aborted = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        if (!aborted && http instanceof AutoCloseable closeable) {
            // Java 21+: the client's selector thread ends now rather than when the client is collected.
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Webhook HTTP client did not close cleanly: {}", e.toString());
            }
        }
        int left;
        lock.lock();
        try {
            left = queue.size();
            queue.clear();
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("Webhook closed with {} events not delivered to {}", left, endpointText);
        }
    }

    private void deliverAll() {
        try {
            WebhookEvent event;
            while ((event = next()) != null) {
                boolean finished;
                try {
                    finished = deliver(event);
                } catch (RuntimeException e) {
                    // Not the endpoint's doing (it cannot happen with checked settings): give this event up, go on.
                    LOG.warn("Webhook {} not sent to {}: {}", event, endpointText, e.toString());
                    failed.incrementAndGet();
                    finished = true;
                }
                if (!finished) {
                    return; // aborted by close(), which counts the event as left undelivered
                }
                lock.lock();
                try {
                    queue.pollFirst();
                    changed.signalAll(); // awaitIdle
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting
        } catch (RuntimeException | Error e) {
            LOG.error("Webhook delivery thread stopped: no more events will be sent to {}", endpointText, e);
        }
    }

    /**
     * Waits for an event to deliver while not paused and returns the head of the queue (left in it until delivered);
     * null once closed with nothing more to deliver (or closed while paused: close() counts what is left).
     */
    private WebhookEvent next() throws InterruptedException {
        lock.lock();
        try {
            while (!aborted) {
                if (closing && (paused || queue.isEmpty())) {
                    return null;
                }
                if (!paused && !queue.isEmpty()) {
                    return queue.peekFirst();
                }
                changed.await();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Tries to deliver one event; false when close() aborted the tries (the event is neither sent nor failed). */
    private boolean deliver(WebhookEvent event) throws InterruptedException {
        HttpRequest request = request(event);
        String problem = null;
        for (int attempt = 1; attempt <= tuning.maxAttempts(); attempt++) {
            if (aborted) {
                return false;
            }
            if (attempt > 1) {
                retries.incrementAndGet();
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    sent.incrementAndGet();
                    LOG.debug("Webhook {} delivered to {}", event, endpointText);
                    return true;
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            LOG.debug("Webhook {} to {}: attempt {} failed ({})", event, endpointText, attempt, problem);
            if (attempt < tuning.maxAttempts()) {
                backoff(tuning.backoff(attempt));
            }
        }
        LOG.warn("Webhook {} not delivered to {} after {} attempts ({}); later events are still sent", event,
                endpointText, tuning.maxAttempts(), problem);
        failed.incrementAndGet(); // after the log: who waits on the counter finds the WARN written
        return true;
    }

    /** Waits between two tries; cut short when the drain bound of close() ran out. */
    private void backoff(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (nanos > 0 && !aborted) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private HttpRequest request(WebhookEvent event) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint()).timeout(tuning.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.toJson()));
        boolean contentType = false;
        for (WebhookSettings.Header h : settings.headers()) {
            b.header(h.name(), h.value());
            contentType |= h.name().equalsIgnoreCase("Content-Type");
        }
        if (!contentType) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** An endpoint for logs: scheme, host, port and path; no user info, query or fragment (they may carry secrets). */
    static String describe(URI endpoint) {
        if (endpoint == null) {
            return "none";
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT) + "://";
        String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        return scheme + endpoint.getHost() + port + path;
    }

    private static SSLContext trustingEveryCertificate() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context for the webhook", e);
        }
    }
}

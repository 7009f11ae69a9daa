package dev.ovstub.server.internal.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for users who test their own error handling: delay the next matching response. Start
 * failures and recorder deaths are injected in the recording layer.
 */
public final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private record Delay(String method, String pathPrefix, Duration delay) {}

    private final AtomicReference<Delay> nextDelay = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    /** Delays the next request whose method and path match (null method = any). */
    public void delayNext(String method, String pathPrefix, Duration delay) {
        nextDelay.set(new Delay(method, pathPrefix, delay));
    }

    public void clear() {
        nextDelay.set(null);
    }

    /** The delay {@link #delayNext} set that no request has used yet, for {@code GET /stub/faults}; or null. */
    PendingDelay pendingDelay() {
        Delay d = nextDelay.get();
        return d == null ? null : new PendingDelay(d.method, d.pathPrefix, d.delay.toMillis());
    }

    /** A pending {@link #delayNext}: method (null for any), path prefix, milliseconds. */
    record PendingDelay(String method, String pathPrefix, long delayMs) {}

    /**
     * Waits {@code millis} for one request (the {@code X-OvStub-Fault} header's delay), or less when the server
     * closes meanwhile; {@link #closing()} then tells.
     */
    void pause(long millis) throws InterruptedException {
        closing.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether the server is closing ({@link #wakeUpForClose} was called). */
    boolean closing() {
        return closing.getCount() == 0;
    }

    /** Waits if a delay matches this request; a delay in progress ends early when the server closes. */
    void delayIfAsked(String method, String path) throws InterruptedException {
        Delay d = nextDelay.get();
        if (d != null && (d.method == null || d.method.equals(method)) && path.startsWith(d.pathPrefix)
                && nextDelay.compareAndSet(d, null)) {
            LOG.info("Fault injected: delaying {} {} by {} ms", method, path, d.delay.toMillis());
            closing.await(d.delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Ends every delay in progress at once, and makes later ones end at once (the server is closing). */
    void wakeUpForClose() {
        closing.countDown();
    }
}

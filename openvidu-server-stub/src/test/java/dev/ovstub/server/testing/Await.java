package dev.ovstub.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits on a condition instead of sleeping: polls every {@value #POLL_MILLIS} ms up to a bound, then fails with an
 * {@link AssertionError} saying what it waited for (and, for a probe, what it saw last).
 *
 * <p>JDK types only: integration-tests also loads it in the isolated class loader that holds the official 1.8.0
 * client (see {@code dev.ovstub.it.support.Clients}).
 */
public final class Await {
    /** How often the condition is polled. */
    public static final long POLL_MILLIS = 10;

    private Await() {}

    /** Waits until {@code condition} holds. */
    public static void await(BooleanSupplier condition, Duration timeout, String description) {
        until(condition, timeout, () -> description);
    }

    /** Waits until {@code condition} holds; {@code description} is computed only on failure. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + description.get());
            }
            pause(description);
        }
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value, and returns that value. A probe that throws a
     * {@link RuntimeException} counts as not done yet; past the bound, the error names the last value or exception.
     */
    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("Expected " + what + " within " + timeout.toMillis()
                        + " ms, but last saw " + (lastError != null ? lastError : last));
                if (lastError != null) {
                    error.initCause(lastError);
                }
                throw error;
            }
            pause(() -> what);
        }
    }

    private static void pause(Supplier<String> what) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what.get(), e);
        }
    }
}

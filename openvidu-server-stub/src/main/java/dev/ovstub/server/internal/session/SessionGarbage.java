package dev.ovstub.server.internal.session;

import java.time.Duration;
import java.util.Objects;

/**
 * When sessions that nobody joins are forgotten ({@code openvidu.sessions.garbage-threshold} and
 * {@code -interval}, as OpenVidu 2.x names them): a session created through the API and never joined is
 * forgotten, with its unused tokens, once it is older than {@code threshold}; expiry is checked at most once per
 * {@code interval}. An interval of zero keeps every session forever.
 */
public record SessionGarbage(Duration threshold, Duration interval) {
    /** OpenVidu's defaults: 3600 s, checked every 900 s. */
    public static final SessionGarbage DEFAULT = new SessionGarbage(Duration.ofSeconds(3600), Duration.ofSeconds(900));

    public SessionGarbage {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(interval, "interval");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("threshold must be positive");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative");
        }
    }

    /** Whether sessions are kept forever (interval 0). */
    public boolean disabled() {
        return interval.isZero();
    }
}

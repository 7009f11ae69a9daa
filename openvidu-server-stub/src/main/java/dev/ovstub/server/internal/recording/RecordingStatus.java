package dev.ovstub.server.internal.recording;

import java.util.Locale;

/**
 * The statuses, written in lower case on the wire: 1.8's five, and {@code ready}, 2.x's name for a finished,
 * downloadable recording (1.8's {@code available}; a 2.x recording never is {@code available}, a 1.8 one never
 * {@code ready}).
 */
public enum RecordingStatus {
    STARTING, STARTED, STOPPED, AVAILABLE, READY, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecordingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether a recorder may still be running for a recording in this status. */
    public boolean active() {
        return this == STARTING || this == STARTED;
    }
}

package dev.ovstub.server.internal.recording;

import java.util.Locale;

/** The 1.8 statuses, written in lower case on the wire. */
public enum RecordingStatus {
    STARTING, STARTED, STOPPED, AVAILABLE, FAILED;

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

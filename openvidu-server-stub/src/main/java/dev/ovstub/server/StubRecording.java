package dev.ovstub.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A recording as the server sees it: the fields of the 1.8 recording JSON plus where its file is.
 *
 * @param status where the recording is in its life
 * @param duration seconds, read from the finished file
 * @param file the MP4 (which may not exist while starting, or after a failure)
 */
public record StubRecording(String id, String sessionId, Status status, long createdAt, long size, double duration,
                            String url, boolean hasAudio, boolean hasVideo, Path file) {

    /** A recording's status: {@code starting}, {@code started}, then {@code stopped} or {@code available}, or {@code failed}. */
    public enum Status {
        STARTING, STARTED, STOPPED, AVAILABLE, FAILED;

        /** The status as the REST API writes it, in lower case: {@code started}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The status of a wire name, in any case.
         *
         * @throws IllegalArgumentException naming the accepted names
         */
        public static Status fromWireName(String name) {
            Objects.requireNonNull(name, "name");
            for (Status s : values()) {
                if (s.wireName().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a recording status: expected one of starting,"
                    + " started, stopped, available, failed");
        }

        @Override
        public String toString() {
            return wireName();
        }
    }
}

package dev.ovstub.server;

import java.time.Duration;

/**
 * Faults to inject into a running server, to test how your code handles a failing OpenVidu: a recording start
 * that fails, a recorder that dies, a slow response.
 */
public interface FaultInjection {
    /** The next recording start fails: the API answers 500 and the recording is persisted {@code failed}. */
    void failNextRecordingStart();

    /**
     * Kills the recorder of an active recording as if it had crashed: the recording ends {@code failed}, the
     * session goes on. Returns false if the recording is not active.
     */
    boolean killRecorder(String recordingId);

    /**
     * Delays the next request whose method (null for any) and path prefix match, e.g.
     * {@code delayNextResponse("POST", "/api/recordings/start", Duration.ofSeconds(5))}.
     */
    void delayNextResponse(String method, String pathPrefix, Duration delay);

    /** Forgets every pending fault. */
    void clear();
}

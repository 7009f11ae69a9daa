package dev.ovstub.server;

import java.time.Duration;

/**
 * Faults to inject into a running server, to test how your code handles a failing OpenVidu: a recording start
 * that fails, a recorder that dies, a slow response.
 *
 * <p>The same faults are offered over HTTP, for backends in any language testing against the runnable jar (with
 * the server's credentials): the control API's {@code /stub/faults} ({@code GET} lists the pending faults,
 * {@code DELETE} clears them, {@code POST /stub/faults/fail-next-recording-start} with
 * {@code {"count": 2, "reason": "disk full"}}, {@code POST /stub/faults/kill-recorder} with
 * {@code {"recordingId": "..."}}), and, for one request only, its {@code X-OvStub-Fault} header:
 * {@code {"status": 503}} answers that status instead of handling the request, {@code {"drop": true}} closes the
 * connection without an answer, {@code {"delayMs": 2000}} answers late (with {@code status} or {@code drop}: late,
 * then fails). What the header asks for concerns that request alone, so tests running in parallel never see each
 * other's faults.
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

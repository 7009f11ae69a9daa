package dev.ovstub.server.internal.api;

/**
 * The stateful faults the control API ({@code /stub/faults}) injects, implemented where the public
 * {@code FaultInjection} is (the assembly), so that HTTP and Java inject the same faults the same way. The
 * per-request faults ({@link RequestFault}) need no state and are not here.
 */
public interface FaultControl {
    /**
     * The next {@code count} recording starts (through the API or automatic) fail: the API answers 500 and each
     * recording is persisted {@code failed} with the reason {@code "injected fault: " + reason}. Replaces the
     * start failures still pending.
     *
     * @throws IllegalStateException when recording is off
     */
    void failNextRecordingStarts(int count, String reason);

    /** The start failures still pending: none when {@code count} is 0. */
    StartFailures pendingStartFailures();

    /**
     * Kills the recorder of an active recording as if it had crashed: the recording ends {@code failed}, the
     * session goes on. False when the recording is not active.
     *
     * @throws IllegalStateException when recording is off
     */
    boolean killRecorder(String recordingId);

    /**
     * Holds back the webhook's deliveries, as if its endpoint were down: events queue (within the sender's bound)
     * and go out in order on {@link #resumeWebhooks()}.
     */
    void pauseWebhooks();

    void resumeWebhooks();

    /** The webhook sender's counters (all zero when the webhook is off). */
    dev.ovstub.server.internal.webhook.WebhookSender.Counters webhookCounters();

    /** Waits, at most {@code bound}, until the webhook has delivered (or given up) every event queued so far. */
    void awaitWebhooksIdle(java.time.Duration bound);

    /** Whether the webhook is on ({@code openvidu.webhook=true}). */
    boolean webhookEnabled();

    /** Forgets every pending fault (also the delay the Java API set) and resumes held webhook deliveries. */
    void clear();

    /**
     * Pending recording start failures.
     *
     * @param count  how many starts will still fail; 0 for none
     * @param reason the reason each failed recording gets, or null when none is pending
     */
    record StartFailures(int count, String reason) {
        public static final StartFailures NONE = new StartFailures(0, null);
    }
}

package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.FaultInjection;
import dev.ovstub.server.internal.api.FaultControl;
import dev.ovstub.server.internal.api.Faults;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.webhook.WebhookSender;
import dev.ovstub.server.internal.recording.RecordingStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link FaultInjection} (Java) and {@link FaultControl} (the control API's {@code /stub/faults}) on the HTTP
 * layer's delays and the recording service's failures: both ways inject the same faults.
 *
 * <p>The recording service fails one start at a time ({@link RecordingService#failNextStart}); a count of them is
 * kept here and the service armed again each time it used one, when the failed recording is reported
 * ({@link #recordingEnded}, called by the service's listener, before the failed start's answer). Starts that run
 * at the same moment may therefore let one through between two failures.
 */
public final class InjectedFaults implements FaultInjection, FaultControl {
    private static final String PREFIX = "injected fault: ";
    private final Faults http;
    private final RecordingService recordings;
    private final WebhookSender webhook;
    private final Object lock = new Object();
    /** Start failures still to come; guarded by {@link #lock}. */
    private int remaining;
    /** Their persisted reason; guarded by {@link #lock}, null when {@link #remaining} is 0. */
    private String reason;

    /** @param recordings the recording service, or null when recording is off */
    public InjectedFaults(Faults http, RecordingService recordings, WebhookSender webhook) {
        this.http = http;
        this.recordings = recordings;
        this.webhook = webhook;
    }

    @Override
    public void pauseWebhooks() {
        if (!webhook.enabled()) {
            throw new IllegalStateException("the webhook is off on this server (openvidu.webhook=true turns it on)");
        }
        webhook.pause();
    }

    @Override
    public void resumeWebhooks() {
        webhook.resume();
    }

    @Override
    public WebhookSender.Counters webhookCounters() {
        return webhook.counters();
    }

    @Override
    public void awaitWebhooksIdle(Duration bound) {
        webhook.awaitIdle(bound);
    }

    @Override
    public boolean webhookEnabled() {
        return webhook.enabled();
    }

    @Override
    public void failNextRecordingStart() {
        failNextRecordingStarts(1, "the recorder did not start");
    }

    @Override
    public void failNextRecordingStarts(int count, String why) {
        if (count < 1) {
            throw new IllegalArgumentException("count: at least 1, got " + count);
        }
        RecordingService service = requireRecording();
        synchronized (lock) {
            remaining = count;
            reason = PREFIX + Objects.requireNonNull(why, "why");
            service.failNextStart(reason);
        }
    }

    @Override
    public StartFailures pendingStartFailures() {
        synchronized (lock) {
            return remaining == 0 ? StartFailures.NONE : new StartFailures(remaining, reason);
        }
    }

    /**
     * Told of every recording that ended: one that failed with the injected reason used one start failure, and
     * the service is armed for the next one while any is left.
     */
    void recordingEnded(Recording recording) {
        if (recording.status() != RecordingStatus.FAILED || recordings == null) {
            return;
        }
        String why = recordings.failureReason(recording.id()).orElse(null);
        synchronized (lock) {
            if (remaining == 0 || !Objects.equals(why, reason)) {
                return;
            }
            remaining--;
            if (remaining == 0) {
                reason = null;
            } else {
                recordings.failNextStart(reason);
            }
        }
    }

    @Override
    public boolean killRecorder(String recordingId) {
        return requireRecording().killRecorder(recordingId);
    }

    @Override
    public void delayNextResponse(String method, String pathPrefix, Duration delay) {
        http.delayNext(method, Objects.requireNonNull(pathPrefix, "pathPrefix"), Objects.requireNonNull(delay, "delay"));
    }

    @Override
    public void clear() {
        http.clear();
        webhook.resume();
        if (recordings != null) {
            synchronized (lock) {
                remaining = 0;
                reason = null;
                recordings.failNextStart(null);
            }
        }
    }

    private RecordingService requireRecording() {
        if (recordings == null) {
            throw new IllegalStateException("recording is off on this server: build it with recording(true)");
        }
        return recordings;
    }
}

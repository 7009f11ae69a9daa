package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control API's stateful faults, under {@code /stub/faults} (credentials as for the rest of {@code /stub}):
 * what the Java {@code FaultInjection} offers, for backends written in any language.
 *
 * <ul>
 *   <li>{@code GET /stub/faults}: the faults still pending, {@code {"count": n, "items": [...]}}, each item with
 *       its {@code kind}: {@code recordingStartFailure} ({@code remaining}, {@code reason}) or
 *       {@code responseDelay} (set through the Java API: {@code method}, {@code pathPrefix}, {@code delayMs});</li>
 *   <li>{@code DELETE /stub/faults}: forgets them all (204), as {@code POST /stub/reset} does too;</li>
 *   <li>{@code POST /stub/faults/fail-next-recording-start} {@code {"count": 2, "reason": "disk full"}} (both
 *       optional: 1 and {@code the recorder did not start}): the next starts fail; answers the pending item;</li>
 *   <li>{@code POST /stub/faults/kill-recorder} {@code {"recordingId": "..."}}: the recorder of that active
 *       recording dies as if it crashed; 404 for no such recording, 409 when it is not running.</li>
 * </ul>
 * The recording faults answer 501 when recording is off. The per-request faults are a header, {@link RequestFault}.
 */
final class FaultRoutes {
    static final String PREFIX = "/stub/faults";
    private static final String DEFAULT_REASON = "the recorder did not start";
    private static final int MAX_COUNT = 1_000;
    private static final int MAX_REASON = 500;

    private final FaultControl control;
    private final Faults http;
    private final RecordingService recordings;

    /** @param recordings null when recording is off */
    FaultRoutes(FaultControl control, Faults http, RecordingService recordings) {
        this.control = control;
        this.http = http;
        this.recordings = recordings;
    }

    void register(Router router) {
        router.add("GET", PREFIX, this::list);
        router.add("DELETE", PREFIX, this::clear);
        router.add("POST", PREFIX + "/fail-next-recording-start", this::failNextRecordingStart);
        router.add("POST", PREFIX + "/kill-recorder", this::killRecorder);
        router.add("POST", PREFIX + "/pause-webhooks", this::pauseWebhooks);
        router.add("POST", PREFIX + "/resume-webhooks", this::resumeWebhooks);
        router.add("GET", "/stub/webhooks", this::webhooks);
    }

    /** Holds back the webhook's deliveries (its endpoint "stops"): events queue until resumed. 409 when it is off. */
    private void pauseWebhooks(Exchange ex) {
        if (!control.webhookEnabled()) {
            throw new HttpError(409, "the webhook is off on this server (openvidu.webhook=true turns it on)");
        }
        control.pauseWebhooks();
        ex.sendJson(200, webhooksJson());
    }

    private void resumeWebhooks(Exchange ex) {
        control.resumeWebhooks();
        ex.sendJson(200, webhooksJson());
    }

    /** {@code GET /stub/webhooks}: whether the webhook is on and what its sender did so far. */
    private void webhooks(Exchange ex) {
        ex.sendJson(200, webhooksJson());
    }

    private String webhooksJson() {
        dev.ovstub.server.internal.webhook.WebhookSender.Counters c = control.webhookCounters();
        return Json.object()
                .put("enabled", control.webhookEnabled())
                .put("paused", c.paused())
                .put("queued", c.queued())
                .put("sent", c.sent())
                .put("failed", c.failed())
                .put("dropped", c.dropped())
                .put("retries", c.retries())
                .toJson();
    }

    private void list(Exchange ex) {
        List<String> items = new ArrayList<>();
        FaultControl.StartFailures starts = control.pendingStartFailures();
        if (starts.count() > 0) {
            items.add(startFailuresJson(starts));
        }
        if (control.webhookCounters().paused()) {
            items.add(Json.object().put("kind", "webhooksPaused").put("queued", control.webhookCounters().queued()).toJson());
        }
        Faults.PendingDelay delay = http.pendingDelay();
        if (delay != null) {
            items.add(Json.object()
                    .put("kind", "responseDelay")
                    .put("method", delay.method())
                    .put("pathPrefix", delay.pathPrefix())
                    .put("delayMs", delay.delayMs())
                    .toJson());
        }
        ex.sendJson(200, Json.object().put("count", items.size()).putRawArray("items", items).toJson());
    }

    private void clear(Exchange ex) {
        control.clear();
        ex.sendEmpty(204);
    }

    private void failNextRecordingStart(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        requireRecording();
        int count = (int) Exchange.optionalWholeNumber(body, "count", 1, MAX_COUNT, 1);
        String reason = Exchange.optionalString(body, "reason");
        if (reason == null) {
            reason = DEFAULT_REASON;
        } else if (reason.isBlank()) {
            throw HttpError.badRequest("reason: blank; leave it out for the default (" + DEFAULT_REASON + ")");
        } else if (reason.length() > MAX_REASON) {
            throw HttpError.badRequest("reason: longer than " + MAX_REASON + " characters");
        }
        control.failNextRecordingStarts(count, reason);
        ex.sendJson(200, startFailuresJson(control.pendingStartFailures()));
    }

    private void killRecorder(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        requireRecording();
        String id = Exchange.requiredString(body, "recordingId");
        Recording recording = recordings.get(id)
                .orElseThrow(() -> HttpError.notFound("no recording " + id));
        if (!control.killRecorder(id)) {
            throw new HttpError(409, "recording " + id + " has no running recorder (it is "
                    + recording.status().wireName() + ")");
        }
        ex.sendJson(200, Json.object().put("recordingId", id).put("killed", true).toJson());
    }

    private void requireRecording() {
        if (recordings == null) {
            throw RecordingException.disabled();
        }
    }

    private static String startFailuresJson(FaultControl.StartFailures starts) {
        return Json.object()
                .put("kind", "recordingStartFailure")
                .put("remaining", starts.count())
                .put("reason", starts.reason())
                .toJson();
    }
}

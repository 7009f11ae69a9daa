package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingOptions;
import dev.ovstub.server.internal.recording.RecordingStatus;
import dev.ovstub.server.internal.webhook.EndReason;
import dev.ovstub.server.internal.webhook.EventName;
import dev.ovstub.server.internal.webhook.WebhookEvent;
import dev.ovstub.server.internal.webhook.WebhookSender;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Turns what happens to OpenVidu 2.x sessions into the webhook events 2.x sends (contract §8.2), in the order it
 * happens: {@link SessionManager} calls it at each change, under its lock, and the sender only queues (it never
 * blocks), so the events of a session leave in the order of its changes. 1.8 sessions send nothing: webhooks are
 * a 2.x feature. A never-joined session forgotten by the garbage threshold sends nothing either.
 */
final class SessionEvents {
    private final WebhookSender sender;
    private final LongSupplier clock;
    /** Creation times of the 2.x sessions whose end has not been sent, for {@code uniqueSessionId}. */
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    /**
     * Recordings whose {@code started} was sent (or made moot by their end), most recent last; bounded. A start and
     * a stop racing (the last participant left while the recorder started) can report their recording's end before
     * its start: then {@code started} goes out first, from the end, and the late start sends nothing.
     */
    private final Map<String, Boolean> startSent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });

    /** The browsers' signalling, told the same changes as the webhook. */
    private volatile SessionObserver observer = SessionObserver.NONE;

    SessionEvents(WebhookSender sender, LongSupplier clock) {
        this.sender = sender;
        this.clock = clock;
    }

    void observer(SessionObserver observer) {
        this.observer = observer == null ? SessionObserver.NONE : observer;
    }

    WebhookSender sender() {
        return sender;
    }

    private boolean sends(SessionSpec spec, EventName name) {
        return spec != null && spec.isV2() && sender.sends(name);
    }

    private WebhookEvent.Session session(String id) {
        return new WebhookEvent.Session(id, createdAt.getOrDefault(id, 0L));
    }

    void sessionCreated(SessionSpec spec) {
        if (!spec.isV2()) {
            return;
        }
        createdAt.put(spec.id(), spec.v2().createdAt());
        if (sender.sends(EventName.SESSION_CREATED)) {
            sender.send(WebhookEvent.sessionCreated(session(spec.id())));
        }
    }

    void sessionDestroyed(SessionSpec spec, EndReason reason) {
        if (spec == null || !spec.isV2()) {
            return;
        }
        if (sender.sends(EventName.SESSION_DESTROYED)) {
            sender.send(WebhookEvent.sessionDestroyed(session(spec.id()), clock.getAsLong(), reason));
        }
        createdAt.remove(spec.id());
    }

    /** A reset: every session is forgotten without its end events. */
    void forgetAll() {
        createdAt.clear();
        startSent.clear();
        observer.allForgotten();
    }

    /** A session forgotten without an end event (never joined, past the garbage threshold). */
    void sessionForgotten(String sessionId) {
        createdAt.remove(sessionId);
    }

    void participantJoined(SessionSpec spec, ConnectionView c) {
        if (spec.isV2()) {
            observer.participantJoined(spec.id(), c);
        }
        if (sends(spec, EventName.PARTICIPANT_JOINED)) {
            sender.send(WebhookEvent.participantJoined(session(spec.id()), participant(c)));
        }
    }

    void participantLeft(SessionSpec spec, ConnectionView c, EndReason reason) {
        if (spec.isV2()) {
            observer.participantLeft(spec.id(), c, reason);
        }
        if (sends(spec, EventName.PARTICIPANT_LEFT)) {
            sender.send(WebhookEvent.participantLeft(session(spec.id()), participant(c), clock.getAsLong(), reason));
        }
    }

    void streamCreated(SessionSpec spec, ConnectionView c) {
        if (spec.isV2() && c.publisher() != null) {
            observer.streamCreated(spec.id(), c);
        }
        if (c.publisher() != null && sends(spec, EventName.WEBRTC_CONNECTION_CREATED)) {
            sender.send(WebhookEvent.webrtcConnectionCreated(session(spec.id()), stream(c)));
        }
    }

    void streamDestroyed(SessionSpec spec, ConnectionView c, EndReason reason) {
        if (spec.isV2() && c.publisher() != null) {
            observer.streamDestroyed(spec.id(), c, reason);
        }
        if (c.publisher() != null && sends(spec, EventName.WEBRTC_CONNECTION_DESTROYED)) {
            sender.send(WebhookEvent.webrtcConnectionDestroyed(session(spec.id()), stream(c), clock.getAsLong(), reason));
        }
    }

    /** @param from the sending connection, null for the REST API */
    void signalSent(SessionSpec spec, String from, List<String> to, String type, String data) {
        if (spec.isV2()) {
            observer.signal(spec.id(), from, to, type, data);
        }
        if (sends(spec, EventName.SIGNAL_SENT)) {
            sender.send(WebhookEvent.signalSent(session(spec.id()), clock.getAsLong(), from, to, type, data));
        }
    }

    void recordingStarted(Recording r) {
        if (!r.v2() || startSent.putIfAbsent(r.id(), true) != null) {
            return;
        }
        observer.recordingStarted(r.sessionId(), r.id(), r.name());
        if (sender.sends(EventName.RECORDING_STATUS_CHANGED)) {
            sendStarted(r);
        }
    }

    private void sendStarted(Recording r) {
        sender.send(WebhookEvent.recordingStatusChanged(session(r.sessionId()), withoutMedia(r),
                WebhookEvent.RecordingStatus.STARTED, r.createdAt(), null));
    }

    /** {@code stopped}, then {@code ready} or {@code failed}: 2.x CE sends both as its stop ends. */
    void recordingEnded(Recording r, EndReason reason) {
        if (!r.v2()) {
            return;
        }
        boolean started = startSent.putIfAbsent(r.id(), true) != null;
        if (!started && r.status() == RecordingStatus.FAILED && r.size() == 0) {
            return; // it never started (its start failed): 2.x reports nothing of it
        }
        boolean webhook = sender.sends(EventName.RECORDING_STATUS_CHANGED);
        if (!started) {
            observer.recordingStarted(r.sessionId(), r.id(), r.name());
            if (webhook) {
                sendStarted(r);
            }
        }
        observer.recordingStopped(r.sessionId(), r.id(), r.name(), reason);
        if (!webhook) {
            return;
        }
        long now = clock.getAsLong();
        sender.send(WebhookEvent.recordingStatusChanged(session(r.sessionId()), withoutMedia(r),
                WebhookEvent.RecordingStatus.STOPPED, now, reason));
        sender.send(WebhookEvent.recordingStatusChanged(session(r.sessionId()), recording(r),
                r.status() == RecordingStatus.READY ? WebhookEvent.RecordingStatus.READY : WebhookEvent.RecordingStatus.FAILED,
                now, reason));
    }

    /** As {@code started} and {@code stopped} describe it: size and duration are 0 until {@code ready}. */
    private static WebhookEvent.Recording withoutMedia(Recording r) {
        RecordingOptions o = r.options();
        return new WebhookEvent.Recording(r.id(), r.name(), o.outputMode().name(), r.hasAudio(), r.hasVideo(),
                o.resolution(), o.frameRate(), o.layout(), o.customLayout(), r.createdAt(), 0, 0);
    }

    private static WebhookEvent.Recording recording(Recording r) {
        RecordingOptions o = r.options();
        return new WebhookEvent.Recording(r.id(), r.name(), o.outputMode().name(), r.hasAudio(), r.hasVideo(),
                o.resolution(), o.frameRate(), o.layout(), o.customLayout(), r.createdAt(), r.size(), r.duration());
    }

    private static WebhookEvent.Participant participant(ConnectionView c) {
        return new WebhookEvent.Participant(c.id(), c.activeAt(), "unknown", "127.0.0.1", c.platform(), c.clientData(),
                c.options().serverData());
    }

    private static WebhookEvent.Stream stream(ConnectionView c) {
        ConnectionView.MediaOptions m = c.publisher().media();
        return new WebhookEvent.Stream(c.publisher().streamId(), c.id(), null, c.publisher().createdAt(), m.hasAudio(),
                m.hasVideo(), m.typeOfVideo(), m.frameRate(),
                "{\"width\":" + m.width() + ",\"height\":" + m.height() + "}");
    }
}

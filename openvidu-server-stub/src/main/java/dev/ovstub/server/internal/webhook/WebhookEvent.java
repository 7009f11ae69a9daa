package dev.ovstub.server.internal.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One webhook event as OpenVidu 2.32 sends it (wire contract 2.x §8.2): its name, the session it belongs to and its
 * JSON fields, in OpenVidu's order, ending with {@code "event"}.
 *
 * <p>Every event has {@code sessionId}, {@code uniqueSessionId} ({@code <sessionId>_<createdAt>}, as OpenVidu makes
 * it) and {@code timestamp} (UTC ms). End events add {@code startTime} (the timestamp of the matching start event),
 * {@code duration} (whole seconds between the two) and {@code reason}; {@code recordingStatusChanged} replaces that
 * duration with the recording's own, in fractional seconds.
 *
 * <p>Building an event is cheap and needs no JSON library: the JSON is written by {@link #toJson()}, which the
 * sender calls on its own thread, so nothing of Jackson is loaded while the webhook is off.
 */
public final class WebhookEvent {
    private final EventName name;
    private final String sessionId;
    private final long timestamp;
    private final Map<String, Object> fields;

    private WebhookEvent(EventName name, String sessionId, long timestamp, Map<String, Object> fields) {
        this.name = name;
        this.sessionId = sessionId;
        this.timestamp = timestamp;
        fields.put("event", name.wireName());
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * The session an event belongs to.
     *
     * @param id        the session id ({@code ses_...} or the custom id)
     * @param createdAt when it was created (UTC ms): {@code sessionCreated}'s timestamp
     */
    public record Session(String id, long createdAt) {
        public Session {
            Objects.requireNonNull(id, "id");
        }

        /** OpenVidu's {@code uniqueSessionId}: the id and the creation time, which tell apart two sessions of one custom id. */
        public String uniqueId() {
            return id + "_" + createdAt;
        }
    }

    /**
     * A participant (an active connection), for {@code participantJoined} and {@code participantLeft}.
     *
     * @param connectionId its {@code con_...} id (also written as the deprecated {@code participantId})
     * @param activeAt     when it joined (UTC ms): {@code participantJoined}'s timestamp
     * @param location     geo text ({@code "unknown"} without geo data)
     * @param ip           the client's IP
     * @param platform     the client's platform text
     * @param clientData   the metadata the client gave at connect, or null
     * @param serverData   the {@code data} given when the connection was created
     */
    public record Participant(String connectionId, long activeAt, String location, String ip, String platform,
                              String clientData, String serverData) {
        public Participant {
            Objects.requireNonNull(connectionId, "connectionId");
        }
    }

    /**
     * One WebRTC connection: a published stream (OUTBOUND, {@code receivingFrom} null) or a subscription to one
     * (INBOUND, {@code receivingFrom} = the publisher's connection id).
     *
     * @param streamId        the stream's {@code str_...} id
     * @param connectionId    the connection that publishes (OUTBOUND) or subscribes (INBOUND)
     * @param receivingFrom   null for OUTBOUND; for INBOUND the connection id of the publisher
     * @param createdAt       when the publisher or subscriber was created (UTC ms): the created event's timestamp
     * @param hasAudio        whether the stream carries audio
     * @param hasVideo        whether it carries video; the three video fields are written only then
     * @param videoSource     {@code CAMERA}, {@code SCREEN}, {@code CUSTOM} or {@code IPCAM}
     * @param videoFramerate  frames per second, or null
     * @param videoDimensions a JSON text such as {@code {"width":640,"height":480}}, as OpenVidu writes it
     */
    public record Stream(String streamId, String connectionId, String receivingFrom, long createdAt, boolean hasAudio,
                         boolean hasVideo, String videoSource, Integer videoFramerate, String videoDimensions) {
        public Stream {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(connectionId, "connectionId");
        }
    }

    /**
     * A recording, as {@code recordingStatusChanged} describes it.
     *
     * @param id              the recording id
     * @param name            its name
     * @param outputMode      {@code COMPOSED}, {@code COMPOSED_QUICK_START} or {@code INDIVIDUAL}
     * @param hasAudio        whether it records audio
     * @param hasVideo        whether it records video
     * @param resolution      {@code WIDTHxHEIGHT}; written for composed recordings with video
     * @param frameRate       frames per second; written for composed recordings with video
     * @param recordingLayout {@code BEST_FIT}, ...; written for composed recordings with video
     * @param customLayout    written when the layout is {@code CUSTOM} and this is not empty
     * @param createdAt       when the recording started (UTC ms): the event's {@code startTime}
     * @param size            bytes (0 until {@code ready})
     * @param duration        seconds, fractional (0 until {@code ready})
     */
    public record Recording(String id, String name, String outputMode, boolean hasAudio, boolean hasVideo,
                            String resolution, Integer frameRate, String recordingLayout, String customLayout,
                            long createdAt, long size, double duration) {
        public Recording {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outputMode, "outputMode");
        }
    }

    /** The {@code status} of {@code recordingStatusChanged}: {@code started} → {@code stopped} → {@code ready} or {@code failed}. */
    public enum RecordingStatus {
        STARTED, STOPPED, READY, FAILED;

        /** As OpenVidu writes it: {@code "ready"}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code sessionCreated}, at the end of session creation; its timestamp is the session's {@code createdAt}. */
    public static WebhookEvent sessionCreated(Session session) {
        return new WebhookEvent(EventName.SESSION_CREATED, session.id(), session.createdAt(), common(session, session.createdAt()));
    }

    /**
     * {@code sessionDestroyed}, once the participants are gone and the recording is stopped.
     *
     * @param reason one of {@link EndReason#SESSION}
     */
    public static WebhookEvent sessionDestroyed(Session session, long timestamp, EndReason reason) {
        Map<String, Object> f = end(session, timestamp, session.createdAt(), reason, EndReason.SESSION, "sessionDestroyed");
        return new WebhookEvent(EventName.SESSION_DESTROYED, session.id(), timestamp, f);
    }

    /** {@code participantJoined}; its timestamp is the participant's {@code activeAt}. Never for a recorder. */
    public static WebhookEvent participantJoined(Session session, Participant participant) {
        Map<String, Object> f = common(session, participant.activeAt());
        participantFields(f, participant);
        return new WebhookEvent(EventName.PARTICIPANT_JOINED, session.id(), participant.activeAt(), f);
    }

    /**
     * {@code participantLeft}, after the participant's streams are destroyed. Never for a recorder.
     *
     * @param reason one of {@link EndReason#PARTICIPANT}
     */
    public static WebhookEvent participantLeft(Session session, Participant participant, long timestamp, EndReason reason) {
        Map<String, Object> f = end(session, timestamp, participant.activeAt(), reason, EndReason.PARTICIPANT, "participantLeft");
        participantFields(f, participant);
        return new WebhookEvent(EventName.PARTICIPANT_LEFT, session.id(), timestamp, f);
    }

    /** {@code webrtcConnectionCreated}: a stream published (OUTBOUND) or subscribed to (INBOUND). */
    public static WebhookEvent webrtcConnectionCreated(Session session, Stream stream) {
        Map<String, Object> f = common(session, stream.createdAt());
        streamFields(f, stream);
        return new WebhookEvent(EventName.WEBRTC_CONNECTION_CREATED, session.id(), stream.createdAt(), f);
    }

    /**
     * {@code webrtcConnectionDestroyed}: unpublished or unsubscribed.
     *
     * @param reason one of {@link EndReason#CONNECTION}
     */
    public static WebhookEvent webrtcConnectionDestroyed(Session session, Stream stream, long timestamp, EndReason reason) {
        Map<String, Object> f = end(session, timestamp, stream.createdAt(), reason, EndReason.CONNECTION,
                "webrtcConnectionDestroyed");
        streamFields(f, stream);
        return new WebhookEvent(EventName.WEBRTC_CONNECTION_DESTROYED, session.id(), timestamp, f);
    }

    /**
     * {@code recordingStatusChanged}. {@code started} is sent at the start (its timestamp is the recording's
     * {@code createdAt}, and it has no reason); {@code stopped} at the stop; {@code ready} or {@code failed} once the
     * file is finished, before the session is destroyed.
     *
     * @param reason null for {@code started}, else one of {@link EndReason#RECORDING}
     */
    public static WebhookEvent recordingStatusChanged(Session session, Recording recording, RecordingStatus status,
                                                      long timestamp, EndReason reason) {
        Objects.requireNonNull(status, "status");
        if (status == RecordingStatus.STARTED && reason != null) {
            throw new IllegalArgumentException("recordingStatusChanged 'started' has no reason, but got " + reason);
        }
        Map<String, Object> f = common(session, timestamp);
        f.put("startTime", recording.createdAt());
        f.put("duration", recording.duration()); // the recording's own, fractional
        if (status != RecordingStatus.STARTED) {
            f.put("reason", checkReason(reason, EndReason.RECORDING, "recordingStatusChanged").wireName());
        }
        f.put("id", recording.id());
        f.put("name", recording.name());
        f.put("outputMode", recording.outputMode());
        if (recording.outputMode().startsWith("COMPOSED") && recording.hasVideo()) {
            f.put("resolution", recording.resolution());
            f.put("frameRate", recording.frameRate());
            f.put("recordingLayout", recording.recordingLayout());
            if ("CUSTOM".equals(recording.recordingLayout()) && recording.customLayout() != null
                    && !recording.customLayout().isEmpty()) {
                f.put("customLayout", recording.customLayout());
            }
        }
        f.put("hasAudio", recording.hasAudio());
        f.put("hasVideo", recording.hasVideo());
        f.put("size", recording.size());
        f.put("status", status.wireName());
        return new WebhookEvent(EventName.RECORDING_STATUS_CHANGED, session.id(), timestamp, f);
    }

    /**
     * {@code signalSent}.
     *
     * @param from the sender's connection id, or null for a signal sent through the REST API
     * @param to   the receivers' connection ids
     */
    public static WebhookEvent signalSent(Session session, long timestamp, String from, List<String> to, String type,
                                          String data) {
        Map<String, Object> f = common(session, timestamp);
        f.put("from", from);
        f.put("to", List.copyOf(to));
        f.put("type", type);
        f.put("data", data);
        return new WebhookEvent(EventName.SIGNAL_SENT, session.id(), timestamp, f);
    }

    /** The event's name. */
    public EventName name() {
        return name;
    }

    /** The session it belongs to. */
    public String sessionId() {
        return sessionId;
    }

    /** Its {@code timestamp}, UTC ms. */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The JSON fields in order, {@code "event"} last; values are strings, numbers, booleans, lists of strings or
     * null (written as JSON null, as OpenVidu writes them).
     */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The body OpenVidu POSTs: the fields as a JSON object, UTF-8. */
    public byte[] toJson() {
        return JsonWriter.write(fields);
    }

    @Override
    public String toString() {
        return name.wireName() + " of session " + sessionId;
    }

    private static Map<String, Object> common(Session session, long timestamp) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sessionId", session.id());
        f.put("uniqueSessionId", session.uniqueId());
        f.put("timestamp", timestamp);
        return f;
    }

    private static Map<String, Object> end(Session session, long timestamp, long startTime, EndReason reason,
                                           Set<EndReason> allowed, String event) {
        EndReason checked = checkReason(reason, allowed, event);
        Map<String, Object> f = common(session, timestamp);
        f.put("startTime", startTime);
        f.put("duration", (int) ((timestamp - startTime) / 1000));
        f.put("reason", checked.wireName());
        return f;
    }

    private static EndReason checkReason(EndReason reason, Set<EndReason> allowed, String event) {
        if (reason == null || !allowed.contains(reason)) {
            throw new IllegalArgumentException(event + " takes one of the reasons " + allowed + ", not " + reason);
        }
        return reason;
    }

    private static void participantFields(Map<String, Object> f, Participant p) {
        f.put("participantId", p.connectionId());
        f.put("connectionId", p.connectionId());
        f.put("location", p.location());
        f.put("ip", p.ip());
        f.put("platform", p.platform());
        f.put("clientData", p.clientData());
        f.put("serverData", p.serverData());
    }

    private static void streamFields(Map<String, Object> f, Stream s) {
        f.put("streamId", s.streamId());
        f.put("connectionId", s.connectionId());
        f.put("participantId", s.connectionId());
        if (s.receivingFrom() != null) {
            f.put("connection", "INBOUND");
            f.put("receivingFrom", s.receivingFrom());
        } else {
            f.put("connection", "OUTBOUND");
        }
        if (s.hasVideo()) {
            f.put("videoSource", s.videoSource());
            f.put("videoFramerate", s.videoFramerate());
            f.put("videoDimensions", s.videoDimensions());
        }
        f.put("audioEnabled", s.hasAudio());
        f.put("videoEnabled", s.hasVideo());
    }

    /** Jackson's generator, in its own class so that it loads with the first event written, not before. */
    private static final class JsonWriter {
        private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

        static byte[] write(Map<String, Object> fields) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
            try (com.fasterxml.jackson.core.JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : fields.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // not on a byte array
            }
            return out.toByteArray();
        }

        private static void writeValue(com.fasterxml.jackson.core.JsonGenerator g, Object v) throws java.io.IOException {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v instanceof Integer i) {
                g.writeNumber(i);
            } else if (v instanceof Long l) {
                g.writeNumber(l);
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else if (v instanceof List<?> list) {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item);
                }
                g.writeEndArray();
            } else {
                throw new IllegalStateException("unexpected value " + v.getClass());
            }
        }
    }
}

package dev.ovstub.server.internal.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The webhook event names OpenVidu 2.32 accepts in {@code OPENVIDU_WEBHOOK_EVENTS}, in the order of its default list
 * (wire contract 2.x §8.1). The stub sends the eight CE events that {@link WebhookEvent} builds; the filter event and
 * the PRO ones are accepted in the settings, as OpenVidu CE accepts them, and never sent.
 */
public enum EventName {
    SESSION_CREATED("sessionCreated"),
    SESSION_DESTROYED("sessionDestroyed"),
    PARTICIPANT_JOINED("participantJoined"),
    PARTICIPANT_LEFT("participantLeft"),
    WEBRTC_CONNECTION_CREATED("webrtcConnectionCreated"),
    WEBRTC_CONNECTION_DESTROYED("webrtcConnectionDestroyed"),
    RECORDING_STATUS_CHANGED("recordingStatusChanged"),
    FILTER_EVENT_DISPATCHED("filterEventDispatched"),
    SIGNAL_SENT("signalSent"),
    MEDIA_NODE_STATUS_CHANGED("mediaNodeStatusChanged"),
    AUTOSCALING("autoscaling"),
    NODE_CRASHED("nodeCrashed"),
    NODE_RECOVERED("nodeRecovered"),
    BROADCAST_STARTED("broadcastStarted"),
    BROADCAST_STOPPED("broadcastStopped");

    private final String wireName;

    EventName(String wireName) {
        this.wireName = wireName;
    }

    /** The name as OpenVidu writes it ({@code "sessionCreated"}): the {@code event} field and the settings' entries. */
    public String wireName() {
        return wireName;
    }

    /** The event of a wire name, exactly as written (OpenVidu's names are case-sensitive), or null. */
    public static EventName ofWireName(String name) {
        for (EventName e : values()) {
            if (e.wireName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Every wire name, in the settings' default order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventName::wireName).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public String toString() {
        return wireName;
    }
}

package dev.ovstub.server.internal.session;

import java.util.LinkedHashMap;

/**
 * One incarnation of a session someone has joined: its members and the recording rules' memory. A session emptied
 * and joined again is a new incarnation. Guarded by {@link SessionManager}'s lock.
 */
final class LiveSession {
    final SessionSpec spec;
    /** Its participants by id, in joining order. */
    final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
    /** Set once ALWAYS recording has been triggered, so that it is not triggered twice. */
    boolean autoRecordingTriggered;
    /** A recording of this incarnation was started through the API. */
    boolean recordedThroughApi;
    /** 2.x: a recording of it was stopped through the API, so ALWAYS does not start one again. */
    boolean manuallyStopped;

    LiveSession(SessionSpec spec) {
        this.spec = spec;
    }

    /** The member publishing {@code streamId}, or null. */
    Member publisherOf(String streamId) {
        return members.values().stream().filter(p -> p.publishing && streamId.equals(p.streamId)).findFirst()
                .orElse(null);
    }
}

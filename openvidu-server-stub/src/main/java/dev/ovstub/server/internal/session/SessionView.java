package dev.ovstub.server.internal.session;

import java.util.List;

/** A snapshot of a session: its properties, its participants in join order and its recording, if any. */
public record SessionView(SessionSpec spec, boolean live, List<ParticipantView> participants, String recordingId) {
    public SessionView {
        participants = List.copyOf(participants);
    }
}

package dev.ovstub.server.internal.session;

import java.util.List;

/**
 * A snapshot of a session: its properties, its participants in join order and its recording, if any; for a 2.x
 * session also its connections (the active ones in join order, then the pending ones in creation order), and whether
 * its recording's automatic-stop countdown runs.
 */
public record SessionView(SessionSpec spec, boolean live, List<ParticipantView> participants, String recordingId,
                          List<ConnectionView> connections, boolean autostopPending) {
    public SessionView {
        participants = List.copyOf(participants);
        connections = List.copyOf(connections);
    }
}

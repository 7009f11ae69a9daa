package dev.ovstub.server.internal.session;

import java.util.List;

/**
 * What a recorder draws: the session's publishers in the order they started publishing. {@code version} grows
 * with every change of the session, so a poller can tell that something moved. The api layer serves it to
 * recorders in the contract's form, {@code internal.recorder.LayoutState}.
 */
public record SessionLayout(String sessionId, ArchiveLayout layout, long version, List<ParticipantView> publishers) {
    public SessionLayout {
        publishers = List.copyOf(publishers);
    }
}

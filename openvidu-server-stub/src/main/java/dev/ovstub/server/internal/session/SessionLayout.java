package dev.ovstub.server.internal.session;

import java.util.List;

/**
 * What a recorder draws: the session's publishers in the order they started publishing. {@code version} grows
 * with every change of the session, so a poller can tell that something moved. The api layer serves it to
 * recorders in the contract's form, {@code internal.recorder.LayoutState}. A 2.x session ({@code v2}) is drawn with
 * 2.x's geometry, in the layout of its active recording ({@code BEST_FIT} when none, and for a CUSTOM one, whose
 * page the embedded recorder cannot run); {@code bigPublisherId} is the publisher the presentation layouts show
 * big (null: the first). {@code layoutName} is a layout's wire name, e.g. {@code BEST_FIT}.
 */
public record SessionLayout(String sessionId, String layoutName, long version, List<ParticipantView> publishers,
                            boolean v2, String bigPublisherId) {
    public SessionLayout {
        publishers = List.copyOf(publishers);
    }
}

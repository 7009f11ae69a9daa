package dev.ovstub.server.internal.session;

import java.util.Objects;

/** A session id with its properties, as reserved by {@code POST /api/sessions} or an insecure join. */
public record SessionSpec(String id, String shortId, MediaMode mediaMode, ArchiveMode archiveMode,
                          ArchiveLayout archiveLayout, boolean insecure) {
    public SessionSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shortId, "shortId");
        Objects.requireNonNull(mediaMode, "mediaMode");
        Objects.requireNonNull(archiveMode, "archiveMode");
        Objects.requireNonNull(archiveLayout, "archiveLayout");
    }
}

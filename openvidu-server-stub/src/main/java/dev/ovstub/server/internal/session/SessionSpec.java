package dev.ovstub.server.internal.session;

import java.util.Objects;

/**
 * A session id with its properties, as reserved by {@code POST /api/sessions}, an insecure join, or
 * {@code POST /openvidu/api/sessions} (then {@link #v2()} holds the 2.x options, and the 2.x rules apply to it).
 * For a 2.x session the short id is the id and {@code archiveMode} is its {@code recordingMode}.
 */
public record SessionSpec(String id, String shortId, MediaMode mediaMode, ArchiveMode archiveMode,
                          ArchiveLayout archiveLayout, boolean insecure, SessionOptions v2) {
    /** A 1.8 session. */
    public SessionSpec(String id, String shortId, MediaMode mediaMode, ArchiveMode archiveMode,
                       ArchiveLayout archiveLayout, boolean insecure) {
        this(id, shortId, mediaMode, archiveMode, archiveLayout, insecure, null);
    }

    /** Whether this session was created through the 2.x API and follows its rules. */
    public boolean isV2() {
        return v2 != null;
    }

    public SessionSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shortId, "shortId");
        Objects.requireNonNull(mediaMode, "mediaMode");
        Objects.requireNonNull(archiveMode, "archiveMode");
        Objects.requireNonNull(archiveLayout, "archiveLayout");
    }
}

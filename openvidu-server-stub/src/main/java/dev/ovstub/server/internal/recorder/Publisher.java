package dev.ovstub.server.internal.recorder;

import java.util.Objects;

/**
 * One publisher on screen, as in the layout state JSON.
 *
 * @param id       connection id (drives the tile colour and the tone)
 * @param metadata client data, drawn under the id ("" when none)
 * @param media    optional path of a media file used as this publisher's camera, or null
 */
public record Publisher(String id, String metadata, String media) {
    public Publisher {
        Objects.requireNonNull(id, "id");
        metadata = metadata == null ? "" : metadata;
        media = media == null || media.isBlank() ? null : media;
    }

    /** A publisher with no metadata and no media. */
    public static Publisher of(String id) {
        return new Publisher(id, "", null);
    }
}

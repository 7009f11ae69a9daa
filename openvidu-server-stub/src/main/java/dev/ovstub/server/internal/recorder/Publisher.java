package dev.ovstub.server.internal.recorder;

import java.util.Objects;

/**
 * One publisher on screen, as in the layout state JSON.
 *
 * @param id       connection id (drives the tile colour and the tone)
 * @param metadata client data, drawn under the id ("" when none)
 * @param media    optional path of a media file used as this publisher's camera, or null
 * @param big      the publisher is "big" (OpenVidu's {@code OV_big} class): the full-size one of the 2.x
 *                 presentation and picture-in-picture layouts (see {@link OpenViduLayoutGeometry}); ignored by the
 *                 1.8 grid
 */
public record Publisher(String id, String metadata, String media, boolean big) {
    public Publisher {
        Objects.requireNonNull(id, "id");
        metadata = metadata == null ? "" : metadata;
        media = media == null || media.isBlank() ? null : media;
    }

    /** A publisher that is not big. */
    public Publisher(String id, String metadata, String media) {
        this(id, metadata, media, false);
    }

    /** A publisher with no metadata and no media. */
    public static Publisher of(String id) {
        return new Publisher(id, "", null);
    }

    /** This publisher, big or not. */
    public Publisher withBig(boolean isBig) {
        return isBig == big ? this : new Publisher(id, metadata, media, isBig);
    }
}

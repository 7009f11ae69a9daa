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
 * @param stream   what an INDIVIDUAL recording's manifest says about the published stream, or null when the
 *                 server did not say (1.8 sessions, tests)
 */
public record Publisher(String id, String metadata, String media, boolean big, StreamInfo stream) {
    public Publisher {
        Objects.requireNonNull(id, "id");
        metadata = metadata == null ? "" : metadata;
        media = media == null || media.isBlank() ? null : media;
    }

    /** A publisher that is not big, without stream information. */
    public Publisher(String id, String metadata, String media) {
        this(id, metadata, media, false, null);
    }

    /** A publisher without stream information. */
    public Publisher(String id, String metadata, String media, boolean big) {
        this(id, metadata, media, big, null);
    }

    /** A publisher that is not big. */
    public Publisher(String id, String metadata, String media, StreamInfo stream) {
        this(id, metadata, media, false, stream);
    }

    /** A publisher with no metadata and no media. */
    public static Publisher of(String id) {
        return new Publisher(id, "", null);
    }

    /** This publisher, big or not. */
    public Publisher withBig(boolean isBig) {
        return isBig == big ? this : new Publisher(id, metadata, media, isBig, stream);
    }

    // ---- INDIVIDUAL recording (issue 12): the published stream, as its manifest entry needs it ----

    /**
     * The published stream of a 2.x participant: optional fields of the layout state's publisher objects.
     *
     * @param streamId    {@code str_CAM_...}, or null (the file is then named after the connection id)
     * @param serverData  the connection's server data, or null
     * @param hasAudio    whether the stream carries audio, or null (yes)
     * @param hasVideo    whether the stream carries video, or null (yes)
     * @param typeOfVideo {@code CAMERA}, {@code SCREEN}..., or null
     * @param record      false when the connection asked not to be recorded in INDIVIDUAL recordings (default true)
     */
    public record StreamInfo(String streamId, String serverData, Boolean hasAudio, Boolean hasVideo,
                             String typeOfVideo, boolean record) {
        /** Whether the stream has audio (unknown: yes). */
        public boolean audio() {
            return hasAudio == null || hasAudio;
        }

        /** Whether the stream has video (unknown: yes). */
        public boolean video() {
            return hasVideo == null || hasVideo;
        }
    }

    /** Whether an INDIVIDUAL recording records this publisher's stream. */
    public boolean recordedIndividually() {
        return stream == null || stream.record();
    }
}

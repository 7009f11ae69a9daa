package io.openvidu.java.client;

/**
 * How the participants of a session are arranged in its recording.
 */
public enum ArchiveLayout {
    /** A grid that gives every publisher the same space. Default. */
    BEST_FIT,
    /** One main video with a small inset. */
    PICTURE_IN_PICTURE,
    /** A presentation layout with the videos stacked vertically. */
    VERTICAL_PRESENTATION,
    /** A presentation layout with the videos side by side. */
    HORIZONTAL_PRESENTATION
}

package dev.ovstub.server.internal.recorder;

/**
 * What a tile shows instead of the synthetic camera, scaled to the tile: a media file ({@link MediaCamera}) or a
 * browser's live stream ({@link LiveCamera}). Only the renderer calls it.
 */
interface TileCamera extends AutoCloseable {
    /** The picture to show at this clip time, or null when there is none (yet): the tile is black then. */
    MediaCamera.Picture pictureAt(long clipMicros);

    int tileWidth();

    int tileHeight();

    /** Whether pictures cover the tile (and are larger than it) rather than fit inside it. */
    boolean cover();

    /** True once the camera gave up; the tile falls back to the synthetic camera. */
    boolean failed();

    String failure();

    /** Stops, without waiting. */
    @Override
    void close();

    /** Waits up to {@code millis} for the camera's thread to end (after {@link #close()}). */
    void join(long millis);
}

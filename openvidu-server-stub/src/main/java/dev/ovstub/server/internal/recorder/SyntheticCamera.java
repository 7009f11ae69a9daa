package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One publisher's camera as the recorder draws it, alone in a picture of its own: the simulated participant's
 * colour, names, ball and clock, or its media file. For the media worker, which sends it to browsers that subscribe
 * to a simulated participant. Not thread-safe: one caller.
 */
public final class SyntheticCamera implements AutoCloseable {
    private final FrameComposer composer;
    private final ByteBuffer frame;

    /**
     * @param media the publisher's media file, or null for the synthetic camera
     */
    public SyntheticCamera(String connectionId, String metadata, String media, int width, int height) {
        composer = new FrameComposer(width, height);
        composer.layout(List.of(new Publisher(connectionId, metadata, media)));
        frame = ByteBuffer.allocate(composer.frameBytes());
    }

    public int width() {
        return composer.width();
    }

    public int height() {
        return composer.height();
    }

    /** The picture at this time since the camera started, packed YUV420P (the same array each call). */
    public byte[] pictureAt(long micros) {
        frame.clear();
        composer.compose(micros, frame);
        return frame.array();
    }

    @Override
    public void close() {
        composer.close();
    }
}

package dev.ovstub.server.internal.recorder;

/**
 * What a layout state publisher's {@code media} of the form {@code live:<url>} means: a browser's live stream, whose
 * latest decoded picture {@code GET <url>} answers as packed YUV420P ({@code width * height * 3 / 2} bytes) with the
 * headers below; 204 before the first picture, 404 once the stream is gone. The media worker serves it; the
 * recorder ({@link LiveCamera}) reads it.
 */
public final class LiveFrames {
    /** The scheme of a layout state publisher's {@code media} that names a live stream. */
    public static final String PREFIX = "live:";
    public static final String WIDTH_HEADER = "X-Width";
    public static final String HEIGHT_HEADER = "X-Height";
    /** Grows with each new picture. */
    public static final String SEQUENCE_HEADER = "X-Sequence";
    /** Milliseconds since the picture was decoded. */
    public static final String AGE_HEADER = "X-Age-Millis";

    private LiveFrames() {}
}

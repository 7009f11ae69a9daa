package dev.ovstub.server.internal.recorder;

/**
 * What a layout state publisher's {@code media} of the form {@code live:<url>} means: a browser's live stream, whose
 * latest decoded picture {@code GET <url>} answers as packed YUV420P ({@code width * height * 3 / 2} bytes) with the
 * headers below; 204 before the first picture, 404 once the stream is gone. The media worker serves it; the
 * recorder ({@link LiveCamera}) reads it.
 *
 * <p>The stream's audio is at the same URL with its last {@value #FRAMES_SEGMENT} replaced by {@value #AUDIO_SEGMENT}
 * ({@link #audioUrl}): {@code GET <url>?from=N} answers the mono 16-bit little-endian samples received from position
 * N on (or from the oldest still kept), with the position of the first in {@link #FROM_HEADER} and their rate in
 * {@link #RATE_HEADER}; without {@code from} it answers no samples and the newest position. 204 before the first
 * sample, 404 once the stream is gone. The recorder ({@link LiveAudio}) mixes it.
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
    /** A stream whose latest picture is older than this is shown stopped ("no video"). */
    public static final long STALE_MILLIS = 2000;

    /** The path segment of a stream's pictures, and of its audio. */
    public static final String FRAMES_SEGMENT = "/frames/";
    public static final String AUDIO_SEGMENT = "/audio/";
    /** The position (samples since the stream's first) of the first sample answered. */
    public static final String FROM_HEADER = "X-From";
    public static final String RATE_HEADER = "X-Sample-Rate";

    private LiveFrames() {}

    /** Where the audio of the stream whose pictures are at {@code framesUrl} is. */
    public static String audioUrl(String framesUrl) {
        int at = framesUrl.lastIndexOf(FRAMES_SEGMENT);
        if (at < 0) {
            throw new IllegalArgumentException("not a live stream's pictures URL: " + framesUrl);
        }
        return framesUrl.substring(0, at) + AUDIO_SEGMENT + framesUrl.substring(at + FRAMES_SEGMENT.length());
    }
}

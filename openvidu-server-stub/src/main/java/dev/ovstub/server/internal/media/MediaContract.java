package dev.ovstub.server.internal.media;

/**
 * The media worker's contract with its server, spelled once. One JSON object per line on standard input (commands)
 * and standard output (events); diagnostics go to standard error.
 *
 * <p>Each event line starts with {@value #EVENT_PREFIX}: libwebrtc's natives print to standard output too, and
 * their lines are only logged.
 *
 * <p>Commands: {@code {"op":"publish","stream":S,"offer":SDP}} (a browser's offer for stream S: the answer comes
 * back as an {@code answer} event), {@code {"op":"candidate","stream":S,"candidate":C,"sdpMid":M,"sdpMLineIndex":I}}
 * (a browser's ICE candidate), {@code {"op":"close","stream":S}}. End of standard input: the worker exits.
 *
 * <p>Events: {@code {"op":"ready","port":P}} once (where {@link #FRAMES_PATH} is served on 127.0.0.1),
 * {@code {"op":"answer","stream":S,"sdp":SDP}} or {@code {"op":"error","stream":S,"message":M}},
 * {@code {"op":"candidate","stream":S,"candidate":C,"sdpMid":M,"sdpMLineIndex":I}} (the worker's own),
 * {@code {"op":"video","stream":S,"width":W,"height":H}} (the first picture, and each change of size),
 * {@code {"op":"ended","stream":S,"reason":R}} (the connection failed or closed).
 *
 * <p>Pictures: {@code GET http://127.0.0.1:P/frames/<stream>} answers the latest decoded picture as packed
 * YUV420P ({@code width * height * 3 / 2} bytes) with headers {@value #WIDTH_HEADER}, {@value #HEIGHT_HEADER},
 * {@value #SEQUENCE_HEADER} (grows with each new picture) and {@value #AGE_HEADER} (milliseconds since it was
 * decoded); 204 before the first picture, 404 for an unknown stream.
 */
public final class MediaContract {
    public static final String FRAMES_PATH = "/frames/";
    /** What every event line starts with. */
    public static final String EVENT_PREFIX = "@ovstub-media ";
    public static final String WIDTH_HEADER = "X-Width";
    public static final String HEIGHT_HEADER = "X-Height";
    public static final String SEQUENCE_HEADER = "X-Sequence";
    public static final String AGE_HEADER = "X-Age-Millis";
    /** The scheme of a layout state publisher's {@code media} that names a live stream of a media worker. */
    public static final String LIVE_PREFIX = "live:";

    private MediaContract() {}
}

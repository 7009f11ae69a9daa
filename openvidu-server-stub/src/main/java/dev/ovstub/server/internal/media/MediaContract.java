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
 * <p>Pictures: {@code GET http://127.0.0.1:P/frames/<stream>} answers the latest decoded picture of a published
 * stream as the recorder's {@code LiveFrames} says, and {@code GET http://127.0.0.1:P/audio/<stream>?from=N} its
 * audio.
 *
 * <p>Subscriptions (media out): {@code {"op":"subscribe","subscription":U,"offer":SDP,"source":SRC}} answers a
 * browser's receive-only offer with a track of each kind it asks for, fed from SRC: {@code {"stream":S}} (a stream
 * this worker receives: its decoded pictures and audio, encoded again for each subscriber) or
 * {@code {"synthetic":{"id":C,"metadata":M,"media":F}}} (a simulated participant's camera, drawn as the recorder
 * draws it, and its tone, as the recorder mixes it). Its events are those of a published stream, keyed by
 * {@code subscription} instead of {@code stream}; {@code candidate} and {@code close} take {@code subscription} too.
 */
public final class MediaContract {
    public static final String FRAMES_PATH = dev.ovstub.server.internal.recorder.LiveFrames.FRAMES_SEGMENT;
    /** Where a published stream's audio is served, as the recorder's {@code LiveFrames} says. */
    public static final String AUDIO_PATH = dev.ovstub.server.internal.recorder.LiveFrames.AUDIO_SEGMENT;
    /** What every event line starts with. */
    public static final String EVENT_PREFIX = "@ovstub-media ";

    private MediaContract() {}
}

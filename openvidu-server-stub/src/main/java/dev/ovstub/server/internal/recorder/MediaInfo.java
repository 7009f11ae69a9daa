package dev.ovstub.server.internal.recorder;

/**
 * What a finished recording file contains, read from the file itself.
 *
 * @param sizeBytes       file size
 * @param durationSeconds container duration (streams' if the container has none)
 * @param hasAudio        at least one audio stream
 * @param hasVideo        at least one video stream
 * @param videoCodec      FFmpeg name of the video codec ({@code h264}), or null without video
 * @param audioCodec      FFmpeg name of the audio codec ({@code aac}), or null without audio
 * @param width           video width, 0 without video
 * @param height          video height, 0 without video
 * @param frameRate       video frame rate, 0 without video
 */
public record MediaInfo(long sizeBytes, double durationSeconds, boolean hasAudio, boolean hasVideo,
                        String videoCodec, String audioCodec, int width, int height, double frameRate) {
    /** What a file holds when only its size, duration and kinds of stream are known (codecs and picture unknown). */
    public static MediaInfo of(long sizeBytes, double durationSeconds, boolean hasAudio, boolean hasVideo) {
        return new MediaInfo(sizeBytes, durationSeconds, hasAudio, hasVideo, null, null, 0, 0, 0);
    }
}

package dev.ovstub.server.internal.recorder;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegLogCallback;

/** Process-wide FFmpeg set-up: native loading and log level. */
final class Ffmpeg {
    /** {@code -Dovstub.recorder.ffmpegLog=info} (or debug, warning...) to see FFmpeg's own log. */
    static final String LOG_PROPERTY = "ovstub.recorder.ffmpegLog";

    private static volatile boolean initialised;

    private Ffmpeg() {}

    /** Loads the natives (once) and sets FFmpeg's log level (errors only unless configured). */
    static void init() {
        if (initialised) return;
        synchronized (Ffmpeg.class) {
            if (initialised) return;
            int level = switch (System.getProperty(LOG_PROPERTY, "error").toLowerCase(java.util.Locale.ROOT)) {
                case "quiet" -> avutil.AV_LOG_QUIET;
                case "fatal" -> avutil.AV_LOG_FATAL;
                case "warning" -> avutil.AV_LOG_WARNING;
                case "info" -> avutil.AV_LOG_INFO;
                case "verbose" -> avutil.AV_LOG_VERBOSE;
                case "debug" -> avutil.AV_LOG_DEBUG;
                default -> avutil.AV_LOG_ERROR;
            };
            avutil.av_log_set_level(level);
            FFmpegLogCallback.setLevel(level);
            initialised = true;
        }
    }

    /**
     * The encoder of that name, checked to be an H.264 encoder. FFmpeg falls back to the
     * container's default codec (MPEG-4 Part 2 for mp4) when a name is unknown, so this is checked
     * up front and fails loudly.
     */
    static AVCodec requireH264Encoder(String name) {
        init();
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
        if (codec == null) {
            throw new RecorderException("video encoder '" + name + "' is not in this FFmpeg build");
        }
        if (codec.id() != avcodec.AV_CODEC_ID_H264) {
            throw new RecorderException("video encoder '" + name + "' does not produce H.264 (codec id "
                    + codec.id() + ")");
        }
        return codec;
    }

    /** The encoder of that name, checked to produce {@code codecId}; fails loudly when the build lacks it. */
    static AVCodec requireEncoder(String name, int codecId) {
        init();
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
        if (codec == null) {
            throw new RecorderException("encoder '" + name + "' is not in this FFmpeg build");
        }
        if (codec.id() != codecId) {
            throw new RecorderException("encoder '" + name + "' does not produce codec id " + codecId + " (but " + codec.id() + ")");
        }
        return codec;
    }

    /**
     * An audio encoder for WebM files.
     *
     * @param experimental FFmpeg only uses it with {@code strict experimental}
     */
    record AudioEncoder(String name, int codecId, boolean experimental) {}

    private static volatile AudioEncoder webmAudio;

    /**
     * The audio encoder of WebM files: Opus through libopus (the JavaCV build has it), else FFmpeg's own {@code opus}
     * (experimental), else Vorbis (libvorbis, else FFmpeg's own, experimental).
     */
    static AudioEncoder webmAudioEncoder() {
        AudioEncoder found = webmAudio;
        if (found != null) return found;
        init();
        for (AudioEncoder candidate : java.util.List.of(
                new AudioEncoder("libopus", avcodec.AV_CODEC_ID_OPUS, false),
                new AudioEncoder("opus", avcodec.AV_CODEC_ID_OPUS, true),
                new AudioEncoder("libvorbis", avcodec.AV_CODEC_ID_VORBIS, false),
                new AudioEncoder("vorbis", avcodec.AV_CODEC_ID_VORBIS, true))) {
            AVCodec codec = avcodec.avcodec_find_encoder_by_name(candidate.name());
            if (codec != null && codec.id() == candidate.codecId()) {
                webmAudio = candidate;
                return candidate;
            }
        }
        throw new RecorderException("this FFmpeg build has no Opus or Vorbis encoder for WebM audio");
    }
}

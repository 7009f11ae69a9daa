package dev.ovstub.server.internal.recorder;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * VP8 (libvpx, real-time settings) and Opus in WebM, the formats of OpenVidu 2.x's audio-only and INDIVIDUAL
 * files. Either track may be left out: an audio-only file has no video track, and the other way round. The audio
 * encoder is the build's best of {@link Ffmpeg#webmAudioEncoder()} (libopus in the JavaCV build). Not
 * thread-safe: one thread writes.
 */
final class WebmEncoder extends FfmpegFileEncoder {
    static final String VIDEO_CODEC = "libvpx";

    private final Path file;
    private final int frameRate;

    /**
     * @param file  the file to write
     * @param c     size, frame rate, bit rates and threads
     * @param audio whether the file has an audio track
     * @param video whether the file has a video track
     */
    WebmEncoder(Path file, RecorderConfig c, boolean audio, boolean video) {
        super(configured(file, c, audio, video), "WebM", video ? c.width() : 0, video ? c.height() : 0, audio, video,
                c.audioSampleRate());
        this.file = file;
        this.frameRate = c.frameRate();
    }

    private static FFmpegFrameRecorder configured(Path file, RecorderConfig c, boolean audio, boolean video) {
        if (!audio && !video) throw new IllegalArgumentException("a file needs audio or video");
        Ffmpeg.init();
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), video ? c.width() : 0, video ? c.height() : 0,
                audio ? 1 : 0);
        r.setFormat("webm");
        if (video) {
            Ffmpeg.requireEncoder(VIDEO_CODEC, avcodec.AV_CODEC_ID_VP8);
            r.setVideoCodecName(VIDEO_CODEC);
            r.setVideoCodec(avcodec.AV_CODEC_ID_VP8);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(c.frameRate());
            r.setVideoBitrate(c.videoBitrate());
            r.setGopSize(c.frameRate() * 2);
            r.setVideoOption("threads", Integer.toString(c.encoderThreads()));
            // Real-time libvpx: the fastest speed and no look-ahead (one frame in, one frame out).
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "16");
            r.setVideoOption("lag-in-frames", "0");
            r.setVideoOption("color_range", "tv");
            r.setVideoOption("colorspace", "smpte170m");
            r.setVideoOption("color_primaries", "smpte170m");
            r.setVideoOption("color_trc", "smpte170m");
        }
        if (audio) {
            Ffmpeg.AudioEncoder enc = Ffmpeg.webmAudioEncoder();
            r.setAudioCodecName(enc.name());
            r.setAudioCodec(enc.codecId());
            if (enc.experimental()) r.setAudioOption("strict", "experimental");
            r.setAudioChannels(1);
            r.setSampleRate(c.audioSampleRate());
            r.setAudioBitrate(c.audioBitrate());
        }
        // Write through at once, so the file grows while recording.
        r.setOption("flush_packets", "1");
        return r;
    }

    /** The durations the file declares for its audio are too long (see {@link MatroskaDuration}): corrected now. */
    @Override
    void finished() {
        if (audio) {
            double audioSeconds = mixed.seconds();
            double videoSeconds = video ? (lastFrame + 1) / (double) frameRate : 0;
            MatroskaDuration.correct(file, Math.max(audioSeconds, videoSeconds), audioSeconds);
        }
    }
}

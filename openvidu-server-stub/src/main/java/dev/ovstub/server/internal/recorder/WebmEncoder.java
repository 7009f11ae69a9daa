package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * VP8 (libvpx, real-time settings) and Opus in WebM, the formats of OpenVidu 2.x's audio-only and INDIVIDUAL
 * files. Either track may be left out: an audio-only file has no video track, and the other way round. The audio
 * encoder is the build's best of {@link Ffmpeg#webmAudioEncoder()} (libopus in the JavaCV build). Not
 * thread-safe: one thread writes.
 */
final class WebmEncoder implements MediaEncoder {
    static final String VIDEO_CODEC = "libvpx";

    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private final int sampleRate;
    private final boolean audio;
    private final boolean video;
    private final MixedAudio mixed;
    private final Path file;
    private final int frameRate;
    private long lastFrame = -1;
    private boolean open;

    /**
     * @param file  the file to write
     * @param c     size, frame rate, bit rates and threads
     * @param audio whether the file has an audio track
     * @param video whether the file has a video track
     */
    WebmEncoder(Path file, RecorderConfig c, boolean audio, boolean video) {
        if (!audio && !video) throw new IllegalArgumentException("a file needs audio or video");
        Ffmpeg.init();
        this.audio = audio;
        this.video = video;
        this.width = video ? c.width() : 0;
        this.height = video ? c.height() : 0;
        this.sampleRate = c.audioSampleRate();
        this.file = file;
        this.frameRate = c.frameRate();
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? 1 : 0);
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
            r.setSampleRate(sampleRate);
            r.setAudioBitrate(c.audioBitrate());
        }
        // Write through at once, so the file grows while recording.
        r.setOption("flush_packets", "1");
        this.recorder = r;
        this.mixed = new MixedAudio(sampleRate);
    }

    @Override
    public void open() {
        try {
            recorder.start();
            open = true;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            release();
            throw new RecorderException("cannot open the WebM encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeVideo(long k, ByteBuffer yuv420p) {
        if (!video) return;
        try {
            recorder.setFrameNumber(Math.toIntExact(k));
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, yuv420p);
            lastFrame = k;
        } catch (FrameRecorder.Exception e) {
            throw new RecorderException("video encoding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeAudioUpTo(long totalSamples, AudioMixer mixer, short[] scratch) {
        if (!audio) return;
        mixed.writeUpTo(recorder, totalSamples, mixer, scratch);
    }

    @Override
    public void finish() {
        if (!open) return;
        open = false;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new RecorderException("cannot finish the WebM file: " + e.getMessage(), e);
        } finally {
            release();
        }
        if (audio) {
            double audioSeconds = mixed.seconds();
            double videoSeconds = video ? (lastFrame + 1) / (double) frameRate : 0;
            MatroskaDuration.correct(file, Math.max(audioSeconds, videoSeconds), audioSeconds);
        }
    }

    @Override
    public void release() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException ignored) {
            // nothing more to do
        }
    }
}

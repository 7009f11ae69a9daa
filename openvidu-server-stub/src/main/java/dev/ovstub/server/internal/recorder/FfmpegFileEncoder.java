package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * What the file encoders share: an FFmpeg recorder configured by the subclass, fed YUV 4:2:0 frames at explicit
 * frame numbers and mono audio from the mixer, opened, finished and released once. Not thread-safe: one thread
 * writes.
 */
abstract class FfmpegFileEncoder implements MediaEncoder {
    private final FFmpegFrameRecorder recorder;
    /** For messages: {@code MP4}, {@code WebM}. */
    private final String format;
    private final int width;
    private final int height;
    final boolean audio;
    final boolean video;
    final MixedAudio mixed;
    /** The last frame number written, -1 before the first. */
    long lastFrame = -1;
    private boolean open;

    FfmpegFileEncoder(FFmpegFrameRecorder recorder, String format, int width, int height, boolean audio, boolean video,
                      int sampleRate) {
        this.recorder = recorder;
        this.format = format;
        this.width = width;
        this.height = height;
        this.audio = audio;
        this.video = video;
        this.mixed = new MixedAudio(sampleRate);
    }

    @Override
    public void open() {
        try {
            recorder.start();
            open = true;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            release();
            throw new RecorderException("cannot open the " + format + " encoder: " + e.getMessage(), e);
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

    /** Flushes the encoders and finishes the file (once), then {@link #finished()}. */
    @Override
    public void finish() {
        if (!open) return;
        open = false;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new RecorderException("cannot finish the " + format + " file: " + e.getMessage(), e);
        } finally {
            release();
        }
        finished();
    }

    /** After the file is finished and the encoder released: what the format still needs (nothing by default). */
    void finished() {}

    @Override
    public void release() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException ignored) {
            // nothing more to do
        }
    }
}

package dev.ovstub.server.internal.recorder;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one {@link GridRecorder} records. Build with {@link #builder(Path, LayoutSource)}.
 *
 * @param output          the file to write (its folder must exist; an existing file is replaced): MP4, or WebM
 *                        without video, or ZIP for INDIVIDUAL
 * @param layoutSource    who is on screen
 * @param width           frame width, even, 16..7680 (default 1920)
 * @param height          frame height, even, 16..4320 (default 1080)
 * @param frameRate       frames per second, 1..120 (default 25)
 * @param videoBitrate    H.264 target bit rate in bit/s (default: about 0.065 bit per pixel per
 *                        frame, so 1.5 Mbit/s at 1280x720x25 and 3.4 Mbit/s at 1920x1080x25)
 * @param audioSampleRate audio sample rate in Hz (default 48000)
 * @param audioBitrate    AAC bit rate in bit/s (default 64000)
 * @param encoderThreads  H.264 encoder threads (default 1: one recording, at most one core)
 * @param catchUpMillis   real time only: how far behind the wall clock the recorder may fall and still render
 *                        every frame slot, catching up as fast as it can (default 5000 ms; 0: skip late slots at
 *                        once). Beyond it the oldest late slots are skipped. See {@link GridRecorder}.
 * @param hasAudio        whether the output has audio (default true)
 * @param hasVideo        whether the output has video (default true). A composed recording without video is a WebM
 *                        file of the mixed audio (Opus); with video it is the MP4 of the grid, without an audio
 *                        track unless {@code hasAudio}
 * @param individual      null for a composed recording (one file of the grid); for an INDIVIDUAL recording, the
 *                        recording the archive's manifest names: {@code output} is then the ZIP archive of one
 *                        WebM file per published stream and the manifest (see {@link IndividualStreams})
 */
public record RecorderConfig(Path output, LayoutSource layoutSource, int width, int height, int frameRate,
                             int videoBitrate, int audioSampleRate, int audioBitrate, int encoderThreads,
                             int catchUpMillis, boolean hasAudio, boolean hasVideo,
                             IndividualManifest.Header individual) {
    public RecorderConfig {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(layoutSource, "layoutSource");
        if (width < 16 || width > 7680 || width % 2 != 0) throw new IllegalArgumentException("width must be even, 16..7680: " + width);
        if (height < 16 || height > 4320 || height % 2 != 0) throw new IllegalArgumentException("height must be even, 16..4320: " + height);
        if (frameRate < 1 || frameRate > 120) throw new IllegalArgumentException("frameRate must be 1..120: " + frameRate);
        if (videoBitrate < 10_000) throw new IllegalArgumentException("videoBitrate too low: " + videoBitrate);
        if (audioSampleRate < 8000 || audioSampleRate > 96000) throw new IllegalArgumentException("audioSampleRate must be 8000..96000: " + audioSampleRate);
        if (audioBitrate < 8000) throw new IllegalArgumentException("audioBitrate too low: " + audioBitrate);
        if (encoderThreads < 1 || encoderThreads > 16) throw new IllegalArgumentException("encoderThreads must be 1..16: " + encoderThreads);
        if (catchUpMillis < 0 || catchUpMillis > 60_000) throw new IllegalArgumentException("catchUpMillis must be 0..60000: " + catchUpMillis);
        if (!hasAudio && !hasVideo) throw new IllegalArgumentException("a recording needs audio or video");
    }

    /** Default of {@link #catchUpMillis()}. */
    public static final int DEFAULT_CATCH_UP_MILLIS = 5000;

    public static Builder builder(Path output, LayoutSource layoutSource) {
        return new Builder(output, layoutSource);
    }

    /** Default bit rate for a size and frame rate, see the record comment. */
    public static int defaultVideoBitrate(int width, int height, int frameRate) {
        long bps = Math.round(width * (double) height * frameRate * 0.065);
        return (int) Math.max(200_000, Math.min(8_000_000, bps));
    }

    /** Builder; unset values take the defaults of the record comment. */
    public static final class Builder {
        private final Path output;
        private final LayoutSource layoutSource;
        private int width = 1920;
        private int height = 1080;
        private int frameRate = 25;
        private int videoBitrate;
        private int audioSampleRate = 48_000;
        private int audioBitrate = 64_000;
        private int encoderThreads = 1;
        private int catchUpMillis = DEFAULT_CATCH_UP_MILLIS;
        private boolean hasAudio = true;
        private boolean hasVideo = true;
        private IndividualManifest.Header individual;

        private Builder(Path output, LayoutSource layoutSource) {
            this.output = output;
            this.layoutSource = layoutSource;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder frameRate(int fps) {
            this.frameRate = fps;
            return this;
        }

        public Builder videoBitrate(int bitsPerSecond) {
            this.videoBitrate = bitsPerSecond;
            return this;
        }

        public Builder audioSampleRate(int hz) {
            this.audioSampleRate = hz;
            return this;
        }

        public Builder audioBitrate(int bitsPerSecond) {
            this.audioBitrate = bitsPerSecond;
            return this;
        }

        public Builder encoderThreads(int threads) {
            this.encoderThreads = threads;
            return this;
        }

        /** How far behind the wall clock late frame slots are still rendered (real time only). */
        public Builder catchUp(java.time.Duration window) {
            this.catchUpMillis = Math.toIntExact(window.toMillis());
            return this;
        }

        /** Which tracks the output has (2.x {@code hasAudio} / {@code hasVideo}); both by default. */
        public Builder tracks(boolean audio, boolean video) {
            this.hasAudio = audio;
            this.hasVideo = video;
            return this;
        }

        /** Records each published stream on its own into the ZIP archive {@code output} (2.x INDIVIDUAL). */
        public Builder individual(IndividualManifest.Header recording) {
            this.individual = java.util.Objects.requireNonNull(recording, "recording");
            return this;
        }

        public RecorderConfig build() {
            int vb = videoBitrate > 0 ? videoBitrate : defaultVideoBitrate(width, height, frameRate);
            return new RecorderConfig(output, layoutSource, width, height, frameRate, vb,
                    audioSampleRate, audioBitrate, encoderThreads, catchUpMillis, hasAudio, hasVideo, individual);
        }
    }
}

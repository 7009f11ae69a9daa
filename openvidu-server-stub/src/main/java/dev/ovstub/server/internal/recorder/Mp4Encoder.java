package dev.ovstub.server.internal.recorder;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * H.264 (libopenh264) + AAC in MP4 with the index after the media (written once, at the stop), fed with YUV 4:2:0 frames at
 * explicit frame numbers and mono 16-bit audio. Without {@link RecorderConfig#hasAudio() audio} the file has no audio
 * track. Not thread-safe: one thread writes.
 */
final class Mp4Encoder extends FfmpegFileEncoder {
    static final String VIDEO_CODEC = "libopenh264";
    /** Longest fragment while recording: what a killed recorder can lose, and what the file holds back. */
    static final long FRAGMENT_MICROS = 1_000_000;

    Mp4Encoder(Path file, RecorderConfig c) {
        super(configured(file, c), "MP4", c.width(), c.height(), c.hasAudio(), true, c.audioSampleRate());
    }

    private static FFmpegFrameRecorder configured(Path file, RecorderConfig c) {
        Ffmpeg.requireH264Encoder(VIDEO_CODEC);
        boolean audio = c.hasAudio();
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), c.width(), c.height(), audio ? 1 : 0);
        r.setFormat("mp4");
        r.setVideoCodecName(VIDEO_CODEC);
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(c.frameRate());
        r.setVideoBitrate(c.videoBitrate());
        r.setGopSize(c.frameRate() * 2);
        r.setVideoOption("threads", Integer.toString(c.encoderThreads()));
        // Speed: no deblocking filter (about 10 % of openh264's time; flat synthetic pictures at
        // ample bit rates do not need it).
        r.setVideoOption("loopfilter", "0");
        // The composer converts with BT.601 limited range: say so in the stream.
        r.setVideoOption("color_range", "tv");
        r.setVideoOption("colorspace", "smpte170m");
        r.setVideoOption("color_primaries", "smpte170m");
        r.setVideoOption("color_trc", "smpte170m");
        // Tuning knobs for experiments: -Dovstub.recorder.videoOptions=key=value,key=value (also audioOptions).
        extraOptions(System.getProperty("ovstub.recorder.videoOptions"), r::setVideoOption);
        extraOptions(System.getProperty("ovstub.recorder.audioOptions"), r::setAudioOption);
        if (audio) {
            r.setAudioCodecName("aac");
            r.setAudioChannels(1);
            r.setSampleRate(c.audioSampleRate());
            r.setAudioBitrate(c.audioBitrate());
            r.setAudioOption("aac_coder", "fast");
        }
        // The stop must not rewrite the file (faststart moved the index to the front: a copy of the whole file).
        // Hybrid: while recording, the file is a fragmented MP4 (a fragment at most every FRAGMENT_MICROS, so a
        // recorder killed mid-way leaves every finished fragment readable); the stop appends one ordinary index
        // (moov) after the media and rewrites one 8-byte box header near the start, so that a single mdat box
        // covers the first index and all fragments: a plain, non-fragmented MP4 with its index at the end.
        r.setOption("movflags", "+hybrid_fragmented");
        r.setOption("frag_duration", Long.toString(FRAGMENT_MICROS));
        // Write each fragment through at once, so the file grows while recording.
        r.setOption("flush_packets", "1");
        return r;
    }

    private static void extraOptions(String spec, java.util.function.BiConsumer<String, String> set) {
        if (spec == null || spec.isBlank()) return;
        for (String kv : spec.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) set.accept(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
    }

    /** Samples written so far. */
    long samplesWritten() {
        return mixed.samplesWritten();
    }
}

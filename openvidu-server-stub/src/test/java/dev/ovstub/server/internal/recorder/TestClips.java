package dev.ovstub.server.internal.recorder;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small video clips made in tests: solid colours, one per second. */
final class TestClips {
    private TestClips() {}

    /**
     * Writes an H.264 MP4 of {@code width x height} at {@code fps}, one second per colour
     * ({@code 0xRRGGBB}), in order.
     */
    static Path solidColours(Path file, int width, int height, int fps, int... rgbPerSecond) throws Exception {
        Ffmpeg.init();
        ByteBuffer bgr = ByteBuffer.allocateDirect(width * height * 3);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName(Mp4Encoder.VIDEO_CODEC);
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize(fps);
            r.setVideoBitrate(400_000);
            r.start();
            int n = 0;
            for (int rgb : rgbPerSecond) {
                bgr.clear();
                for (int i = 0; i < width * height; i++) {
                    bgr.put((byte) TileColors.blue(rgb)).put((byte) TileColors.green(rgb)).put((byte) TileColors.red(rgb));
                }
                bgr.flip();
                for (int k = 0; k < fps; k++) {
                    r.setFrameNumber(n++);
                    r.recordImage(width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_BGR24, bgr);
                }
            }
            r.stop();
        }
        return file;
    }
}

package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrects the durations a finished WebM file declares for its audio. JavaCV 1.5.14's {@code FFmpegFrameRecorder}
 * rescales the timestamps of encoded audio packets to the stream's time base but not their durations, so in Matroska
 * (time base 1 ms) each Opus packet of 960 samples claims 960 ms and the muxer's segment duration, and the audio
 * track's {@code DURATION} tag, end up about 0.94 s too long (the packets' own timestamps are right). The muxer
 * writes both as fixed-size placeholders near the start of the file and fills them in at the end, so they are
 * overwritten in place here with what the recorder knows it wrote:
 * <ul>
 *   <li>the segment's {@code Duration} (EBML id {@code 0x4489}, an 8-byte float of milliseconds);</li>
 *   <li>the last {@code DURATION} tag (the audio track's, which comes after the video's) as
 *       {@code HH:MM:SS.nnnnnnnnn}.</li>
 * </ul>
 * A file whose placeholders are not found is left as it is (logged).
 */
final class MatroskaDuration {
    private static final Logger log = LoggerFactory.getLogger(MatroskaDuration.class);
    private static final byte[] DURATION = {0x44, (byte) 0x89, (byte) 0x88};
    private static final byte[] TAG = {0x45, (byte) 0xA3, (byte) 0x88, 'D', 'U', 'R', 'A', 'T', 'I', 'O', 'N',
            0x44, (byte) 0x87};
    private static final int HEAD = 64 * 1024;

    private MatroskaDuration() {}

    /**
     * @param segmentSeconds the file's duration (its longest track)
     * @param audioSeconds   the audio track's duration
     */
    static void correct(Path file, double segmentSeconds, double audioSeconds) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] head = new byte[(int) Math.min(HEAD, f.length())];
            f.readFully(head);
            int d = indexOf(head, DURATION, 0);
            if (d < 0 || d + DURATION.length + 8 > head.length) {
                log.debug("{}: no segment duration to correct", file.getFileName());
                return;
            }
            f.seek(d + DURATION.length);
            f.writeDouble(segmentSeconds * 1000.0);
            List<Integer> tags = new ArrayList<>();
            for (int i = indexOf(head, TAG, 0); i >= 0; i = indexOf(head, TAG, i + 1)) tags.add(i);
            if (tags.isEmpty()) return;
            int t = tags.get(tags.size() - 1) + TAG.length;
            int size = head[t] & 0xFF;
            // A one-byte EBML size (0x80 | n) holding the text and its terminating zero, as FFmpeg writes it.
            if ((size & 0x80) == 0) return;
            int n = size & 0x7F;
            byte[] text = clock(audioSeconds).getBytes(StandardCharsets.US_ASCII);
            if (text.length > n || t + 1 + n > head.length) return;
            byte[] value = new byte[n];
            System.arraycopy(text, 0, value, 0, text.length);
            f.seek(t + 1);
            f.write(value);
        } catch (IOException e) {
            log.warn("Cannot correct the durations of {}: {}", file.getFileName(), e.toString());
        }
    }

    /** {@code HH:MM:SS.nnnnnnnnn}, as Matroska's DURATION tags read. */
    static String clock(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        long s = nanos / 1_000_000_000L;
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%09d", s / 3600, s / 60 % 60, s % 60,
                nanos % 1_000_000_000L);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}

package dev.ovstub.server.internal.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cheap completeness check of an MP4 (ISO base media) file: its top-level boxes must follow each other to the
 * exact end of the file, it must hold both an index ({@code moov}) and media ({@code mdat}), and no fragment
 * ({@code moof}) may be left at the top level. Our recorder writes fragments while it records and turns the file
 * into a plain MP4 (one {@code mdat}, then the final index) when it stops; a file it never finished (the recorder
 * killed, the host down, the disk full) fails this check even when its fragments end on a box boundary and
 * still play: the end of that recording is lost, so it is not passed off as a finished one.
 */
final class Mp4Layout {
    private Mp4Layout() {}

    /** Whether the file starts like an MP4 at all (a plausible {@code ftyp} box): only those are checked. */
    static boolean looksLikeMp4(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(8);
            if (ch.read(head, 0) < 8) {
                return false;
            }
            head.flip();
            long size = head.getInt() & 0xffffffffL;
            String type = new String(head.array(), 4, 4, StandardCharsets.US_ASCII);
            return type.equals("ftyp") && size >= 8 && size <= ch.size();
        }
    }

    /**
     * Null if the boxes tile the file, include {@code moov} and {@code mdat} and no {@code moof}, else what is
     * wrong.
     */
    static String problem(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            long pos = 0;
            boolean moov = false;
            boolean mdat = false;
            int fragments = 0;
            ByteBuffer header = ByteBuffer.allocate(16);
            while (pos < length) {
                header.clear();
                int n = ch.read(header, pos);
                if (n < 8) {
                    return "a box header is cut at byte " + pos;
                }
                header.flip();
                long size = header.getInt() & 0xffffffffL;
                byte[] typeBytes = new byte[4];
                header.get(typeBytes);
                String type = new String(typeBytes, StandardCharsets.US_ASCII);
                if (size == 1) {
                    if (n < 16) {
                        return "a box header is cut at byte " + pos;
                    }
                    size = header.getLong();
                } else if (size == 0) {
                    size = length - pos; // "to the end of the file"
                }
                if (size < 8) {
                    return "box '" + type + "' at byte " + pos + " has an impossible size " + size;
                }
                if (pos + size > length) {
                    return "box '" + type + "' at byte " + pos + " needs " + size + " bytes but the file ends after "
                            + (length - pos);
                }
                moov |= type.equals("moov");
                mdat |= type.equals("mdat");
                if (type.equals("moof")) {
                    fragments++;
                }
                pos += size;
            }
            if (fragments > 0) {
                return "the recorder never finished it: " + fragments + " fragment(s) without the final index";
            }
            if (!moov) {
                return "no index (moov box)";
            }
            return mdat ? null : "no media (mdat box)";
        }
    }
}

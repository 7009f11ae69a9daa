package dev.ovstub.server.internal.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completeness check of recovery on box layouts: the recorder's finished file, and the ways one is unfinished. */
class Mp4LayoutTest {
    @TempDir
    Path dir;

    /** A file of top-level boxes, each {@code type:payloadBytes}. */
    private Path file(String... boxes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String box : boxes) {
            String[] tp = box.split(":");
            int payload = Integer.parseInt(tp[1]);
            out.write(ByteBuffer.allocate(8).putInt(8 + payload).put(tp[0].getBytes(StandardCharsets.US_ASCII)).array());
            out.write(new byte[payload]);
        }
        Path f = Files.createTempFile(dir, "layout", ".mp4");
        Files.write(f, out.toByteArray());
        return f;
    }

    @Test
    void theRecordersFinishedLayoutWithTheIndexAfterTheMediaIsComplete() throws Exception {
        assertThat(Mp4Layout.problem(file("ftyp:28", "free:0", "mdat:5000", "moov:900"))).isNull();
    }

    @Test
    void anIndexAtTheFrontIsCompleteToo() throws Exception {
        assertThat(Mp4Layout.problem(file("ftyp:28", "moov:900", "mdat:5000"))).isNull();
    }

    @Test
    void fragmentsWithoutTheFinalIndexAreAnUnfinishedRecordingEvenWhenTheyEndOnABoxBoundary() throws Exception {
        Path f = file("ftyp:28", "free:0", "free:36", "moov:900", "mdat:2000", "moof:400", "mdat:2000", "moof:400", "mdat:2000");

        assertThat(Mp4Layout.problem(f)).isEqualTo("the recorder never finished it: 2 fragment(s) without the final index");
    }

    @Test
    void aFileCutInsideABoxIsIncomplete() throws Exception {
        Path f = file("ftyp:28", "free:0", "mdat:5000", "moov:900");
        try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }

        assertThat(Mp4Layout.problem(f)).startsWith("box 'moov' at byte ").contains("but the file ends after");
    }
}

package dev.ovstub.server.internal.recording.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * A recorder's output (a container's, a pod's) cut into lines for our log, each through a {@link SecretMask}: the
 * recorder's {@code URL} carries the server secret, and an image may print it. Bytes are cut into lines on
 * {@code \n} and {@code \r} (ffmpeg's progress lines), then decoded whole, so a character split across chunks stays
 * intact. One instance per output stream: a line of standard output must not be cut by standard error's (which could
 * split the secret in two and let both halves through).
 */
public final class RecorderLines {
    /** Where forwarded lines go. */
    public interface Output {
        void line(String recordingId, String line);
    }

    /** Our log: logger {@code dev.ovstub.recorder.<recordingId>}, INFO, as the embedded runtime's child processes. */
    public static final Output LOG = (recordingId, line) ->
            LoggerFactory.getLogger("dev.ovstub.recorder." + recordingId).info("{}", line);

    private final String recordingId;
    private final SecretMask mask;
    private final Output out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public RecorderLines(String recordingId, SecretMask mask, Output out) {
        this.recordingId = recordingId;
        this.mask = mask;
        this.out = out;
    }

    /** Forwards every line these bytes end; keeps the rest for the next ones. */
    public synchronized void write(byte[] bytes, int off, int len) {
        int from = off;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                partial.write(bytes, from, i - from);
                forward();
                from = i + 1;
            }
        }
        partial.write(bytes, from, off + len - from);
    }

    /** Forwards what is left of the last line (the output ended). */
    public synchronized void end() {
        forward();
    }

    private void forward() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (!line.isBlank()) {
            out.line(recordingId, mask.apply(line.stripTrailing()));
        }
    }
}

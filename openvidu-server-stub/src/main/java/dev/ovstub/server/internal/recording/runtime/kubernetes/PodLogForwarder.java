package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.recording.runtime.SecretMask;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The recorder container's log, as read from the API server, into our log one line at a time (logger
 * {@code dev.ovstub.recorder.<recordingId>}, as the other runtimes do). The container's {@code URL} carries the
 * server secret and an image may print it: every line goes through a {@link SecretMask} first.
 */
final class PodLogForwarder extends OutputStream {
    /** Where forwarded lines go. */
    interface Output {
        void line(String recordingId, String line);
    }

    /** Our log: logger {@code dev.ovstub.recorder.<recordingId>}, INFO. */
    static final Output LOG = (recordingId, line) ->
            LoggerFactory.getLogger("dev.ovstub.recorder." + recordingId).info("{}", line);

    private final String recordingId;
    private final SecretMask mask;
    private final Output out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    PodLogForwarder(String recordingId, SecretMask mask, Output out) {
        this.recordingId = recordingId;
        this.mask = mask;
        this.out = out;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        int from = off;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') { // \r: ffmpeg's progress lines
                partial.write(bytes, from, i - from);
                forward();
                from = i + 1;
            }
        }
        partial.write(bytes, from, off + len - from);
    }

    /** Forwards what is left of the last line. */
    @Override
    public synchronized void close() {
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

package dev.ovstub.server.internal.recording.runtime.kubernetes;

import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import java.io.OutputStream;

/**
 * The recorder container's log, as read from the API server, into our log one line at a time, the secret masked
 * ({@link RecorderLines}), as the other runtimes do.
 */
final class PodLogForwarder extends OutputStream {
    private final RecorderLines lines;

    PodLogForwarder(String recordingId, SecretMask mask, RecorderLines.Output out) {
        this.lines = new RecorderLines(recordingId, mask, out);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        lines.write(bytes, off, len);
    }

    /** Forwards what is left of the last line. */
    @Override
    public void close() {
        lines.end();
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Follows a recorder container's output into our log, one line at a time, as the embedded runtime does for its
 * child processes (logger {@code dev.ovstub.recorder.<recordingId>}). Ends with the container.
 *
 * <p>The container's {@code URL} carries the server secret, and an image may print it (the official one's entry
 * point is a shell script): every line goes through a {@link SecretMask} first, whatever the image prints.
 */
final class ContainerLogForwarder extends ResultCallback.Adapter<Frame> {
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
    private final Map<StreamType, ByteArrayOutputStream> partials = new EnumMap<>(StreamType.class);

    ContainerLogForwarder(String recordingId, SecretMask mask, Output out) {
        this.recordingId = recordingId;
        this.mask = mask;
        this.out = out;
    }

    static void follow(EngineClients engine, String containerId, String recordingId, SecretMask mask, Output out) {
        try {
            engine.streams().logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(new ContainerLogForwarder(recordingId, mask, out));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ContainerLogForwarder.class)
                    .debug("Cannot follow the output of {}: {}", containerId, EngineErrors.reason(e));
        }
    }

    @Override
    public synchronized void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null || payload.length == 0) {
            return;
        }
        // One buffer per stream: a line of standard output must not be cut by standard error's (which could split
        // the secret in two and let both halves through). Lines are cut on bytes, then decoded whole, so a
        // character split across frames stays intact.
        ByteArrayOutputStream partial = partials.computeIfAbsent(
                frame.getStreamType() == null ? StreamType.RAW : frame.getStreamType(), t -> new ByteArrayOutputStream());
        int from = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n' || payload[i] == '\r') { // \r: progress lines (ffmpeg's) would otherwise grow without end
                partial.write(payload, from, i - from);
                forward(partial);
                from = i + 1;
            }
        }
        partial.write(payload, from, payload.length - from);
    }

    @Override
    public synchronized void onComplete() {
        for (ByteArrayOutputStream partial : partials.values()) {
            forward(partial);
        }
        partials.clear();
        super.onComplete();
    }

    private void forward(ByteArrayOutputStream partial) {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (!line.isBlank()) {
            out.line(recordingId, mask.apply(line.stripTrailing()));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The container is gone or the runtime closed: nothing to report (super would log at ERROR).
        synchronized (this) {
            partials.values().forEach(this::forward);
            partials.clear();
        }
        try {
            close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

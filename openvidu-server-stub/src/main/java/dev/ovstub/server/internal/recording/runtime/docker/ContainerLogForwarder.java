package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.ovstub.server.internal.recording.runtime.RecorderLines;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
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
    private final String recordingId;
    private final SecretMask mask;
    private final RecorderLines.Output out;
    /** One per stream, so that standard error never cuts a line of standard output ({@link RecorderLines}). */
    private final Map<StreamType, RecorderLines> streams = new EnumMap<>(StreamType.class);

    ContainerLogForwarder(String recordingId, SecretMask mask, RecorderLines.Output out) {
        this.recordingId = recordingId;
        this.mask = mask;
        this.out = out;
    }

    static void follow(EngineClients engine, String containerId, String recordingId, SecretMask mask,
                       RecorderLines.Output out) {
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
        streams.computeIfAbsent(frame.getStreamType() == null ? StreamType.RAW : frame.getStreamType(),
                t -> new RecorderLines(recordingId, mask, out)).write(payload, 0, payload.length);
    }

    @Override
    public synchronized void onComplete() {
        endAll();
        super.onComplete();
    }

    private synchronized void endAll() {
        streams.values().forEach(RecorderLines::end);
        streams.clear();
    }

    @Override
    public void onError(Throwable throwable) {
        // The container is gone or the runtime closed: nothing to report (super would log at ERROR).
        endAll();
        try {
            close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

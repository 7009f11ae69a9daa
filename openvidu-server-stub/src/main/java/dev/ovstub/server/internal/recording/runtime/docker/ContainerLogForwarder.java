package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a recorder container's output into our log, one line at a time, as the embedded runtime does for its
 * child processes (logger {@code dev.ovstub.recorder.<recordingId>}). Ends with the container.
 */
final class ContainerLogForwarder extends ResultCallback.Adapter<Frame> {
    private final Logger log;
    private final StringBuilder partial = new StringBuilder();

    private ContainerLogForwarder(String recordingId) {
        this.log = LoggerFactory.getLogger("dev.ovstub.recorder." + recordingId);
    }

    static void follow(EngineClients engine, String containerId, String recordingId) {
        try {
            engine.streams().logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(new ContainerLogForwarder(recordingId));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ContainerLogForwarder.class)
                    .debug("Cannot follow the output of {}: {}", containerId, EngineErrors.reason(e));
        }
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (frame.getPayload() == null) {
            return;
        }
        partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        for (int nl; (nl = partial.indexOf("\n")) >= 0; ) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (!line.isBlank()) {
                log.info("{}", line.stripTrailing());
            }
        }
    }

    @Override
    public synchronized void onComplete() {
        if (!partial.isEmpty() && !partial.toString().isBlank()) {
            log.info("{}", partial.toString().stripTrailing());
        }
        partial.setLength(0);
        super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
        // The container is gone or the runtime closed: nothing to report (super would log at ERROR).
        try {
            close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

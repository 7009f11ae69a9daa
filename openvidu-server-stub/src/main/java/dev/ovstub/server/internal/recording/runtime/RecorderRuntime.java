package dev.ovstub.server.internal.recording.runtime;

import java.io.IOException;
import java.util.Set;

/** Starts, stops and watches recorders. Implementations: embedded (child JVM), Docker and Kubernetes (Jobs). */
public interface RecorderRuntime extends AutoCloseable {
    /** Short name for logs and errors: {@code embedded}, {@code docker}, {@code kubernetes}. */
    String name();

    /**
     * Start-up checks (engine reachable, image present...). Throws {@link IllegalStateException} with the message
     * to show to the operator if this runtime cannot work.
     */
    void prepare();

    /** Starts one recorder. Returns once it is launched, not once it writes. */
    RecorderProcess launch(RecorderLaunch launch) throws IOException;

    /**
     * Launches a recorder that waits for its recording ({@code COMPOSED_QUICK_START}); empty for runtimes that
     * cannot (their quick-start recordings are launched the usual way at their start).
     */
    default java.util.Optional<StandbyRecorder> standby() throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Takes over the recorders an earlier server of this identity left running for recordings this server still
     * knows as active ({@code knownRecordingIds}, read from the recordings folder): they go on recording, and this
     * server watches and stops them as its own. Returns them by recording id. Called before
     * {@link #finishLeftovers}, which then finishes the others. Runtimes that cannot (a recorder bound to its dead
     * server, as the embedded one) take none.
     */
    default java.util.Map<String, RecorderProcess> adoptLeftovers(Set<String> knownRecordingIds) {
        return java.util.Map.of();
    }

    /**
     * Asks recorders left running by an earlier server on this recordings folder (it was killed) to finish their
     * files, and waits for them within {@code bound}, so that the recordings can be recovered from complete files.
     * Runtimes whose recorders finish by themselves when their server dies (embedded) do nothing.
     */
    default void finishLeftovers(java.time.Duration bound) {}

    /** Removes leftovers (containers, processes) that belong to no recording in {@code liveRecordingIds}. */
    default void reapOrphans(Set<String> liveRecordingIds) {}

    /** Releases the runtime's own resources; recorders are stopped by the service before. */
    @Override
    void close();
}

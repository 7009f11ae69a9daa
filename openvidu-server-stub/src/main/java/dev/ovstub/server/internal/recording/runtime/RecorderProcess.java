package dev.ovstub.server.internal.recording.runtime;

import java.util.concurrent.CompletableFuture;

/** One running recorder. */
public interface RecorderProcess {
    /** Completes with the recorder's exit code when it has exited, for whatever reason. */
    CompletableFuture<Integer> exit();

    /** Asks the recorder to finish its file and exit; returns at once. */
    void requestStop();

    /** Ends the recorder now and releases everything it holds (container, process). Idempotent. */
    void kill();

    /**
     * Whether the runtime has seen the recorder writing its file where this server cannot see the file itself (a
     * pod's own volume, when the recorder uploads): then it tells, else the service watches the file.
     */
    default boolean seenWriting() {
        return false;
    }

    /** For logs: "pid 1234", "container recording_abc". */
    String describe();
}

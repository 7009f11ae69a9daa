package dev.ovstub.server.internal.recording.runtime;

import java.io.IOException;

/**
 * A recorder launched ahead of its recording, waiting for it (OpenVidu 2.x's {@code COMPOSED_QUICK_START}): the
 * start of the recording then costs no process start. Used once: {@link #start} or {@link #discard}.
 */
public interface StandbyRecorder {
    /**
     * Gives the waiting recorder its recording: from then on it is that recording's recorder.
     *
     * @throws IOException if it died while waiting (the caller launches a recorder the usual way)
     */
    RecorderProcess start(RecorderLaunch launch) throws IOException;

    /** Ends it unused. */
    void discard();
}

package dev.ovstub.server.internal.recording;

/** Told when a recording stops being active (stopped, failed or its recorder died). */
@FunctionalInterface
public interface RecordingListener {
    void recordingEnded(Recording recording);
}

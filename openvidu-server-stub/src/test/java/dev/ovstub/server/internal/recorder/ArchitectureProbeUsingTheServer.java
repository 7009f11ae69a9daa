package dev.ovstub.server.internal.recorder;

/** Breaks the recorder rule on purpose, for {@code ArchitectureViolationTest}: the recorder using a server class. */
public final class ArchitectureProbeUsingTheServer {
    Object serverKnowledge() {
        return dev.ovstub.server.internal.recording.RecordingStatus.values();
    }
}

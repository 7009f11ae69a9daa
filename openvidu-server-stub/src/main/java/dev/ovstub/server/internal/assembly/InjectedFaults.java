package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.FaultInjection;
import dev.ovstub.server.internal.api.Faults;
import dev.ovstub.server.internal.recording.RecordingService;
import java.time.Duration;
import java.util.Objects;

/** {@link FaultInjection} on the HTTP layer's delays and the recording service's failures. */
public final class InjectedFaults implements FaultInjection {
    private final Faults http;
    private final RecordingService recordings;

    /** @param recordings the recording service, or null when recording is off */
    public InjectedFaults(Faults http, RecordingService recordings) {
        this.http = http;
        this.recordings = recordings;
    }

    @Override
    public void failNextRecordingStart() {
        requireRecording().failNextStart("injected fault: the recorder did not start");
    }

    @Override
    public boolean killRecorder(String recordingId) {
        return requireRecording().killRecorder(recordingId);
    }

    @Override
    public void delayNextResponse(String method, String pathPrefix, Duration delay) {
        http.delayNext(method, Objects.requireNonNull(pathPrefix, "pathPrefix"), Objects.requireNonNull(delay, "delay"));
    }

    @Override
    public void clear() {
        http.clear();
        if (recordings != null) {
            recordings.failNextStart(null);
        }
    }

    private RecordingService requireRecording() {
        if (recordings == null) {
            throw new IllegalStateException("recording is off on this server: build it with recording(true)");
        }
        return recordings;
    }
}

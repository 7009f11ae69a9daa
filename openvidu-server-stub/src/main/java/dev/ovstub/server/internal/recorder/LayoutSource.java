package dev.ovstub.server.internal.recorder;

/**
 * Who is on screen. The recorder asks once per video frame, so implementations must be cheap
 * (return a cached value; poll elsewhere).
 */
@FunctionalInterface
public interface LayoutSource {
    /**
     * The layout to draw for the frame at {@code mediaTimeMicros} (time since the recording
     * started, in the recording's own timeline). Live sources ignore it; scripted sources used with
     * {@link GridRecorder#renderOffline} can use it. Never null.
     */
    LayoutState current(long mediaTimeMicros);
}

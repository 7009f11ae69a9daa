package dev.ovstub.server.internal.recorder;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A layout that changes at fixed media times: deterministic recordings with
 * {@link GridRecorder#renderOffline} (tests, benchmarks).
 */
public final class ScriptedLayoutSource implements LayoutSource {
    private final NavigableMap<Long, LayoutState> script = new TreeMap<>();

    /** From {@code at} on (media time), show {@code state}. Before the first entry: no publishers. */
    public ScriptedLayoutSource at(Duration at, LayoutState state) {
        script.put(at.toNanos() / 1000, state);
        return this;
    }

    @Override
    public LayoutState current(long mediaTimeMicros) {
        Map.Entry<Long, LayoutState> e = script.floorEntry(mediaTimeMicros);
        return e == null ? LayoutState.EMPTY : e.getValue();
    }
}

package dev.ovstub.server.internal.recorder;

import java.util.Objects;

/** A layout source fed directly (tests, in-JVM runtimes): the last state given wins. */
public final class MutableLayoutSource implements LayoutSource {
    private volatile LayoutState state;

    public MutableLayoutSource() {
        this(LayoutState.EMPTY);
    }

    public MutableLayoutSource(LayoutState initial) {
        this.state = Objects.requireNonNull(initial);
    }

    /** Replaces the state; the next frame drawn shows it. */
    public void set(LayoutState newState) {
        this.state = Objects.requireNonNull(newState);
    }

    @Override
    public LayoutState current(long mediaTimeMicros) {
        return state;
    }
}

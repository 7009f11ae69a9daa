package dev.ovstub.server.internal.recording.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime's launches and its close, so that no launch leaves a recorder behind a closed runtime: launches run
 * holding the gate shared and are refused once it closes; a recorder whose launch saw the close begin is killed;
 * the close waits (bounded) for the launches under way before it kills and reaps what runs. For runtimes whose
 * launches are calls to an engine or an API server (Docker, Kubernetes).
 */
public final class LaunchGate {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchGate.class);

    /** One launch, made while the gate is held. */
    @FunctionalInterface
    public interface Launch<P extends RecorderProcess> {
        P run() throws IOException;
    }

    private final String runtime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** @param runtime the runtime's name in messages, e.g. {@code Docker} */
    public LaunchGate(String runtime) {
        this.runtime = runtime;
    }

    /** Whether the close has begun. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Runs a launch. Refused once the close has begun; a recorder launched while the close began is killed (it
     * must not outlive the runtime) and the launch refused.
     */
    public <P extends RecorderProcess> P launch(Launch<P> launch) throws IOException {
        Lock held = lock.readLock();
        held.lock();
        try {
            if (closed.get()) {
                throw new IOException("the " + runtime + " recording runtime is closed");
            }
            P process = launch.run();
            if (closed.get()) {
                process.kill();
                throw new IOException("the " + runtime + " recording runtime closed while the recorder was launching");
            }
            return process;
        } finally {
            held.unlock();
        }
    }

    /** Begins the close: true for the first call only (that one closes). */
    public boolean beginClose() {
        return closed.compareAndSet(false, true);
    }

    /**
     * Waits, at most {@code bound}, for the launches under way (they may be waiting on {@code waitingOn}), then runs
     * {@code body} (kill and reap) with no launch under way; past the bound it runs it anyway.
     */
    public void afterLaunches(Duration bound, String waitingOn, Runnable body) {
        Lock exclusive = lock.writeLock();
        boolean acquired = false;
        try {
            acquired = exclusive.tryLock(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!acquired) {
                LOG.warn("A recorder launch still waits for {} after {} ms: closing anyway", waitingOn, bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            body.run();
        } finally {
            if (acquired) {
                exclusive.unlock();
            }
        }
    }
}

package dev.ovstub.server.internal.webhook;

/** Breaks the layer rule on purpose, for {@code ArchitectureViolationTest}: the webhook layer using the session layer. */
public final class ArchitectureProbeReachingUp {
    Object reachUp() {
        return dev.ovstub.server.internal.session.SessionManager.class.getName().length() > 0
                ? new Object[] {(dev.ovstub.server.internal.session.SessionManager) null} : null;
    }
}

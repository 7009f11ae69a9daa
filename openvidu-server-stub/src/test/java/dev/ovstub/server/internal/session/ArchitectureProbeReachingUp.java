package dev.ovstub.server.internal.session;

/** Breaks the layer rule on purpose, for {@code ArchitectureViolationTest}: the session layer using the HTTP layer. */
public final class ArchitectureProbeReachingUp {
    Object reachUp() {
        return dev.ovstub.server.internal.api.HttpServer.class.getName().length() > 0
                ? new Object[] {(dev.ovstub.server.internal.api.HttpServer) null} : null;
    }
}

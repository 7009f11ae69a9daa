package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.internal.api.HttpServer;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.SessionManager;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layers of one running server, wired by {@link ServerAssembly}: the HTTP layer, the session model and, when
 * recording is on, the recording service. {@link #close()} stops them top down.
 */
public final class ServerParts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerParts.class);

    private final ServerConfig config;
    private final HttpServer http;
    private final SessionManager sessions;
    private final RecordingService recordings;
    private final InjectedFaults faults;
    private final URI baseUrl;
    private final int port;

    ServerParts(ServerConfig config, HttpServer http, SessionManager sessions, RecordingService recordings,
                InjectedFaults faults, URI baseUrl, int port) {
        this.faults = faults;
        this.config = config;
        this.http = http;
        this.sessions = sessions;
        this.recordings = recordings;
        this.baseUrl = baseUrl;
        this.port = port;
    }

    public ServerConfig config() {
        return config;
    }

    public HttpServer http() {
        return http;
    }

    public SessionManager sessions() {
        return sessions;
    }

    /** The recording service, or null when recording is off. */
    public RecordingService recordings() {
        return recordings;
    }

    /** The faults to inject; {@code POST /stub/reset} clears them too. */
    public InjectedFaults faults() {
        return faults;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** Stops answering, then closes the sessions and the recording service (active recordings finish their files). */
    @Override
    public void close() {
        try {
            http.close();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        sessions.close();
        if (recordings != null) {
            recordings.close();
        }
    }
}

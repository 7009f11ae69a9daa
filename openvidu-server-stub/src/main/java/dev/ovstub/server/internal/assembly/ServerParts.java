package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.internal.api.HttpServer;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.webhook.WebhookSender;
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
    private final WebhookSender webhook;
    private final URI baseUrl;
    private final int port;

    ServerParts(ServerConfig config, HttpServer http, SessionManager sessions, RecordingService recordings,
                InjectedFaults faults, WebhookSender webhook, URI baseUrl, int port) {
        this.faults = faults;
        this.webhook = webhook;
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

    /** Where the 2.x sessions' webhook events go (a disabled sender when the webhook is off). */
    public WebhookSender webhook() {
        return webhook;
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
        // Last: the events of what closed above (recordings ended, sessions destroyed) are delivered, within a bound.
        webhook.close();
    }
}

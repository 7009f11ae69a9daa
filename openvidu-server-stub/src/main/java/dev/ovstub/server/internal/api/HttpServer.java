package dev.ovstub.server.internal.api;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.SessionManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server: one connector (HTTPS with a given or self-signed certificate, or plain HTTP) and the
 * {@link Router}. The port is bound first so that the session and recording layers, which need the public URL,
 * can be built once it is known.
 */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final boolean https;
    private final Faults faults = new Faults();
    private java.security.cert.X509Certificate certificate;
    private volatile Router router;

    public HttpServer(ServerConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("ovstub-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        this.https = config.sslEnabled();
        if (https) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            if (config.keyStore().isPresent()) {
                KeyStore keyStore = loadKeyStore(config);
                ssl.setKeyStore(keyStore);
                ssl.setKeyStorePassword(config.keyStorePassword());
                certificate = firstKeyCertificate(keyStore);
            } else {
                SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
                ssl.setKeyStore(cert.keyStore());
                ssl.setKeyStorePassword(cert.password());
                certificate = cert.certificate();
            }
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        // On stop, idle keep-alive connections (clients pool them) are closed at once, not after Jetty's default 1 s:
        // closing an embedded server must be quick. (A connection with a request in progress is not idle.)
        connector.setShutdownIdleTimeout(1);
        server.addConnector(connector);
        server.setStopTimeout(2_000);
    }

    private static KeyStore loadKeyStore(ServerConfig config) {
        var path = config.keyStore().orElseThrow();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(config.keyStoreType());
            ks.load(in, config.keyStorePassword().toCharArray());
            return ks;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("server.ssl.key-store: no file " + path.toAbsolutePath(), e);
        } catch (Exception e) {
            throw new IllegalStateException("server.ssl.key-store: cannot read " + path.toAbsolutePath() + " as "
                    + config.keyStoreType() + " (wrong server.ssl.key-store-password or server.ssl.key-store-type?): " + e.getMessage(), e);
        }
    }

    private static java.security.cert.X509Certificate firstKeyCertificate(KeyStore keyStore) {
        try {
            for (String alias : java.util.Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof java.security.cert.X509Certificate) {
                    return (java.security.cert.X509Certificate) keyStore.getCertificate(alias);
                }
            }
        } catch (java.security.KeyStoreException e) {
            // reported as no certificate
        }
        return null;
    }

    /** The certificate served over HTTPS, or null over plain HTTP. */
    public java.security.cert.X509Certificate certificate() {
        return certificate;
    }

    /** Binds the port; requests are answered 503 until {@link #serve} is called. */
    public int bind() throws Exception {
        connector.open();
        return connector.getLocalPort();
    }

    public boolean https() {
        return https;
    }

    /**
     * Where a process on this machine (a recorder) reaches the server once {@link #bind} has run:
     * {@code <scheme>://<address>:<port>} with the address the connector is bound to, or the loopback address
     * when it is bound to every address ({@code 0.0.0.0}, {@code ::}); an IPv6 address is in brackets.
     */
    public String localBaseUrl() throws java.io.IOException {
        java.net.InetSocketAddress bound = (java.net.InetSocketAddress)
                ((java.nio.channels.ServerSocketChannel) connector.getTransport()).getLocalAddress();
        java.net.InetAddress address = bound.getAddress();
        if (address.isAnyLocalAddress()) {
            address = java.net.InetAddress.getLoopbackAddress();
        }
        String host = address.getHostAddress();
        if (address instanceof java.net.Inet6Address) {
            // A zone (fe80::1%eth0) is written %25eth0 in a URL (RFC 6874).
            host = "[" + host.replace("%", "%25") + "]";
        }
        return (https ? "https" : "http") + "://" + host + ":" + bound.getPort();
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Starts answering with the routes of these layers. {@code recordings} is null when recording is off;
     * {@code faultControl} injects the stateful faults of {@code /stub/faults} and forgets them all (also for
     * {@code POST /stub/reset}); {@code publicUrl} is the URL clients reach the server on, as the dashboard shows it.
     */
    public void serve(ServerConfig config, java.net.URI publicUrl, SessionManager sessions, RecordingService recordings,
                      FaultControl faultControl) throws Exception {
        Router router = new Router(config.secret(), config.freeAccess(), faults);
        this.router = router;
        new OpenViduRoutes(sessions, recordings).register(router);
        new OpenVidu2Routes(sessions, recordings, config, publicUrl).register(router);
        new ControlRoutes(sessions, recordings, MediaAccess.of(config.mediaPath().orElse(null), config.mediaUrls()),
                ServerInfo.of(config, publicUrl, https, recordings), () -> {
                    faultControl.clear();
                    // The webhook events of what the reset ended go out before its answer.
                    faultControl.awaitWebhooksIdle(java.time.Duration.ofSeconds(10));
                }).register(router);
        new FaultRoutes(faultControl, faults, recordings).register(router);
        new LiveMediaRoutes(sessions).register(router);
        if (recordings != null) {
            new RecordingFiles(recordings).register(router);
        }
        new LayoutPage().register(router);
        new CustomLayoutFiles(config.customLayoutPath()).register(router);
        new DashboardAssets().register(router);
        // openvidu-browser's signalling: a WebSocket at exactly /openvidu (no auth: the token of joinRoom is it).
        Signalling signals = new Signalling(sessions, OPENVIDU_VERSION, List.of(Map.of("url",
                "stun:" + (publicUrl.getHost() == null ? "localhost" : publicUrl.getHost()) + ":3478")),
                Signalling.RECONNECTION_GRACE);
        this.signalling = signals;
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(SignallingPeer.MAX_MESSAGE);
            container.setIdleTimeout(java.time.Duration.ofSeconds(30)); // the library pings every 5 s
            container.addMapping("/openvidu", (request, response, callback) -> signals.newPeer());
        });
        upgrades.setHandler(router);
        server.setHandler(upgrades);
        server.start();
    }

    /** The OpenVidu version the signalling reports (openvidu-browser 2.32 checks its major and minor). */
    static final String OPENVIDU_VERSION = "2.32.1";
    private volatile Signalling signalling;

    @Override
    public void close() throws Exception {
        Signalling signals = signalling;
        if (signals != null) {
            signals.close();
        }
        Router serving = router;
        if (serving != null) {
            serving.close(java.time.Duration.ofMillis(server.getStopTimeout()));
        }
        try {
            server.stop();
        } finally {
            // A port bound by bind() but never served (start-up failed after it) is not released by stop().
            connector.close();
        }
    }
}

package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.Socket;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the layout state of a session over HTTP(S) in the background (JDK {@link HttpURLConnection},
 * HTTP/1.1 keep-alive, Basic auth from the {@link LayoutUrl}). For https it accepts the server's
 * certificate whatever it is (self-signed, any host name), with its own {@link SSLContext}: this
 * affects only this client, as the real recorder's browser only trusts its own server.
 *
 * <p>Not the JDK's {@code HttpClient}: its selector thread waits in native code for as long as the client
 * lives, and a JVM that exits with a thread in native code waits about 300 ms for it, which the recorder's
 * exit, and so every stop of a recording, paid. Once {@link #close() closed}, this source leaves no thread
 * behind.
 *
 * <p>Errors are tolerated: the last known state is kept and the failure streak is logged once
 * (and its end). A 404 means the session is gone: no publishers.
 */
public final class HttpLayoutSource implements LayoutSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpLayoutSource.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final LayoutUrl url;
    // built by the poll thread on its first run (creating a TLS context takes a second)
    private URL stateUrl;
    private SSLSocketFactory tls;
    private final ScheduledExecutorService poller;
    private volatile LayoutState state = LayoutState.EMPTY;
    private volatile long polls;
    private boolean failing;

    private HttpLayoutSource(LayoutUrl url, Duration interval) {
        this.url = url;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ovstub-layout-poll-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts polling {@code url} every {@code interval} (the first poll is immediate). */
    public static HttpLayoutSource start(LayoutUrl url, Duration interval) {
        return new HttpLayoutSource(Objects.requireNonNull(url), interval);
    }

    /** Starts polling every 200 ms. */
    public static HttpLayoutSource start(LayoutUrl url) {
        return start(url, Duration.ofMillis(200));
    }

    @Override
    public LayoutState current(long mediaTimeMicros) {
        return state;
    }

    /** Number of polls done (answered or not); for tests and diagnostics. */
    public long polls() {
        return polls;
    }

    private void pollOnce() {
        try {
            if (stateUrl == null) {
                stateUrl = url.stateUri().toURL();
                if (url.isHttps()) tls = trustingContext().getSocketFactory();
            }
            HttpURLConnection c = (HttpURLConnection) stateUrl.openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
                https.setHostnameVerifier((host, session) -> true); // any name: see TrustAnyServer
            }
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("Authorization", url.authorizationHeader());
            c.setRequestProperty("Accept", "application/json");
            int code = c.getResponseCode();
            // Read each answer to its end, so the connection is kept alive for the next poll.
            try (InputStream body = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
                if (code == 200) {
                    state = resolveLiveMedia(LayoutState.parse(bytes), url.stateUri(), url.userInfo());
                    recovered();
                } else if (code == 404) {
                    state = LayoutState.EMPTY;
                    recovered();
                } else {
                    failed("HTTP " + code);
                }
            }
        } catch (IOException | RuntimeException e) {
            failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            polls++;
        }
    }

    /**
     * The state with each relative {@code live:} media (a stream the server proxies, given to recorders that are
     * not on its machine: {@code live:../live/<session>/frames/<stream>}) resolved against the state's URL, with the
     * layout's credentials as user info ({@link LiveRequests} sends them). Absolute ones are kept.
     */
    static LayoutState resolveLiveMedia(LayoutState state, URI stateUri, String userInfo) {
        if (state.publishers().stream().noneMatch(p -> isRelativeLive(p.media()))) {
            return state;
        }
        List<Publisher> resolved = new ArrayList<>(state.publishers().size());
        for (Publisher p : state.publishers()) {
            if (isRelativeLive(p.media())) {
                URI at = stateUri.resolve(p.media().substring(LiveFrames.PREFIX.length()));
                if (!java.util.Objects.equals(at.getScheme(), stateUri.getScheme())
                        || !java.util.Objects.equals(at.getHost(), stateUri.getHost()) || at.getPort() != stateUri.getPort()) {
                    // The credentials go to the layout's own server only: elsewhere, the synthetic camera.
                    resolved.add(new Publisher(p.id(), p.metadata(), null, p.big(), p.stream()));
                    continue;
                }
                try {
                    at = new URI(at.getScheme(), userInfo, at.getHost(), at.getPort(), at.getPath(), null, null);
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException("live media " + p.media() + " cannot be resolved", e);
                }
                p = new Publisher(p.id(), p.metadata(), LiveFrames.PREFIX + at.toASCIIString(), p.big(), p.stream());
            }
            resolved.add(p);
        }
        return new LayoutState(state.sessionId(), state.layout(), state.version(), resolved, state.geometry());
    }

    private static boolean isRelativeLive(String media) {
        return media != null && media.startsWith(LiveFrames.PREFIX) && !media.startsWith(LiveFrames.PREFIX + "http");
    }

    private void failed(String why) {
        if (!failing) {
            failing = true;
            log.warn("Layout state of {} unavailable ({}); keeping the last known layout", url, why);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Layout state of {} available again", url);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static SSLContext trustingContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAnyServer()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the TLS context", e);
        }
    }

    /**
     * Trusts any server certificate. Being an {@link X509ExtendedTrustManager}, it also takes over
     * host name verification from JSSE (and skips it), so a self-signed certificate for another
     * name is accepted too.
     */
    private static final class TrustAnyServer extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

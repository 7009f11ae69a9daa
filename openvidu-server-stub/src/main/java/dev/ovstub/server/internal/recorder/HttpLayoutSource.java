package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the layout state of a session over HTTP(S) in the background (JDK {@link HttpClient},
 * HTTP/1.1 keep-alive, Basic auth from the {@link LayoutUrl}). For https it accepts the server's
 * certificate whatever it is (self-signed, any host name), with its own {@link SSLContext}: this
 * affects only this client, as the real recorder's browser only trusts its own server.
 *
 * <p>Errors are tolerated: the last known state is kept and the failure streak is logged once
 * (and its end). A 404 means the session is gone: no publishers.
 */
public final class HttpLayoutSource implements LayoutSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpLayoutSource.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final LayoutUrl url;
    // built by the poll thread on its first run (creating a TLS client takes a second)
    private HttpClient client;
    private HttpRequest request;
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
            if (client == null) {
                HttpClient.Builder b = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .followRedirects(HttpClient.Redirect.NEVER);
                // Always a context of our own: without one, the JDK client loads and parses the default trust
                // store (about 0.2 CPU s at a recorder's start) even for plain http.
                b.sslContext(trustingContext());
                client = b.build();
                request = HttpRequest.newBuilder(url.stateUri())
                        .timeout(Duration.ofSeconds(2))
                        .header("Authorization", url.authorizationHeader())
                        .header("Accept", "application/json")
                        .GET().build();
            }
            HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int code = resp.statusCode();
            if (code == 200) {
                state = LayoutState.parse(resp.body());
                recovered();
            } else if (code == 404) {
                state = LayoutState.EMPTY;
                recovered();
            } else {
                failed("HTTP " + code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            polls++;
        }
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

    private static SSLContext trustingContext() {
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

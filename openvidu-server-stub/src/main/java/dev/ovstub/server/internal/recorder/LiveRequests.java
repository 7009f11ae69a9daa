package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;

/**
 * Requests for a live stream's pictures and audio ({@link LiveFrames}). A media worker's own URL (loopback, no
 * credentials) is fetched as is. A URL the server proxies (given to recorders that are not on its machine, see
 * {@link HttpLayoutSource#resolveLiveMedia}) carries the layout's credentials as its user info: they are sent as
 * Basic authorization, never shown ({@link #shown}), and a TLS server is trusted as the layout's is.
 */
final class LiveRequests {
    /** One factory for every request: the JDK reuses a kept-alive TLS connection only with the same factory. */
    private static volatile javax.net.ssl.SSLSocketFactory tls;

    private LiveRequests() {}

    private static javax.net.ssl.SSLSocketFactory tls() {
        javax.net.ssl.SSLSocketFactory f = tls;
        if (f == null) {
            tls = f = HttpLayoutSource.trustingContext().getSocketFactory();
        }
        return f;
    }

    static HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) withoutUserInfo(uri).toURL().openConnection();
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls());
            https.setHostnameVerifier((host, session) -> true);
        }
        if (uri.getUserInfo() != null) {
            c.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8)));
        }
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        c.setUseCaches(false);
        return c;
    }

    /** What a poll's 200 answer is handed to: the connection (for its headers) and the whole body. */
    interface Answer {
        void ok(HttpURLConnection c, byte[] body);
    }

    /**
     * Polls until {@code closed} (or the thread is interrupted): every {@code periodMillis}, {@code GET target} with
     * its whole body read (so the connection is kept for the next poll), a 200 handed to {@code answer}. A poll
     * that fails (or an answer that throws) is logged once per outage: "{kind} {url} unreadable, {meanwhile} until
     * it answers".
     */
    static void poll(java.util.function.BooleanSupplier closed, long periodMillis,
                     java.util.function.Supplier<URI> target, Answer answer, org.slf4j.Logger log, String kind,
                     String meanwhile) {
        boolean warned = false;
        while (!closed.getAsBoolean()) {
            long t0 = System.nanoTime();
            URI uri = target.get();
            try {
                HttpURLConnection c = open(uri);
                int status = c.getResponseCode();
                byte[] body;
                try (java.io.InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    body = in == null ? new byte[0] : in.readAllBytes();
                }
                if (status == 200) {
                    answer.ok(c, body);
                }
                warned = false;
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    log.warn("{} {} unreadable, {} until it answers: {}", kind, shown(uri), meanwhile, e.toString());
                    warned = true;
                }
            }
            long left = periodMillis - (System.nanoTime() - t0) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The URL without its credentials: what logs may show. */
    static String shown(URI uri) {
        try {
            return withoutUserInfo(uri).toString();
        } catch (IllegalArgumentException e) {
            return "(a live stream URL that cannot be shown without its credentials)";
        }
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + uri.getHost() + uri.getRawPath(), e);
        }
    }
}

package dev.ovstub.server.internal.recorder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A tiny stand-in for the server's layout state endpoint: {@code /stub/layout/<id>} with Basic auth. */
final class LayoutStateServer implements AutoCloseable {
    final HttpServer server;
    final String shortId;
    final String expectedAuth;
    volatile int status = 200;
    volatile String body = "{\"publishers\": []}";
    final List<String> authHeaders = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger authorized = new AtomicInteger();

    private LayoutStateServer(HttpServer server, String shortId, String secret) throws IOException {
        this.server = server;
        this.shortId = shortId;
        this.expectedAuth = "Basic " + Base64.getEncoder()
                .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
        server.createContext("/stub/layout/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    static LayoutStateServer http(String shortId, String secret) throws IOException {
        return new LayoutStateServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                shortId, secret);
    }

    static LayoutStateServer https(String shortId, String secret, SSLContext ssl) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new LayoutStateServer(s, shortId, secret);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The layout page URL of the recorder contract, pointing at this server. */
    String layoutUrl(String scheme, String secret) {
        return scheme + "://OPENVIDUAPP:" + secret + "@127.0.0.1:" + port() + "/#/layout-best-fit/" + shortId + "/" + secret;
    }

    void publishers(String... ids) {
        StringBuilder sb = new StringBuilder("{\"sessionId\":\"wss://localhost/" + shortId
                + "\",\"layout\":\"BEST_FIT\",\"version\":" + requests.get() + ",\"publishers\":[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"id\":\"").append(ids[i]).append("\",\"metadata\":\"user ").append(i).append("\",\"media\":null}");
        }
        body = sb.append("]}").toString();
        status = 200;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authHeaders.add(String.valueOf(auth));
        byte[] out;
        int code;
        if (!expectedAuth.equals(auth)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            code = 401;
            out = new byte[0];
        } else if (!ex.getRequestURI().getPath().equals("/stub/layout/" + shortId)) {
            code = 404;
            out = new byte[0];
        } else {
            authorized.incrementAndGet();
            code = status;
            out = code == 200 ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

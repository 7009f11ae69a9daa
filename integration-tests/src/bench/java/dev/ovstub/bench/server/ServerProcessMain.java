package dev.ovstub.bench.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One server in a fresh JVM, for section 2. {@code <peer> first}: starts the server, sends one
 * {@code POST /api/sessions}, prints {@code RESULT startMs=.. firstMs=.. mainAtMs=..} and exits.
 * {@code <peer> serve}: starts the server, prints {@code PORT <n>} and serves until standard input ends.
 * Peers: {@code ours} ({@code OpenViduServerStub.builder().start()}: plain HTTP, recording off) and
 * {@code wiremock} (WireMock 3.13, request journal off, canned answers for the same two routes, matched on the
 * same Basic credentials).
 */
public final class ServerProcessMain {
    static final String SECRET = "MY_SECRET";
    static final String SESSION_JSON = "{\"id\":\"wss://localhost:4443/hpbeoaxgcgyvfyyv\"}";
    static final String TOKEN_JSON = "{\"id\":\"wss://localhost:4443?sessionId=wss://localhost:4443/hpbeoaxgcgyvfyyv"
            + "&token=tok_Bz2l6VuDVnmYxdrY&role=PUBLISHER\",\"token\":\"wss://localhost:4443?sessionId="
            + "wss://localhost:4443/hpbeoaxgcgyvfyyv&token=tok_Bz2l6VuDVnmYxdrY&role=PUBLISHER\",\"session\":"
            + "\"wss://localhost:4443/hpbeoaxgcgyvfyyv\",\"role\":\"PUBLISHER\",\"data\":\"\"}";

    private ServerProcessMain() {}

    interface Running extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        String mode = args[1];
        // Load the JDK's HTTP client classes first: the first request should time the server, not the client.
        new URL("http://127.0.0.1:1/").openConnection();
        long wallAtMain = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Running server = start(peer);
        long t1 = System.nanoTime();
        if (mode.equals("first")) {
            int status = post(server.port(), "/api/sessions", "{}");
            long t2 = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("first answer was " + status);
            }
            long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("RESULT startMs=" + (t1 - t0) / 1e6 + " firstMs=" + (t2 - t0) / 1e6
                    + " mainAtMs=" + (wallAtMain - jvmStart));
            System.out.flush();
            server.close();
            System.exit(0);
        }
        System.out.println("PORT " + server.port());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // serve until the harness closes our standard input
        }
        server.close();
        System.exit(0);
    }

    static Running start(String peer) {
        switch (peer) {
            case "ours": {
                dev.ovstub.server.OpenViduServerStub s = dev.ovstub.server.OpenViduServerStub.builder().secret(SECRET).start();
                return new Running() {
                    @Override public int port() { return s.port(); }
                    @Override public void close() { s.close(); }
                };
            }
            case "wiremock": {
                com.github.tomakehurst.wiremock.WireMockServer w = new com.github.tomakehurst.wiremock.WireMockServer(
                        com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                                .dynamicPort().bindAddress("127.0.0.1").disableRequestJournal());
                w.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/sessions")
                        .withBasicAuth("OPENVIDUAPP", SECRET)
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(SESSION_JSON)));
                w.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/tokens")
                        .withBasicAuth("OPENVIDUAPP", SECRET)
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(TOKEN_JSON)));
                w.start();
                return new Running() {
                    @Override public int port() { return w.port(); }
                    @Override public void close() { w.stop(); }
                };
            }
            default:
                throw new IllegalArgumentException("unknown peer " + peer);
        }
    }

    private static int post(int port, String path, String json) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.US_ASCII)));
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }
}

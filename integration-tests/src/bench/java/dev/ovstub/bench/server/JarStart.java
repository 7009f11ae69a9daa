package dev.ovstub.bench.server;

import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Process start → first answer of the runnable jars, as a user starts them: ours ({@code java -jar
 * openvidu-server-stub-VERSION.jar}, recording on with the embedded runtime, as README's first command) with and
 * without its class-data-sharing archive ({@code -XX:SharedArchiveFile}, built by {@code mvn package}), and
 * WireMock's standalone jar with the two stubs of the in-process runs as mapping files. Each run: launch, wait
 * for the line the server prints once it listens (ours: "listening on ... (port N)", WireMock: "port: N"), then
 * one {@code POST /api/sessions} from this JVM; the time is from just before the launch to the end of that answer.
 * Plain HTTP for both; ours over HTTPS (README's default, a certificate generated at start) is measured too.
 */
final class JarStart {
    private static final Pattern OURS_PORT = Pattern.compile("listening on .*\\(port ([0-9]+)\\)");
    private static final Pattern WIREMOCK_PORT = Pattern.compile("^port:\\s+([0-9]+)");
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
            ("OPENVIDUAPP:" + ServerProcessMain.SECRET).getBytes(StandardCharsets.US_ASCII));

    private JarStart() {}

    private record Peer(String name, boolean https, List<String> command, Pattern portLine) {}

    /** Adds the table to {@code r} (the in-process figures of the same step) and writes it again. */
    static void run(Report r, Path ourJar, Path wiremockJar) throws Exception {
        Path archive = ourJar.resolveSibling(ourJar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no class-data-sharing archive " + archive + " (mvn package makes it)");
        }
        Path work = Files.createTempDirectory("ovstub-bench-jar-");
        Path wiremockRoot = wiremockRoot(work);
        List<Peer> peers = List.of(
                new Peer("ours, with the CDS archive", false, ours(ourJar, List.of("-XX:SharedArchiveFile=" + archive), false), OURS_PORT),
                new Peer("ours, no archive", false, ours(ourJar, List.of(), false), OURS_PORT),
                new Peer("ours, with the CDS archive, HTTPS (README's default)", true,
                        ours(ourJar, List.of("-XX:SharedArchiveFile=" + archive), true), OURS_PORT),
                new Peer("WireMock standalone", false, List.of(Procs.java(), "-jar", wiremockJar.toString(), "--port", "0",
                        "--bind-address", "127.0.0.1", "--root-dir", wiremockRoot.toString(), "--no-request-journal"),
                        WIREMOCK_PORT));
        int runs = Report.quick() ? 3 : 10;
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (Peer peer : peers) {
            once(peer, work); // unmeasured: page cache
        }
        for (int i = 0; i < runs; i++) {
            List<Peer> order = new ArrayList<>(peers);
            if (i % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Peer peer : order) {
                times.computeIfAbsent(peer.name(), k -> new ArrayList<>()).add(once(peer, work));
            }
        }
        r.line("");
        r.line("#### Runnable jar: process start → first answer");
        r.line("");
        r.line("Fresh process per run (" + runs + " runs per line, alternating, after one unmeasured run each); median "
                + "(min–max). From just before the launch to the end of the first `POST /api/sessions` answer, sent "
                + "by the harness once the server printed that it listens. Ours: `java [-XX:SharedArchiveFile="
                + archive.getFileName() + "] -Dserver.port=0 -Dserver.ssl.enabled=false -Dopenvidu.recording=true "
                + "-Dopenvidu.recording.path=<tmp> -jar " + ourJar.getFileName() + "` (recording on, embedded runtime; "
                + "the HTTPS line leaves out `-Dserver.ssl.enabled=false`). WireMock: `java -jar "
                + wiremockJar.getFileName() + " --port 0 --bind-address 127.0.0.1 --root-dir <the two stubs> "
                + "--no-request-journal`. Default JVM options otherwise.");
        r.line("");
        r.line("| server | launch → first answer, ms | / WireMock standalone |");
        r.line("|---|---:|---:|");
        double wm = Stats.of(times.get("WireMock standalone")).median();
        for (Peer peer : peers) {
            Stats st = Stats.of(times.get(peer.name()));
            r.line("| " + peer.name() + " | " + st.describe("%.0f") + " | " + Stats.f("%.2f×", st.median() / wm) + " |");
        }
        r.write();
        for (String line : List.of("ours, with the CDS archive", "ours, no archive")) {
            double ours = Stats.of(times.get(line)).median();
            Report.target("Server: process start → first answer, runnable jar, " + line.substring(6),
                    "< 1/3 of WireMock standalone's (ratio < 0.33)", Stats.f("%.0f ms", ours), Stats.f("%.0f ms", wm),
                    Stats.f("%.2f×", ours / wm), ours < wm / 3);
        }
    }

    private static List<String> ours(Path jar, List<String> jvmOptions, boolean https) {
        List<String> command = new ArrayList<>();
        command.add(Procs.java());
        command.addAll(jvmOptions);
        command.add("-Dserver.port=0");
        if (!https) {
            command.add("-Dserver.ssl.enabled=false");
        }
        command.add("-Dopenvidu.secret=" + ServerProcessMain.SECRET);
        command.add("-Dopenvidu.recording=true");
        command.add("-Dopenvidu.recording.path=RECORDINGS");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** One launch; returns milliseconds from launch to the end of the first answer. */
    private static double once(Peer peer, Path work) throws Exception {
        Path recordings = Files.createTempDirectory(work, "recordings-");
        List<String> command = peer.command().stream().map(a -> a.replace("RECORDINGS", recordings.toString())).toList();
        long t0 = System.nanoTime();
        try (Procs.Child c = new Procs.Child(command, work)) {
            String line = c.await(l -> peer.portLine().matcher(l).find(), 60_000);
            Matcher m = peer.portLine().matcher(line);
            m.find();
            int status = post((peer.https() ? "https" : "http") + "://127.0.0.1:" + m.group(1) + "/api/sessions");
            double ms = (System.nanoTime() - t0) / 1e6;
            if (status != 200) {
                throw new IllegalStateException(peer.name() + ": first answer was " + status + "; output:\n"
                        + String.join("\n", c.output()));
            }
            return ms;
        }
    }

    private static int post(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        if (c instanceof HttpsURLConnection https) {
            // the server's own self-signed certificate, made at its start: trusted for this one loopback call
            https.setSSLSocketFactory(TRUST_ALL.getSocketFactory());
            https.setHostnameVerifier((host, session) -> true);
        }
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", AUTH);
        try (OutputStream out = c.getOutputStream()) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        c.disconnect();
        return status;
    }

    private static final SSLContext TRUST_ALL = trustAll();

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** WireMock's root folder with the same two stubs as the in-process runs. */
    private static Path wiremockRoot(Path work) throws IOException {
        Path root = work.resolve("wiremock");
        Path mappings = Files.createDirectories(root.resolve("mappings"));
        Files.writeString(mappings.resolve("sessions.json"), stub("/api/sessions", ServerProcessMain.SESSION_JSON));
        Files.writeString(mappings.resolve("tokens.json"), stub("/api/tokens", ServerProcessMain.TOKEN_JSON));
        return root;
    }

    private static String stub(String url, String body) {
        return "{\"request\":{\"method\":\"POST\",\"url\":\"" + url + "\",\"basicAuthCredentials\":{\"username\":"
                + "\"OPENVIDUAPP\",\"password\":\"" + ServerProcessMain.SECRET + "\"}},\"response\":{\"status\":200,"
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"" + body.replace("\"", "\\\"") + "\"}}";
    }
}

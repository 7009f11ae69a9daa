package dev.ovstub.bench.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.it.support.OpenViduBrowserPage;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.testing.ControlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 5: browsers' media. In a private network namespace (run through {@code integration-tests/src/test/netns/bin/java}),
 * one headless Chromium with its fake camera (640x480, 20 fps, VP8) and the server in this JVM:
 * <ul>
 *   <li>receive: n browser connections publish; the session's media worker's CPU (% of one core, from
 *       /proc/&lt;pid&gt;/stat over a steady window) and RSS, per received stream;</li>
 *   <li>send: one browser subscribes to k simulated participants; the worker's CPU and RSS per sent stream (the
 *       synthetic camera drawn, then encoded, and its tone);</li>
 *   <li>forward: one browser publishes its camera and microphone and k other browser connections subscribe to it;
 *       the worker's CPU beyond receiving that one stream, per subscriber (decoded once, encoded per
 *       subscriber);</li>
 *   <li>record: n browser publishers in a session recorded COMPOSED (embedded recorder, 1280x720, 25 fps); frame
 *       slots the recorder skipped (its own log line); real time = at most 1% skipped. The browsers run on the same
 *       2 cores: each encodes its camera (Chromium's CPU is given too).</li>
 * </ul>
 */
public final class MediaSection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORDED = Pattern.compile("Recorded \\S*/([^/\\s]+)\\.mp4: (\\d+) frames \\((\\d+) skipped\\)");
    private static ControlClient http;
    private static OpenViduBrowserPage page;

    private MediaSection() {}

    public static void main(String[] args) throws Exception {
        Report r = new Report("media");
        String netns = System.getenv("OVSTUB_NETNS");
        String missing = netns == null ? "no private network namespace ("
                + System.getenv().getOrDefault("OVSTUB_NETNS_UNAVAILABLE", "not started by src/test/netns/bin/java") + ")"
                : OpenViduBrowserPage.whyNot();
        if (missing != null) {
            r.line("Not measured: " + missing + ".").write();
            Report.target("media: browser publishers recorded in real time on this machine", "≥ 2", "not measured", "", "", null);
            return;
        }
        Path log = Report.outDir().resolve("logs").resolve("media-server.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        boolean quick = Report.quick();
        int window = quick ? 5 : 10;
        List<Integer> counts = quick ? List.of(1, 2) : List.of(1, 2, 4);
        Path tmp = Files.createTempDirectory("media-bench");
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(tmp.resolve("recordings"))
                .start()) {
            http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                    java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30));
            page = OpenViduBrowserPage.open(tmp, "--disable-features=WebRtcHideLocalIpsWithMdns");
            try {
                r.line("One headless Chromium (fake camera: 640x480, 20 fps, VP8 as answered), the server in the measuring "
                        + "JVM; each measure after " + window + " s of warm-up, over a " + window + " s window. CPU is % of one "
                        + "core (utime + stime from /proc), RSS the worker's resident memory. All in one network namespace "
                        + "of this machine: nothing crossed a real network.");
                r.line("");
                r.line("| what | streams | media worker CPU | per stream | worker RSS | Chromium CPU |");
                r.line("|---|---:|---:|---:|---:|---:|");
                double perReceived = 0;
                for (int n : counts) {
                    double[] m = receive(n, window);
                    perReceived = m[0] / n;
                    r.line(String.format(Locale.ROOT, "| receive (browsers publish) | %d | %.0f %% | %.1f %% | %.0f MiB | %.0f %% |",
                            n, m[0], m[0] / n, m[1], m[2]));
                }
                double perSent = 0;
                for (int k : counts) {
                    double[] m = send(k, window);
                    perSent = m[0] / k;
                    r.line(String.format(Locale.ROOT, "| send (a browser subscribes to simulated cameras) | %d | %.0f %% | %.1f %% | %.0f MiB | %.0f %% |",
                            k, m[0], m[0] / k, m[1], m[2]));
                }
                double perForwarded = 0;
                double source = forward(0, window)[0]; // the publisher alone, camera and microphone: the baseline
                for (int k : counts) {
                    double[] m = forward(k, window);
                    perForwarded = Math.max(0, m[0] - source) / k;
                    r.line(String.format(Locale.ROOT, "| forward (k browsers subscribe to one browser's camera and microphone; per subscriber, beyond the publisher alone: %.0f %%) | %d | %.0f %% | %.1f %% | %.0f MiB | %.0f %% |",
                            source, k, m[0], perForwarded, m[1], m[2]));
                }
                r.line("");
                r.line("| browser publishers recorded (COMPOSED, 1280x720, 25 fps, " + (quick ? 10 : 20) + " s) | frames | skipped | real time |");
                r.line("|---:|---:|---:|---|");
                int most = 0;
                List<Integer> recorded = quick ? counts : List.of(1, 2, 4, 6, 8);
                for (int n : recorded) {
                    long[] rec = record(n, quick ? 10 : 20, log);
                    boolean realTime = rec[0] > 0 && rec[1] <= rec[0] / 100;
                    if (realTime) {
                        most = n;
                    }
                    r.line(String.format(Locale.ROOT, "| %d | %d | %d | %s |", n, rec[0], rec[1], realTime ? "yes" : "**no**"));
                }
                r.write();
                Report.target("media: CPU per received browser stream (media worker)", "no target",
                        String.format(Locale.ROOT, "%.1f %% of a core", perReceived), "", "", null);
                Report.target("media: CPU per sent stream (media worker)", "no target",
                        String.format(Locale.ROOT, "%.1f %% of a core", perSent), "", "", null);
                Report.target("media: CPU per forwarded stream (media worker, per subscriber beyond the publisher alone)", "no target",
                        String.format(Locale.ROOT, "%.1f %% of a core", perForwarded), "", "", null);
                Report.target("media: browser publishers recorded in real time, browsers on the same 2 cores", "≥ 2",
                        most + " (of " + recorded + " tried)", "", "", most >= 2);
            } finally {
                page.close();
            }
        }
    }

    private static JsonNode call(String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    private static String session(Map<String, Object> options) throws Exception {
        return call("POST", "/openvidu/api/sessions", options).get("id").asText();
    }

    private static String token(String session) throws Exception {
        return call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of()).get("token").asText();
    }

    /** The page's connections leave (their session and its worker end at once), and the page is reloaded. */
    private static void freshPage() {
        page.chromium().evaluate("Object.values(window.sessions || {}).forEach(s => s.session.disconnect()); true");
        page.reload();
    }

    /** {@code n} browser connections publish; returns worker CPU %, worker RSS MiB, Chromium CPU %. */
    private static double[] receive(int n, int window) throws Exception {
        freshPage();
        String session = session(Map.of());
        for (int i = 0; i < n; i++) {
            page.join("p" + i, token(session));
            page.publish("p" + i);
        }
        return measure(window);
    }

    /** A browser subscribes to {@code k} simulated cameras; returns worker CPU %, worker RSS MiB, Chromium CPU %. */
    private static double[] send(int k, int window) throws Exception {
        freshPage();
        String session = session(Map.of());
        page.join("viewer", token(session));
        for (int i = 0; i < k; i++) {
            String sim = call("POST", "/stub/participants", Map.of("session", session, "token", token(session),
                    "publish", true)).get("id").asText();
            String stream = page.awaitEvent("viewer", "streamCreated", "e.owner === " + OpenViduBrowserPage.quote(sim),
                    Duration.ofSeconds(30)).get("id").asText();
            page.subscribe("viewer", stream);
        }
        return measure(window);
    }

    /**
     * One browser connection publishes its camera and microphone and {@code k} others subscribe to it; returns
     * worker CPU %, worker RSS MiB, Chromium CPU %.
     */
    private static double[] forward(int k, int window) throws Exception {
        freshPage();
        String session = session(Map.of());
        page.join("source", token(session));
        String stream = page.publish("source", true);
        for (int i = 0; i < k; i++) {
            page.join("v" + i, token(session));
            page.awaitEvent("v" + i, "streamCreated", "e.id === " + OpenViduBrowserPage.quote(stream), Duration.ofSeconds(30));
            page.subscribe("v" + i, stream);
        }
        return measure(window);
    }

    /** {@code n} browsers publish while a COMPOSED recording runs {@code seconds}; returns frames and skipped frames. */
    private static long[] record(int n, int seconds, Path log) throws Exception {
        freshPage();
        String session = session(Map.of());
        for (int i = 0; i < n; i++) {
            page.join("r" + i, token(session));
            page.publish("r" + i);
        }
        Thread.sleep(3000); // the browsers' streams flowing
        String id = call("POST", "/openvidu/api/recordings/start", Map.of("session", session, "name", "bench" + n))
                .get("id").asText();
        Thread.sleep(seconds * 1000L);
        call("POST", "/openvidu/api/recordings/stop/" + id, null);
        for (String line : Files.readAllLines(log)) {
            Matcher m = RECORDED.matcher(line);
            if (m.find() && m.group(1).equals("bench" + n)) {
                return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            }
        }
        return new long[] {0, 0};
    }

    /** After a warm-up, the media worker's CPU % and RSS MiB and Chromium's CPU % over a window. */
    private static double[] measure(int window) throws Exception {
        Thread.sleep(window * 1000L);
        // The session's own worker: the newest (the previous sessions' ones end as their browsers leave).
        List<ProcessHandle> workers = matching("MediaWorkerMain").stream()
                .max(java.util.Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)))
                .map(List::of).orElse(List.of());
        List<ProcessHandle> chromium = matching("chromium");
        Map<Long, Double> w0 = cpuSeconds(workers);
        Map<Long, Double> c0 = cpuSeconds(chromium);
        long t0 = System.nanoTime();
        Thread.sleep(window * 1000L);
        double wall = (System.nanoTime() - t0) / 1e9;
        double worker = used(w0, cpuSeconds(workers)) / wall * 100;
        double browser = used(c0, cpuSeconds(chromium)) / wall * 100;
        long rss = workers.stream().filter(ProcessHandle::isAlive).mapToLong(p -> Math.max(0, Procs.rssKib(p.pid()))).sum();
        return new double[] {worker, rss / 1024.0, browser};
    }

    /** CPU seconds used between two samples by the processes present in both (a worker of an ended session is not). */
    private static double used(Map<Long, Double> before, Map<Long, Double> after) {
        double total = 0;
        for (Map.Entry<Long, Double> e : after.entrySet()) {
            Double b = before.get(e.getKey());
            if (b != null) {
                total += e.getValue() - b;
            }
        }
        return total;
    }

    private static List<ProcessHandle> matching(String command) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(command)
                || p.info().command().orElse("").contains(command)).forEach(out::add);
        return out;
    }

    /** utime + stime of each live process, in seconds, by pid. */
    private static Map<Long, Double> cpuSeconds(List<ProcessHandle> processes) {
        Map<Long, Double> out = new java.util.HashMap<>();
        for (ProcessHandle p : processes) {
            try {
                String[] f = Procs.statFields(Files.readString(Path.of("/proc/" + p.pid() + "/stat")));
                out.put(p.pid(), (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) Procs.CLK_TCK);
            } catch (java.io.IOException | RuntimeException gone) {
                // ended meanwhile
            }
        }
        return out;
    }
}

package dev.ovstub.bench.server;

import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Section 2, the server as a test double, ours vs WireMock 3.13. {@code ServerSection start}: time from the
 * server's construction to its first answered request, in a fresh JVM each time; {@code ServerSection start
 * <our runnable jar> <wiremock-standalone jar>} also times both runnable jars from process start to first answer
 * ({@link JarStart}). {@code ServerSection load}:
 * requests per second for {@code POST /api/sessions} and {@code POST /api/tokens}, 8 client threads on bare
 * HttpClient 5 in this JVM, the server in its own JVM, fixed duration after a warm-up.
 */
public final class ServerSection {
    private static final List<String> PEERS = List.of("ours", "wiremock");
    private static final int LOAD_THREADS = 8;

    private ServerSection() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("start")) {
            Report report = start();
            if (args.length > 2) {
                JarStart.run(report, Path.of(args[1]), Path.of(args[2]));
            }
        } else {
            load();
        }
    }

    private static Procs.Child launch(String peer, String mode) throws IOException {
        return new Procs.Child(List.of(Procs.java(), "-cp", Procs.classPath(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ServerProcessMain.class.getName(), peer, mode), null);
    }

    // ---------------------------------------------------------------------------------------- first answer

    /** The in-process figures; returns their report, written already, for the runnable jars' to follow. */
    private static Report start() throws Exception {
        int runs = Report.quick() ? 3 : 10;
        Pattern p = Pattern.compile("RESULT startMs=([0-9.]+) firstMs=([0-9.]+) mainAtMs=([0-9]+)");
        Map<String, List<Double>> first = new LinkedHashMap<>();
        Map<String, List<Double>> started = new LinkedHashMap<>();
        Map<String, List<Double>> process = new LinkedHashMap<>();
        // one unmeasured run each: page cache, CDS archive
        for (String peer : PEERS) {
            try (Procs.Child c = launch(peer, "first")) {
                c.await(l -> l.startsWith("RESULT"), 60_000);
            }
        }
        for (int i = 0; i < runs; i++) {
            for (String peer : (i % 2 == 0 ? PEERS : List.of(PEERS.get(1), PEERS.get(0)))) {
                long t0 = System.nanoTime();
                try (Procs.Child c = launch(peer, "first")) {
                    String line = c.await(l -> l.startsWith("RESULT"), 60_000);
                    double wall = (System.nanoTime() - t0) / 1e6;
                    Matcher m = p.matcher(line);
                    if (!m.find()) {
                        throw new IllegalStateException(line);
                    }
                    started.computeIfAbsent(peer, k -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
                    first.computeIfAbsent(peer, k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
                    process.computeIfAbsent(peer, k -> new ArrayList<>()).add(wall);
                    c.waitFor(30_000);
                }
            }
        }
        Report r = new Report("server-start");
        r.line("Fresh JVM per run (" + runs + " runs per peer, alternating, after one unmeasured run each); "
                + "median (min–max). \"construction → first answer\" runs from just before the server is built to "
                + "the end of the first `POST /api/sessions` answer (HttpURLConnection, classes preloaded); "
                + "\"launch → first answer\" is the same seen from the parent, JVM start-up included.");
        r.line("");
        r.line("| server | construction → started, ms | construction → first answer, ms | launch → first answer, ms |");
        r.line("|---|---:|---:|---:|");
        for (String peer : PEERS) {
            r.line("| " + peer + " | " + Stats.of(started.get(peer)).describe("%.0f") + " | "
                    + Stats.of(first.get(peer)).describe("%.0f") + " | " + Stats.of(process.get(peer)).describe("%.0f") + " |");
        }
        r.write();
        double ours = Stats.of(first.get("ours")).median();
        double wm = Stats.of(first.get("wiremock")).median();
        Report.target("Server: construction → first answer", "< 1/3 of WireMock's (ratio < 0.33)",
                Stats.f("%.0f ms", ours), Stats.f("%.0f ms", wm), Stats.f("%.2f×", ours / wm), ours < wm / 3);
        return r;
    }

    // ---------------------------------------------------------------------------------------- load

    private static void load() throws Exception {
        boolean quick = Report.quick();
        int reps = quick ? 2 : 3;
        int warmSeconds = quick ? 2 : 4;
        int measureSeconds = quick ? 3 : 6;
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        for (int rep = 0; rep < reps; rep++) {
            for (String peer : (rep % 2 == 0 ? PEERS : List.of(PEERS.get(1), PEERS.get(0)))) {
                try (Procs.Child c = launch(peer, "serve")) {
                    String line = c.await(l -> l.startsWith("PORT "), 60_000);
                    String base = "http://127.0.0.1:" + line.substring(5).trim();
                    try (CloseableHttpClient client = HttpClients.custom()
                            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                    .setMaxConnTotal(LOAD_THREADS).setMaxConnPerRoute(LOAD_THREADS).build())
                            .disableContentCompression().disableAutomaticRetries().build()) {
                        String session = sessionId(client, base);
                        for (String route : List.of("sessions", "tokens")) {
                            String body = route.equals("sessions") ? SESSION_BODY
                                    : "{\"session\":\"" + session + "\",\"role\":\"PUBLISHER\",\"data\":\"\"}";
                            String url = base + "/api/" + route;
                            drive(client, url, body, warmSeconds);
                            long[] result = drive(client, url, body, measureSeconds);
                            String key = peer + "\t" + route;
                            rates.computeIfAbsent(key, k -> new ArrayList<>()).add(result[0] / (double) measureSeconds);
                            errors.merge(key, result[1], Long::sum);
                            System.out.println(key + "\t" + result[0] / (double) measureSeconds + " req/s, errors " + result[1]);
                        }
                    }
                    c.process.getOutputStream().close();
                    c.waitFor(30_000);
                }
            }
        }
        Report r = new Report("server-load");
        r.line(LOAD_THREADS + " client threads (bare HttpClient 5, keep-alive, no compression) in the harness JVM, server in "
                + "its own JVM, both on the same " + Runtime.getRuntime().availableProcessors() + " cores; "
                + warmSeconds + " s warm-up then " + measureSeconds + " s measured per route, " + reps
                + " fresh server processes per peer (alternating); median (min–max) of the runs.");
        r.line("");
        r.line("| route | ours, req/s | WireMock, req/s | ours / WireMock | non-2xx or failed (ours / WireMock) |");
        r.line("|---|---:|---:|---:|---:|");
        for (String route : List.of("sessions", "tokens")) {
            Stats ours = Stats.of(rates.get("ours\t" + route));
            Stats wm = Stats.of(rates.get("wiremock\t" + route));
            double ratio = ours.median() / wm.median();
            r.line("| POST /api/" + route + " | " + ours.describe("%.0f") + " | " + wm.describe("%.0f") + " | "
                    + Stats.f("%.2f×", ratio) + " | " + errors.get("ours\t" + route) + " / " + errors.get("wiremock\t" + route) + " |");
            Report.target("Server: POST /api/" + route + " req/s", "≥ WireMock's (ratio ≥ 1)", Stats.f("%.0f req/s", ours.median()),
                    Stats.f("%.0f req/s", wm.median()), Stats.f("%.2f×", ratio), ratio >= 1.0);
        }
        r.write();
    }

    private static final String SESSION_BODY = "{\"archiveMode\":\"MANUAL\",\"archiveLayout\":\"BEST_FIT\",\"mediaMode\":\"ROUTED\"}";
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
            ("OPENVIDUAPP:" + ServerProcessMain.SECRET).getBytes(StandardCharsets.US_ASCII));

    private static String sessionId(CloseableHttpClient client, String base) throws IOException {
        HttpPost post = new HttpPost(URI.create(base + "/api/sessions"));
        post.setHeader("Authorization", AUTH);
        post.setEntity(new StringEntity(SESSION_BODY, ContentType.APPLICATION_JSON));
        String json = client.execute(post, r -> EntityUtils.toString(r.getEntity()));
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no session id in " + json);
        }
        return m.group(1);
    }

    /** Sends requests from {@link #LOAD_THREADS} threads for {@code seconds}; returns {2xx count, other count}. */
    private static long[] drive(CloseableHttpClient client, String url, String body, int seconds) throws Exception {
        LongAdder ok = new LongAdder();
        LongAdder bad = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(LOAD_THREADS);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < LOAD_THREADS; i++) {
            fs.add(pool.submit(() -> {
                while (!stop.get()) {
                    HttpPost post = new HttpPost(URI.create(url));
                    post.setHeader("Authorization", AUTH);
                    post.setEntity(new org.apache.hc.core5.http.io.entity.ByteArrayEntity(bytes, ContentType.APPLICATION_JSON));
                    try {
                        int code = client.execute(post, r -> {
                            EntityUtils.consume(r.getEntity());
                            return r.getCode();
                        });
                        if (code / 100 == 2) {
                            ok.increment();
                        } else {
                            bad.increment();
                        }
                    } catch (IOException e) {
                        bad.increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return new long[] {ok.sum(), bad.sum()};
    }
}

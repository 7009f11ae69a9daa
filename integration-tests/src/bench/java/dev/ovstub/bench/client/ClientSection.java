package dev.ovstub.bench.client;

import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

/**
 * Section 1: the client benchmarks. {@code ClientSection 1} and {@code ClientSection 8} run {@link ClientBench} with
 * that many threads (SampleTime, {@code -prof gc}, several forks: the spread is across forks);
 * {@code ClientSection real} runs {@link RealRecorderCycleBench}.
 */
public final class ClientSection {
    private ClientSection() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length == 1 && args[0].equals("real")) {
            real();
        } else {
            sampled(Integer.parseInt(args[0]));
        }
    }

    private static ChainedOptionsBuilder base() {
        return new OptionsBuilder()
                .jvmArgs("-Xms1g", "-Xmx1g",
                        "-Dbench.official.dir=" + System.getProperty("bench.official.dir", "target/bench/official-client"),
                        "-Dbench.out=" + Report.outDir().toAbsolutePath(),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .shouldFailOnError(true);
    }

    private static void sampled(int threads) throws RunnerException, IOException {
        boolean quick = Report.quick();
        int forks = quick ? 2 : 3;
        // One fork per client per round, rounds one after the other: a noisy spell of a shared machine then
        // hits every client alike instead of all the forks of one.
        Files.deleteIfExists(Report.outDir().resolve("client-alloc-t" + threads + ".tsv"));
        Map<String, List<BenchmarkResult>> byKey = new LinkedHashMap<>();
        for (int round = 0; round < forks; round++) {
            Collection<RunResult> results = new Runner(base()
                    .include(ClientBench.class.getName() + "\\.")
                    .mode(Mode.SampleTime)
                    .timeUnit(TimeUnit.MICROSECONDS)
                    .threads(threads)
                    .forks(1)
                    .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                    .addProfiler(GCProfiler.class)
                    .build()).run();
            for (RunResult rr : results) {
                String bench = rr.getParams().getBenchmark();
                String key = bench.substring(bench.lastIndexOf('.') + 1) + "\t" + rr.getParams().getParam("impl");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(rr.getBenchmarkResults());
            }
        }

        Map<String, Double> alloc = readAlloc(threads);
        Report r = new Report("client-t" + threads);
        r.line("#### " + threads + " thread" + (threads == 1 ? "" : "s") + " (" + forks + " forks each, run in rounds of one fork per client; "
                + (quick ? 2 : 5) + " × 1 s measured per fork after " + (quick ? 2 : 3) + " × 1 s warm-up; median over forks, (min–max) across forks)");
        r.line("");
        r.line("| call | client | calls/s | p50 µs | p99 µs | alloc/call, client thread | alloc/call, whole JVM (gc.alloc.rate.norm, incl. server) |");
        r.line("|---|---|---:|---:|---:|---:|---:|");
        Map<String, Map<String, Stats>> rates = new LinkedHashMap<>();
        for (String bench : List.of("sessionAndToken", "recordingCycle")) {
            for (String impl : List.of("ours", "official", "bare")) {
                List<BenchmarkResult> forkResults = byKey.get(bench + "\t" + impl);
                if (forkResults == null) {
                    continue;
                }
                List<Double> rate = new ArrayList<>();
                List<Double> p50 = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                List<Double> gc = new ArrayList<>();
                for (BenchmarkResult fork : forkResults) {
                    var st = fork.getPrimaryResult().getStatistics();
                    rate.add(threads * 1e6 / st.getMean());
                    p50.add(st.getPercentile(50));
                    p99.add(st.getPercentile(99));
                    for (Map.Entry<String, Result> e : fork.getSecondaryResults().entrySet()) {
                        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                            gc.add(e.getValue().getScore());
                        }
                    }
                }
                Stats rs = Stats.of(rate);
                rates.computeIfAbsent(bench, k -> new LinkedHashMap<>()).put(impl, rs);
                Double a = alloc.get(bench + "\t" + impl);
                r.line("| " + label(bench) + " | " + impl + " | " + rs.describe("%.0f") + " | "
                        + Stats.of(p50).describe("%.0f") + " | " + Stats.of(p99).describe("%.0f") + " | "
                        + (a == null ? "n/a" : kib(a)) + " | " + (gc.isEmpty() ? "n/a" : kib(Stats.of(gc).median())) + " |");
            }
        }
        r.line("");
        for (Map.Entry<String, Map<String, Stats>> e : rates.entrySet()) {
            Stats ours = e.getValue().get("ours");
            Stats official = e.getValue().get("official");
            Stats bare = e.getValue().get("bare");
            String what = "Client " + label(e.getKey()) + ", " + threads + " thr";
            if (ours != null && official != null) {
                double ratio = ours.median() / official.median();
                Report.target(what + ": vs official 1.8.0", "≥ 1.5× calls/s", f0(ours.median()) + " calls/s",
                        f0(official.median()) + " calls/s", Stats.f("%.2f×", ratio), ratio >= 1.5);
            }
            if (ours != null && bare != null) {
                double ratio = ours.median() / bare.median();
                Report.target(what + ": vs bare HttpClient 5", "≥ 0.90× calls/s", f0(ours.median()) + " calls/s",
                        f0(bare.median()) + " calls/s", Stats.f("%.2f×", ratio), ratio >= 0.9);
            }
        }
        r.write();
    }

    private static void real() throws RunnerException {
        boolean quick = Report.quick();
        int forks = quick ? 1 : 2;
        int shots = quick ? 2 : 3;
        Collection<RunResult> results = new Runner(base()
                .include(RealRecorderCycleBench.class.getName() + "\\.")
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .threads(1)
                .forks(forks)
                .warmupIterations(1)
                .measurementIterations(shots)
                .build()).run();
        Report r = new Report("client-real");
        r.line("#### Recording cycle with the real recorder (1 thread, " + forks + " fork(s) × " + shots
                + " single shots after 1 warm-up shot; median (min–max) over all shots)");
        r.line("");
        r.line("| client | start+stop+get+delete, ms |");
        r.line("|---|---:|");
        Map<String, Stats> byImpl = new LinkedHashMap<>();
        for (String impl : List.of("ours", "official")) {
            RunResult rr = find(results, "recordingCycle", impl);
            if (rr == null) {
                continue;
            }
            List<Double> ms = new ArrayList<>();
            for (BenchmarkResult fork : rr.getBenchmarkResults()) {
                for (IterationResult it : fork.getIterationResults()) {
                    ms.add(it.getPrimaryResult().getScore());
                }
            }
            Stats s = Stats.of(ms);
            byImpl.put(impl, s);
            r.line("| " + impl + " | " + s.describe("%.0f") + " |");
        }
        if (byImpl.size() == 2) {
            r.line("");
            r.line("Official / ours time: " + Stats.f("%.2f×", byImpl.get("official").median() / byImpl.get("ours").median())
                    + " (the recorder's start and finish dominate; no target applies).");
        }
        r.write();
    }

    private static RunResult find(Collection<RunResult> results, String bench, String impl) {
        for (RunResult rr : results) {
            if (rr.getParams().getBenchmark().endsWith("." + bench) && impl.equals(rr.getParams().getParam("impl"))) {
                return rr;
            }
        }
        return null;
    }

    private static Map<String, Double> readAlloc(int threads) throws IOException {
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        Path f = Report.outDir().resolve("client-alloc-t" + threads + ".tsv");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                String[] c = line.split("\t");
                if (c.length == 4 && Integer.parseInt(c[2]) == threads) {
                    rows.computeIfAbsent(c[0] + "\t" + c[1], k -> new ArrayList<>()).add(Double.parseDouble(c[3]));
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        rows.forEach((k, v) -> out.put(k, Stats.of(v).median()));
        return out;
    }

    private static String label(String bench) {
        return bench.equals("sessionAndToken") ? "createSession+generateToken" : "recording start/stop/get/delete (fake recorder)";
    }

    private static String kib(double bytes) {
        return Stats.f("%.1f KiB", bytes / 1024);
    }

    private static String f0(double v) {
        return Stats.f("%.0f", v);
    }
}

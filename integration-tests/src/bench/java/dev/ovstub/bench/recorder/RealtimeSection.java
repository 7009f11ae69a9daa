package dev.ovstub.bench.recorder;

import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 3b: how many simultaneous real-time recordings (1280x720, two publishers each, 25 fps) this machine
 * keeps up with, the starts included. For k = 2, 4, 6...: k sessions, k recordings started at the same moment
 * through the API (k threads released together, as a load test would; the embedded runtime: a child JVM each),
 * recorded for 20 s, then stopped at once. Per recording: frame slots skipped and how far behind the wall clock it
 * fell (from the recorder's own log line), file duration (final JSON) against the wall time between its start and
 * stop calls. Real time = every recording skipped at most 1% of its frame slots, starts included, and the machine
 * kept at least 5% of its CPU idle in the steady window.
 */
public final class RealtimeSection {
    private static final Pattern RECORDED = Pattern.compile("Recorded \\S*/([^/\\s]+)\\.mp4: (\\d+) frames \\((\\d+) skipped\\)(?:.*at most (\\d+) ms behind)?");
    static final double MAX_SKIPPED = 0.01;
    /** A recorder that keeps up sleeps between frames: with no idle CPU left, it is falling behind or about to. */
    static final double MIN_IDLE = 5;

    private RealtimeSection() {}

    public static void main(String[] args) throws Exception {
        Path log = Report.outDir().resolve("logs").resolve("realtime-server.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        boolean quick = Report.quick();
        int seconds = quick ? 10 : 20;
        List<Integer> ks = quick ? List.of(2, 4) : List.of(2, 4, 6, 8, 10, 12);

        Report r = new Report("recorder-realtime");
        r.line("For k = " + ks + ": k sessions of two publishers each, k recordings through the server API (embedded runtime: "
                + "a child JVM each; 1280x720, 25 fps) **started at the same moment** (k threads released together, as a "
                + "load test would: every recorder JVM starts at once), recorded " + seconds + " s, then all stopped at once. "
                + "Before the scan, one unmeasured recording (page cache; the first recorder makes the class-data archive). "
                + "The recorder keeps its timeline on the wall clock: when it falls behind it renders the late frame slots "
                + "as fast as it can, up to 5 s behind; beyond that it skips the oldest late slots, and it logs how many it "
                + "skipped and how far behind it fell when it stops. Skipped % counts the starts. The steady window (from "
                + "5 s after the starts to 1 s before the stop) gives the idle share of the machine's CPU (/proc/stat) and "
                + "the CPU used per recorder (/proc/<pid>/stat). **Real time: every recording skipped ≤ "
                + (int) (MAX_SKIPPED * 100) + "% of its frame slots, starts included, and at least " + (int) MIN_IDLE
                + "% of the machine's CPU idle in the steady window.** A k that misses is run once more before the scan "
                + "stops. Duration − wall: file duration (final JSON) minus the time between the start call's return and "
                + "the stop call.");
        r.line("");
        r.line("| k | skipped incl. starts, % (median, worst recording) | furthest behind the wall clock, ms (median, worst) | start calls, s (median, slowest) | duration − wall, s (median, worst) | steady window: machine CPU idle, % | steady window: CPU per recording, cores | real time |");
        r.line("|---:|---:|---:|---:|---:|---:|---:|---|");
        int best = 0;
        double bestWorst = Double.NaN;
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).resolution("1280x720")
                .maxConcurrentRecordings(32).start();
             OpenVidu client = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            run(server, client, 1, 3, log);
            for (int k : ks) {
                Result res = run(server, client, k, seconds, log);
                String row = row(k, res);
                if (!res.ok()) {
                    r.line(row.substring(0, row.length() - 2) + " (1st try) |");
                    res = run(server, client, k, seconds, log);
                    row = row(k, res);
                }
                r.line(row);
                if (!res.ok()) {
                    break;
                }
                best = k;
                bestWorst = Stats.of(res.skippedPct).max();
            }
        }
        r.line("");
        r.line("Most simultaneous real-time recordings, started together: **" + best + "**"
                + (best == ks.get(ks.size() - 1) ? " (the most tried)" : "") + ".");
        r.write();
        Report.target("Recorder: simultaneous real-time 1280x720 recordings started together, ≤ 1% slots skipped incl. starts",
                "≥ 10", best + (best > 0 ? Stats.f(" (worst skipped %.2f%%)", bestWorst) : ""), "—", "—", best >= 10);
    }

    private static String row(int k, Result b) {
        Stats s = Stats.of(b.skippedPct);
        Stats l = Stats.of(b.lagMs);
        Stats st = Stats.of(b.startSeconds);
        Stats d = Stats.of(b.drift);
        double worstDrift = Math.abs(d.min()) > Math.abs(d.max()) ? d.min() : d.max();
        return "| " + k + " | " + Stats.f("%.2f", s.median()) + ", " + Stats.f("%.2f", s.max())
                + " | " + Stats.f("%.0f", l.median()) + ", " + Stats.f("%.0f", l.max())
                + " | " + Stats.f("%.2f", st.median()) + ", " + Stats.f("%.2f", st.max())
                + " | " + Stats.f("%+.2f", d.median()) + ", " + Stats.f("%+.2f", worstDrift) + " | " + Stats.f("%.0f", b.idlePct)
                + " | " + Stats.f("%.2f", b.coresPerRecording) + " | " + (b.ok() ? "yes" : "**no**") + " |";
    }

    /** One run of k recordings: per recording skipped %, furthest behind (ms), start call time, drift; steady window. */
    record Result(List<Double> skippedPct, List<Double> lagMs, List<Double> startSeconds, List<Double> drift,
                  double idlePct, double coresPerRecording) {
        boolean ok() {
            return Stats.of(skippedPct).max() <= MAX_SKIPPED * 100 && idlePct >= MIN_IDLE;
        }
    }

    /** {total, idle + iowait} jiffies of the whole machine, from /proc/stat. */
    private static long[] machineCpu() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    /** utime + stime of this JVM's child processes (the recorders), in clock ticks. */
    private static long recorderTicks() {
        long sum = 0;
        for (ProcessHandle c : ProcessHandle.current().children().toList()) {
            try {
                String[] f = Procs.statFields(Files.readString(Path.of("/proc/" + c.pid() + "/stat")));
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (java.io.IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return sum;
    }

    private static Result run(OpenViduServerStub server, OpenVidu client, int k, int seconds, Path log) throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Session s = client.createSession();
            server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing().metadata("alice" + i));
            server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing().metadata("bob" + i));
            sessions.add(s.getSessionId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(k);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(k);
        List<Future<Object[]>> starts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int n = i;
            starts.add(pool.submit(() -> {
                together.await();
                long t = System.nanoTime();
                String id = client.startRecording(sessions.get(n)).getId();
                long done = System.nanoTime();
                return new Object[] {id, done, (done - t) / 1e9};
            }));
        }
        List<String> ids = new ArrayList<>();
        long[] started = new long[k];
        List<Double> startSeconds = new ArrayList<>();
        long firstStart = Long.MAX_VALUE;
        for (int i = 0; i < k; i++) {
            Object[] v = starts.get(i).get();
            ids.add((String) v[0]);
            started[i] = (Long) v[1];
            startSeconds.add((Double) v[2]);
            firstStart = Math.min(firstStart, started[i]);
        }
        // steady window: from 5 s after the starts (quick and short runs: a third of the run) to 1 s before the stop
        long lead = Math.min(5, seconds / 3);
        long stopAt = firstStart + seconds * 1_000_000_000L;
        sleepUntil(firstStart + lead * 1_000_000_000L);
        long[] cpu0 = machineCpu();
        long rec0 = recorderTicks();
        long w0 = System.nanoTime();
        sleepUntil(stopAt - 1_000_000_000L);
        long[] cpu1 = machineCpu();
        long rec1 = recorderTicks();
        double window = (System.nanoTime() - w0) / 1e9;
        sleepUntil(stopAt);
        double idlePct = 100.0 * (cpu1[1] - cpu0[1]) / Math.max(1, cpu1[0] - cpu0[0]);
        double coresPerRecording = (rec1 - rec0) / (double) Procs.CLK_TCK / window / k;
        List<Future<double[]>> stops = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int n = i;
            stops.add(pool.submit(() -> {
                long t = System.nanoTime();
                Archive a = client.stopRecording(ids.get(n));
                return new double[] {(t - started[n]) / 1e9, a.getDuration()};
            }));
        }
        List<Double> drift = new ArrayList<>();
        for (Future<double[]> f : stops) {
            double[] v = f.get();
            drift.add(v[1] - v[0]);
        }
        pool.shutdown();
        Map<String, long[]> frames = new HashMap<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) { // the recorders' last log lines reach the log file
            frames.clear();
            for (String line : Files.readAllLines(log)) {
                Matcher m = RECORDED.matcher(line);
                if (m.find()) {
                    frames.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                            m.group(4) == null ? -1 : Long.parseLong(m.group(4))});
                }
            }
            if (frames.keySet().containsAll(ids) || System.nanoTime() > deadline) break;
            Thread.sleep(100);
        }
        List<Double> skipped = new ArrayList<>();
        List<Double> lag = new ArrayList<>();
        for (String id : ids) {
            long[] f = frames.get(id);
            if (f == null) {
                throw new IllegalStateException("no 'Recorded' line for " + id + " in " + log);
            }
            skipped.add(100.0 * f[1] / (f[0] + f[1]));
            lag.add((double) f[2]);
        }
        for (String id : ids) {
            client.deleteRecording(id);
        }
        System.out.println("k=" + k + " " + seconds + " s: skipped %=" + skipped + " behind ms=" + lag + " starts s="
                + startSeconds + " drift=" + drift + " idle=" + idlePct + " cores/rec=" + coresPerRecording);
        return new Result(skipped, lag, startSeconds, drift, idlePct, coresPerRecording);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}

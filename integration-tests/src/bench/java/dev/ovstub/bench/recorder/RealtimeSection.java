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
 * keeps up with. For k = 1, 2, 3...: k sessions, k recordings started one after the other through the API (the
 * embedded runtime: a child JVM each), 10 s after the last start all are stopped at once. Per recording: frame
 * slots skipped (from the recorder's own log line), file duration (from the final JSON) against the wall time
 * between its start and stop calls. Real time = every recording skipped at most 1% of its frame slots.
 */
public final class RealtimeSection {
    private static final Pattern RECORDED = Pattern.compile("Recorded \\S*/([^/\\s]+)\\.mp4: (\\d+) frames \\((\\d+) skipped\\)");
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
        int shortSeconds = quick ? 2 : 4;
        int longSeconds = quick ? 6 : 14;
        List<Integer> ks = quick ? List.of(1, 2) : List.of(1, 2, 3, 4, 5, 6, 7, 8);

        Report r = new Report("recorder-realtime");
        r.line("For k = 1, 2, 3...: k sessions of two publishers each, k recordings through the server API (embedded runtime: "
                + "a child JVM each; 1280x720, 25 fps) started one after the other, then all stopped at once. "
                + "The recorder keeps its timeline on the wall clock: when it falls behind it skips frame slots, and logs "
                + "how many when it stops. Each k is recorded twice, stopped " + shortSeconds + " s and " + longSeconds
                + " s after the last start; the difference between the two runs gives the skipped share of the "
                + "steady state, without the start-up of the recorders (JVM + FFmpeg loading and JIT, about a CPU second "
                + "each, while the earlier ones record), which the totals of the long run include. "
                + "The steady window of the long run (from 3 s after the last start to 1 s before the stop) also gives the "
                + "idle share of the machine's CPU (/proc/stat) and the CPU used per recorder (/proc/<pid>/stat). "
                + "**Real time: steady-state skipped frame slots ≤ " + (int) (MAX_SKIPPED * 100) + "% and at least "
                + (int) MIN_IDLE + "% of the machine's CPU idle in the steady window** (a recorder that keeps up sleeps "
                + "between frames; with no idle CPU left it falls behind or is about to, and the difference of two runs is "
                + "noisy: the start-up skips vary from run to run). "
                + "A k that misses is run once more before the scan stops. Duration − wall: file duration (final JSON) minus "
                + "the time between the start call's return and the stop call.");
        r.line("");
        r.line("| k | steady-state skipped, % | long run: skipped incl. start-up, % (median, worst recording) | long run: duration − wall, s (median, worst) | steady window: machine CPU idle, % | steady window: CPU per recording, cores | real time |");
        r.line("|---:|---:|---:|---:|---:|---:|---|");
        int best = 0;
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).resolution("1280x720").start();
             OpenVidu client = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            for (int k : ks) {
                String row = measure(server, client, k, shortSeconds, longSeconds, log);
                if (row.endsWith("**no** |")) {
                    r.line(row.substring(0, row.length() - 2) + " (1st try) |");
                    row = measure(server, client, k, shortSeconds, longSeconds, log);
                }
                r.line(row);
                if (row.endsWith("**no** |")) {
                    break;
                }
                best = k;
            }
        }
        r.line("");
        r.line("Most simultaneous real-time recordings: **" + best + "**" + (best == ks.get(ks.size() - 1) ? " (the most tried)" : "") + ".");
        r.write();
        Report.target("Recorder: simultaneous real-time 1280x720 recordings", "≥ 6", Integer.toString(best), "—", "—", best >= 6);
    }

    private static String measure(OpenViduServerStub server, OpenVidu client, int k, int shortSeconds, int longSeconds,
                                  Path log) throws Exception {
        Result a = run(server, client, k, shortSeconds, log);
        Result b = run(server, client, k, longSeconds, log);
        double slots = b.slots - a.slots;
        double steady = slots <= 0 ? Double.NaN : Math.max(0, 100.0 * (b.skipped - a.skipped) / slots);
        boolean ok = steady <= MAX_SKIPPED * 100 && b.idlePct >= MIN_IDLE;
        Stats s = Stats.of(b.skippedPct);
        Stats d = Stats.of(b.drift);
        double worstDrift = Math.abs(d.min()) > Math.abs(d.max()) ? d.min() : d.max();
        return "| " + k + " | " + Stats.f("%.2f", steady) + " | " + Stats.f("%.1f", s.median()) + ", " + Stats.f("%.1f", s.max())
                + " | " + Stats.f("%+.2f", d.median()) + ", " + Stats.f("%+.2f", worstDrift) + " | " + Stats.f("%.0f", b.idlePct)
                + " | " + Stats.f("%.2f", b.coresPerRecording) + " | " + (ok ? "yes" : "**no**") + " |";
    }

    /** Totals of one run: frame slots (written + skipped) and skipped, over all k recordings; per recording skipped % and drift. */
    record Result(long slots, long skipped, List<Double> skippedPct, List<Double> drift, double idlePct,
                  double coresPerRecording) {}

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
        List<String> ids = new ArrayList<>();
        long[] started = new long[k];
        for (int i = 0; i < k; i++) {
            ids.add(client.startRecording(sessions.get(i)).getId());
            started[i] = System.nanoTime();
        }
        // steady window: from 3 s (quick: 1 s) after the last start to 1 s before the stop
        long lead = Math.min(3, seconds / 3);
        Thread.sleep(lead * 1000L);
        long[] cpu0 = machineCpu();
        long rec0 = recorderTicks();
        long w0 = System.nanoTime();
        Thread.sleep((seconds - lead - 1) * 1000L);
        long[] cpu1 = machineCpu();
        long rec1 = recorderTicks();
        double window = (System.nanoTime() - w0) / 1e9;
        Thread.sleep(1000L);
        double idlePct = 100.0 * (cpu1[1] - cpu0[1]) / Math.max(1, cpu1[0] - cpu0[0]);
        double coresPerRecording = (rec1 - rec0) / (double) Procs.CLK_TCK / window / k;
        ExecutorService pool = Executors.newFixedThreadPool(k);
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
        Thread.sleep(1000); // the recorders' last log lines reach the log file
        Map<String, long[]> frames = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = RECORDED.matcher(line);
            if (m.find()) {
                frames.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        List<Double> skipped = new ArrayList<>();
        long slots = 0;
        long skippedTotal = 0;
        for (String id : ids) {
            long[] f = frames.get(id);
            if (f == null) {
                throw new IllegalStateException("no 'Recorded' line for " + id + " in " + log);
            }
            skipped.add(100.0 * f[1] / (f[0] + f[1]));
            slots += f[0] + f[1];
            skippedTotal += f[1];
        }
        for (String id : ids) {
            client.deleteRecording(id);
        }
        System.out.println("k=" + k + " " + seconds + " s: slots=" + slots + " skipped=" + skippedTotal + " per recording %=" + skipped + " drift=" + drift);
        return new Result(slots, skippedTotal, skipped, drift, idlePct, coresPerRecording);
    }
}

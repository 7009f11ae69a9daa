package dev.ovstub.bench.recorder;

import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recording.runtime.embedded.RecorderJvm;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 3a: CPU seconds per recorded second of a 1280x720, two-publisher grid, 10 s and 60 s.
 *
 * <p>Ours, start-up included: a real recording through the server API (in this JVM), so the recorder is the whole
 * child process exactly as the embedded runtime launches it (its JVM options, environment, class path and
 * class-data archive); its CPU is the growth of this JVM's cutime + cstime from before the start call until the
 * child has exited and been reaped (no other child runs meanwhile), divided by the file's duration. The peer: the
 * ffmpeg command line making an equivalent grid from its own test sources, measured the same way (the CPU of the
 * whole process, through a bash parent that waited for it).
 *
 * <p>Also: the per-frame path alone ({@link RecorderOfflineMain}, offline, start-up excluded), and the quality of
 * our encoder against the ffmpeg command line's on the same content (our composed frames, raw), PSNR and SSIM
 * against those raw frames at the same bit rate.
 */
public final class RecorderSection {
    static final int SECONDS = 10;
    private static final Pattern PSNR = Pattern.compile("PSNR .*average:([0-9.inf]+)");
    private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+)");

    private RecorderSection() {}

    public static void main(String[] args) throws Exception {
        boolean quick = Report.quick();
        int runs = quick ? 1 : 3;
        List<Integer> durations = quick ? List.of(10, 20) : List.of(10, 60);
        Path dir = Files.createTempDirectory("ovstub-bench-rec-");
        Files.createDirectories(dir.resolve("rec"));
        String ffmpegVersion = firstLine(List.of("ffmpeg", "-hide_banner", "-version"));
        boolean openh264 = String.join("\n", output(List.of("ffmpeg", "-hide_banner", "-encoders"))).contains("libopenh264");

        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> fileDuration = new LinkedHashMap<>();
        List<String> archiveUse = new ArrayList<>();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).recordingPath(dir.resolve("rec"))
                .resolution("1280x720").start();
             OpenVidu client = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            // one unmeasured run each (page cache; the first recorder makes the class-data archive)
            recordOurs(server, client, 3, archiveUse);
            measure(ffmpegCommand(dir.resolve("ffmpeg.mp4").toString(), openh264, 3));
            archiveUse.clear();
            for (int seconds : durations) {
                List<String> ffmpeg = ffmpegCommand(dir.resolve("ffmpeg.mp4").toString(), openh264, seconds);
                for (int i = 0; i < runs; i++) {
                    for (String peer : i % 2 == 0 ? List.of("ours", "ffmpeg") : List.of("ffmpeg", "ours")) {
                        double c;
                        double d;
                        if (peer.equals("ours")) {
                            double[] m = recordOurs(server, client, seconds, archiveUse);
                            c = m[0];
                            d = m[1];
                        } else {
                            c = measure(ffmpeg).cpuSeconds;
                            d = probeDuration(dir.resolve("ffmpeg.mp4"));
                        }
                        cpu.computeIfAbsent(peer + seconds, k -> new ArrayList<>()).add(c / d);
                        fileDuration.computeIfAbsent(peer + seconds, k -> new ArrayList<>()).add(d);
                        System.out.println(peer + " " + seconds + " s: cpu=" + c + " duration=" + d);
                    }
                }
            }
        }

        // the per-frame path alone, offline
        List<String> offline = new ArrayList<>(List.of(Procs.java()));
        offline.addAll(RecorderJvm.OPTIONS);
        offline.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", Procs.classPath(),
                RecorderOfflineMain.class.getName(), dir.resolve("ours-offline.mp4").toString(), Integer.toString(SECONDS)));
        List<String> ffmpeg10 = ffmpegCommand(dir.resolve("ffmpeg.mp4").toString(), openh264, SECONDS);
        List<Double> renderCpu = new ArrayList<>();
        List<Double> offlineWhole = new ArrayList<>();
        List<Double> ffmpegWhole = new ArrayList<>();
        Pattern render = Pattern.compile("RENDER wallMs=(\\d+) cpuMs=(\\d+)");
        for (int i = 0; i < runs; i++) {
            Measured m = measure(offline);
            offlineWhole.add(m.cpuSeconds / SECONDS);
            ffmpegWhole.add(measure(ffmpeg10).cpuSeconds / SECONDS);
            for (String l : m.output) {
                Matcher x = render.matcher(l);
                if (x.find()) renderCpu.add(Double.parseDouble(x.group(2)) / 1000 / SECONDS);
            }
        }

        // quality at the same content: our composed frames, raw, encoded by us and by the ffmpeg command line
        int qSeconds = 4;
        Path raw = dir.resolve("frames.yuv");
        List<String> rawCmd = new ArrayList<>(offline);
        rawCmd.set(rawCmd.size() - 2, dir.resolve("ours-q.mp4").toString());
        rawCmd.set(rawCmd.size() - 1, Integer.toString(qSeconds));
        rawCmd.add(raw.toString());
        measure(rawCmd);
        List<String> rawIn = List.of("-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720", "-r", "25", "-i", raw.toString());
        List<String> x264 = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        x264.addAll(rawIn);
        x264.addAll(videoCodec(openh264));
        x264.addAll(List.of("-b:v", "1500k", "-threads", "1", dir.resolve("ffmpeg-q.mp4").toString()));
        Measured x264Run = measure(x264);
        double[] oursQ = quality(dir.resolve("ours-q.mp4"), rawIn);
        double[] ffQ = quality(dir.resolve("ffmpeg-q.mp4"), rawIn);
        long oursBytes = Files.size(dir.resolve("ours-q.mp4"));
        long ffBytes = Files.size(dir.resolve("ffmpeg-q.mp4"));

        Report r = new Report("recorder-offline");
        r.line("A 1280x720, 25 fps grid of two publishers side by side (BEST_FIT: two 640x360 tiles, letterboxed), H.264 at "
                + "about 1.5 Mbit/s, AAC 64 kbit/s mono 48 kHz, MP4 (ours: index at the end, written at the stop; ffmpeg: faststart). " + runs
                + " run(s) per duration and peer after one unmeasured run each, alternating; median (min–max).");
        r.line("");
        r.line("- ours, **start-up included**: a real-time recording through the server API (the stub in the harness JVM, "
                + "1280x720, two publishers), stopped " + durations + " s after the start call returned; the recorder is "
                + "the whole child process as the embedded runtime launches it (`" + String.join(" ", RecorderJvm.OPTIONS)
                + "`, env " + RecorderJvm.ENVIRONMENT + ", plus the class-data archive once made); CPU from before the start "
                + "call to the child's exit (cutime + cstime of the harness), per second of the file's duration. Children "
                + "started with the class-data archive: " + archiveUse.stream().filter(s -> s.equals("archive")).count()
                + " of " + archiveUse.size() + ".");
        r.line("- ffmpeg: `" + String.join(" ", ffmpeg10) + "` (-t set to the duration; " + ffmpegVersion + "; "
                + (openh264 ? "libopenh264, as ours" : "Debian's ffmpeg has no libopenh264, so libx264 `-preset ultrafast` "
                + "stands in, with 1 thread like ours") + "), offline (as fast as it can: the same CPU per frame as in real time).");
        r.line("");
        r.line("| recording | ours, CPU s per recorded s | ffmpeg CLI, CPU s per recorded s | ours / ffmpeg | file duration, s (ours; ffmpeg) |");
        r.line("|---|---:|---:|---:|---|");
        for (int seconds : durations) {
            Stats o = Stats.of(cpu.get("ours" + seconds));
            Stats f = Stats.of(cpu.get("ffmpeg" + seconds));
            r.line("| " + seconds + " s, start-up included | " + o.describe("%.3f") + " | " + f.describe("%.3f") + " | "
                    + Stats.f("%.2f×", o.median() / f.median()) + " | " + Stats.of(fileDuration.get("ours" + seconds)).describe("%.2f")
                    + "; " + Stats.of(fileDuration.get("ffmpeg" + seconds)).describe("%.2f") + " |");
        }
        r.line("");
        r.line("The per-frame path alone: `" + RecorderOfflineMain.class.getSimpleName() + "` renders " + SECONDS + " s as fast "
                + "as it can in a child JVM with the same options (class path with directories, so no class-data archive); "
                + "\"recording only\" leaves out the JVM start and the loading of FFmpeg and Java2D.");
        r.line("");
        r.line("| what | CPU s per recorded s | ffmpeg CLI, same run | ratio |");
        r.line("|---|---:|---:|---:|");
        double fw = Stats.of(ffmpegWhole).median();
        r.line("| ours offline, whole process | " + Stats.of(offlineWhole).describe("%.3f") + " | " + Stats.of(ffmpegWhole).describe("%.3f")
                + " | " + Stats.f("%.2f×", Stats.of(offlineWhole).median() / fw) + " |");
        if (!renderCpu.isEmpty()) {
            r.line("| ours offline, recording only | " + Stats.of(renderCpu).describe("%.3f") + " | " + Stats.of(ffmpegWhole).describe("%.3f")
                    + " | " + Stats.f("%.2f×", Stats.of(renderCpu).median() / fw) + " |");
        }
        r.line("");
        r.line("Quality at the same content: our composed frames for " + qSeconds + " s, written raw, are the reference; "
                + "ours = our recorder's file of those frames (libopenh264, 1.5 Mbit/s), ffmpeg = the ffmpeg command line "
                + "encoding the raw frames (`" + String.join(" ", videoCodec(openh264)) + " -b:v 1500k -threads 1`); "
                + "ffmpeg's `psnr` and `ssim` filters against the raw frames.");
        r.line("");
        r.line("| encoder | PSNR, dB (average) | SSIM (All) | size, kB | encode CPU, s |");
        r.line("|---|---:|---:|---:|---:|");
        r.line("| ours | " + Stats.f("%.2f", oursQ[0]) + " | " + Stats.f("%.4f", oursQ[1]) + " | " + oursBytes / 1000 + " | — |");
        r.line("| ffmpeg CLI | " + Stats.f("%.2f", ffQ[0]) + " | " + Stats.f("%.4f", ffQ[1]) + " | " + ffBytes / 1000 + " | "
                + Stats.f("%.2f", x264Run.cpuSeconds) + " |");
        r.write();
        for (int seconds : durations) {
            double o = Stats.of(cpu.get("ours" + seconds)).median();
            double f = Stats.of(cpu.get("ffmpeg" + seconds)).median();
            Report.target("Recorder: CPU per recorded second, " + seconds + " s 720p, 2 publishers, start-up included",
                    "≤ 1.2× ffmpeg CLI", Stats.f("%.3f CPU s/s", o), Stats.f("%.3f CPU s/s", f), Stats.f("%.2f×", o / f),
                    o <= 1.2 * f);
        }
        deleteQuietly(dir);
    }

    /** One real-time recording through the API; {cpu seconds of the recorder child, file duration}. */
    static double[] recordOurs(OpenViduServerStub server, OpenVidu client, int seconds, List<String> archiveUse)
            throws Exception {
        Session s = client.createSession();
        server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing().metadata("alice"));
        server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing().metadata("bob"));
        awaitNoChildren();
        double cpu0 = selfChildrenCpu();
        Archive a = client.startRecording(s.getSessionId());
        long started = System.nanoTime();
        for (ProcessHandle c : ProcessHandle.current().children().toList()) {
            String cmd = String.join(" ", c.info().arguments().map(List::of).orElse(List.of()));
            archiveUse.add(cmd.contains("SharedArchiveFile") ? "archive" : cmd.contains("ArchiveClassesAtExit") ? "making" : "none");
        }
        long until = started + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        Archive done = client.stopRecording(a.getId());
        awaitNoChildren();
        double cpu = selfChildrenCpu() - cpu0;
        client.deleteRecording(a.getId());
        return new double[] {cpu, done.getDuration()};
    }

    private static void awaitNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ProcessHandle.current().children().findAny().isPresent()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("a child process did not exit");
            Thread.sleep(20);
        }
        Thread.sleep(50); // the reaper has waited for it once it is gone from the list
    }

    private static double selfChildrenCpu() throws IOException {
        return Procs.childrenCpuSeconds(Files.readString(Path.of("/proc/self/stat")));
    }

    /** {PSNR average, SSIM All} of {@code file}'s video against the raw frames. */
    static double[] quality(Path file, List<String> rawIn) throws Exception {
        double[] q = {Double.NaN, Double.NaN};
        for (String filter : List.of("psnr", "ssim")) {
            List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-i", file.toString()));
            c.addAll(rawIn);
            c.addAll(List.of("-lavfi", "[0:v][1:v]" + filter, "-f", "null", "-"));
            for (String l : output(c)) {
                Matcher m = (filter.equals("psnr") ? PSNR : SSIM).matcher(l);
                if (m.find()) {
                    String v = m.group(1);
                    q[filter.equals("psnr") ? 0 : 1] = v.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
                }
            }
        }
        return q;
    }

    static List<String> videoCodec(boolean openh264) {
        return openh264 ? List.of("-c:v", "libopenh264") : List.of("-c:v", "libx264", "-preset", "ultrafast");
    }

    static List<String> ffmpegCommand(String out, boolean openh264, int seconds) {
        List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,hue=h=120",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000",
                "-filter_complex_threads", "1",
                "-filter_complex", "[0:v][1:v]hstack=inputs=2,pad=1280:720:0:180,format=yuv420p[v];[2:a][3:a]amix=inputs=2[a]",
                "-map", "[v]", "-map", "[a]", "-t", Integer.toString(seconds), "-r", "25"));
        c.addAll(videoCodec(openh264));
        c.addAll(List.of("-b:v", "1500k", "-threads", "1", "-c:a", "aac", "-b:a", "64k", "-ac", "1",
                "-movflags", "+faststart", out));
        return c;
    }

    record Measured(double cpuSeconds, double wallSeconds, List<String> output) {}

    /** Runs {@code command} under bash and reads bash's cutime + cstime once it has waited for it. */
    static Measured measure(List<String> command) throws Exception {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c",
                "\"$@\"; rc=$?; read -r s < /proc/$$/stat; echo \"STAT $s\"; exit $rc", "bench"));
        wrapped.addAll(command);
        long t0 = System.nanoTime();
        try (Procs.Child c = new Procs.Child(wrapped, null)) {
            String stat = c.await(l -> l.startsWith("STAT "), 300_000);
            double wallSeconds = (System.nanoTime() - t0) / 1e9;
            int rc = c.waitFor(30_000);
            if (rc != 0) {
                throw new IllegalStateException("exit " + rc + ": " + String.join("\n", c.output()));
            }
            return new Measured(Procs.childrenCpuSeconds(stat.substring(5)), wallSeconds, c.output());
        }
    }

    static double probeDuration(Path file) throws Exception {
        return Double.parseDouble(firstLine(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", file.toString())).trim());
    }

    static List<String> output(List<String> command) throws Exception {
        try (Procs.Child c = new Procs.Child(command, null)) {
            c.waitFor(120_000);
            return c.output();
        }
    }

    static String firstLine(List<String> command) throws Exception {
        List<String> out = output(command);
        return out.isEmpty() ? "" : out.get(0);
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}

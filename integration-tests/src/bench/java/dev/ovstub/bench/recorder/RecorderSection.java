package dev.ovstub.bench.recorder;

import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
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
 * Section 3a: CPU seconds per recorded second and wall time of a 10 s, 1280x720, two-publisher grid: our recorder
 * (a child JVM with the embedded runtime's JVM options, {@link RecorderOfflineMain}) vs the ffmpeg command line
 * making an equivalent grid from its own test sources. Both are measured the same way: the CPU of the whole
 * process (cutime + cstime of a bash parent that waited for it), and the wall time from launch to exit.
 */
public final class RecorderSection {
    static final int SECONDS = 10;

    private RecorderSection() {}

    public static void main(String[] args) throws Exception {
        int runs = Report.quick() ? 2 : 3;
        Path dir = Files.createTempDirectory("ovstub-bench-rec-");
        String ffmpegVersion = firstLine(List.of("ffmpeg", "-hide_banner", "-version"));
        boolean openh264 = String.join("\n", output(List.of("ffmpeg", "-hide_banner", "-encoders"))).contains("libopenh264");
        List<String> ffmpeg = ffmpegCommand(dir.resolve("ffmpeg.mp4").toString(), openh264);
        List<String> ours = List.of(Procs.java(), "-Xmx384m", "-XX:+UseSerialGC", "-Xss512k", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", Procs.classPath(),
                RecorderOfflineMain.class.getName(), dir.resolve("ours.mp4").toString(), Integer.toString(SECONDS));

        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> duration = new LinkedHashMap<>();
        List<Double> renderCpu = new ArrayList<>();
        List<Double> renderWall = new ArrayList<>();
        Pattern render = Pattern.compile("RENDER wallMs=(\\d+) cpuMs=(\\d+)");
        // one unmeasured run each (page cache, FFmpeg natives unpacked into ~/.javacpp/cache)
        measure(ours);
        measure(ffmpeg);
        for (int i = 0; i < runs; i++) {
            for (String peer : i % 2 == 0 ? List.of("ours", "ffmpeg") : List.of("ffmpeg", "ours")) {
                Measured m = measure(peer.equals("ours") ? ours : ffmpeg);
                cpu.computeIfAbsent(peer, k -> new ArrayList<>()).add(m.cpuSeconds / SECONDS);
                wall.computeIfAbsent(peer, k -> new ArrayList<>()).add(m.wallSeconds);
                duration.computeIfAbsent(peer, k -> new ArrayList<>()).add(probeDuration(dir.resolve(peer + ".mp4")));
                if (peer.equals("ours")) {
                    for (String l : m.output) {
                        Matcher x = render.matcher(l);
                        if (x.find()) {
                            renderWall.add(Double.parseDouble(x.group(1)) / 1000);
                            renderCpu.add(Double.parseDouble(x.group(2)) / 1000 / SECONDS);
                        }
                    }
                }
                System.out.println(peer + " cpu/s=" + m.cpuSeconds / SECONDS + " wall=" + m.wallSeconds);
            }
        }
        Report r = new Report("recorder-offline");
        r.line("A " + SECONDS + " s, 1280x720, 25 fps grid of two publishers side by side (BEST_FIT: two 640x360 tiles, "
                + "letterboxed), H.264 at about 1.5 Mbit/s, AAC 64 kbit/s mono 48 kHz, MP4 with the index at the front, "
                + "written as fast as possible. " + runs + " runs each after one unmeasured run, alternating; median (min–max).");
        r.line("");
        r.line("- ours: `java -Xmx384m -XX:+UseSerialGC -Xss512k " + RecorderOfflineMain.class.getSimpleName()
                + "` (the embedded runtime's JVM options; JavaCV/FFmpeg 8.1 from Maven Central, `libopenh264`, 1 encoder thread; "
                + "Java2D draws each camera: colour, moving ball, clock, id).");
        r.line("- ffmpeg: `" + String.join(" ", ffmpeg) + "` (" + ffmpegVersion + "; Debian's ffmpeg has "
                + (openh264 ? "libopenh264, used here" : "no libopenh264, so libx264 `-preset ultrafast` stands in, with 1 thread like ours")
                + ").");
        r.line("");
        r.line("| recorder | CPU s per recorded s (whole process) | wall time, s (launch → exit) | file duration, s |");
        r.line("|---|---:|---:|---:|");
        for (String peer : List.of("ours", "ffmpeg")) {
            r.line("| " + peer + " | " + Stats.of(cpu.get(peer)).describe("%.2f") + " | " + Stats.of(wall.get(peer)).describe("%.2f")
                    + " | " + Stats.of(duration.get(peer)).describe("%.2f") + " |");
        }
        if (!renderCpu.isEmpty()) {
            r.line("| ours, recording only (JVM start-up and FFmpeg/Java2D loading excluded) | "
                    + Stats.of(renderCpu).describe("%.2f") + " | " + Stats.of(renderWall).describe("%.2f") + " | |");
        }
        r.write();
        double o = Stats.of(cpu.get("ours")).median();
        double f = Stats.of(cpu.get("ffmpeg")).median();
        Report.target("Recorder: CPU per recorded second (10 s 720p, 2 publishers)", "≤ 1.5× ffmpeg CLI",
                Stats.f("%.2f CPU s/s", o), Stats.f("%.2f CPU s/s", f), Stats.f("%.2f×", o / f), o <= 1.5 * f);
        deleteQuietly(dir);
    }

    static List<String> ffmpegCommand(String out, boolean openh264) {
        List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,hue=h=120",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000",
                "-filter_complex_threads", "1",
                "-filter_complex", "[0:v][1:v]hstack=inputs=2,pad=1280:720:0:180,format=yuv420p[v];[2:a][3:a]amix=inputs=2[a]",
                "-map", "[v]", "-map", "[a]", "-t", Integer.toString(SECONDS), "-r", "25"));
        if (openh264) {
            c.addAll(List.of("-c:v", "libopenh264"));
        } else {
            c.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast"));
        }
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
            c.waitFor(60_000);
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

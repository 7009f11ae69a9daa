package dev.ovstub.bench.recorder;

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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Section 4: time from the {@code stopRecording} call to the final JSON, for 60 s recordings (1280x720, two
 * publishers) of realistic content, through the real server (embedded recorder) and our client: the recorder
 * writes its last fragment and appends the index, exits, and the server reads size and duration back from the
 * file.
 *
 * <p>Realistic content: each publisher's camera is a video file made once with the ffmpeg command line (moving,
 * detailed pictures with temporal noise, as a camera gives), so the encoder spends its whole bit rate (the
 * recorder's default for 1280x720 at 25 fps, about 1.5 Mbit/s) and the files are as big as real ones. Two
 * recordings run at a time, each in its own session, their starts staggered by half a recording, so a stop is
 * measured while another recording is running (as on a server with several) and the stops never coincide.
 */
public final class StopLatencySection {
    private StopLatencySection() {}

    /** One measured recording. */
    private record Result(int index, double stopMs, double durationSeconds, long sizeBytes, String status) {
        double megabitsPerSecond() {
            return sizeBytes * 8 / 1e6 / durationSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean quick = Report.quick();
        int seconds = quick ? 10 : 60;
        int reps = quick ? 2 : 10;
        int parallel = 2;
        long staggerMillis = seconds * 1000L / parallel;
        Path media = Report.outDir().resolve("stop-latency-media");
        List<Path> cameras = cameras(media);
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).resolution("1280x720").start();
             OpenVidu client = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(parallel + 1);
            List<ScheduledFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                int index = i;
                runs.add(pool.schedule(() -> {
                    Session s = client.createSession();
                    for (Path camera : cameras) {
                        server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing().media(camera));
                    }
                    Archive started = client.startRecording(s.getSessionId());
                    Thread.sleep(seconds * 1000L);
                    long t0 = System.nanoTime();
                    Archive done = client.stopRecording(started.getId());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    Result r = new Result(index, ms, done.getDuration(), done.getSize(), done.getStatus().name());
                    results.add(r);
                    System.out.printf("recording %d: stop %.0f ms, %s, %.2f s, %d B, %.2f Mbit/s%n", index, ms,
                            r.status(), r.durationSeconds(), r.sizeBytes(), r.megabitsPerSecond());
                    client.deleteRecording(done.getId());
                    return null;
                }, i * staggerMillis, TimeUnit.MILLISECONDS));
            }
            for (ScheduledFuture<?> run : runs) {
                run.get(); // a failed recording fails the step
            }
            pool.shutdown();
        }
        List<Double> stopMs = results.stream().map(Result::stopMs).toList();
        List<Double> durations = results.stream().map(Result::durationSeconds).toList();
        List<Double> sizes = results.stream().map(r -> r.sizeBytes() / 1e6).toList();
        List<Double> rates = results.stream().map(Result::megabitsPerSecond).toList();
        Report r = new Report("stop-latency");
        r.line(reps + " recordings of " + seconds + " s (1280x720, 25 fps, two publishers whose cameras are video files of "
                + "moving, detailed pictures with temporal noise made once with the ffmpeg command line; embedded runtime), "
                + parallel + " at a time with starts " + staggerMillis / 1000 + " s apart, each in its own session, "
                + "through our client; median (min–max). The recorder writes a fragmented MP4 while it records and, at the "
                + "stop, appends the index after the media (no rewrite of the file); the time includes the recorder's "
                + "exit and the server reading size and duration back from the file.");
        r.line("");
        r.line("| stopRecording → final JSON, ms | worst, ms | file duration, s | file size, MB | file bit rate, Mbit/s |");
        r.line("|---:|---:|---:|---:|---:|");
        r.line("| " + Stats.of(stopMs).describe("%.0f") + " | " + Stats.f("%.0f", Stats.of(stopMs).max()) + " | "
                + Stats.of(durations).describe("%.2f") + " | " + Stats.of(sizes).describe("%.1f") + " | "
                + Stats.of(rates).describe("%.2f") + " |");
        r.line("");
        r.line("Each stop, in start order (ms): " + String.join(", ", results.stream()
                .sorted((a, b) -> Integer.compare(a.index(), b.index())).map(x -> Stats.f("%.0f", x.stopMs())).toList()) + ".");
        r.write();
        double worst = Stats.of(stopMs).max();
        double minRate = Stats.of(rates).min();
        boolean allStopped = results.stream().allMatch(x -> !x.status().equals("failed"));
        Report.target("Stop: stopRecording → final JSON, " + seconds + " s recording of realistic content (≥ 1.5 Mbit/s), worst of "
                        + reps, "< 500 ms worst",
                Stats.f("%.0f ms worst, median %.0f; files %.2f–%.2f Mbit/s", worst, Stats.of(stopMs).median(), minRate,
                        Stats.of(rates).max()),
                "—", "—", worst < 500 && minRate >= 1.5 && allStopped);
    }

    /** Two camera files, made once with the ffmpeg command line (20 s each, looped by the recorder). */
    static List<Path> cameras(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path a = dir.resolve("camera-a.mp4");
        Path b = dir.resolve("camera-b.mp4");
        if (!Files.exists(a)) {
            make(a, "testsrc2=size=640x360:rate=25:duration=20", "noise=alls=18:allf=t+u");
        }
        if (!Files.exists(b)) {
            make(b, "mandelbrot=size=640x360:rate=25:end_pts=2000:start_scale=3:end_scale=0.05", "noise=alls=14:allf=t+u,format=yuv420p");
        }
        return List.of(a, b);
    }

    private static void make(Path out, String source, String filter) throws Exception {
        Path tmp = out.resolveSibling(out.getFileName() + ".part.mp4");
        List<String> c = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                "-t", "20", "-vf", filter, "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                "-g", "50", tmp.toString());
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed to make " + out + ": " + said);
        }
        Files.move(tmp, out);
    }
}

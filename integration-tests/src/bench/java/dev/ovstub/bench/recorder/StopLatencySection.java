package dev.ovstub.bench.recorder;

import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 4: time from the {@code stopRecording} call to the final JSON, for a 60 s recording (1280x720, two
 * publishers) through the real server and our client: the recorder finishes its file (index moved to the front),
 * exits, and the server reads size and duration back from the file.
 */
public final class StopLatencySection {
    private StopLatencySection() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean quick = Report.quick();
        int seconds = quick ? 10 : 60;
        int reps = quick ? 2 : 3;
        List<Double> stopMs = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).resolution("1280x720").start();
             OpenVidu client = new OpenVidu(server.baseUrl().toString(), server.secret())) {
            Session s = client.createSession();
            server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing());
            server.join(s.getSessionId(), s.generateToken(), JoinOptions.publishing());
            for (int i = 0; i < reps; i++) {
                Archive started = client.startRecording(s.getSessionId());
                Thread.sleep(seconds * 1000L);
                long t0 = System.nanoTime();
                Archive done = client.stopRecording(started.getId());
                double ms = (System.nanoTime() - t0) / 1e6;
                stopMs.add(ms);
                durations.add(done.getDuration());
                sizes.add(done.getSize() / 1e6);
                System.out.println("stop " + ms + " ms, " + done.getStatus() + ", " + done.getDuration() + " s, " + done.getSize() + " B");
                client.deleteRecording(done.getId());
            }
        }
        Report r = new Report("stop-latency");
        r.line(reps + " recordings of " + seconds + " s, one after the other (1280x720, 25 fps, two publishers, embedded "
                + "runtime), through our client; median (min–max).");
        r.line("");
        r.line("| stopRecording → final JSON, ms | file duration, s | file size, MB |");
        r.line("|---:|---:|---:|");
        r.line("| " + Stats.of(stopMs).describe("%.0f") + " | " + Stats.of(durations).describe("%.2f") + " | "
                + Stats.of(sizes).describe("%.1f") + " |");
        r.write();
        double med = Stats.of(stopMs).median();
        Report.target("Stop: stopRecording → final JSON, " + seconds + " s recording", "< 500 ms",
                Stats.f("%.0f ms median, worst %.0f", med, Stats.of(stopMs).max()), "—", "—", med < 500);
    }
}

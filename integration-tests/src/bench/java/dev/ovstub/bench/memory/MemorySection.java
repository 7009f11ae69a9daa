package dev.ovstub.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.bench.Procs;
import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 5: resident memory (VmRSS) of the server started as a user would ({@code java -D... -jar
 * openvidu-server-stub-<version>.jar}, default JVM options, plain HTTP, recording on): idle, with 100 sessions of
 * one participant each, and with 4 recordings running (server and recorder children reported apart).
 */
public final class MemorySection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("OPENVIDUAPP:MY_SECRET".getBytes(StandardCharsets.US_ASCII));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MemorySection() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int reps = Report.quick() ? 1 : 3;
        Map<String, List<Double>> mib = new LinkedHashMap<>();
        for (int rep = 0; rep < reps; rep++) {
            Path dir = Files.createTempDirectory("ovstub-bench-mem-");
            try (Procs.Child server = new Procs.Child(List.of(Procs.java(), "-Dserver.port=0", "-Dserver.ssl.enabled=false",
                    "-Dopenvidu.recording=true", "-Dopenvidu.recording.path=" + dir, "-Dopenvidu.recording.resolution=1280x720",
                    "-jar", jar.toString()), null)) {
                String line = server.await(l -> l.contains("listening on"), 60_000);
                Matcher m = Pattern.compile("\\(port (\\d+)\\)").matcher(line);
                if (!m.find()) {
                    throw new IllegalStateException(line);
                }
                String base = "http://127.0.0.1:" + m.group(1);
                long pid = server.process.pid();
                Thread.sleep(5000);
                add(mib, "idle", rss(pid));

                List<String> sessions = new ArrayList<>();
                List<String> participants = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String session = post(base, "/api/sessions", "{}").get("id").asText();
                    String token = post(base, "/api/tokens", "{\"session\":\"" + session + "\"}").get("token").asText();
                    String participant = post(base, "/stub/participants", "{\"session\":\"" + session + "\",\"token\":\""
                            + token + "\",\"publish\":false}").get("id").asText();
                    sessions.add(session);
                    participants.add(participant);
                }
                Thread.sleep(3000);
                add(mib, "sessions", rss(pid));

                if (rep == 0) {
                    // one unmeasured recording: the first recorder makes the class-data archive that later ones map
                    post(base, "/stub/participants/" + participants.get(99) + "/publish", "");
                    String warm = post(base, "/api/recordings/start", "{\"session\":\"" + sessions.get(99) + "\"}").get("id").asText();
                    Thread.sleep(3000);
                    post(base, "/api/recordings/stop/" + warm, "");
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (ProcessHandle.of(pid).orElseThrow().children().findAny().isPresent() && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                }
                List<String> recordings = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    post(base, "/stub/participants/" + participants.get(i) + "/publish", "");
                    recordings.add(post(base, "/api/recordings/start", "{\"session\":\"" + sessions.get(i) + "\"}").get("id").asText());
                }
                Thread.sleep(8000);
                add(mib, "recording-server", rss(pid));
                List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().children().toList();
                double total = 0;
                for (ProcessHandle c : children) {
                    double v = rss(c.pid());
                    add(mib, "recording-child", v);
                    total += v;
                }
                add(mib, "recording-children", total);
                // steady state: every child again at 12, 16 and 20 s after the starts
                for (int t = 0; t < 3; t++) {
                    Thread.sleep(3000);
                    for (ProcessHandle c : children) {
                        add(mib, "steady-child", rss(c.pid()));
                    }
                }
                mib.computeIfAbsent("children-count", k -> new ArrayList<>()).add((double) children.size());
                for (String id : recordings) {
                    post(base, "/api/recordings/stop/" + id, "");
                }
                server.process.destroy();
                server.waitFor(60_000);
            } finally {
                deleteQuietly(dir);
            }
        }
        Report r = new Report("memory");
        r.line("`java -Dserver.port=0 -Dserver.ssl.enabled=false -Dopenvidu.recording=true -Dopenvidu.recording.path=<tmp> -Dopenvidu.recording.resolution=1280x720 -jar "
                + jar.getFileName() + "` (default JVM options: on this machine G1 and a maximum heap of a quarter of RAM), "
                + reps + " fresh server(s); VmRSS from /proc/<pid>/status, median (min–max). Idle: 5 s after start-up. "
                + "100 sessions: each created, given a token and joined by one (not publishing) participant through the API. "
                + "4 recordings: 4 of those participants publish and their sessions are recorded (1280x720, embedded runtime), "
                + "read 8 s after the starts.");
        r.line("");
        r.line("| state | server RSS, MiB | recorder children RSS, MiB |");
        r.line("|---|---:|---:|");
        r.line("| idle | " + Stats.of(mib.get("idle")).describe("%.0f") + " | — |");
        r.line("| 100 sessions, 1 participant each | " + Stats.of(mib.get("sessions")).describe("%.0f") + " | — |");
        r.line("| + 4 recordings running | " + Stats.of(mib.get("recording-server")).describe("%.0f") + " | "
                + Stats.of(mib.get("recording-children")).describe("%.0f") + " in total for "
                + Stats.of(mib.get("children-count")).describe("%.0f") + " children; each "
                + Stats.of(mib.get("recording-child")).describe("%.0f") + " |");
        r.line("");
        Stats steady = Stats.of(mib.get("steady-child"));
        r.line("Recorder child RSS in the steady state (each of the 4 children at 12, 16 and 20 s after the starts; child JVM "
                + "options: `" + String.join(" ", dev.ovstub.server.internal.recording.runtime.embedded.RecorderJvm.OPTIONS)
                + "`, env " + dev.ovstub.server.internal.recording.runtime.embedded.RecorderJvm.ENVIRONMENT
                + ", class-data archive made by an unmeasured first recording): **" + steady.describe("%.0f") + " MiB**.");
        r.write();
        Report.target("Recorder RSS per recording, steady state (median, max)", "≤ 100 MiB",
                Stats.f("%.0f MiB, max %.0f", steady.median(), steady.max()), "—", "—", steady.max() <= 100);
    }

    private static void add(Map<String, List<Double>> m, String key, double v) {
        m.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        System.out.println(key + " " + v + " MiB");
    }

    /** Median of 5 VmRSS readings 200 ms apart, in MiB. */
    private static double rss(long pid) throws InterruptedException {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            v.add(Procs.rssKib(pid) / 1024.0);
            Thread.sleep(200);
        }
        return Stats.of(v).median();
    }

    private static JsonNode post(String base, String path, String body) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " -> " + res.statusCode() + " " + res.body());
        }
        return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort
        }
    }
}

package dev.ovstub.bench.server;

import dev.ovstub.bench.Report;
import dev.ovstub.bench.Stats;
import dev.ovstub.bench.client.Api;
import dev.ovstub.server.OpenViduServerStub;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OpenViduServerStub.close()} while clients hold idle keep-alive connections, as a suite that starts one
 * server per test leaves them: our client and the official 1.8.0 client have each made a session and a token
 * (so each keeps a pooled connection open) when the server is closed. Each run is a new server in this JVM,
 * after a few warm-up runs.
 */
public final class CloseSection {
    private static final double TARGET_MS = 100;

    private CloseSection() {}

    public static void main(String[] args) {
        int runs = Report.quick() ? 10 : 30;
        int warmUp = 3;
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < warmUp + runs; i++) {
            OpenViduServerStub server = OpenViduServerStub.builder().start();
            String url = server.baseUrl().toString();
            try (Api ours = Api.create("ours", url, server.secret());
                 Api official = Api.create("official", url, server.secret())) {
                ours.sessionAndToken();
                official.sessionAndToken();
                long t0 = System.nanoTime();
                server.close();
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i >= warmUp) {
                    millis.add(ms);
                }
            }
        }
        Stats s = Stats.of(millis);
        Report r = new Report("server-close");
        r.line("`OpenViduServerStub.close()` (plain HTTP, recording off) right after our client and the official 1.8.0")
                .line("client have each created a session and a token, so that each holds an idle keep-alive connection;")
                .line(Stats.f("%d runs in one JVM after %d warm-up runs, each on a new server.", runs, warmUp))
                .line("")
                .line("| | median | min | max |")
                .line("|---|---:|---:|---:|")
                .line(Stats.f("| close() | %.1f ms | %.1f ms | %.1f ms |", s.median(), s.min(), s.max()))
                .line("");
        r.write();
        Report.target("Server: close() with idle keep-alive connections of ours and the official client",
                "≤ 100 ms, worst run", Stats.f("%.1f ms median, worst %.1f", s.median(), s.max()), "—", "—",
                s.max() <= TARGET_MS);
    }
}

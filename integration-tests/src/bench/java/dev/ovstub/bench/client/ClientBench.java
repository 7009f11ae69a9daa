package dev.ovstub.bench.client;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Client calls against one embedded server (plain HTTP, fake recorder) in the same JVM: ours, the official
 * 1.8.0 client and bare HttpClient 5. Run by {@link ClientSection} (SampleTime, 1 and 8 threads, -prof gc).
 *
 * <p>Besides JMH's own figures, each call's allocation on the calling thread is counted
 * ({@code getCurrentThreadAllocatedBytes}): the client's own allocation, whereas {@code gc.alloc.rate.norm} also
 * holds the in-process server's. Written to {@code <bench.out>/client-alloc-t<threads>.tsv}.
 */
public class ClientBench {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"ours", "official", "bare"})
        public String impl;

        OpenViduServerStub server;
        Api api;
        final LongAdder allocBytes = new LongAdder();
        final LongAdder calls = new LongAdder();

        @Setup(Level.Trial)
        public void start() {
            server = BenchServers.withFakeRecorder();
            api = Api.create(impl, server.baseUrl().toString(), server.secret());
        }

        @TearDown(Level.Trial)
        public void stop(BenchmarkParams params) throws IOException {
            if (calls.sum() > 0) {
                String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
                String row = name + "\t" + impl + "\t" + params.getThreads() + "\t"
                        + (allocBytes.sum() / (double) calls.sum()) + "\n";
                Path out = Path.of(System.getProperty("bench.out", "bench/out"), "client-alloc-t" + params.getThreads() + ".tsv");
                Files.writeString(out, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            api.close();
            BenchServers.close(server);
        }
    }

    /** A session with a publisher for each thread (one recording at a time per session), and allocation counters. */
    @State(Scope.Thread)
    public static class PerThread {
        String sessionId;
        long allocBytes;
        long calls;

        @Setup(Level.Trial)
        public void join(Server s) {
            try (io.openvidu.java.client.OpenVidu setup = new io.openvidu.java.client.OpenVidu(
                    s.server.baseUrl().toString(), s.server.secret())) {
                io.openvidu.java.client.Session session = setup.createSession();
                s.server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
                sessionId = session.getSessionId();
            }
        }

        @Setup(Level.Iteration)
        public void reset() {
            allocBytes = 0;
            calls = 0;
        }

        @TearDown(Level.Iteration)
        public void collect(Server s, IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                s.allocBytes.add(allocBytes);
                s.calls.add(calls);
            }
        }
    }

    @Benchmark
    public String sessionAndToken(Server s, PerThread t) {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        String token = s.api.sessionAndToken();
        t.allocBytes += THREADS.getCurrentThreadAllocatedBytes() - a0;
        t.calls++;
        return token;
    }

    /** start, stop, get, delete (delete keeps the server's state the same from one call to the next). */
    @Benchmark
    public String recordingCycle(Server s, PerThread t) {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        String id = s.api.startRecording(t.sessionId);
        s.api.stopRecording(id);
        String status = s.api.getRecording(id);
        s.api.deleteRecording(id);
        t.allocBytes += THREADS.getCurrentThreadAllocatedBytes() - a0;
        t.calls++;
        return status;
    }
}

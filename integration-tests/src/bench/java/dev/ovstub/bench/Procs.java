package dev.ovstub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Child processes for the whole-process figures: launching, reading /proc. */
public final class Procs {
    private Procs() {}

    /** The java launcher of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path: the bench classes and every test dependency. */
    public static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** VmRSS of a process in KiB, or -1 if it is gone. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
    public static final int CLK_TCK = 100;

    /**
     * Parses the fields of a /proc/pid/stat line after the command name: index 0 is field 3 (state).
     */
    public static String[] statFields(String statLine) {
        return statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    /** cutime + cstime (CPU of waited-for children) of a stat line, in seconds. */
    public static double childrenCpuSeconds(String statLine) {
        String[] f = statFields(statLine);
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) CLK_TCK;
    }

    /** A started process whose output lines are collected and can be waited for. */
    public static final class Child implements AutoCloseable {
        public final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<Void> eof = new CompletableFuture<>();

        public Child(List<String> command, Path workDir) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            process = pb.start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                        all.add(l);
                    }
                } catch (IOException ignored) {
                    // gone
                } finally {
                    eof.complete(null);
                }
            }, "bench-child-output");
            t.setDaemon(true);
            t.start();
        }

        /** Waits for an output line matching {@code p}; fails with the output so far if none comes in time. */
        public String await(Predicate<String> p, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                long left = deadline - System.nanoTime();
                String l = lines.poll(Math.max(1, left), TimeUnit.NANOSECONDS);
                if (l != null && p.test(l)) {
                    return l;
                }
                if (l == null && (System.nanoTime() >= deadline || (eof.isDone() && lines.isEmpty()))) {
                    throw new IllegalStateException("expected output not seen; output:\n" + String.join("\n", output()));
                }
            }
        }

        public List<String> output() {
            synchronized (all) {
                return new ArrayList<>(all);
            }
        }

        /** Waits for the process to exit and its output to end; returns the exit code. */
        public int waitFor(long timeoutMillis) throws InterruptedException {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("process did not exit in time; output:\n" + String.join("\n", output()));
            }
            try {
                eof.get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // output end not seen
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

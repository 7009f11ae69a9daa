package dev.ovstub.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's runnable jar started as a user would: {@code java -D... -jar openvidu-server-stub-<version>.jar},
 * on a free port ({@code -Dserver.port=0}) read back from its log line. Closing sends SIGTERM and, past a bound,
 * kills it. {@link #restart()} starts it again with the same settings, hence on the same recordings folder.
 */
public final class JarServer implements AutoCloseable {
    /** {@code OpenVidu stub server listening on https://localhost:PORT (port PORT)}. */
    private static final Pattern LISTENING =
            Pattern.compile("OpenVidu stub server listening on (\\S+) \\(port (\\d+)\\)");
    private static final Duration START_BOUND = Duration.ofSeconds(40);
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path recordingPath;
    private Process process;
    private Output output;
    private String baseUrl;
    private int port;

    private JarServer(Builder b) {
        this.properties = new LinkedHashMap<>(b.properties);
        this.environment = new LinkedHashMap<>(b.environment);
        this.recordingPath = b.recordingPath;
    }

    /** Defaults: {@code server.port=0}; everything else is the jar's own default unless set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The runnable jar, from the {@code ovstub.server.jar} system property set by the pom. */
    public static Path jar() {
        String path = System.getProperty("ovstub.server.jar");
        if (path == null) {
            throw new IllegalStateException("system property ovstub.server.jar is not set (run the tests through Maven)");
        }
        Path jar = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the server's runnable jar " + jar + " does not exist: run "
                    + "'mvn install -DskipTests -pl openvidu-java-client,openvidu-server-stub' first");
        }
        return jar;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> command(Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar().toString());
        return cmd;
    }

    private static ProcessBuilder processBuilder(Map<String, String> properties, Map<String, String> environment) {
        ProcessBuilder pb = new ProcessBuilder(command(properties)).redirectErrorStream(true);
        // A clean environment for the OpenVidu names, whatever the machine running the tests has set.
        pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("openvidu")
                || k.toLowerCase(java.util.Locale.ROOT).startsWith("server"));
        pb.environment().putAll(environment);
        return pb;
    }

    /** Starts the jar and returns once it logged its port; fails with its output if it exits or takes too long. */
    public JarServer start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running on port " + port);
        }
        try {
            process = processBuilder(properties, environment).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command(properties), e);
        }
        output = new Output(process);
        try {
            Matcher m = output.listening.get(START_BOUND.toSeconds(), TimeUnit.SECONDS);
            baseUrl = m.group(1);
            port = Integer.parseInt(m.group(2));
        } catch (TimeoutException e) {
            String out = output.text();
            kill();
            throw new AssertionError("the jar did not log its port within " + START_BOUND.toSeconds() + " s:\n" + out);
        } catch (ExecutionException e) {
            throw new AssertionError("the jar exited before listening (" + e.getCause().getMessage() + "):\n"
                    + output.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while starting the jar", e);
        }
        return this;
    }

    /** Stops (SIGTERM) and starts again with the same properties and environment: the same recordings folder. */
    public JarServer restart() {
        close();
        return start();
    }

    /** E.g. {@code https://localhost:41234}, as the jar logged it. */
    public String baseUrl() {
        requireRunning();
        return baseUrl;
    }

    public int port() {
        requireRunning();
        return port;
    }

    public Path recordingPath() {
        return recordingPath;
    }

    public String secret() {
        return properties.getOrDefault("openvidu.secret", environment.getOrDefault("openvidu.secret",
                environment.getOrDefault("OPENVIDU_SECRET", "MY_SECRET")));
    }

    /** Everything the jar printed so far (standard output and error). */
    public String output() {
        return output == null ? "" : output.text();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit status of the last run, once it has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
    }

    /** SIGTERM, a bounded wait for a clean exit (active recordings are finished), then SIGKILL. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                kill();
            }
            output.finished.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } catch (ExecutionException | TimeoutException e) {
            // the output reader is a daemon; nothing more to collect
        }
    }

    /**
     * SIGKILL to the jar alone, as a crash would: its children (recorders) are left to notice by themselves.
     * Returns the children it had.
     */
    public List<ProcessHandle> crash() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return children;
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the jar expecting it to exit by itself (a start-up failure), within a bound. */
    public static Exit runToExit(Map<String, String> properties, Map<String, String> environment, Duration bound) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.putAll(properties);
        Process p;
        try {
            p = processBuilder(props, environment).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Output out = new Output(p);
        try {
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the jar did not exit within " + bound.toSeconds() + " s:\n" + out.text());
            }
            out.finished.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            // keep what was read
        }
        return new Exit(p.exitValue(), out.text());
    }

    /** How a jar run ended. */
    public record Exit(int status, String output) {}

    /** Reads the process output on a daemon thread, completing {@code listening} at the port line. */
    private static final class Output {
        final CompletableFuture<Matcher> listening = new CompletableFuture<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        Output(Process p) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (text) {
                            text.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (!listening.isDone() && m.find()) {
                            listening.complete(m);
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                } finally {
                    listening.completeExceptionally(new IllegalStateException("output ended"));
                    finished.complete(null);
                }
            }, "jar-output-" + p.pid());
            t.setDaemon(true);
            t.start();
            p.onExit().thenRun(() -> listening.completeExceptionally(
                    new IllegalStateException("exit status " + p.exitValue())));
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path recordingPath;

        private Builder() {
            properties.put("server.port", "0");
        }

        /** A {@code -Dname=value} flag. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** An environment variable of the jar's process. */
        public Builder env(String name, String value) {
            environment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** {@code -Dopenvidu.recording=true -Dopenvidu.recording.path=<folder>}, small and fast recordings. */
        public Builder recording(Path folder) {
            recordingPath = folder.toAbsolutePath();
            property("openvidu.recording", "true");
            property("openvidu.recording.path", recordingPath.toString());
            property("openvidu.recording.resolution", "640x360");
            return this;
        }

        public Builder freeAccess(boolean freeAccess) {
            return property("openvidu.recording.free-access", String.valueOf(freeAccess));
        }

        public JarServer build() {
            return new JarServer(this);
        }

        public JarServer start() {
            return build().start();
        }
    }
}

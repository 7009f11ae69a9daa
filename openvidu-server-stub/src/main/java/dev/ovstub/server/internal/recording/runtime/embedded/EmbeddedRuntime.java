package dev.ovstub.server.internal.recording.runtime.embedded;

import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import dev.ovstub.server.internal.recording.runtime.StandbyRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default runtime: each recorder runs in a child JVM started from the server's own class path, with the
 * recording-container environment. A child rather than a thread because the recorder drives native FFmpeg code:
 * a native crash in a child fails one recording instead of taking the server down, and a child can always be
 * killed. The child also stops itself, finishing its file, when the server's end of its standard input closes,
 * so even a server killed with SIGKILL leaves no recorder running.
 */
public final class EmbeddedRuntime implements RecorderRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);
    static final String MAIN_CLASS = "dev.ovstub.server.internal.recorder.RecorderMain";
    static final String STANDBY_CLASS = "dev.ovstub.server.internal.recorder.RecorderStandby";
    /** A system property on a standby recorder's command line. */
    public static final String STANDBY_MARK = "ovstub.recorder=standby";

    private final String javaExecutable;
    private final String classPath;
    private final List<String> jvmOptions;
    private final java.util.Map<String, String> extraEnvironment;
    /** The recorder's class-data archive, or null when none is used. */
    private final ClassDataArchive archive;
    /** Where the recorders' output lines go (recording id, line): the log, or a test's sink. */
    private final BiConsumer<String, String> recorderOutput;
    private final Set<ChildRecorder> running = ConcurrentHashMap.newKeySet();
    /** Standby recorders not given a recording yet. */
    private final Set<Process> standing = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The recorder as {@link RecorderJvm} starts it, from this JVM's java and class path. */
    public EmbeddedRuntime() {
        this(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                RecorderJvm.recorderClassPath(System.getProperty("java.class.path")));
    }

    private EmbeddedRuntime(String javaExecutable, String classPath) {
        this(javaExecutable, classPath, RecorderJvm.OPTIONS, RecorderJvm.ENVIRONMENT, defaultOutput(),
                ClassDataArchive.forLaunch(javaExecutable, classPath, RecorderJvm.OPTIONS));
    }

    EmbeddedRuntime(String javaExecutable, String classPath, List<String> jvmOptions) {
        this(javaExecutable, classPath, jvmOptions, defaultOutput());
    }

    EmbeddedRuntime(String javaExecutable, String classPath, List<String> jvmOptions,
                    BiConsumer<String, String> recorderOutput) {
        this(javaExecutable, classPath, jvmOptions, java.util.Map.of(), recorderOutput, null);
    }

    private EmbeddedRuntime(String javaExecutable, String classPath, List<String> jvmOptions,
                            java.util.Map<String, String> extraEnvironment, BiConsumer<String, String> recorderOutput,
                            ClassDataArchive archive) {
        this.javaExecutable = javaExecutable;
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraEnvironment = java.util.Map.copyOf(extraEnvironment);
        this.recorderOutput = recorderOutput;
        this.archive = archive;
    }

    private static BiConsumer<String, String> defaultOutput() {
        return (recordingId, line) -> LoggerFactory.getLogger("dev.ovstub.recorder." + recordingId).info("{}", line);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public void prepare() {
        try {
            Class.forName(MAIN_CLASS, false, EmbeddedRuntime.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the embedded recorder is missing from the class path (" + MAIN_CLASS + ")", e);
        }
    }

    @Override
    public RecorderProcess launch(RecorderLaunch launch) throws IOException {
        if (closed) {
            throw new IOException("the embedded runtime is closed");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmOptions);
        ClassDataArchive.Use cds = archive == null ? ClassDataArchive.Use.NONE : archive.forChild();
        command.addAll(cds.options());
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnvironment);
        pb.environment().putAll(launch.environment(launch.outputFolder().toString()));
        pb.redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            if (archive != null) archive.childExited(cds, null);
            throw e;
        }
        ChildRecorder child = new ChildRecorder(launch.recordingId(), process, SecretMask.of(launch.layoutUrl()),
                recorderOutput);
        running.add(child);
        child.exit().whenComplete((code, error) -> {
            running.remove(child);
            if (archive != null) archive.childExited(cds, code);
        });
        if (closed) {
            // close() ran while this child was starting: it must not outlive the runtime.
            child.kill();
            throw new IOException("the embedded runtime closed while the recorder was launching");
        }
        LOG.debug("Recorder for {} launched as pid {}", launch.recordingId(), process.pid());
        return child;
    }

    /**
     * A child JVM that loads the recorder and FFmpeg now and waits on its standard input for its recording's
     * environment ({@code RecorderStandby}).
     */
    @Override
    public java.util.Optional<StandbyRecorder> standby() throws IOException {
        if (closed) {
            throw new IOException("the embedded runtime is closed");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmOptions);
        // Named before the long class path, so that ps (and a test) can tell a waiting recorder apart.
        command.add("-D" + STANDBY_MARK);
        command.add("-cp");
        command.add(classPath);
        command.add(STANDBY_CLASS);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnvironment);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        standing.add(process);
        process.onExit().thenRun(() -> standing.remove(process));
        if (closed) {
            process.destroyForcibly();
            throw new IOException("the embedded runtime closed while the standby recorder was launching");
        }
        LOG.debug("Standby recorder launched as pid {}", process.pid());
        return java.util.Optional.of(new StandbyRecorder() {
            @Override
            public RecorderProcess start(RecorderLaunch launch) throws IOException {
                if (!process.isAlive() || closed) {
                    throw new IOException("the standby recorder (pid " + process.pid() + ") is gone");
                }
                try {
                    OutputStream stdin = process.getOutputStream();
                    stdin.write(dev.ovstub.server.internal.recorder.RecorderStandby.line(
                            launch.environment(launch.outputFolder().toString())).getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                } catch (IOException e) {
                    standing.remove(process);
                    process.destroyForcibly();
                    throw e;
                }
                standing.remove(process);
                ChildRecorder child = new ChildRecorder(launch.recordingId(), process, SecretMask.of(launch.layoutUrl()),
                        recorderOutput);
                running.add(child);
                child.exit().whenComplete((code, error) -> running.remove(child));
                LOG.debug("Standby recorder pid {} records {}", process.pid(), launch.recordingId());
                return child;
            }

            @Override
            public void discard() {
                standing.remove(process);
                try {
                    process.getOutputStream().close(); // end of input: it exits, having recorded nothing
                } catch (IOException ignored) {
                    // already gone
                }
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        });
    }

    /** Kills any child still running: used at shutdown after the service has stopped what it could. */
    @Override
    public void close() {
        closed = true;
        for (ChildRecorder child : running) {
            child.kill();
        }
        for (Process p : standing) {
            p.destroyForcibly();
        }
    }

    private static final class ChildRecorder implements RecorderProcess {
        private final String recordingId;
        private final Process process;
        private final SecretMask mask;
        private final BiConsumer<String, String> output;
        private final CompletableFuture<Integer> exit;

        ChildRecorder(String recordingId, Process process, SecretMask mask, BiConsumer<String, String> output) {
            this.recordingId = recordingId;
            this.process = process;
            this.mask = mask;
            this.output = output;
            this.exit = process.onExit().thenApply(Process::exitValue);
            Thread pump = new Thread(this::pumpOutput, "recorder-log-" + recordingId);
            pump.setDaemon(true);
            pump.start();
        }

        /** Forwards the child's output to our log, one line at a time, the secret masked in every form. */
        private void pumpOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.accept(recordingId, mask.apply(line));
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void requestStop() {
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write("q\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                stdin.close();
            } catch (IOException e) {
                LOG.debug("Recorder {} stdin already closed: {}", recordingId, e.toString());
            }
        }

        @Override
        public void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String describe() {
            return "pid " + process.pid();
        }
    }
}

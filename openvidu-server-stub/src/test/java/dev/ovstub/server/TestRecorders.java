package dev.ovstub.server;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A recorder runtime for tests: each recorder is a thread that writes a real file ({@code launch.outputFile()}),
 * a header soon after launch and more bytes over time, and exits 0 when asked to stop. Behaviours for error
 * paths are queued with {@link #next(Behaviour)}; the default is {@link Behaviour#NORMAL}.
 *
 * <p>A shared test fixture (in the server's test-jar): other modules reach it through its public members, and
 * {@link #installIn} is the one supported way for them to give a server this runtime. It lives in the server's
 * package because the builder's {@code recorders(...)} hook is package-private on purpose (its types are
 * internal), and it is the server module's own code: no other module places classes in this package.
 */
public final class TestRecorders implements RecorderRuntime {
    static final byte[] HEADER = "....ftypisom-test-recorder\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRAILER = "moov-finished\n".getBytes(StandardCharsets.US_ASCII);
    /** How long the one stream of a 2.x INDIVIDUAL archive lasts (its manifest, not the probe, gives the duration). */
    static final double INDIVIDUAL_SECONDS = 5.0;

    public enum Behaviour {
        /** Writes soon after launch, more over time, finishes its file and exits 0 on stop. */
        NORMAL,
        /** Like NORMAL but does not write anything until {@link TestRecorder#allowWriting()}. */
        WAITS_BEFORE_WRITING,
        /** Never writes anything; exits only when killed. */
        NEVER_WRITES,
        /** Exits with code 3 before writing anything. */
        EXITS_BEFORE_WRITING,
        /** Writes, but ignores stop requests: exits only when killed. */
        IGNORES_STOP,
        /** Writes, and exits with code 2 when asked to stop. */
        FAILS_ON_STOP,
        /** Like NORMAL but, once asked to stop, finishes its file only after {@link TestRecorder#allowFinishing()}. */
        WAITS_BEFORE_FINISHING,
        /** The launch itself throws. */
        LAUNCH_THROWS,
        /**
         * Costs nothing: writes its whole (finished) file during the launch, in the caller's thread, and exits 0 as
         * soon as it is asked to stop. No thread, and not tracked ({@link #launches()}, {@link #recorder}), so that
         * a benchmark's many start/stop cycles measure the HTTP API and the clients, not the recorder.
         */
        INSTANT
    }

    private final ConcurrentLinkedQueue<Behaviour> queued = new ConcurrentLinkedQueue<>();
    private final Behaviour usual;
    private final Map<String, TestRecorder> byId = new ConcurrentHashMap<>();
    private final List<RecorderLaunch> launches = new CopyOnWriteArrayList<>();
    private final Set<TestRecorder> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile double probedDuration = 5.0;
    private volatile Long probedSizeOverride;

    /** Recorders that behave {@link Behaviour#NORMAL}ly unless told otherwise with {@link #next}. */
    public TestRecorders() {
        this(Behaviour.NORMAL);
    }

    private TestRecorders(Behaviour usual) {
        this.usual = usual;
    }

    /** Recorders that are all {@link Behaviour#INSTANT} unless told otherwise with {@link #next}: for benchmarks. */
    public static TestRecorders instant() {
        return new TestRecorders(Behaviour.INSTANT);
    }

    /** The next launch behaves like this (then as usual again). */
    public TestRecorders next(Behaviour behaviour) {
        queued.add(behaviour);
        return this;
    }

    /** The duration the probe reports for finished files. */
    TestRecorders probedDuration(double seconds) {
        this.probedDuration = seconds;
        return this;
    }

    /** A size the probe reports instead of the file's own (to test 64-bit sizes). */
    TestRecorders probedSize(long size) {
        this.probedSizeOverride = size;
        return this;
    }

    /** Gives the server being built this runtime and its probe (instead of the embedded recorder and FFmpeg's). */
    public OpenViduServerStub.Builder installIn(OpenViduServerStub.Builder builder) {
        Function<ServerConfig, RecorderRuntime> runtimes = config -> this;
        Supplier<MediaProbe> probes = this::probe;
        return builder.recorders(runtimes, probes);
    }

    /** Like a real probe, it reads only finished files: those ending with {@link #TRAILER}. */
    MediaProbe probe() {
        return file -> {
            long size = Files.size(file);
            if (!isFinished(file)) {
                throw new IOException("not a finished test recording (no trailer): " + file.getFileName());
            }
            Long override = probedSizeOverride;
            return MediaInfo.of(override != null ? override : size, probedDuration, false, true);
        };
    }

    static boolean isFinished(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length >= TRAILER.length
                && java.util.Arrays.equals(bytes, bytes.length - TRAILER.length, bytes.length, TRAILER, 0, TRAILER.length);
    }

    /**
     * The recorder launched for a recording, waiting up to 5 s for its launch: a recording is visible as
     * {@code starting} a moment before its recorder is launched (its metadata is written first).
     */
    public TestRecorder recorder(String recordingId) {
        dev.ovstub.server.testing.Await.await(() -> byId.containsKey(recordingId), java.time.Duration.ofSeconds(5),
                "a recorder launched for " + recordingId + " (launched: " + byId.keySet() + ")");
        return byId.get(recordingId);
    }

    List<RecorderLaunch> launches() {
        return List.copyOf(launches);
    }

    /** Recorders whose thread has not exited yet. */
    int runningCount() {
        return running.size();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public void prepare() {
        // nothing to check
    }

    @Override
    public RecorderProcess launch(RecorderLaunch launch) throws IOException {
        Behaviour behaviour = queued.poll();
        if (behaviour == null) {
            behaviour = usual;
        }
        if (behaviour == Behaviour.INSTANT) {
            return instantRecorder(launch);
        }
        launches.add(launch);
        if (behaviour == Behaviour.LAUNCH_THROWS) {
            throw new IOException("test runtime told to fail the launch");
        }
        TestRecorder recorder = new TestRecorder(launch, behaviour);
        byId.put(launch.recordingId(), recorder);
        running.add(recorder);
        recorder.exit().whenComplete((code, error) -> running.remove(recorder));
        recorder.thread.start();
        return recorder;
    }

    private static RecorderProcess instantRecorder(RecorderLaunch launch) throws IOException {
        try (OutputStream out = Files.newOutputStream(launch.outputFile(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(HEADER);
            out.write(TRAILER);
        }
        archiveIfIndividual(launch, INDIVIDUAL_SECONDS);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        return new RecorderProcess() {
            @Override public CompletableFuture<Integer> exit() { return exit; }
            @Override public void requestStop() { exit.complete(0); }
            @Override public void kill() { exit.complete(137); }
            @Override public String describe() { return "instant test recorder " + launch.recordingId(); }
        };
    }

    @Override
    public void close() {
        closed = true;
        for (TestRecorder r : running) {
            r.kill();
        }
    }

    /** One recorder thread. */
    public static final class TestRecorder implements RecorderProcess {
        final RecorderLaunch launch;
        final Behaviour behaviour;
        final Thread thread;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final CountDownLatch mayWrite = new CountDownLatch(1);
        private final CountDownLatch mayFinish = new CountDownLatch(1);
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private final CountDownLatch killed = new CountDownLatch(1);
        private volatile Integer exitByItself;
        final AtomicLong bytesWritten = new AtomicLong();

        TestRecorder(RecorderLaunch launch, Behaviour behaviour) {
            this.launch = launch;
            this.behaviour = behaviour;
            if (behaviour != Behaviour.WAITS_BEFORE_WRITING) {
                mayWrite.countDown();
            }
            if (behaviour != Behaviour.WAITS_BEFORE_FINISHING) {
                mayFinish.countDown();
            }
            this.thread = new Thread(this::run, "test-recorder-" + launch.recordingId());
            thread.setDaemon(true);
        }

        /** For WAITS_BEFORE_WRITING: lets it write its first bytes (so that start can complete). */
        public void allowWriting() {
            mayWrite.countDown();
        }

        /** For WAITS_BEFORE_FINISHING: lets it finish its file once asked to stop. */
        void allowFinishing() {
            mayFinish.countDown();
        }

        /** Makes the recorder exit on its own with this code, as if it had crashed. */
        void exitByItself(int code) {
            exitByItself = code;
            killed.countDown(); // wakes the loop
        }

        boolean stopWasRequested() {
            return stopRequested.getCount() == 0;
        }

        private void run() {
            int code;
            try {
                code = record();
            } catch (Throwable e) {
                code = 99;
            }
            exit.complete(code);
        }

        private int record() throws IOException, InterruptedException {
            switch (behaviour) {
                case EXITS_BEFORE_WRITING:
                    return 3;
                case NEVER_WRITES:
                    killed.await();
                    return exitCode(137);
                default:
                    break;
            }
            while (!mayWrite.await(5, TimeUnit.MILLISECONDS)) {
                if (killed.getCount() == 0) {
                    return exitCode(137);
                }
            }
            Path file = launch.outputFile();
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                write(out, HEADER);
                int frame = 0;
                while (true) {
                    if (killed.await(10, TimeUnit.MILLISECONDS)) {
                        return exitCode(137);
                    }
                    if (stopRequested.getCount() == 0 && behaviour != Behaviour.IGNORES_STOP && mayFinish.getCount() == 0) {
                        if (behaviour == Behaviour.FAILS_ON_STOP) {
                            return 2;
                        }
                        write(out, TRAILER);
                        out.close();
                        archiveIfIndividual(launch, INDIVIDUAL_SECONDS);
                        return 0;
                    }
                    write(out, ("frame " + frame++ + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        }

        private int exitCode(int killedCode) {
            Integer own = exitByItself;
            return own != null ? own : killedCode;
        }

        private void write(OutputStream out, byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            bytesWritten.addAndGet(bytes.length);
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void requestStop() {
            stopRequested.countDown();
        }

        @Override
        public void kill() {
            killed.countDown();
        }

        @Override
        public String describe() {
            return "test thread " + thread.getName() + " (" + behaviour + ")";
        }
    }

    /**
     * A 2.x INDIVIDUAL recording's output is a ZIP archive with a manifest (what the server reads at the stop): the
     * file written so far becomes its one stream file, published for {@code seconds} from the start.
     */
    static void archiveIfIndividual(RecorderLaunch launch, double seconds) {
        if (!"zip".equals(launch.videoFormat())) return;
        try {
            Path zip = launch.outputFile();
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(launch.recordingJson() == null ? "{}" : launch.recordingJson());
            String stream = "str_CAM_TEST_" + launch.recordingId().replaceAll("[^A-Za-z0-9_]", "_");
            Path media = zip.resolveSibling(stream + ".webm");
            Files.move(zip, media, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            dev.ovstub.server.internal.recorder.IndividualManifest m = new dev.ovstub.server.internal.recorder.IndividualManifest(
                    new dev.ovstub.server.internal.recorder.IndividualManifest.Header(json.path("createdAt").asLong(),
                            launch.recordingId(), launch.videoName(), json.path("sessionId").asText(null)),
                    List.of(new dev.ovstub.server.internal.recorder.IndividualManifest.StreamFile(media.getFileName().toString(),
                            "con_TEST", stream, Files.size(media), "", "", true, true, "CAMERA", 0,
                            Math.round(seconds * 1000))));
            m.writeArchive(zip, zip.getParent());
            Files.delete(media);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("test recorder: cannot write the INDIVIDUAL archive", e);
        }
    }
}

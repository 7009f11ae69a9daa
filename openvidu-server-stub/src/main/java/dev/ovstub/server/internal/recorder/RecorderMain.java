package dev.ovstub.server.internal.recorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder program, with the OpenVidu 1.8 recording-container contract (see {@link RecorderEnv}
 * and the recorder contract in {@code docs/ARCHITECTURE.md}).
 *
 * <ul>
 *   <li>Records {@code <RECORDINGS_PATH>/<VIDEO_NAME>.mp4} from the layout state behind {@code URL};
 *       the file exists and is non-empty once recording has started. A 2.x recording (its {@code RECORDING_JSON})
 *       may ask for {@code <VIDEO_NAME>.webm} (audio only) or {@code <VIDEO_NAME>.zip} (INDIVIDUAL: empty until the
 *       stop, then the stream files and their manifest).</li>
 *   <li>Stops on a {@code q} line on standard input, on end of standard input (the parent died),
 *       on {@code q} in {@code STOP_FILE}, or on SIGTERM; then finishes the file (index at the
 *       front), gives it to {@code USER_ID} when running as root, and exits 0.</li>
 *   <li>With {@code S3_BUCKET} (and {@code S3_KEY}), uploads the finished file to that bucket, then removes it
 *       ({@link RecordingUpload}).</li>
 *   <li>Exit 2: invalid configuration (the message on standard error names the variable).
 *       Exit 1: the recording failed (the reason on standard error). Exit 3: the file is finished but its upload
 *       failed; it stays in the recordings folder.</li>
 * </ul>
 */
public final class RecorderMain {
    private static final Logger log = LoggerFactory.getLogger(RecorderMain.class);

    /** Exit code: the file is finished. */
    public static final int EXIT_OK = 0;
    /** Exit code: recording failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: invalid configuration. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code: the file is finished, but its upload failed (it is kept in the recordings folder). */
    public static final int EXIT_UPLOAD_FAILED = 3;

    /** How often an INDIVIDUAL recorder polls the layout state (a composed one: every 200 ms). */
    static final int INDIVIDUAL_POLL_MILLIS = 40;

    private RecorderMain() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.in, true));
    }

    /**
     * Runs the recorder until stopped; returns the exit code.
     *
     * @param installShutdownHook finish the file on SIGTERM (the program does; in-JVM callers need not)
     */
    static int run(Map<String, String> env, InputStream stdin, boolean installShutdownHook) {
        RecorderEnv cfg;
        RecordingUpload upload;
        try {
            cfg = RecorderEnv.parse(env);
            upload = RecordingUpload.fromEnvironment(env);
        } catch (RecorderEnv.ConfigException e) {
            System.err.println("recorder: invalid configuration: " + e.getMessage());
            return EXIT_CONFIG;
        }
        Path out = cfg.outputFile();
        // Load FFmpeg while the rest starts up (the layout poller, Java2D): a cold start is ~1 s each.
        Thread preload = new Thread(() -> {
            try {
                Ffmpeg.requireH264Encoder(Mp4Encoder.VIDEO_CODEC);
            } catch (RuntimeException | LinkageError e) {
                // reported by the recorder's start
            }
        }, "ovstub-recorder-preload");
        preload.setDaemon(true);
        preload.start();
        log.info("Recorder for {}: {}x{} @ {} fps into {}", cfg.url(), cfg.width(), cfg.height(), cfg.frameRate(), out);
        if (cfg.recordingJson() != null) log.debug("Recording JSON: {}", cfg.recordingJson());

        CompletableFuture<String> stopSignal = new CompletableFuture<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = null;
        if (installShutdownHook) {
            hook = new Thread(() -> {
                stopSignal.complete("termination signal");
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ovstub-recorder-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        watchStdin(stdin, stopSignal);
        ScheduledExecutorService stopFileWatch = cfg.stopFile() == null ? null : watchStopFile(cfg.stopFile(), stopSignal);

        int code;
        // INDIVIDUAL: a stream's file starts and ends at the first frame that sees it published or gone, so the
        // layout is polled more often there (every 40 ms on the local loop costs next to nothing).
        try (HttpLayoutSource layout = cfg.individual() == null ? HttpLayoutSource.start(cfg.url())
                : HttpLayoutSource.start(cfg.url(), java.time.Duration.ofMillis(INDIVIDUAL_POLL_MILLIS))) {
            code = record(cfg, layout, stopSignal);
            if (code == EXIT_OK && upload != null) {
                String failure = upload.upload(out, cfg.individual(), contentType(cfg.videoFormat()));
                if (failure != null) {
                    System.err.println("recorder: " + failure);
                    code = EXIT_UPLOAD_FAILED;
                }
            }
        } finally {
            if (stopFileWatch != null) stopFileWatch.shutdownNow();
            finished.countDown();
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the file is finished
            }
        }
        return code;
    }

    private static int record(RecorderEnv cfg, LayoutSource layout, CompletableFuture<String> stopSignal) {
        Path out = cfg.outputFile();
        RecorderConfig.Builder b = RecorderConfig.builder(out, layout)
                .size(cfg.width(), cfg.height()).frameRate(cfg.frameRate()).tracks(cfg.hasAudio(), cfg.hasVideo());
        if (cfg.individual() != null) b.individual(cfg.individual());
        GridRecorder rec = new GridRecorder(b.build());
        try {
            rec.start();
        } catch (RuntimeException e) {
            System.err.println("recorder: cannot start recording " + out + ": " + e.getMessage());
            log.debug("start failure", e);
            return EXIT_FAILED;
        }
        try {
            CompletableFuture.anyOf(stopSignal, rec.termination()).join();
        } catch (RuntimeException failed) {
            // the recording failed by itself: reported by stop() below
        }
        if (stopSignal.isDone()) log.info("Stopping {}: {}", out.getFileName(), stopSignal.join());
        try {
            rec.stop();
        } catch (RuntimeException e) {
            System.err.println("recorder: recording " + out + " failed: " + e.getMessage());
            return EXIT_FAILED;
        }
        if (cfg.userId() != null) giveTo(out, cfg.userId());
        try {
            log.info("Finished {} ({} bytes, {} s)", out, Files.size(out), rec.recordedDuration().toMillis() / 1000.0);
        } catch (IOException e) {
            System.err.println("recorder: " + out + " is gone after recording: " + e.getMessage());
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    private static String contentType(String videoFormat) {
        switch (videoFormat) {
            case "webm": return "video/webm";
            case "zip": return "application/zip";
            default: return "video/mp4";
        }
    }

    /** Gives the file to {@code uid} when running as root (as the 1.8 container does). */
    static void giveTo(Path file, int uid) {
        try {
            if (!runningAsRoot()) {
                log.debug("Not root: leaving {} to its current owner", file);
                return;
            }
            Files.setAttribute(file, "unix:uid", uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            log.warn("Cannot give {} to uid {}: {}", file, uid, e.toString());
        }
    }

    private static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void watchStdin(InputStream stdin, CompletableFuture<String> stopSignal) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.trim().equals("q")) {
                        stopSignal.complete("'q' on standard input");
                        return;
                    }
                }
                stopSignal.complete("end of standard input");
            } catch (IOException e) {
                stopSignal.complete("standard input unreadable (" + e.getMessage() + ")");
            }
        }, "ovstub-recorder-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static ScheduledExecutorService watchStopFile(Path stopFile, CompletableFuture<String> stopSignal) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ovstub-recorder-stopfile");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                if (Files.isRegularFile(stopFile) && Files.size(stopFile) < 4096
                        && Files.readString(stopFile, StandardCharsets.ISO_8859_1).indexOf('q') >= 0) {
                    stopSignal.complete("'q' in STOP_FILE");
                }
            } catch (IOException e) {
                // not there yet, or being written: look again
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        return s;
    }
}

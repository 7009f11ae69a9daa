package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a session's publishers into one MP4 (H.264 + AAC, index at the front): in the 1.8 BEST_FIT grid or,
 * when the layout state says {@code "geometry": "OPENVIDU_2"}, in the OpenVidu 2.x layout it names (see
 * {@link FrameComposer}). Usable in-process; {@link RecorderMain} wraps it as the recorder program. Without
 * {@link RecorderConfig#hasVideo() video} it records the mixed audio alone into a WebM file (Opus), and without
 * {@link RecorderConfig#hasAudio() audio} the MP4 has no audio track. With
 * {@link RecorderConfig#individual()} it records each published stream on its own ({@link IndividualStreams}),
 * on the same clock.
 *
 * <h2>Two modes</h2>
 * <ul>
 *   <li>Real time: {@link #start()} then {@link #stop()}. Frame {@code k} is due at
 *       {@code start + k / fps}. When rendering falls behind (a start of other recorders on a busy
 *       machine, a stall), the late slots are still rendered, one after the other without waiting,
 *       as long as the oldest is at most {@link RecorderConfig#catchUpMillis()} behind the wall
 *       clock: what a slot shows depends only on its media time (the synthetic cameras, the media
 *       files) and on the layout, which is read when the slot is rendered, so a slot rendered late
 *       can show a layout change up to that window early. Beyond the window the oldest late slots
 *       are skipped (counted in {@link #framesSkipped()}): frame numbers are always the slots', so
 *       the media timeline follows the wall clock (the file lasts as long as the recording did, to
 *       within one frame). At the stop, late slots still pending are skipped but the last one, so
 *       the stop is not delayed and the file still ends at the stop. Audio is written up to the
 *       end of each frame's slot, so it follows the same clock.</li>
 *   <li>Offline: {@link #renderOffline(Duration)} writes {@code duration * fps} frames as fast as
 *       possible (benchmarks, deterministic tests with {@link ScriptedLayoutSource}).</li>
 * </ul>
 * One instance records once.
 *
 * <h2>Media cameras</h2>
 * A publisher whose {@link Publisher#media() media} is a readable file or an http(s) URL shows that
 * video in its tile (see {@link FrameComposer}): looped, following the media time of the
 * recording. Live, it is decoded on a thread of its own and never makes the recording wait (a late
 * decoder skips source frames, its tile holds the last picture); offline, each frame waits for the
 * picture due, so the output is reproducible. A media that cannot be used is logged once and the
 * tile stays synthetic. The audio of media files is not used: each publisher keeps its tone. A browser's live stream is
 * mixed with its own audio ({@link LiveAudio}).
 */
public final class GridRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridRecorder.class);

    private final RecorderConfig config;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final int fps;
    private final int sampleRate;
    private volatile Thread loop;
    private boolean used;

    // owned by the recording thread once started
    private MediaEncoder encoder;
    private FrameComposer composer;
    /** INDIVIDUAL: the streams' files instead of the grid (then encoder and composer stay null). */
    private IndividualStreams individual;
    private AudioMixer mixer;
    private ByteBuffer frameBuffer;
    private short[] audioScratch;
    private LayoutState lastState;
    private List<Publisher> shown;
    private LayoutState.Geometry shownGeometry;
    private OpenViduLayoutGeometry.Layout shownLayout;
    private volatile long framesWritten;
    private volatile long framesSkipped;
    private volatile long maxLagFrames;
    private volatile long lastFrame = -1;
    private volatile int layoutChanges;

    public GridRecorder(RecorderConfig config) {
        this.config = config;
        this.fps = config.frameRate();
        this.sampleRate = config.audioSampleRate();
    }

    /**
     * Loads the FFmpeg natives and Java2D (about a second together on a cold JVM) so that a later
     * {@link #start()} is quick. Optional; safe to call from any thread, any number of times.
     */
    public static void preload() {
        Ffmpeg.requireH264Encoder(Mp4Encoder.VIDEO_CODEC);
        new FrameComposer(16, 16).layout(List.of(Publisher.of("preload")));
    }

    public RecorderConfig config() {
        return config;
    }

    public Path output() {
        return config.output();
    }

    /**
     * Opens the file, writes the first frame and starts recording in real time on a thread of its
     * own. Returns once the file exists and is not empty (INDIVIDUAL: at once; its archive is written once the
     * first layout state from the server has been drawn).
     *
     * @throws RecorderException if the encoder or the file cannot be opened
     */
    public synchronized void start() {
        begin();
        waitForMedia(false);
        long t0 = System.nanoTime();
        try {
            renderFrame(0);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
        if (individual == null) {
            awaitNonEmpty(); // INDIVIDUAL: its archive appears once the server's first layout state is drawn
        }
        loop = new Thread(() -> runRealTime(t0), "ovstub-recorder-" + config.output().getFileName());
        loop.setDaemon(false);
        loop.start();
        log.info("Recording {} ({}x{} @ {} fps)", config.output(), config.width(), config.height(), fps);
    }

    /**
     * Stops a real-time recording and finishes the file. Blocks until the file is complete
     * (the last fragment is written and the index appended; nothing already written is moved).
     * Idempotent.
     *
     * @throws RecorderException if the recording failed (the message says why)
     */
    public void stop() {
        stopRequested.countDown();
        Thread t;
        synchronized (this) {
            t = loop;
        }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    /**
     * Writes {@code duration} worth of frames (rounded to whole frames) as fast as possible, then
     * finishes the file. Instead of {@link #start()}; the layout source is asked with the media time
     * of each frame.
     */
    public synchronized void renderOffline(Duration duration) {
        long frames = Math.max(1, Math.round(duration.toNanos() / 1e9 * fps));
        begin();
        waitForMedia(true);
        try {
            for (long k = 0; k < frames; k++) renderFrame(k);
            finishFile();
            termination.complete(null);
        } catch (RuntimeException e) {
            abort();
            termination.completeExceptionally(e);
            throw e;
        }
    }

    /** Completes when the recording has ended and the file is finished; exceptionally if it failed. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /** True between {@link #start()} and the end of the recording. */
    public boolean isRunning() {
        Thread t = loop;
        return t != null && t.isAlive();
    }

    /** Frames written so far. */
    public long framesWritten() {
        return framesWritten;
    }

    /** Frame slots skipped because rendering was late. */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** The furthest behind the wall clock the recording fell, in frame slots (real time). */
    public long maxLagFrames() {
        return maxLagFrames;
    }

    /** Number of times the grid was laid out again. */
    public int layoutChanges() {
        return layoutChanges;
    }

    /** Media time written so far: end of the last frame's slot. */
    public Duration recordedDuration() {
        return Duration.ofNanos((lastFrame + 1) * 1_000_000_000L / fps);
    }

    /** Stops the recording if it runs (see {@link #stop()}). */
    @Override
    public void close() {
        if (loop != null) {
            stop();
        } else if ((encoder != null || individual != null) && !termination.isDone()) {
            abort();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void begin() {
        if (used) throw new IllegalStateException("a GridRecorder records once");
        used = true;
        Path out = config.output();
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new RecorderException("output folder does not exist: " + dir);
        }
        shown = List.of();
        shownGeometry = LayoutState.Geometry.GRID_1_8;
        shownLayout = OpenViduLayoutGeometry.Layout.BEST_FIT;
        if (config.individual() != null) {
            individual = new IndividualStreams(config);
            individual.begin();
            return;
        }
        if (config.hasVideo()) {
            composer = new FrameComposer(config.width(), config.height());
            frameBuffer = ByteBuffer.allocateDirect(composer.frameBytes());
        }
        mixer = new AudioMixer(sampleRate, config.hasAudio());
        audioScratch = new short[4800];
        // 2.x: audio only is a WebM file of the mixed audio (no grid is drawn at all).
        encoder = config.hasVideo() ? new Mp4Encoder(out, config) : new WebmEncoder(out, config, true, false);
        encoder.open();
    }

    private void runRealTime(long t0) {
        Throwable failure = null;
        try {
            long k = 1;
            long maxLag = (long) config.catchUpMillis() * fps / 1000;
            while (true) {
                long due = t0 + k * 1_000_000_000L / fps;
                long wait = due - System.nanoTime();
                if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) break;
                if (stopRequested.getCount() == 0) break;
                long slot = (System.nanoTime() - t0) * fps / 1_000_000_000L;
                if (slot - k > maxLagFrames) maxLagFrames = slot - k;
                long oldest = slot - maxLag;
                if (oldest > k) {
                    framesSkipped += oldest - k;
                    k = oldest;
                }
                renderFrame(k);
                k++;
            }
            // Late slots still pending at the stop: skip them but the current one, so the file ends now.
            long slot = (System.nanoTime() - t0) * fps / 1_000_000_000L;
            if (slot > k) {
                framesSkipped += slot - k;
                renderFrame(slot);
            }
        } catch (InterruptedException e) {
            failure = new RecorderException("recording thread interrupted", e);
        } catch (Throwable e) {
            failure = e;
        }
        if (failure == null) {
            try {
                finishFile();
                log.info("Recorded {}: {} frames ({} skipped), {} s, at most {} ms behind the wall clock",
                        config.output(), framesWritten, framesSkipped, recordedDuration().toMillis() / 1000.0,
                        maxLagFrames * 1000 / fps);
                termination.complete(null);
            } catch (Throwable e) {
                termination.completeExceptionally(e);
            }
        } else {
            log.error("Recording {} failed: {}", config.output(), failure.toString());
            // Try to keep what was recorded so far playable.
            if (composer != null) composer.close();
            if (individual != null) {
                individual.abort();
            } else {
                try {
                    encoder.finish();
                } catch (Throwable ignored) {
                    encoder.release();
                }
            }
            termination.completeExceptionally(failure);
        }
    }

    private void renderFrame(long k) {
        long mediaMicros = k * 1_000_000L / fps;
        LayoutState state = lastState;
        try {
            state = config.layoutSource().current(mediaMicros);
        } catch (RuntimeException e) {
            log.debug("layout source failed; keeping the last layout", e);
        }
        if (individual != null) {
            individual.frame(k, state);
            lastFrame = k;
            framesWritten++;
            return;
        }
        if (state != null && state != lastState) {
            lastState = state;
            // The layout name matters only to the 2.x geometry.
            OpenViduLayoutGeometry.Layout layout = state.geometry() == LayoutState.Geometry.OPENVIDU_2
                    ? OpenViduLayoutGeometry.Layout.named(state.layout()) : OpenViduLayoutGeometry.Layout.BEST_FIT;
            if (!state.publishers().equals(shown) || state.geometry() != shownGeometry || layout != shownLayout) {
                shown = state.publishers();
                shownGeometry = state.geometry();
                shownLayout = layout;
                if (composer != null) composer.layout(shownGeometry, shownLayout, shown, mediaMicros);
                mixer.setPublishers(shown);
                layoutChanges++;
                log.debug("Layout of {}: {} publishers", config.output().getFileName(), shown.size());
            }
        }
        if (composer != null) {
            composer.compose(mediaMicros, frameBuffer);
            encoder.writeVideo(k, frameBuffer);
        }
        encoder.writeAudioUpTo((k + 1) * sampleRate / fps, mixer, audioScratch);
        lastFrame = k;
        framesWritten++;
    }

    private void finishFile() {
        if (individual != null) {
            individual.finish(lastFrame + 1);
            return;
        }
        if (composer != null) composer.close();
        mixer.close();
        encoder.finish();
    }

    private void abort() {
        if (composer != null) composer.close();
        if (mixer != null) mixer.close();
        if (encoder != null) encoder.release();
        if (individual != null) individual.abort();
    }

    private void waitForMedia(boolean wait) {
        if (composer != null) composer.waitForMedia(wait);
        if (individual != null) individual.waitForMedia(wait);
    }

    /** INDIVIDUAL: the number of streams recorded so far (0 for a composed recording). */
    public int streamsRecorded() {
        return individual == null ? 0 : individual.streams();
    }

    private void awaitNonEmpty() {
        Path out = config.output();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            while (Files.size(out) == 0) {
                if (System.nanoTime() > deadline) {
                    log.warn("{} is still empty after its first frame", out);
                    return;
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            abort();
            throw new RecorderException("output file not created: " + out, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        if (!termination.isCompletedExceptionally()) return;
        try {
            termination.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RecorderException re) throw new RecorderException(re.getMessage(), re);
            throw new RecorderException("recording failed: " + c, c);
        }
    }
}

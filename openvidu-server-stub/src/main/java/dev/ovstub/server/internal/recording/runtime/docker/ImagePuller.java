package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the recorder image is present locally, pulling it with its progress in the log when it is not. */
final class ImagePuller {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);
    /** At most one progress line per this interval. */
    static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final EngineClients engine;

    ImagePuller(EngineClients engine) {
        this.engine = engine;
    }

    /**
     * Returns once {@code image:tag} is present. Throws {@link IllegalStateException} with the engine's reason when
     * the pull fails or takes longer than {@code timeout}.
     */
    void ensurePresent(String image, String tag, Duration timeout) {
        String ref = image + ":" + tag;
        if (present(ref)) {
            LOG.debug("Recorder image {} is present", ref);
            return;
        }
        LOG.info("Recorder image {} is not present: pulling it (this can take a while; the official image is about 800 MB)", ref);
        long t0 = System.nanoTime();
        Progress progress = new Progress(ref);
        try {
            engine.streams().pullImageCmd(image).withTag(tag).exec(progress);
            if (!progress.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(progress);
                throw new IllegalStateException("Cannot pull recorder image " + ref + ": not done within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(progress);
            throw new IllegalStateException("Interrupted while pulling recorder image " + ref, e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("Cannot pull")) {
                throw e;
            }
            throw new IllegalStateException("Cannot pull recorder image " + ref + ": " + EngineErrors.reason(e), e);
        }
        if (progress.error != null) {
            throw new IllegalStateException("Cannot pull recorder image " + ref + ": " + progress.error);
        }
        if (!present(ref)) {
            throw new IllegalStateException("Cannot pull recorder image " + ref
                    + ": the engine reported no error but the image is still missing");
        }
        LOG.info("Recorder image {} pulled in {} s", ref, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    private boolean present(String ref) {
        try {
            engine.calls().inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void closeQuietly(ResultCallback<?> callback) {
        try {
            callback.close();
        } catch (Exception ignored) {
            // giving up on this pull anyway
        }
    }

    /** Sums per-layer progress and logs it, throttled; remembers the first error the engine streams back. */
    static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
        private final String ref;
        private final Map<String, long[]> layers = new LinkedHashMap<>();
        private long lastLog = System.nanoTime() - PROGRESS_EVERY_NANOS;
        private String lastStatus = "";
        volatile String error;

        Progress(String ref) {
            this.ref = ref;
        }

        @Override
        public synchronized void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                ResponseItem.ErrorDetail detail = item.getErrorDetail();
                String why = detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
                if (error == null) {
                    error = why == null ? "unknown error" : why;
                }
                return;
            }
            String status = item.getStatus() != null ? item.getStatus() : item.getStream();
            if (item.getId() != null && item.getProgressDetail() != null) {
                ResponseItem.ProgressDetail p = item.getProgressDetail();
                long[] layer = layers.computeIfAbsent(item.getId(), k -> new long[2]);
                if (p.getTotal() != null && p.getTotal() > 0 && "Downloading".equals(status)) {
                    layer[0] = p.getCurrent() == null ? 0 : p.getCurrent();
                    layer[1] = p.getTotal();
                }
                if ("Download complete".equals(status) || "Pull complete".equals(status) || "Already exists".equals(status)) {
                    layer[0] = layer[1];
                }
            }
            long now = System.nanoTime();
            if (now - lastLog >= PROGRESS_EVERY_NANOS) {
                lastLog = now;
                LOG.info("Pulling {}: {}", ref, summary(status));
            } else if (status != null && item.getId() == null && !status.isBlank() && !status.equals(lastStatus)) {
                LOG.info("Pulling {}: {}", ref, status.trim());
            }
            if (status != null && item.getId() == null) {
                lastStatus = status;
            }
        }

        private String summary(String status) {
            long current = 0;
            long total = 0;
            for (long[] layer : layers.values()) {
                current += layer[0];
                total += layer[1];
            }
            if (total == 0) {
                return status == null ? "waiting" : status.trim();
            }
            return String.format("%d of %d MB, %d layer(s)", current >> 20, total >> 20, layers.size());
        }

        @Override
        public void onError(Throwable throwable) {
            if (error == null) {
                error = EngineErrors.reason(throwable);
            }
            // Not super.onError: it logs a stack trace at ERROR; the reason is reported once, by ensurePresent.
            closeQuietly(this);
        }
    }
}

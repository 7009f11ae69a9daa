package dev.ovstub.server.internal.mediaplane;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browsers' media, one worker process per session: a crash in native WebRTC code costs that session's browser
 * streams, never the server or other sessions. A session's worker starts with its first browser publish or
 * subscription (about a second: a JVM and libwebrtc's natives) and ends with the session.
 *
 * <p>Nothing here blocks its caller: the signalling calls it from socket threads and under the session layer's
 * lock. Workers start on a thread of their own (sessions in parallel), commands are written by each worker's own
 * sender thread, a close waits for its process there too, and every answer is bounded by {@link #ANSWER_BOUND}.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPlane.class);
    private static final Duration START_BOUND = Duration.ofSeconds(30);
    /** The longest wait for a worker's SDP answer (libwebrtc answers in about 150 ms). */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(15);

    /** What a stream's worker says of it. Called on the worker's event thread: implementations only queue. */
    public interface StreamListener {
        /** One of the worker's ICE candidates, for the browser. */
        void candidate(String candidate, String sdpMid, int sdpMLineIndex);

        /** The first decoded picture, or a change of size. */
        default void video(int width, int height) {}

        /** The connection failed or closed, or the worker died. */
        default void ended(String reason) {}
    }

    /** A publish answered: the SDP answer and where the recorder finds the stream's pictures. */
    public record Published(String sdpAnswer, String liveMedia) {}

    /** Each session's worker, started (or starting). */
    private final Map<String, CompletableFuture<MediaWorker>> workers = new ConcurrentHashMap<>();
    private final ExecutorService starts = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ovstub-media-start");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** Answers a browser's offer for {@code stream} of {@code sessionId}; fails if the worker cannot. */
    public CompletableFuture<Published> publish(String sessionId, String stream, String offer, StreamListener listener) {
        return withWorker(sessionId, w -> w.publish(stream, offer, listener)
                .thenApply(answer -> new Published(answer, w.liveMedia(stream))))
                .orTimeout(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Answers a browser's receive-only offer with {@code source}'s video: another browser's stream of the session
     * ({@code {"stream": S}}) or a simulated participant's camera ({@code {"synthetic": {"id", "metadata",
     * "media"}}}).
     */
    public CompletableFuture<String> subscribe(String sessionId, String subscription, String offer,
                                               Map<String, Object> source, StreamListener listener) {
        return withWorker(sessionId, w -> w.subscribe(subscription, offer, source, listener))
                .orTimeout(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> CompletableFuture<T> withWorker(String sessionId, Function<MediaWorker, CompletableFuture<T>> use) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the server is stopping"));
        }
        CompletableFuture<MediaWorker> worker = workers.compute(sessionId, (id, current) ->
                current != null && (!current.isDone() || current.getNow(null) != null && current.getNow(null).alive())
                        ? current : CompletableFuture.supplyAsync(() -> start(id), starts));
        return worker.thenCompose(use);
    }

    private static MediaWorker start(String sessionId) {
        try {
            return MediaWorker.start(sessionId.replaceAll("[^A-Za-z0-9_-]", "_"), START_BOUND);
        } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    public void candidate(String sessionId, String stream, String candidate, String sdpMid, int sdpMLineIndex) {
        ifStarted(sessionId, w -> w.candidate("stream", stream, candidate, sdpMid, sdpMLineIndex));
    }

    public void subscriptionCandidate(String sessionId, String subscription, String candidate, String sdpMid,
                                      int sdpMLineIndex) {
        ifStarted(sessionId, w -> w.candidate("subscription", subscription, candidate, sdpMid, sdpMLineIndex));
    }

    public void closeStream(String sessionId, String stream) {
        ifStarted(sessionId, w -> w.close("stream", stream));
    }

    public void closeSubscription(String sessionId, String subscription) {
        ifStarted(sessionId, w -> w.close("subscription", subscription));
    }

    private void ifStarted(String sessionId, java.util.function.Consumer<MediaWorker> action) {
        CompletableFuture<MediaWorker> w = workers.get(sessionId);
        if (w != null) {
            w.thenAccept(action);
        }
    }

    /** The session ended: its worker goes, even one still starting (it is stopped once started). */
    public void closeSession(String sessionId) {
        CompletableFuture<MediaWorker> w = workers.remove(sessionId);
        if (w != null) {
            w.thenAcceptAsync(worker -> {
                worker.close();
                LOG.info("Media worker of session {} stopped", sessionId);
            }, starts);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<MediaWorker> w : workers.values()) {
            w.thenAccept(MediaWorker::close);
        }
        workers.clear();
        starts.shutdown();
    }
}

package dev.ovstub.server.internal.mediaplane;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browsers' media, one worker process per session: a crash in native WebRTC code costs that session's browser
 * streams, never the server or other sessions. A session's worker starts with its first browser publish (about a
 * second: a JVM and libwebrtc's natives) and ends with the session.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPlane.class);
    private static final Duration START_BOUND = Duration.ofSeconds(30);

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

    private final Map<String, MediaWorker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Answers a browser's offer for {@code stream} of {@code sessionId}; fails if the worker cannot. */
    public CompletableFuture<Published> publish(String sessionId, String stream, String offer, StreamListener listener) {
        MediaWorker worker;
        try {
            worker = workerOf(sessionId);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return worker.publish(stream, offer, listener).thenApply(answer -> new Published(answer, worker.liveMedia(stream)));
    }

    /**
     * Answers a browser's receive-only offer with {@code source}'s video: another browser's stream of the session
     * ({@code {"stream": S}}) or a simulated participant's camera ({@code {"synthetic": {"id", "metadata",
     * "media"}}}).
     */
    public CompletableFuture<String> subscribe(String sessionId, String subscription, String offer,
                                               Map<String, Object> source, StreamListener listener) {
        try {
            return workerOf(sessionId).subscribe(subscription, offer, source, listener);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public void candidate(String sessionId, String stream, String candidate, String sdpMid, int sdpMLineIndex) {
        MediaWorker w = workers.get(sessionId);
        if (w != null) {
            w.candidate("stream", stream, candidate, sdpMid, sdpMLineIndex);
        }
    }

    public void subscriptionCandidate(String sessionId, String subscription, String candidate, String sdpMid,
                                      int sdpMLineIndex) {
        MediaWorker w = workers.get(sessionId);
        if (w != null) {
            w.candidate("subscription", subscription, candidate, sdpMid, sdpMLineIndex);
        }
    }

    public void closeStream(String sessionId, String stream) {
        MediaWorker w = workers.get(sessionId);
        if (w != null) {
            w.close("stream", stream);
        }
    }

    public void closeSubscription(String sessionId, String subscription) {
        MediaWorker w = workers.get(sessionId);
        if (w != null) {
            w.close("subscription", subscription);
        }
    }

    /** The session ended: its worker goes. */
    public void closeSession(String sessionId) {
        MediaWorker w = workers.remove(sessionId);
        if (w != null) {
            w.close();
            LOG.info("Media worker of session {} stopped", sessionId);
        }
    }

    private MediaWorker workerOf(String sessionId) throws IOException {
        if (closed) {
            throw new IOException("the server is stopping");
        }
        synchronized (workers) {
            MediaWorker w = workers.get(sessionId);
            if (w != null && w.alive()) {
                return w;
            }
            w = MediaWorker.start(sessionId.replaceAll("[^A-Za-z0-9_-]", "_"), START_BOUND);
            workers.put(sessionId, w);
            return w;
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.values().forEach(MediaWorker::close);
        workers.clear();
    }
}

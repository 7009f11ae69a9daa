package dev.ovstub.server.internal.mediaplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.internal.media.MediaContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media worker process (a child JVM running {@code MediaWorkerMain}) and the streams it receives. Commands go
 * down its standard input, events come up its standard output ({@link MediaContract}); its standard error goes to
 * our log (logger {@code dev.ovstub.media.<name>}). If it dies (a native crash), every stream it held ends.
 */
final class MediaWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final OutputStream commands;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, MediaPlane.StreamListener> listeners = new ConcurrentHashMap<>();
    /** Writes the commands: a worker that stops reading blocks this thread, never a caller. */
    private final java.util.concurrent.ExecutorService writer;

    private MediaWorker(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = process.getOutputStream();
        this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ovstub-media-commands-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a worker and waits, within {@code bound}, until it serves pictures. */
    static MediaWorker start(String name, Duration bound) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms16m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-cp", System.getProperty("java.class.path"),
                "dev.ovstub.server.internal.media.MediaWorkerMain"));
        Process p = new ProcessBuilder(command).start();
        MediaWorker w = new MediaWorker(name, p);
        w.readEvents();
        w.forwardErrors();
        p.onExit().thenRun(w::died);
        try {
            w.port.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            w.close();
            throw new IOException("the media worker did not start within " + bound.toSeconds() + " s"
                    + (p.isAlive() ? "" : " (it exited with " + p.exitValue() + ")"), e);
        }
        LOG.info("Media worker {} started (pid {}), pictures on port {}", name, p.pid(), w.port.join());
        return w;
    }

    /** Where the recorder gets a stream's pictures: a layout state {@code media} value. */
    String liveMedia(String stream) {
        return dev.ovstub.server.internal.recorder.LiveFrames.PREFIX + "http://127.0.0.1:" + port.join() + MediaContract.FRAMES_PATH + stream;
    }

    /** Legs (the worker's peer connections) are keyed by kind and id: a published stream, or a subscription. */
    private static String leg(String kind, String id) {
        return kind + ":" + id;
    }

    CompletableFuture<String> publish(String stream, String offer, MediaPlane.StreamListener listener) {
        return open(leg("stream", stream), listener, Map.of("op", "publish", "stream", stream, "offer", offer));
    }

    /** @param source {@code {"stream": S}} or {@code {"synthetic": {"id", "metadata", "media"}}} ({@link MediaContract}) */
    CompletableFuture<String> subscribe(String subscription, String offer, Map<String, Object> source,
                                        MediaPlane.StreamListener listener) {
        return open(leg("subscription", subscription), listener,
                Map.of("op", "subscribe", "subscription", subscription, "offer", offer, "source", source));
    }

    private CompletableFuture<String> open(String leg, MediaPlane.StreamListener listener, Map<String, Object> command) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(leg, answer);
        listeners.put(leg, listener);
        send(command);
        return answer;
    }

    /** @param kind {@code stream} or {@code subscription} */
    void candidate(String kind, String id, String candidate, String sdpMid, int sdpMLineIndex) {
        send(Map.of("op", "candidate", kind, id, "candidate", candidate, "sdpMid", sdpMid == null ? "" : sdpMid,
                "sdpMLineIndex", sdpMLineIndex));
    }

    /** @param kind {@code stream} or {@code subscription} */
    void close(String kind, String id) {
        String leg = leg(kind, id);
        listeners.remove(leg);
        CompletableFuture<String> pending = answers.remove(leg);
        if (pending != null) {
            pending.completeExceptionally(new IOException("closed before it was answered"));
        }
        send(Map.of("op", "close", kind, id));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Queues a command: written by the worker's own writer thread, in order, never by the caller. */
    private void send(Map<String, Object> command) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            writer.execute(() -> {
                try {
                    commands.write(line);
                    commands.flush();
                } catch (IOException e) {
                    if (!closing) {
                        LOG.warn("Media worker {}: {} not sent, the worker is gone: {}", name, command.get("op"), e.toString());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            LOG.debug("Media worker {}: {} not sent, the worker is closed", name, command.get("op"));
        }
    }

    private void readEvents() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith(MediaContract.EVENT_PREFIX)) {
                        LOG.debug("Media worker {} (native): {}", name, line); // libwebrtc's own output
                        continue;
                    }
                    try {
                        event(JSON.readTree(line.substring(MediaContract.EVENT_PREFIX.length())));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Media worker {}: unreadable event {}: {}", name, line, e.toString());
                    }
                }
            } catch (IOException e) {
                LOG.debug("Media worker {}: events ended: {}", name, e.toString());
            }
        }, "ovstub-media-events-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void forwardErrors() {
        Logger log = LoggerFactory.getLogger("dev.ovstub.media." + name);
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.info("{}", line);
                }
            } catch (IOException ignored) {
                // the worker is gone
            }
        }, "ovstub-media-log-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void event(JsonNode e) {
        String stream = e.has("subscription") ? leg("subscription", e.path("subscription").asText())
                : leg("stream", e.path("stream").asText());
        MediaPlane.StreamListener listener = listeners.get(stream);
        switch (e.path("op").asText()) {
            case "ready" -> port.complete(e.path("port").asInt());
            case "answer" -> complete(stream, e.path("sdp").asText(), null);
            case "error" -> complete(stream, null, e.path("message").asText());
            case "candidate" -> {
                if (listener != null) {
                    listener.candidate(e.path("candidate").asText(), e.path("sdpMid").asText(), e.path("sdpMLineIndex").asInt());
                }
            }
            case "video" -> {
                if (listener != null) {
                    listener.video(e.path("width").asInt(), e.path("height").asInt());
                }
            }
            case "ended" -> {
                if (listener != null) {
                    listener.ended(e.path("reason").asText());
                }
            }
            default -> LOG.debug("Media worker {}: unknown event {}", name, e);
        }
    }

    private void complete(String stream, String sdp, String error) {
        CompletableFuture<String> f = answers.remove(stream);
        if (f == null) {
            return;
        }
        if (error == null) {
            f.complete(sdp);
        } else {
            f.completeExceptionally(new IOException(error));
        }
    }

    private void died() {
        int code = process.exitValue();
        if (!port.isDone()) {
            port.completeExceptionally(new IOException("exited with " + code));
        }
        boolean expected = closing;
        if (!expected) {
            LOG.warn("Media worker {} exited with {}: its browser streams end, the server goes on", name, code);
        }
        answers.forEach((s, f) -> f.completeExceptionally(new IOException("the media worker exited with " + code)));
        answers.clear();
        listeners.forEach((s, l) -> l.ended("the media worker exited with " + code));
        listeners.clear();
    }

    private volatile boolean closing;

    /** Ends the worker: end of its input (it exits by itself), then at most 2 s before it is killed. Blocks. */
    @Override
    public void close() {
        closing = true;
        writer.execute(() -> {
            try {
                commands.close();
            } catch (IOException ignored) {
                // gone already
            }
        });
        writer.shutdown();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

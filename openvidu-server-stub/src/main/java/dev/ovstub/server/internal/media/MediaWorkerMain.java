package dev.ovstub.server.internal.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The media worker program ({@link MediaContract}): answers browsers' offers with libwebrtc, receives their video
 * (VP8 only: the only codecs offered back are those that decode here, and H.264 does not), and serves each stream's
 * latest picture. Audio is negotiated (Opus) but not used yet.
 *
 * <p>Every decoded frame is copied into a packed YUV420P picture and released at once (libwebrtc hands the sink a
 * frame that holds one reference; in webrtc-java 0.14 {@code toI420()} of a native buffer is the same buffer, not
 * another reference, so only the frame is released).
 */
public final class MediaWorkerMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = System.out;

    private final PeerConnectionFactory factory;
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    private MediaWorkerMain(PeerConnectionFactory factory) {
        this.factory = factory;
    }

    public static void main(String[] args) throws Exception {
        // Never the platform's audio device: without a sound server libwebrtc aborts the JVM.
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        MediaWorkerMain worker = new MediaWorkerMain(factory);
        HttpServer frames = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        frames.createContext(MediaContract.FRAMES_PATH, ex -> {
            try (ex) {
                String stream = ex.getRequestURI().getPath().substring(MediaContract.FRAMES_PATH.length());
                Receiver r = worker.receivers.get(stream);
                Picture p = r == null ? null : r.latest.get();
                if (r == null) {
                    ex.sendResponseHeaders(404, -1);
                } else if (p == null) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    ex.getResponseHeaders().set(MediaContract.WIDTH_HEADER, Integer.toString(p.width));
                    ex.getResponseHeaders().set(MediaContract.HEIGHT_HEADER, Integer.toString(p.height));
                    ex.getResponseHeaders().set(MediaContract.SEQUENCE_HEADER, Long.toString(p.sequence));
                    ex.getResponseHeaders().set(MediaContract.AGE_HEADER,
                            Long.toString((System.nanoTime() - p.decodedAt) / 1_000_000));
                    ex.sendResponseHeaders(200, p.yuv.length);
                    ex.getResponseBody().write(p.yuv);
                }
            }
        });
        frames.start();
        emit(event("ready").put("port", frames.getAddress().getPort()));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    try {
                        worker.command(JSON.readTree(line));
                    } catch (IOException | RuntimeException e) {
                        System.err.println("media worker: command failed: " + e);
                    }
                }
            }
        } finally {
            // The server is gone or asked us to end: nothing to keep.
            worker.receivers.values().forEach(Receiver::close);
            frames.stop(0);
            System.exit(0);
        }
    }

    private void command(JsonNode c) {
        String op = c.path("op").asText();
        String stream = c.path("stream").asText();
        switch (op) {
            case "publish" -> publish(stream, c.path("offer").asText());
            case "candidate" -> {
                Receiver r = receivers.get(stream);
                if (r != null && !c.path("candidate").asText().isEmpty()) {
                    r.pc.addIceCandidate(new RTCIceCandidate(c.path("sdpMid").asText(), c.path("sdpMLineIndex").asInt(),
                            c.path("candidate").asText()));
                }
            }
            case "close" -> {
                Receiver r = receivers.remove(stream);
                if (r != null) {
                    r.close();
                }
            }
            default -> System.err.println("media worker: unknown command " + op);
        }
    }

    private void publish(String stream, String offer) {
        Receiver r = new Receiver(stream);
        receivers.put(stream, r);
        try {
            r.pc = factory.createPeerConnection(new RTCConfiguration(), r);
            await(observer -> r.pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer), observer));
            for (RTCRtpTransceiver t : r.pc.getTransceivers()) {
                MediaStreamTrack track = t.getReceiver().getTrack();
                if (track != null && MediaStreamTrack.VIDEO_TRACK_KIND.equals(track.getKind())) {
                    t.setCodecPreferences(decodable(MediaType.VIDEO));
                }
            }
            CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
            r.pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription description) {
                    answer.complete(description);
                }

                @Override
                public void onFailure(String error) {
                    answer.completeExceptionally(new IllegalStateException(error));
                }
            });
            RTCSessionDescription local = answer.get();
            await(observer -> r.pc.setLocalDescription(local, observer));
            emit(event("answer").put("stream", stream).put("sdp", r.pc.getLocalDescription().sdp));
        } catch (Exception | Error e) {
            // webrtc-java reports a malformed SDP as an Error thrown from the native call: it is the offer's fault.
            receivers.remove(stream, r);
            r.close();
            emit(event("error").put("stream", stream).put("message", "cannot answer the offer: " + rootMessage(e)));
        }
    }

    /** VP8 (with its retransmission and protection formats): what libwebrtc here decodes, in the browser's order. */
    private List<RTCRtpCodecCapability> decodable(MediaType type) {
        return factory.getRtpReceiverCapabilities(type).getCodecs().stream()
                .filter(c -> {
                    String name = c.getName().toUpperCase(Locale.ROOT);
                    return name.equals("VP8") || name.equals("RTX") || name.equals("RED") || name.equals("ULPFEC");
                }).toList();
    }

    private static void await(java.util.function.Consumer<SetSessionDescriptionObserver> call) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        call.accept(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        });
        done.get();
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static ObjectNode event(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    private static void emit(ObjectNode event) {
        String line = MediaContract.EVENT_PREFIX + event.toString();
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }

    /** A decoded picture, packed YUV420P. */
    record Picture(byte[] yuv, int width, int height, long sequence, long decodedAt) {}

    /** One published stream: its peer connection and its latest picture. */
    private static final class Receiver implements PeerConnectionObserver {
        final String stream;
        volatile RTCPeerConnection pc;
        final AtomicReference<Picture> latest = new AtomicReference<>();
        final AtomicLong sequence = new AtomicLong();
        private volatile boolean closed;

        Receiver(String stream) {
            this.stream = stream;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate c) {
            emit(event("candidate").put("stream", stream).put("candidate", c.sdp).put("sdpMid", c.sdpMid)
                    .put("sdpMLineIndex", c.sdpMLineIndex));
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if ((state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) && !closed) {
                emit(event("ended").put("stream", stream).put("reason", state.name().toLowerCase(Locale.ROOT)));
            }
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                video.addSink(this::frame);
            }
        }

        private void frame(VideoFrame frame) {
            try {
                I420Buffer b = frame.buffer.toI420();
                try {
                    int w = b.getWidth() & ~1;
                    int h = b.getHeight() & ~1;
                    byte[] yuv = new byte[w * h * 3 / 2];
                    copyPlane(b.getDataY(), b.getStrideY(), yuv, 0, w, h);
                    copyPlane(b.getDataU(), b.getStrideU(), yuv, w * h, w / 2, h / 2);
                    copyPlane(b.getDataV(), b.getStrideV(), yuv, w * h + w * h / 4, w / 2, h / 2);
                    Picture previous = latest.getAndSet(new Picture(yuv, w, h, sequence.incrementAndGet(), System.nanoTime()));
                    if (previous == null || previous.width != w || previous.height != h) {
                        emit(event("video").put("stream", stream).put("width", w).put("height", h));
                    }
                } finally {
                    if (b != frame.buffer) {
                        b.release();
                    }
                }
            } finally {
                frame.release();
            }
        }

        private static void copyPlane(ByteBuffer src, int stride, byte[] dst, int offset, int w, int h) {
            ByteBuffer s = src.duplicate();
            for (int row = 0; row < h; row++) {
                s.position(row * stride);
                s.get(dst, offset + row * w, w);
            }
        }

        void close() {
            closed = true;
            RTCPeerConnection p = pc;
            if (p != null) {
                p.close();
            }
        }
    }
}

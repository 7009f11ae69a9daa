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
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.ovstub.server.internal.recorder.LiveFrames;
import dev.ovstub.server.internal.recorder.SyntheticCamera;
import dev.ovstub.server.internal.recorder.TileColors;
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
 * latest picture and its recent audio (Opus, decoded by libwebrtc and handed to the track's sink: the headless audio
 * module pulls playout, which is what makes libwebrtc decode received audio at all).
 *
 * <p>Every decoded frame is copied into a packed YUV420P picture and released at once (libwebrtc hands the sink a
 * frame that holds one reference; in webrtc-java 0.14 {@code toI420()} of a native buffer is the same buffer, not
 * another reference, so only the frame is released).
 */
public final class MediaWorkerMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = System.out;

    /** The longest wait for one of libwebrtc's callbacks: past it, the offer is refused, the worker goes on. */
    static final int ANSWER_SECONDS = 10;

    /** Receives browsers' streams: its headless audio module pulls playout, which makes libwebrtc decode audio. */
    private final PeerConnectionFactory factory;
    /**
     * Sends subscriptions: its audio module is libwebrtc's dummy one, which never captures. The headless module
     * would start capturing with the first sending audio stream and feed every such stream from its own thread, and
     * a second feeder (a subscription's source) on another thread is a race libwebrtc aborts the process for.
     */
    private final PeerConnectionFactory sending;
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();

    private MediaWorkerMain(PeerConnectionFactory factory, PeerConnectionFactory sending) {
        this.factory = factory;
        this.sending = sending;
    }

    public static void main(String[] args) throws Exception {
        // Never the platform's audio device: without a sound server libwebrtc aborts the JVM.
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        PeerConnectionFactory sending = new PeerConnectionFactory(new AudioDeviceModule(AudioLayer.kDummyAudio));
        MediaWorkerMain worker = new MediaWorkerMain(factory, sending);
        HttpServer frames = worker.serveMedia();
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
            worker.senders.values().forEach(Sender::close);
            frames.stop(0);
            System.exit(0);
        }
    }

    /**
     * Serves each received stream's latest picture and its recent audio on 127.0.0.1 (see {@link MediaContract}), on
     * a few threads: recorders poll them many times a second.
     */
    private HttpServer serveMedia() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ovstub-media-http");
            t.setDaemon(true);
            return t;
        }));
        http.createContext(MediaContract.FRAMES_PATH, ex -> {
            try (ex) {
                Receiver r = receivers.get(ex.getRequestURI().getPath().substring(MediaContract.FRAMES_PATH.length()));
                Picture p = r == null ? null : r.latest.get();
                if (r == null) {
                    ex.sendResponseHeaders(404, -1);
                } else if (p == null) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    ex.getResponseHeaders().set(LiveFrames.WIDTH_HEADER, Integer.toString(p.width));
                    ex.getResponseHeaders().set(LiveFrames.HEIGHT_HEADER, Integer.toString(p.height));
                    ex.getResponseHeaders().set(LiveFrames.SEQUENCE_HEADER, Long.toString(p.sequence));
                    ex.getResponseHeaders().set(LiveFrames.AGE_HEADER,
                            Long.toString((System.nanoTime() - p.decodedAt) / 1_000_000));
                    ex.sendResponseHeaders(200, p.yuv.length);
                    ex.getResponseBody().write(p.yuv);
                }
            }
        });
        http.createContext(MediaContract.AUDIO_PATH, ex -> {
            try (ex) {
                Receiver r = receivers.get(ex.getRequestURI().getPath().substring(MediaContract.AUDIO_PATH.length()));
                AudioRing.Chunk chunk = r == null ? null : r.audio.since(fromParameter(ex.getRequestURI().getRawQuery()));
                if (r == null) {
                    ex.sendResponseHeaders(404, -1);
                } else if (chunk == null) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    ex.getResponseHeaders().set(LiveFrames.FROM_HEADER, Long.toString(chunk.from()));
                    ex.getResponseHeaders().set(LiveFrames.RATE_HEADER, Integer.toString(chunk.sampleRate()));
                    ex.sendResponseHeaders(200, chunk.pcm().length == 0 ? -1 : chunk.pcm().length);
                    ex.getResponseBody().write(chunk.pcm());
                }
            }
        });
        return http;
    }

    /** The {@code from} query parameter, or -1 (none, or not a number). */
    static long fromParameter(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("from=")) {
                    try {
                        return Long.parseLong(pair.substring(5));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private void command(JsonNode c) {
        String op = c.path("op").asText();
        String stream = c.path("stream").asText();
        String subscription = c.path("subscription").asText();
        switch (op) {
            case "publish" -> publish(stream, c.path("offer").asText());
            case "subscribe" -> subscribe(subscription, c.path("offer").asText(), c.path("source"));
            case "candidate" -> {
                RTCPeerConnection pc = subscription.isEmpty() ? pcOf(receivers.get(stream)) : pcOf(senders.get(subscription));
                if (pc != null && !c.path("candidate").asText().isEmpty()) {
                    pc.addIceCandidate(new RTCIceCandidate(c.path("sdpMid").asText(), c.path("sdpMLineIndex").asInt(),
                            c.path("candidate").asText()));
                }
            }
            case "close" -> {
                Receiver r = stream.isEmpty() ? null : receivers.remove(stream);
                if (r != null) {
                    r.close();
                }
                Sender sender = subscription.isEmpty() ? null : senders.remove(subscription);
                if (sender != null) {
                    sender.close();
                }
            }
            default -> System.err.println("media worker: unknown command " + op);
        }
    }

    private static RTCPeerConnection pcOf(Leg leg) {
        return leg == null ? null : leg.pc;
    }

    /**
     * Answers a browser's receive-only offer with {@code source}'s media (see {@link MediaContract}), a track of each
     * kind the offer asks for: a received stream's latest pictures and its audio, or a simulated participant's camera
     * and tone, pushed by the subscription's own thread ({@link Sender}).
     */
    private void subscribe(String subscription, String offer, JsonNode source) {
        Sender s = new Sender(subscription, source);
        senders.put(subscription, s);
        try {
            s.pc = sending.createPeerConnection(new RTCConfiguration(), s);
            await(observer -> s.pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer), observer));
            String stream = source.path("stream").asText(null);
            Receiver from = stream == null ? null : receivers.get(stream);
            if (stream != null && from == null) {
                throw new IllegalStateException("stream " + stream + " is not received by this worker");
            }
            boolean wantsVideo = false;
            boolean wantsAudio = false;
            for (RTCRtpTransceiver t : s.pc.getTransceivers()) {
                MediaStreamTrack track = t.getReceiver().getTrack();
                if (track != null && MediaStreamTrack.VIDEO_TRACK_KIND.equals(track.getKind())) {
                    wantsVideo = true;
                    t.setCodecPreferences(decodable(sending));
                } else if (track != null && MediaStreamTrack.AUDIO_TRACK_KIND.equals(track.getKind())) {
                    wantsAudio = true;
                }
            }
            // Added after the offer, each track takes the offer's transceiver of its kind.
            List<String> streamIds = List.of("stream-" + subscription);
            if (wantsVideo) {
                s.video = new CustomVideoSource();
                s.pc.addTrack(sending.createVideoTrack("video-" + subscription, s.video), streamIds);
            }
            if (wantsAudio) {
                s.sound = new CustomAudioSource();
                s.pc.addTrack(sending.createAudioTrack("audio-" + subscription, s.sound), streamIds);
            }
            emit(event("answer").put("subscription", subscription).put("sdp", answer(s.pc)));
            s.start(from);
        } catch (Exception | Error e) {
            senders.remove(subscription, s);
            s.close();
            emit(event("error").put("subscription", subscription).put("message", "cannot answer the offer: " + rootMessage(e)));
        }
    }

    /** Creates the answer, sets it as the local description, and returns its SDP. */
    private static String answer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                answer.complete(description);
            }

            @Override
            public void onFailure(String error) {
                answer.completeExceptionally(new IllegalStateException(error));
            }
        });
        RTCSessionDescription local = answer.get(ANSWER_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        await(observer -> pc.setLocalDescription(local, observer));
        return pc.getLocalDescription().sdp;
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
                    t.setCodecPreferences(decodable(factory));
                }
            }
            emit(event("answer").put("stream", stream).put("sdp", answer(r.pc)));
        } catch (Exception | Error e) {
            // webrtc-java reports a malformed SDP as an Error thrown from the native call: it is the offer's fault.
            receivers.remove(stream, r);
            r.close();
            emit(event("error").put("stream", stream).put("message", "cannot answer the offer: " + rootMessage(e)));
        }
    }

    /** VP8 (with its retransmission and protection formats): what libwebrtc here decodes, in the browser's order. */
    private static List<RTCRtpCodecCapability> decodable(PeerConnectionFactory of) {
        return of.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs().stream()
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
        done.get(ANSWER_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
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

    /**
     * One peer connection of the worker: a published stream ({@code kind} {@code stream}) or a subscription. Its
     * candidates and its end are events keyed by its kind and id.
     */
    private abstract static class Leg implements PeerConnectionObserver {
        final String kind;
        final String id;
        volatile RTCPeerConnection pc;
        volatile boolean closed;

        Leg(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate c) {
            emit(event("candidate").put(kind, id).put("candidate", c.sdp).put("sdpMid", c.sdpMid)
                    .put("sdpMLineIndex", c.sdpMLineIndex));
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if ((state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) && !closed) {
                emit(event("ended").put(kind, id).put("reason", state.name().toLowerCase(Locale.ROOT)));
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

    /**
     * One published stream: its peer connection, its latest picture and its recent audio, which the recorder and the
     * subscriptions read. libwebrtc's threads only write them here: they never call into the sending factory.
     */
    private static final class Receiver extends Leg {
        final AtomicReference<Picture> latest = new AtomicReference<>();
        final AtomicLong sequence = new AtomicLong();
        final AudioRing audio = new AudioRing();

        Receiver(String stream) {
            super("stream", stream);
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                video.addSink(this::frame);
            } else if (track instanceof AudioTrack sound) {
                sound.addSink(audio::append);
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
                        emit(event("video").put("stream", id).put("width", w).put("height", h));
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

    }

    /** What a simulated participant's subscription sends: pictures per second (browsers' fake cameras send 20). */
    static final int SEND_FPS = 20;
    /** The size a simulated participant's camera is sent at (its mediaOptions say 640x480). */
    static final int SYNTHETIC_WIDTH = 640;
    static final int SYNTHETIC_HEIGHT = 480;
    /** A simulated participant's tone ({@link TileColors#toneFrequencyFor}, as the recorder mixes it): 48 kHz mono. */
    static final int TONE_RATE = 48_000;
    /** Pushed 10 ms at a time, what libwebrtc's audio path takes. */
    static final int TONE_CHUNK = TONE_RATE / 100;
    /** A quarter of full scale: clearly heard, never clipped. */
    static final double TONE_AMPLITUDE = 0.25 * Short.MAX_VALUE;
    /** The most received audio a subscription pushes at once (10 ms chunks); older is skipped. */
    static final int MAX_BEHIND_CHUNKS = 10;

    /** A simulated participant's tone, 10 ms at a time, 16-bit little-endian mono at {@link #TONE_RATE}. */
    static final class Tone {
        private final double step;
        private final byte[] chunk = new byte[TONE_CHUNK * 2];
        private double phase;

        Tone(double frequency) {
            this.step = 2 * Math.PI * frequency / TONE_RATE;
        }

        /** The next 10 ms (the same array each time: push it before asking again). */
        byte[] next() {
            for (int i = 0; i < TONE_CHUNK; i++) {
                short v = (short) Math.round(Math.sin(phase) * TONE_AMPLITUDE);
                chunk[2 * i] = (byte) v;
                chunk[2 * i + 1] = (byte) (v >> 8);
                phase += step;
            }
            phase %= 2 * Math.PI;
            return chunk;
        }
    }

    /**
     * One subscription: a peer connection whose sources one thread of its own feeds, on one schedule: a received
     * stream's newest picture and its audio as it comes, or a simulated participant's camera and tone. Only this
     * thread ever pushes to them (libwebrtc aborts on two feeders of one audio stream), and libwebrtc's receiving
     * threads never wait for the sending side.
     */
    private static final class Sender extends Leg {
        final JsonNode source;
        volatile CustomVideoSource video;
        volatile CustomAudioSource sound;
        private Thread feeder;

        Sender(String subscription, JsonNode source) {
            super("subscription", subscription);
            this.source = source;
        }

        /** Starts feeding from {@code from} (a received stream), or from the simulated participant when null. */
        void start(Receiver from) {
            feeder = new Thread(() -> feed(from), "ovstub-media-send-" + id);
            feeder.setDaemon(true);
            feeder.start();
        }

        private void feed(Receiver from) {
            JsonNode synthetic = source.path("synthetic");
            String participant = synthetic.path("id").asText("con");
            SyntheticCamera camera = from != null || video == null ? null : new SyntheticCamera(participant,
                    synthetic.path("metadata").asText(""), synthetic.path("media").asText(null), SYNTHETIC_WIDTH,
                    SYNTHETIC_HEIGHT);
            Tone tone = from == null ? new Tone(TileColors.toneFrequencyFor(participant)) : null;
            long lastPicture = -1;
            long heardUpTo = -1;
            long t0 = System.nanoTime();
            long ticksPerPicture = 100 / SEND_FPS;
            try {
                for (long tick = 0; !closed; tick++) {
                    if (video != null && tick % ticksPerPicture == 0) {
                        if (camera != null) {
                            push(camera.pictureAt((System.nanoTime() - t0) / 1000), camera.width(), camera.height());
                        } else if (from != null) {
                            Picture p = from.latest.get();
                            if (p != null && p.sequence != lastPicture) {
                                lastPicture = p.sequence;
                                push(p.yuv, p.width, p.height);
                            }
                        }
                    }
                    CustomAudioSource to = sound;
                    if (to != null && tone != null) {
                        to.pushAudio(tone.next(), 16, TONE_RATE, 1, TONE_CHUNK);
                    } else if (to != null) {
                        heardUpTo = relayAudio(from.audio, heardUpTo, to);
                    }
                    long wait = t0 + (tick + 1) * 10_000_000L - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } else if (wait < -100_000_000L) {
                        t0 -= wait; // far behind (a pause of the process): on from now, no burst of catching up
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } finally {
                if (camera != null) {
                    camera.close();
                }
            }
        }

        /**
         * Pushes the received audio after position {@code from} in whole 10 ms chunks (what libwebrtc's audio path
         * takes) and returns the position after the last one pushed. More than {@link #MAX_BEHIND_CHUNKS} behind, it
         * skips to the newest: a subscriber hears now, not a backlog.
         */
        private static long relayAudio(AudioRing ring, long from, CustomAudioSource to) {
            AudioRing.Chunk c = ring.since(from);
            if (c == null) {
                return from;
            }
            int chunk = c.sampleRate() / 100;
            int samples = c.pcm().length / 2;
            int chunks = samples / chunk;
            int first = Math.max(0, chunks - MAX_BEHIND_CHUNKS);
            for (int k = first; k < chunks; k++) {
                byte[] piece = java.util.Arrays.copyOfRange(c.pcm(), k * chunk * 2, (k + 1) * chunk * 2);
                to.pushAudio(piece, 16, c.sampleRate(), 1, chunk);
            }
            return c.from() + (long) chunks * chunk;
        }

        private void push(byte[] yuv, int w, int h) {
            NativeI420Buffer buffer = NativeI420Buffer.allocate(w, h);
            fillPlane(buffer.getDataY(), buffer.getStrideY(), yuv, 0, w, h);
            fillPlane(buffer.getDataU(), buffer.getStrideU(), yuv, w * h, w / 2, h / 2);
            fillPlane(buffer.getDataV(), buffer.getStrideV(), yuv, w * h + w * h / 4, w / 2, h / 2);
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            try {
                video.pushFrame(frame);
            } finally {
                frame.release();
            }
        }

        private static void fillPlane(ByteBuffer dst, int stride, byte[] src, int offset, int w, int h) {
            ByteBuffer d = dst.duplicate();
            for (int row = 0; row < h; row++) {
                d.position(row * stride);
                d.put(src, offset + row * w, w);
            }
        }

        @Override
        void close() {
            if (feeder != null) {
                feeder.interrupt();
            }
            // The sources are not disposed: the feeder may be pushing a last chunk to one right now, and a disposed
            // source there would crash the worker; a few kilobytes of native state per ended subscription is the
            // price, freed with the session's worker.
            super.close();
        }
    }
}

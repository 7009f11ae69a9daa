package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.internal.recorder.LiveAudioTest.Signals;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.DecodedAudio;
import dev.ovstub.server.testing.Mp4Frames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder that is not on the server's machine, end to end: a real HTTP server plays the server (the layout state
 * at {@code /stub/layout/<session>}, whose publisher's media is the RELATIVE {@code live:../live/<session>/frames/<stream>},
 * and the stream's pictures and audio at {@code /stub/live/...}, all behind Basic auth), and the real recorder
 * ({@link HttpLayoutSource}, {@link GridRecorder}, {@link LiveCamera}, {@link LiveAudio}) records a COMPOSED MP4 of it,
 * read back with real decoders.
 */
class RemoteLiveStreamRecordingTest {
    private static final String SESSION = "ses_Remote1";
    private static final String STREAM = "str_CAM_Rm1_con_remote";
    private static final String PUBLISHER = "con_remote";
    /** Characters that need percent-encoding in a URL: {@code @ / space : % # ?} and a non-ASCII letter. */
    private static final String SECRET = "s3cr@t/ x:%41#?\u00e9";
    private static final String EXPECTED_AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8));

    /** The stream's picture: solid magenta, BT.601 limited range (RGB 255, 0, 255). */
    private static final int PICTURE_W = 160;
    private static final int PICTURE_H = 90;
    private static final int MAGENTA_Y = 106;
    private static final int MAGENTA_U = 202;
    private static final int MAGENTA_V = 222;
    private static final int MAGENTA_RGB = 0xff00ff;

    /** The stream's audio: a 997 Hz sine (never one of the synthetic tones, which are semitones from 220 to 831 Hz). */
    private static final int AUDIO_RATE = 48_000;
    private static final double VOICE_HZ = 997;
    private static final double VOICE_AMPLITUDE = 8000;

    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = new FakeServer();
    }

    @AfterEach
    void closeAll() throws Exception {
        Exception first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        server.close();
        if (first != null) throw first;
    }

    @Test
    void aRemoteRecorderDrawsAndMixesTheServersLiveStreamFetchedWithTheLayoutsCredentialsAtTheResolvedUrl()
            throws Exception {
        Set<Thread> liveThreadsBefore = liveThreads();
        Path out = dir.resolve("remote-live.mp4");
        HttpLayoutSource layout = open(HttpLayoutSource.start(LayoutUrl.parse(
                LayoutUrl.build(server.baseUrl(), "layout-best-fit", SESSION, SECRET))));
        Await.until(() -> HttpLayoutSourceTest.ids(layout).equals(List.of(PUBLISHER)), WAIT,
                () -> "the layout state with the remote publisher; requests so far: " + server.requests);
        assertThat(layout.current(0).publishers().get(0).media()).as("the relative media, resolved")
                .startsWith(LiveFrames.PREFIX + "http://")
                .endsWith("@127.0.0.1:" + server.port() + "/stub/live/" + SESSION + "/frames/" + STREAM);

        GridRecorder rec = open(new GridRecorder(RecorderConfig.builder(out, layout).size(WIDTH, HEIGHT).build()));
        rec.start();
        Await.await(() -> rec.recordedDuration().toMillis() >= 3000, WAIT, "3 s recorded");
        rec.stop();
        long recordedMillis = rec.recordedDuration().toMillis();

        // Pictures: the tile (the whole 16:9 frame for one publisher) shows the server's magenta, early and late
        // (the picture keeps being refreshed: a stale one would turn into "no video" after 2 s).
        int synthetic = TileColors.colorFor(PUBLISHER);
        for (long at : new long[] {1_000_000, (recordedMillis - 400) * 1000}) {
            Mp4Frames.Picture pic = Mp4Frames.pictureAt(out, at);
            assertThat(pic.width()).isEqualTo(WIDTH);
            assertThat(pic.height()).isEqualTo(HEIGHT);
            for (int[] xy : new int[][] {{WIDTH / 2, HEIGHT / 2}, {WIDTH / 4, HEIGHT / 3}, {3 * WIDTH / 4, HEIGHT / 3}}) {
                int rgb = pic.rgbAround(xy[0], xy[1], 4);
                assertThat(Mp4Frames.colorDistance(rgb, MAGENTA_RGB))
                        .as("colour %s at %s,%s at %s us: the live stream's magenta", Mp4Frames.hex(rgb), xy[0], xy[1], at)
                        .isLessThanOrEqualTo(24);
                assertThat(Mp4Frames.colorDistance(rgb, synthetic))
                        .as("colour %s at %s us: not the synthetic camera's %s", Mp4Frames.hex(rgb), at, Mp4Frames.hex(synthetic))
                        .isGreaterThan(60);
            }
        }

        // Audio: the server's sine, not the publisher's tone (after the first 0.7 s: the voice primes, AAC too).
        DecodedAudio audio = DecodedAudio.of(out);
        assertThat(audio.seconds()).isGreaterThan(2.5);
        short[] steady = Arrays.copyOfRange(audio.samples(), (int) (0.7 * audio.sampleRate()), audio.samples().length);
        assertThat(Signals.frequency(steady, audio.sampleRate())).as("frequency from the zero crossings")
                .isCloseTo(VOICE_HZ, withPercentage(3));
        double tone = TileColors.toneFrequencyFor(PUBLISHER);
        assertThat(Signals.amplitudeAt(steady, VOICE_HZ, audio.sampleRate())).as("the stream's sine")
                .isCloseTo(VOICE_AMPLITUDE, withPercentage(25));
        assertThat(Signals.amplitudeAt(steady, tone, audio.sampleRate())).as("the publisher's tone at %s Hz", tone)
                .isLessThan(VOICE_AMPLITUDE / 20);

        // Requests: the state, then the stream's pictures and audio at the paths the relative media resolves to.
        List<Request> seen = List.copyOf(server.requests);
        String framesPath = "/stub/live/" + SESSION + "/frames/" + STREAM;
        String audioPath = "/stub/live/" + SESSION + "/audio/" + STREAM;
        assertThat(seen).extracting(Request::path).as("paths requested")
                .contains("/stub/layout/" + SESSION, framesPath, audioPath)
                .allMatch(p -> p.equals("/stub/layout/" + SESSION) || p.equals(framesPath) || p.equals(audioPath));
        assertThat(seen).filteredOn(r -> r.path().equals(audioPath)).extracting(Request::query)
                .as("audio read on from its newest position").contains((String) null)
                .anyMatch(q -> q != null && q.matches("from=\\d+"));
        assertThat(seen).extracting(Request::method).containsOnly("GET");
        assertThat(server.refused.get()).as("requests answered 401").isZero();

        // Credentials: every request carried exactly the layout's Basic authorization, and the secret appears nowhere
        // else (not in a request line, not in another header), in any of its forms.
        assertThat(seen).extracting(Request::authorization).as("Authorization headers").containsOnly(EXPECTED_AUTH);
        List<String> secretForms = List.of(SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20"), "s3cr%40t", "s3cr@t", "OPENVIDUAPP");
        for (Request r : seen) {
            for (String form : secretForms) {
                assertThat(r.rawUri()).as("request line of %s", r.path()).doesNotContainIgnoringCase(form);
                r.headers().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Authorization")) {
                        assertThat(values).as("header %s of a request for %s", name, r.path())
                                .noneMatch(v -> v.toLowerCase().contains(form.toLowerCase()));
                    }
                });
            }
            assertThat(r.rawUri()).as("request line of %s", r.path()).doesNotContain("@");
        }

        // Once the recording stops, nothing fetches the live stream any more.
        Await.until(() -> startedSince(liveThreadsBefore).stream().noneMatch(Thread::isAlive), WAIT,
                () -> "the live camera and audio threads to end: " + startedSince(liveThreadsBefore));
    }

    @Test
    void withAWrongSecretInTheLayoutUrlTheStateIsRefusedAndNothingOfTheLiveStreamIsFetchedOrDrawn() throws Exception {
        Path out = dir.resolve("refused.mp4");
        HttpLayoutSource layout = open(HttpLayoutSource.start(LayoutUrl.parse(
                LayoutUrl.build(server.baseUrl(), "layout-best-fit", SESSION, SECRET + "-wrong")),
                Duration.ofMillis(50)));
        GridRecorder rec = open(new GridRecorder(RecorderConfig.builder(out, layout).size(WIDTH, HEIGHT).build()));
        rec.start();
        Await.await(() -> rec.recordedDuration().toMillis() >= 1500 && server.refused.get() >= 3, WAIT,
                "1.5 s recorded and the state refused 3 times");
        rec.stop();
        layout.close(); // no poll in flight any more: the server's counts are final

        assertThat(layout.current(0).publishers()).as("publishers known to the recorder").isEmpty();
        List<Request> seen = List.copyOf(server.requests);
        assertThat(seen).extracting(Request::path).as("paths requested").containsOnly("/stub/layout/" + SESSION);
        assertThat(seen).extracting(Request::authorization).as("the wrong secret's authorization")
                .doesNotContain(EXPECTED_AUTH).doesNotContainNull();
        assertThat(server.refused.get()).as("requests answered 401").isEqualTo(seen.size());

        // Without a state the recording is of nobody: black and silent, never the stream's magenta or sine.
        Mp4Frames.Picture pic = Mp4Frames.pictureAt(out, 1_000_000);
        int centre = pic.rgbAround(WIDTH / 2, HEIGHT / 2, 4);
        assertThat(Mp4Frames.colorDistance(centre, 0x000000)).as("colour %s", Mp4Frames.hex(centre)).isLessThanOrEqualTo(8);
        DecodedAudio audio = DecodedAudio.of(out);
        assertThat(audio.seconds()).isGreaterThan(1.0);
        assertThat(Signals.peak(audio.samples())).as("peak of the audio").isLessThan(100);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ovstub-live-"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = liveThreads();
        now.removeAll(before);
        return now;
    }

    /** One request as the server saw it. */
    record Request(String method, String rawUri, String path, String query, String authorization,
                   Map<String, List<String>> headers) {}

    /**
     * The server's part: its layout state, and one live stream's pictures (solid magenta, a new one every 20 ms) and
     * audio (the 997 Hz sine, its position growing with the wall clock), every answer behind Basic auth.
     */
    static final class FakeServer implements AutoCloseable {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        private final HttpServer http;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final long t0 = System.nanoTime();
        private final byte[] picture = magenta();
        private final byte[] state = new LayoutState("wss://localhost/" + SESSION, "BEST_FIT", 1, List.of(
                new Publisher(PUBLISHER, "remote user", LiveFrames.PREFIX + "../live/" + SESSION + "/frames/" + STREAM)))
                .toJson();

        FakeServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", this::handle);
            http.setExecutor(executor);
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(),
                        ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), auth,
                        Map.copyOf(ex.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                                Map.Entry::getKey, e -> List.copyOf(e.getValue()))))));
                if (!EXPECTED_AUTH.equals(auth)) {
                    refused.incrementAndGet();
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"openvidu\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                String path = ex.getRequestURI().getPath();
                if (path.equals("/stub/layout/" + SESSION)) {
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, state.length);
                    ex.getResponseBody().write(state);
                } else if (path.equals("/stub/live/" + SESSION + "/frames/" + STREAM)) {
                    ex.getResponseHeaders().set(LiveFrames.WIDTH_HEADER, Integer.toString(PICTURE_W));
                    ex.getResponseHeaders().set(LiveFrames.HEIGHT_HEADER, Integer.toString(PICTURE_H));
                    ex.getResponseHeaders().set(LiveFrames.SEQUENCE_HEADER, Long.toString(elapsedMicros() / 20_000));
                    ex.getResponseHeaders().set(LiveFrames.AGE_HEADER, "0");
                    ex.sendResponseHeaders(200, picture.length);
                    ex.getResponseBody().write(picture);
                } else if (path.equals("/stub/live/" + SESSION + "/audio/" + STREAM)) {
                    audio(ex);
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }

        /** {@link LiveFrames}' audio: without {@code from} the newest position; with it the samples since (2 s at most). */
        private void audio(HttpExchange ex) throws IOException {
            long newest = elapsedMicros() * AUDIO_RATE / 1_000_000;
            ex.getResponseHeaders().set(LiveFrames.RATE_HEADER, Integer.toString(AUDIO_RATE));
            String query = ex.getRequestURI().getRawQuery();
            if (query == null || !query.startsWith("from=")) {
                ex.getResponseHeaders().set(LiveFrames.FROM_HEADER, Long.toString(newest));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            long from = Long.parseLong(query.substring("from=".length()));
            long start = Math.max(0, Math.min(Math.max(from, newest - 2L * AUDIO_RATE), newest));
            int n = (int) (newest - start);
            byte[] pcm = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                int v = (int) Math.round(VOICE_AMPLITUDE * Math.sin(2 * Math.PI * VOICE_HZ * (start + i) / AUDIO_RATE));
                pcm[2 * i] = (byte) v;
                pcm[2 * i + 1] = (byte) (v >> 8);
            }
            ex.getResponseHeaders().set(LiveFrames.FROM_HEADER, Long.toString(start));
            ex.sendResponseHeaders(200, n == 0 ? -1 : pcm.length);
            ex.getResponseBody().write(pcm);
        }

        private long elapsedMicros() {
            return (System.nanoTime() - t0) / 1000;
        }

        private static byte[] magenta() {
            int luma = PICTURE_W * PICTURE_H;
            int chroma = luma / 4;
            byte[] yuv = new byte[luma * 3 / 2];
            Arrays.fill(yuv, 0, luma, (byte) MAGENTA_Y);
            Arrays.fill(yuv, luma, luma + chroma, (byte) MAGENTA_U);
            Arrays.fill(yuv, luma + chroma, yuv.length, (byte) MAGENTA_V);
            return yuv;
        }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }
}

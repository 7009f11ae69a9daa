package dev.ovstub.it.netns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.it.support.OpenViduBrowserPage;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ControlClient;
import dev.ovstub.server.testing.Mp4Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser publishes its camera over WebRTC and the recording shows it: the official openvidu-browser
 * 2.32.2 in headless Chromium (fake camera) publishes into a session of the server, whose media worker receives
 * and decodes the stream, and a composed recording of that session is decoded here. The test JVM runs in a
 * private network namespace ({@code src/test/netns/bin/java}: loopback and a veth pair, nothing else), so the
 * WebRTC traffic never leaves it; elsewhere it skips, saying why.
 */
class BrowserMediaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    static String missing;
    static OpenViduServerStub server;
    static ControlClient http;
    static OpenViduBrowserPage browser;

    @BeforeAll
    static void start() throws Exception {
        String netns = System.getenv("OVSTUB_NETNS");
        missing = netns == null ? "no private network namespace for WebRTC: "
                + System.getenv().getOrDefault("OVSTUB_NETNS_UNAVAILABLE", "not started by src/test/netns/bin/java")
                : OpenViduBrowserPage.whyNot();
        if (missing != null) {
            System.out.println(BrowserMediaTest.class.getSimpleName() + ": skipped: " + missing);
            return;
        }
        // Every address of the private namespace: one test calls from its veth address, as a container would.
        server = OpenViduServerStub.builder().recording(true).recordingPath(tmp.resolve("recordings"))
                .resolution("640x360").bindAddress("0.0.0.0").start();
        http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30));
        // Real addresses in candidates (the namespace's), not mDNS names the worker could not resolve.
        browser = OpenViduBrowserPage.open(tmp, "--disable-features=WebRtcHideLocalIpsWithMdns");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private static JsonNode call(String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    @Test
    void theBrowsersCameraIsReceivedAndIsWhatTheRecordingShowsInItsTile() throws Exception {
        String session = freshPageAndSession(Map.of());
        String token = call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of()).get("token").asText();

        String alice = browser.join("alice", token);
        String stream = browser.publish("alice");

        JsonNode connection = call("GET", "/openvidu/api/sessions/" + session + "/connection/" + alice, null);
        JsonNode publisher = connection.get("publishers").get(0);
        assertThat(publisher.get("streamId").asText()).isEqualTo(stream).startsWith("str_CAM_").endsWith(alice);
        assertThat(publisher.get("mediaOptions").get("hasVideo").asBoolean()).isTrue();
        assertThat(publisher.get("mediaOptions").get("hasAudio").asBoolean()).isFalse();
        assertThat(publisher.get("mediaOptions").get("videoDimensions").asText()).contains("640").contains("480");

        String id = call("POST", "/openvidu/api/recordings/start", Map.of("session", session, "name", "camera"))
                .get("id").asText();
        Path file = tmp.resolve("recordings").resolve(id).resolve("camera.mp4");
        Await.await(() -> fragments(file) >= 4, WAIT, "four fragments of " + file);
        JsonNode stopped = call("POST", "/openvidu/api/recordings/stop/" + id, null);

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        Mp4Frames.Picture last = Mp4Frames.pictureAt(file, (long) (stopped.get("duration").asDouble() * 1_000_000) - 300_000);
        int synthetic = dev.ovstub.server.internal.recorder.TileColors.colorFor(alice);
        javax.imageio.ImageIO.write(image(last), "png", Path.of("target", "browser-media-frame.png").toFile());
        int center = last.rgbAround(last.width() / 2, last.height() / 2, 4);
        assertThat(Mp4Frames.colorDistance(center, synthetic)).as("not the synthetic camera (%s vs %s)",
                Mp4Frames.hex(center), Mp4Frames.hex(synthetic)).isGreaterThan(40);
        assertThat(distinctColors(last)).as("a picture, not a flat or black tile").isGreaterThan(1);
        // Chromium's fake camera: a green picture with a turning pie slice; a second later the slice has moved.
        int background = last.rgbAround(last.width() / 8, last.height() * 7 / 8, 2);
        assertThat(green(background) - Math.max(red(background), blue(background))).as("green, as the fake camera (%s)",
                Mp4Frames.hex(background)).isGreaterThan(60);
        Mp4Frames.Picture earlier = Mp4Frames.pictureAt(file, (long) (stopped.get("duration").asDouble() * 1_000_000) - 1_300_000);
        assertThat(differingSamples(earlier, last)).as("live: the picture changes from one second to the next").isPositive();
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xFF;
    }

    private static int green(int rgb) {
        return rgb >> 8 & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }

    /** Grid points whose colour differs clearly between two pictures of the same size. */
    private static long differingSamples(Mp4Frames.Picture a, Mp4Frames.Picture b) {
        long n = 0;
        for (int y = 8; y < a.height(); y += 16) {
            for (int x = 8; x < a.width(); x += 16) {
                if (Mp4Frames.colorDistance(a.rgbAround(x, y, 0), b.rgbAround(x, y, 0)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theBrowsersMicrophoneIsWhatTheRecordingSoundsLikeNotASyntheticTone() throws Exception {
        String session = freshPageAndSession(Map.of());
        String alice = browser.join("alice", token(session));
        String stream = browser.publish("alice", true);
        JsonNode publisher = call("GET", "/openvidu/api/sessions/" + session + "/connection/" + alice, null)
                .get("publishers").get(0);
        assertThat(publisher.get("streamId").asText()).isEqualTo(stream);
        assertThat(publisher.get("mediaOptions").get("hasAudio").asBoolean()).isTrue();

        String id = call("POST", "/openvidu/api/recordings/start", Map.of("session", session, "name", "voice"))
                .get("id").asText();
        Path file = tmp.resolve("recordings").resolve(id).resolve("voice.mp4");
        Await.await(() -> fragments(file) >= 5, WAIT, "five fragments of " + file);
        JsonNode stopped = call("POST", "/openvidu/api/recordings/stop/" + id, null);

        assertThat(stopped.get("hasAudio").asBoolean()).isTrue();
        assertBeeps(dev.ovstub.server.testing.DecodedAudio.of(file));
    }

    /**
     * Chromium's fake microphone: brief beeps, silent between them; a synthetic participant would be one steady
     * tone (every window equally loud).
     */
    private static void assertBeeps(dev.ovstub.server.testing.DecodedAudio audio) {
        assertThat(audio.seconds()).isGreaterThan(2);
        double[] rms = audio.rmsWindows(1.0, audio.seconds() - 0.5, 10);
        double[] sorted = rms.clone();
        java.util.Arrays.sort(sorted);
        double loudest = sorted[sorted.length - 1];
        double median = sorted[sorted.length / 2];
        long loud = java.util.Arrays.stream(rms).filter(r -> r > loudest / 2).count();
        assertThat(loudest).as("the beeps are heard").isGreaterThan(300);
        assertThat(median).as("quiet between beeps, not a steady tone (loudest %.0f)", loudest).isLessThan(loudest / 10);
        assertThat(loud).as("beeps in %d windows of 10 ms", rms.length).isBetween(1L, rms.length / 4L);
    }

    @Test
    void whoeverIsNotOnTheServersMachineGetsTheBrowsersStreamThroughTheServerAndTheLayoutPageDrawsIt() throws Exception {
        String session = freshPageAndSession(Map.of());
        browser.join("alice", token(session));
        String stream = browser.publish("alice", true);
        // The namespace's own address: for the server, a caller that is not on its machine (a container, a pod).
        String elsewhere = "http://" + System.getenv("OVSTUB_NETNS") + ":" + server.baseUrl().getPort();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String auth = ControlClient.basic("OPENVIDUAPP", server.secret());
        java.util.function.Function<String, java.net.http.HttpResponse<byte[]>> get = path -> {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(elsewhere + path))
                        .header("Authorization", auth).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        JsonNode state = JSON.readTree(get.apply("/stub/layout/" + session).body());
        String media = state.get("publishers").get(0).get("media").asText();
        assertThat(media).isEqualTo("live:../live/" + session + "/frames/" + stream);
        assertThat(JSON.readTree(http.send("GET", "/stub/layout/" + session, null).text()).get("publishers").get(0)
                .get("media").asText()).as("on the server's machine: the media worker's own URL")
                .startsWith("live:http://127.0.0.1:").endsWith("/frames/" + stream);
        java.net.http.HttpResponse<byte[]> viaProxy = client.send(java.net.http.HttpRequest.newBuilder(
                        server.baseUrl().resolve("/stub/layout/" + session)).header("Authorization", auth)
                .header("X-Forwarded-For", "203.0.113.7").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(JSON.readTree(viaProxy.body()).get("publishers").get(0).get("media").asText())
                .as("through a reverse proxy on the server's machine: the caller is elsewhere")
                .isEqualTo("live:../live/" + session + "/frames/" + stream);

        java.net.http.HttpResponse<byte[]> frames = Await.until("a picture through the server",
                () -> get.apply("/stub/live/" + session + "/frames/" + stream), r -> r.statusCode() == 200, WAIT);
        int w = Integer.parseInt(frames.headers().firstValue("X-Width").orElseThrow());
        int h = Integer.parseInt(frames.headers().firstValue("X-Height").orElseThrow());
        assertThat(frames.body()).hasSize(w * h * 3 / 2);
        java.net.http.HttpResponse<byte[]> audio = Await.until("audio through the server",
                () -> get.apply("/stub/live/" + session + "/audio/" + stream + "?from=0"), r -> r.statusCode() == 200
                        && r.body().length > 0, WAIT);
        assertThat(audio.headers().firstValue("X-Sample-Rate")).isPresent();
        java.awt.image.BufferedImage jpeg = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                get.apply("/stub/live/" + session + "/pictures/" + stream).body()));
        int corner = jpeg.getRGB(jpeg.getWidth() / 8, jpeg.getHeight() * 7 / 8);
        assertThat(green(corner) - Math.max(red(corner), blue(corner))).as("the fake camera's green (%s)",
                Mp4Frames.hex(corner)).isGreaterThan(60);
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(elsewhere + "/stub/live/"
                + session + "/frames/" + stream)).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()).as("without the secret").isEqualTo(401);
        assertThat(get.apply("/stub/live/" + session + "/frames/str_CAM_none").statusCode()).isEqualTo(404);

        // The page a recording container's browser opens, from elsewhere: the tile shows the fake camera.
        // A Chromium of its own (its own profile: one profile is one browser), logged in as a recorder's is.
        Path profile = java.nio.file.Files.createDirectories(tmp.resolve("layout-page"));
        // Allowed to play sound without a gesture, as a recording container's browser is.
        try (dev.ovstub.server.testing.ChromiumPage layout = dev.ovstub.server.testing.ChromiumPage.open(profile, 640, 360,
                "--autoplay-policy=no-user-gesture-required")) {
            layout.login("OPENVIDUAPP", server.secret());
            layout.navigate(elsewhere + "/#/layout-best-fit/" + session + "/" + server.secret());
            JsonNode pixel;
            try {
                // Near the top left of the picture: the fake camera's green, outside its turning slice.
                pixel = layout.waitFor("the tile showing the fake camera's green", "(() => { const c = "
                        + "document.getElementById('grid'); const d = c.getContext('2d').getImageData("
                        + "Math.round(c.width * 0.3), Math.round(c.height * 0.15), 1, 1).data;"
                        + " return d[1] - Math.max(d[0], d[2]) > 60 && Number(c.dataset.live) > 0 ? Array.from(d) : null;"
                        + " })()", WAIT);
            } finally {
                java.nio.file.Files.write(Path.of("target", "layout-page-live.png"), layout.screenshot());
            }
            assertThat(pixel.get(1).asInt()).isGreaterThan(100);
            // And it plays the browser's microphone, the session's only sound: its beeps, loud 10 ms and quiet 10 ms
            // within the analyser's last 16384 samples (a tone, what a simulated participant plays, is never quiet).
            JsonNode beeps = layout.waitFor("the layout page playing the browser's beeps", "(() => { const a ="
                    + " window.layoutSound && layoutSound.analyser; if (!a) return null; const x = new Float32Array(a.fftSize);"
                    + " a.getFloatTimeDomainData(x); const w = Math.round(layoutSound.context.sampleRate / 100);"
                    + " let loud = 0, quiet = 1; for (let s = 0; s + w <= x.length; s += w) { let m = 0;"
                    + " for (let i = s; i < s + w; i++) m = Math.max(m, Math.abs(x[i])); loud = Math.max(loud, m);"
                    + " quiet = Math.min(quiet, m); } return loud > 0.01 && quiet < 0.001 ? {loud, quiet} : null; })()", WAIT);
            assertThat(beeps.get("loud").asDouble()).isLessThan(1.0);
        }
    }

    @Test
    void aBrowserSeesASimulatedParticipantsCameraAsARealStream() throws Exception {
        String session = freshPageAndSession(Map.of());
        browser.join("alice", token(session));
        String sim = call("POST", "/stub/participants", Map.of("session", session, "token", token(session),
                "publish", true, "metadata", "simulated")).get("id").asText();
        String stream = browser.awaitEvent("alice", "streamCreated", "e.owner === " + OpenViduBrowserPage.quote(sim), WAIT)
                .get("id").asText();

        browser.subscribe("alice", stream);

        JsonNode shown = browser.awaitVideo("alice", stream, WAIT);
        assertThat(shown.get("width").asInt()).isPositive();
        assertThat(shown.get("height").asInt()).isPositive();
        assertThat(browser.awaitAudio("alice", stream, WAIT).get("rms").asDouble()).as("the participant's tone")
                .isGreaterThan(0.01);
    }

    @Test
    void twoBrowsersSeeEachOthersCameraAndOneHearsTheOthersMicrophone() throws Exception {
        String session = freshPageAndSession(Map.of());
        String alice = browser.join("alice", token(session));
        String bob = browser.join("bob", token(session));

        String aliceStream = browser.publish("alice", true);
        String bobStream = browser.publish("bob");
        browser.awaitEvent("bob", "streamCreated", "e.owner === " + OpenViduBrowserPage.quote(alice), WAIT);
        browser.awaitEvent("alice", "streamCreated", "e.owner === " + OpenViduBrowserPage.quote(bob), WAIT);
        browser.subscribe("bob", aliceStream);
        browser.subscribe("alice", bobStream);

        assertThat(browser.awaitVideo("bob", aliceStream, WAIT).get("width").asInt()).isPositive();
        assertThat(browser.awaitVideo("alice", bobStream, WAIT).get("width").asInt()).isPositive();
        assertThat(browser.awaitAudio("bob", aliceStream, WAIT).get("rms").asDouble()).as("alice's beeps")
                .isGreaterThan(0.01);
    }

    @Test
    void anAlwaysSessionRecordsTheBrowsersCameraAndMicrophoneIndividuallyFromItsFirstPublish() throws Exception {
        String session = freshPageAndSession(Map.of("recordingMode", "ALWAYS",
                "defaultRecordingProperties", Map.of("outputMode", "INDIVIDUAL", "name", "auto")));
        browser.join("alice", token(session));

        String stream = browser.publish("alice", true);

        JsonNode started = Await.until("the automatic recording", () -> {
            try {
                for (JsonNode r : call("GET", "/openvidu/api/recordings", null).get("items")) {
                    if (r.get("sessionId").asText().equals(session) && r.get("status").asText().equals("started")) {
                        return r;
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> r != null, WAIT);
        Path streamFile = tmp.resolve("recordings").resolve(started.get("id").asText()).resolve(stream + ".webm");
        Await.await(() -> streamFile.toFile().length() > 50_000, WAIT, "the browser's stream file growing");
        JsonNode stopped = call("POST", "/openvidu/api/recordings/stop/" + started.get("id").asText(), null);

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        Path zip = tmp.resolve("recordings").resolve(started.get("id").asText()).resolve("auto.zip");
        dev.ovstub.server.internal.recorder.IndividualManifest manifest =
                dev.ovstub.server.internal.recorder.IndividualManifest.readArchive(zip, "auto");
        assertThat(manifest.files()).singleElement().satisfies(f -> assertThat(f.streamId()).isEqualTo(stream));
        Path webm = tmp.resolve("stream.webm");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.nio.file.Files.copy(z.getInputStream(z.getEntry(stream + ".webm")), webm);
        }
        Mp4Frames.Picture p = Mp4Frames.pictureAt(webm, 1_000_000);
        int corner = p.rgbAround(p.width() / 8, p.height() * 7 / 8, 2);
        assertThat(green(corner) - Math.max(red(corner), blue(corner))).as("the fake camera's green (%s)",
                Mp4Frames.hex(corner)).isGreaterThan(60);
        assertThat(manifest.files().get(0).hasAudio()).isTrue();
        assertBeeps(dev.ovstub.server.testing.DecodedAudio.of(webm));
    }

    @Test
    void forceUnpublishThroughTheRestApiStopsTheBrowsersPublisher() throws Exception {
        String session = freshPageAndSession(Map.of());
        String alice = browser.join("alice", token(session));
        String stream = browser.publish("alice");

        call("DELETE", "/openvidu/api/sessions/" + session + "/stream/" + stream, null);

        assertThat(browser.awaitEvent("alice", "publisherDestroyed", "true", WAIT).get("reason").asText())
                .isEqualTo("forceUnpublishByServer");
        assertThat(call("GET", "/openvidu/api/sessions/" + session + "/connection/" + alice, null).get("publishers"))
                .isEmpty();
    }

    @Test
    void aSessionsMediaWorkerProcessEndsWhenTheSessionIsClosed() throws Exception {
        String session = freshPageAndSession(Map.of());
        java.util.Set<Long> before = mediaWorkers();
        browser.join("alice", token(session));
        browser.publish("alice");
        java.util.Set<Long> started = new java.util.HashSet<>(mediaWorkers());
        started.removeAll(before);
        assertThat(started).as("the session's own media worker, a child process").hasSize(1);
        ProcessHandle worker = ProcessHandle.of(started.iterator().next()).orElseThrow();

        call("DELETE", "/openvidu/api/sessions/" + session, null);

        assertThat(browser.awaitEvent("alice", "sessionDisconnected", "true", WAIT).get("reason").asText())
                .isEqualTo("sessionClosedByServer");
        worker.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(worker.isAlive()).isFalse();
    }

    /**
     * The server's media worker processes: children running the worker's main class. Read from
     * {@code /proc/<pid>/cmdline} (the namespace exists on Linux only): the JDK's {@code ProcessHandle.Info} gives no
     * arguments at all for a command line longer than a page, as a long class path makes it.
     */
    private static java.util.Set<Long> mediaWorkers() {
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                String cmdline = new String(java.nio.file.Files.readAllBytes(Path.of("/proc", p.pid() + "", "cmdline")),
                        java.nio.charset.StandardCharsets.UTF_8);
                return java.util.Arrays.asList(cmdline.split("\0")).contains("dev.ovstub.server.internal.media.MediaWorkerMain");
            } catch (java.io.IOException gone) {
                return false;
            }
        }).map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Skips where no namespace or Chromium is at hand (saying why), gives the test a fresh page (no sessions, no
     * events), and creates a 2.x session with {@code body}; returns its id.
     */
    private static String freshPageAndSession(Map<String, Object> body) throws Exception {
        Assumptions.assumeTrue(missing == null, missing);
        browser.reload();
        return call("POST", "/openvidu/api/sessions", body).get("id").asText();
    }

    private static String token(String session) throws Exception {
        return call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of()).get("token").asText();
    }

    /** Colours seen on a grid over the picture (a flat or black tile has one or two). */
    private static long distinctColors(Mp4Frames.Picture p) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 8; y < p.height(); y += 16) {
            for (int x = 8; x < p.width(); x += 16) {
                colours.add(p.rgbAround(x, y, 0) & 0xF0F0F0);
            }
        }
        return colours.size();
    }

    private static java.awt.image.BufferedImage image(Mp4Frames.Picture p) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(p.width(), p.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                img.setRGB(x, y, p.rgbAround(x, y, 0));
            }
        }
        return img;
    }

    private static long fragments(Path file) {
        try {
            return Mp4Frames.topLevelBoxes(file).stream().filter("moof"::equals).count();
        } catch (java.io.IOException | RuntimeException notYet) {
            return 0;
        }
    }
}

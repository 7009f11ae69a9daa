package dev.ovstub.server.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.internal.recorder.GridLayout;
import dev.ovstub.server.internal.recorder.LayoutState;
import dev.ovstub.server.internal.recorder.OpenViduLayoutGeometry;
import dev.ovstub.server.internal.recorder.Publisher;
import dev.ovstub.server.internal.recorder.TileColors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import dev.ovstub.server.testing.ChromiumPage;
import dev.ovstub.server.testing.HeadlessChromium;
import dev.ovstub.server.testing.Mp4Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout page a recording container's browser opens, loaded in real headless Chromium (Debian's
 * {@code chromium} package; skipped where it is not installed) the way the official recording image loads it:
 * with the credentials in the URL.
 */
class LayoutPageInChromiumTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    @Test
    void drawsOneTileOfTheRightColourPerPublisherInTheBestFitGrid(@TempDir Path tmp) throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().start()) {
            List<Participant> publishers = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                publishers.add(server.joinInsecure("layout-room", JoinOptions.publishing().metadata(name)));
            }
            server.joinInsecure("layout-room", JoinOptions.defaults().metadata("only watching"));

            BufferedImage shot = HeadlessChromium.screenshot(tmp, "http://OPENVIDUAPP:" + server.secret() + "@127.0.0.1:" + server.port()
                    + "/#/layout-best-fit/layout-room/" + server.secret(), WIDTH, HEIGHT);

            assertThat(shot.getWidth()).isEqualTo(WIDTH);
            List<GridLayout.Rect> tiles = GridLayout.bestFit(3, shot.getWidth(), shot.getHeight());
            for (int i = 0; i < 3; i++) {
                GridLayout.Rect tile = tiles.get(i);
                int expected = TileColors.colorFor(publishers.get(i).id());
                int actual = shot.getRGB(tile.centerX(), tile.centerY()) & 0xFFFFFF;
                assertThat(Mp4Frames.colorDistance(actual, expected))
                        .as("tile %d (%s) at %d,%d: expected #%06x, got #%06x", i, publishers.get(i).id(),
                                tile.centerX(), tile.centerY(), expected, actual)
                        .isLessThanOrEqualTo(6);
            }
            // 3 tiles in a 16:9 frame: 2x2 with the last row centred, so the bottom corners stay black.
            assertThat(shot.getRGB(5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
            assertThat(shot.getRGB(WIDTH - 5, HEIGHT - 5) & 0xFFFFFF).isEqualTo(0);
        }
    }

    /**
     * What the page plays, which a recording container's browser records: each publisher's tone, at the frequency the
     * stub's own recorder mixes ({@link TileColors#toneFrequencyFor}), at 1/n of the mix; a publisher that leaves is
     * silent and the others louder. Measured in the page with Web Audio's analyser on what it plays.
     */
    @Test
    void playsEachPublishersToneAtItsShareOfTheMixAsTheRecorderMixesIt(@TempDir Path tmp) throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): layout page not tested");
        try (OpenViduServerStub server = OpenViduServerStub.builder().start();
             ChromiumPage page = ChromiumPage.open(tmp, 640, 360, "--autoplay-policy=no-user-gesture-required")) {
            Participant alice = server.joinInsecure("sound-room", JoinOptions.publishing().metadata("alice"));
            Participant bob = server.joinInsecure("sound-room", JoinOptions.publishing().metadata("bob"));
            while (TileColors.toneFrequencyFor(bob.id()) == TileColors.toneFrequencyFor(alice.id())) {
                bob.leave(); // one semitone of 24 for both: another bob, so that the two tones can be told apart
                bob = server.joinInsecure("sound-room", JoinOptions.publishing().metadata("bob"));
            }
            double aliceHz = TileColors.toneFrequencyFor(alice.id());
            double bobHz = TileColors.toneFrequencyFor(bob.id());
            page.login("OPENVIDUAPP", server.secret());
            page.navigate("http://127.0.0.1:" + server.port() + "/#/layout-best-fit/sound-room/" + server.secret());
            Duration wait = Duration.ofSeconds(15);
            page.waitFor("the page's sound running", "window.layoutSound && layoutSound.context.state === 'running' || null", wait);

            JsonNode both = page.waitFor("both tones", levels(aliceHz, bobHz, "l.a > -40 && l.b > -40"), wait);

            // A sine of amplitude 0.2 (0.4 / 2 publishers) reads about -27.5 dBFS in the analyser's Blackman-windowed
            // spectrum, give or take a dB where the tone falls between two bins (28.5 seen).
            assertThat(both.get("a").asDouble()).as("alice's tone, dBFS").isBetween(-31.0, -25.0);
            assertThat(both.get("b").asDouble()).as("bob's tone, dBFS").isBetween(-31.0, -25.0);
            assertThat(Math.abs(both.get("a").asDouble() - both.get("b").asDouble())).as("equal shares").isLessThan(3.0);
            assertThat(both.get("off").asDouble()).as("nothing at 1500 Hz").isLessThan(both.get("a").asDouble() - 40);

            bob.leave();
            double shared = both.get("a").asDouble();
            JsonNode alone = page.waitFor("bob silent and alice at the whole mix", levels(aliceHz, bobHz,
                    "l.b < -70 && l.a > " + (shared + 4)), wait);

            assertThat(alone.get("a").asDouble() - shared).as("twice the amplitude: +6 dB").isBetween(4.5, 7.5);
        }
    }

    /**
     * A page expression: the levels (dBFS) at two frequencies and at 1500 Hz, once they are steady (two readings in a
     * row within 0.5 dB) and {@code condition} holds on them.
     */
    private static String levels(double aHz, double bHz, String condition) {
        return "(() => { const a = layoutSound.analyser, rate = layoutSound.context.sampleRate;"
                + " const f = new Float32Array(a.frequencyBinCount); a.getFloatFrequencyData(f);"
                + " const at = hz => { const k = Math.round(hz * a.fftSize / rate); return Math.max(f[k - 1], f[k], f[k + 1]); };"
                + " const l = {a: at(" + aHz + "), b: at(" + bHz + "), off: at(1500)};"
                + " const steady = window.lastLevels && Math.abs(window.lastLevels.a - l.a) < 0.5"
                + " && Math.abs(window.lastLevels.b - l.b) < 0.5; window.lastLevels = l;"
                + " return steady && (" + condition + ") ? l : null; })()";
    }

    /**
     * The 2.x geometry (layout state {@code "geometry": "OPENVIDU_2"}, which only 2.x sessions carry): for every route
     * a 2.x recording container opens, the page draws the rectangles of the Java {@link OpenViduLayoutGeometry}, to
     * the pixel, at 1280x720 and at 640x480 (where the algorithm gives fractional positions). The page is served
     * with its layout state by a plain HTTP server, as the page loads nothing else.
     */
    @Test
    void withTheOpenViduTwoGeometryEveryRouteDrawsTheRectanglesOfTheJavaGeometry(@TempDir Path tmp) throws Exception {
        assumeTrue(HeadlessChromium.available(), "Chromium is not installed (apt-get install chromium): layout page not tested");
        List<Publisher> publishers = List.of(new Publisher("con_alice", "alice", null),
                new Publisher("con_frank", "frank", null, true), new Publisher("con_dora", "dora", null));
        byte[] state = LayoutState.openVidu2("BEST_FIT", publishers.toArray(new Publisher[0])).toJson();
        byte[] page;
        try (InputStream in = LayoutState.class.getResourceAsStream("/dev/ovstub/server/layout/index.html")) {
            page = in.readAllBytes();
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> answer(ex, "text/html; charset=utf-8", ex.getRequestURI().getPath().equals("/") ? page : null));
        http.createContext("/stub/layout/", ex -> answer(ex, "application/json",
                ex.getRequestURI().getPath().equals("/stub/layout/room") ? state : null));
        http.start();
        try (ChromiumPage chromium = ChromiumPage.open(tmp, WIDTH, HEIGHT)) {
            int loads = 0;
            for (int[] size : new int[][] {{WIDTH, HEIGHT}, {640, 480}}) {
                chromium.viewport(size[0], size[1], 1);
                for (OpenViduLayoutGeometry.Layout layout : OpenViduLayoutGeometry.Layout.values()) {
                    String route = "layout-" + layout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                    List<OpenViduLayoutGeometry.Tile> expected = OpenViduLayoutGeometry.tiles(layout, publishers, size[0], size[1]);
                    // a query of its own per load: a new document, not a same-document fragment change
                    chromium.navigate("http://127.0.0.1:" + http.getAddress().getPort() + "/?load=" + (++loads) + "#/" + route
                            + "/room/secret");
                    JsonNode drawn = chromium.waitFor(route + " drawn with " + expected.size() + " tiles",
                            "(() => { const c = document.getElementById('grid'); return innerWidth === " + size[0]
                                    + " && c.dataset.rects && JSON.parse(c.dataset.rects).length === " + expected.size()
                                    + " ? c.dataset.rects : ''; })()", Duration.ofSeconds(20));
                    List<OpenViduLayoutGeometry.Tile> actual = new ArrayList<>();
                    for (JsonNode t : new com.fasterxml.jackson.databind.ObjectMapper().readTree(drawn.asText())) {
                        actual.add(new OpenViduLayoutGeometry.Tile(t.get("publisher").asInt(), t.get("x").asInt(),
                                t.get("y").asInt(), t.get("w").asInt(), t.get("h").asInt()));
                    }
                    assertThat(actual).as("%s at %dx%d", route, size[0], size[1]).isEqualTo(expected);
                    if (size[0] == WIDTH) {
                        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));
                        assertPixelsOfTiles(shot, expected, publishers, route);
                    }
                }
            }
            assertThat(chromium.pageErrors()).isEmpty();
        } finally {
            http.stop(0);
        }
    }

    /** Each tile's colour at its centre and 3 px inside its left, right and top edges; not its colour 3 px outside. */
    private static void assertPixelsOfTiles(BufferedImage shot, List<OpenViduLayoutGeometry.Tile> tiles,
                                            List<Publisher> publishers, String route) {
        for (int i = 0; i < tiles.size(); i++) {
            OpenViduLayoutGeometry.Tile t = tiles.get(i);
            int colour = TileColors.colorFor(publishers.get(t.publisher()).id());
            List<OpenViduLayoutGeometry.Tile> above = tiles.subList(i + 1, tiles.size());
            int cx = t.centerX();
            int cy = t.centerY();
            int right = t.x() + t.width() - 1;
            int bottom = t.y() + t.height() - 1;
            for (int[] p : new int[][] {{cx, cy}, {t.x() + 3, cy}, {right - 3, cy}, {cx, t.y() + 3}}) {
                if (covered(above, p[0], p[1])) continue;
                int actual = shot.getRGB(p[0], p[1]) & 0xFFFFFF;
                assertThat(Mp4Frames.colorDistance(actual, colour)).as("%s: tile %s inside at %d,%d: #%06x", route, t, p[0], p[1], actual)
                        .isLessThanOrEqualTo(2);
            }
            for (int[] p : new int[][] {{t.x() - 3, cy}, {right + 3, cy}, {cx, t.y() - 3}, {cx, bottom + 3}}) {
                if (p[0] < 0 || p[1] < 0 || p[0] >= shot.getWidth() || p[1] >= shot.getHeight()) continue;
                int actual = shot.getRGB(p[0], p[1]) & 0xFFFFFF;
                assertThat(Mp4Frames.colorDistance(actual, colour)).as("%s: tile %s outside at %d,%d: #%06x", route, t, p[0], p[1], actual)
                        .isGreaterThan(2);
            }
        }
    }

    private static boolean covered(List<OpenViduLayoutGeometry.Tile> above, int x, int y) {
        for (OpenViduLayoutGeometry.Tile t : above) {
            if (x >= t.x() && x < t.x() + t.width() && y >= t.y() && y < t.y() + t.height()) return true;
        }
        return false;
    }

    private static void answer(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (body != null) out.write(body);
        }
    }
}

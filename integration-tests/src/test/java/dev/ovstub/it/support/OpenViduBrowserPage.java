package dev.ovstub.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.testing.ChromiumPage;
import dev.ovstub.server.testing.HeadlessChromium;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An application page in headless Chromium that uses the official {@code openvidu-browser} 2.32.2 from npm,
 * unmodified ({@code src/test/browser/signalling.html}: {@code join(name, token, data)}, {@code publish(name)},
 * and {@code seen(name, type)} for the events each session received). The page and the library's own bundle are
 * served on 127.0.0.1 by a small HTTP server of the test; Chromium has a fake camera.
 */
public final class OpenViduBrowserPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer pages;
    private final ChromiumPage page;

    private OpenViduBrowserPage(HttpServer pages, ChromiumPage page) {
        this.pages = pages;
        this.page = page;
    }

    /** Why such a page cannot run here (no Chromium, or no node and npm for the library), or null. */
    public static String whyNot() {
        return !HeadlessChromium.available() ? "Chromium (" + HeadlessChromium.BINARY + ") is not installed"
                : NpmProject.whyNot();
    }

    /** Installs the library from npm (locked), serves the page, and opens it in a new Chromium. */
    public static OpenViduBrowserPage open(Path tmp, String... chromiumFlags) throws Exception {
        NpmProject project = NpmProject.install(Path.of(NpmProject.property("ovstub.browser.sources")),
                Path.of(NpmProject.property("ovstub.browser.work")), List.of("package.json", "package-lock.json",
                        "signalling.html"));
        Path library = project.work().resolve("node_modules/openvidu-browser/static/js/openvidu-browser-2.32.2.min.js");
        if (!Files.isRegularFile(library)) {
            throw new AssertionError("the library's own bundle is missing from its npm package: " + library);
        }
        Path html = project.work().resolve("signalling.html");
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", ex -> {
            try (ex) {
                boolean script = ex.getRequestURI().getPath().endsWith(".js");
                byte[] body = Files.readAllBytes(script ? library : html);
                ex.getResponseHeaders().set("Content-Type", script ? "text/javascript" : "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        pages.start();
        List<String> flags = new ArrayList<>(List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"));
        flags.addAll(List.of(chromiumFlags));
        try {
            return new OpenViduBrowserPage(pages, ChromiumPage.open(tmp, 800, 600, flags.toArray(String[]::new)));
        } catch (Exception | Error e) {
            pages.stop(0);
            throw e;
        }
    }

    /** A fresh page: no sessions, no events. */
    public void reload() {
        page.navigate("http://127.0.0.1:" + pages.getAddress().getPort() + "/");
    }

    public ChromiumPage chromium() {
        return page;
    }

    /** {@code name} joins with {@code token}; returns its connection id. */
    public String join(String name, String token) {
        return page.evaluate("join(" + quote(name) + ", " + quote(token) + ", " + quote(name + "-data") + ")").asText();
    }

    /** {@code name} publishes the fake camera (no audio); returns its stream id. */
    public String publish(String name) {
        return publish(name, false);
    }

    /** {@code name} publishes the fake camera, and the fake microphone (a beep twice a second) if {@code audio}. */
    public String publish(String name, boolean audio) {
        return page.evaluate("publish(" + quote(name) + ", " + audio + ")").asText();
    }

    /**
     * Waits until {@code name}'s subscription to {@code streamId} sounds (Web Audio in the page: RMS above 0.01 of full
     * scale, twice, some time apart); returns what the page heard ({@code rms}, {@code packets}).
     */
    public JsonNode awaitAudio(String name, String streamId, Duration bound) {
        String heard = "heard(" + quote(name) + ", " + quote(streamId) + ")";
        String loud = "(async () => { const h = await " + heard + "; return h && h.rms > 0.01 ? h : null; })()";
        try {
            page.waitFor(name + " hearing " + streamId, loud, bound);
            long packets = page.evaluate(heard).get("packets").asLong();
            return page.waitFor(name + " still hearing " + streamId, "(async () => { const h = await " + heard
                    + "; return h && h.rms > 0.01 && h.packets > " + packets + " ? h : null; })()", bound);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nwhat it heard last: " + page.evaluate(heard), e);
        }
    }

    /** {@code name} subscribes to a stream it was told of (a video element shows it). */
    public void subscribe(String name, String streamId) {
        page.evaluate("subscribe(" + quote(name) + ", " + quote(streamId) + ")");
    }

    /**
     * Waits until {@code name}'s subscription to {@code streamId} shows pictures ({@code videoWidth > 0}) and keeps
     * decoding new ones; returns what it shows ({@code width}, {@code height}, {@code frames}).
     */
    public JsonNode awaitVideo(String name, String streamId, Duration bound) throws InterruptedException {
        String shown = "shown(" + quote(name) + ", " + quote(streamId) + ")";
        try {
            JsonNode first = page.waitFor(name + " seeing " + streamId, "(() => { const s = " + shown
                    + "; return s && s.width > 0 && s.frames > 0 ? s : null; })()", bound);
            long frames = first.get("frames").asLong();
            return page.waitFor(name + "'s " + streamId + " decoding new frames", "(() => { const s = " + shown
                    + "; return s && s.frames > " + (frames + 5) + " ? s : null; })()", bound);
        } catch (AssertionError timedOut) {
            String diagnosis;
            try {
                diagnosis = "\nwhat it shows: " + page.evaluate(shown) + "\nits statistics: " + videoStats(name, streamId);
            } catch (RuntimeException | AssertionError unavailable) {
                timedOut.addSuppressed(unavailable);
                throw timedOut;
            }
            throw new AssertionError(timedOut.getMessage() + diagnosis, timedOut);
        }
    }

    /**
     * What WebRTC's statistics say of {@code name}'s subscription to {@code streamId} ({@code received}: packets,
     * frames received and decoded, freezes) and of {@code name}'s own published video ({@code publishing}).
     */
    public JsonNode videoStats(String name, String streamId) {
        return page.evaluate("videoStats(" + quote(name) + ", " + quote(streamId) + ")");
    }

    /** Waits until {@code name} has seen an event of {@code type} matching {@code condition} (JavaScript on {@code e}). */
    public JsonNode awaitEvent(String name, String type, String condition, Duration bound) {
        return page.waitFor(name + "'s " + type + " where " + condition, "seen(" + quote(name) + ", " + quote(type)
                + ").filter(e => " + condition + ")[0]", bound);
    }

    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            page.close();
        } finally {
            pages.stop(0);
        }
    }
}

package dev.ovstub.server.testing;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's headless Chromium, run once per screenshot or page result with a fresh profile and no background network
 * traffic.
 */
public final class HeadlessChromium {
    /** Where Debian's package installs it; tests assume it is there and skip otherwise. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** Whether Chromium is installed. */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Runs {@code html} in Chromium until its script posts a result: the page is served at
     * {@code http://127.0.0.1:<port>/page.html} by a small server that also takes {@code POST /result}, whose body
     * this returns. Real time, not virtual time, so media elements load and play as in a browser.
     *
     * @param tmp a folder for the profile and the log
     * @throws AssertionError when no result comes within {@code timeout}, with what Chromium said
     */
    public static String pageResult(Path tmp, String html, java.time.Duration timeout) throws Exception {
        Path log = tmp.resolve("chromium.log");
        java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/page.html", ex -> {
            byte[] body = html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext("/result", ex -> {
            result.complete(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
        Process chromium = null;
        try {
            chromium = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--autoplay-policy=no-user-gesture-required",
                    "--user-data-dir=" + tmp.resolve("profile"),
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/page.html")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the page posted no result within " + timeout + "; Chromium said: " + Files.readString(log));
        } finally {
            if (chromium != null) {
                chromium.destroy();
                if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                    chromium.destroyForcibly();
                }
            }
            http.stop(0);
        }
    }

    /**
     * Loads the page in a {@code width x height} window, lets it run 3 s of virtual time, and returns its screenshot.
     *
     * @param tmp a folder for the profile, the log and the PNG
     * @throws AssertionError when Chromium takes over a minute or leaves no screenshot, with what it said
     */
    public static BufferedImage screenshot(Path tmp, String url, int width, int height) throws Exception {
        Path png = tmp.resolve("layout.png");
        Path log = tmp.resolve("chromium.log");
        Process chromium = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + tmp.resolve("profile"), "--window-size=" + width + "," + height,
                "--hide-scrollbars", "--virtual-time-budget=3000", "--screenshot=" + png, url)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("Chromium took over 60 s: " + Files.readString(log));
        }
        if (!Files.exists(png)) {
            throw new AssertionError("no screenshot; Chromium said: " + Files.readString(log));
        }
        return ImageIO.read(png.toFile());
    }
}

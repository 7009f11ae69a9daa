package dev.ovstub.server.testing;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Debian's headless Chromium, run once per screenshot with a fresh profile and no background network traffic. */
public final class HeadlessChromium {
    /** Where Debian's package installs it; tests assume it is there and skip otherwise. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** Whether Chromium is installed. */
    public static boolean available() {
        return Files.isExecutable(BINARY);
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

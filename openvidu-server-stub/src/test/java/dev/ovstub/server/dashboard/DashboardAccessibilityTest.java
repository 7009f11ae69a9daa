package dev.ovstub.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.TestRecorders;
import dev.ovstub.server.testing.ChromiumPage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard for people who use a keyboard, zoom in, or prefer a dark screen. */
class DashboardAccessibilityTest {
    @TempDir
    Path tmp;

    @Test
    void everyControlHasANameTheKeyboardDrivesItAndItReadsAt200PercentInLightAndDark() throws Exception {
        DashboardTest.assumeChromium();
        TestRecorders recorders = new TestRecorders();
        try (OpenViduServerStub server = recorders.installIn(OpenViduServerStub.builder().recording(true)
                .recordingPath(tmp.resolve("recordings")).startTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(5))).start();
             ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 900)) {
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            chromium.navigate(server.baseUrl() + "/");
            String session = page.createSession("MANUAL", "BEST_FIT");
            String alice = page.addParticipant(session, "PUBLISHER", "alice", true);
            page.sessionAction(session, "start-recording");
            String recording = page.awaitRecordingOf(session, "started");
            page.sessionAction(session, "stop-recording");
            page.awaitRecordingStatus(recording, "stopped");

            // Every control has a name a screen reader says: a <label>, its text, or aria-label.
            JsonNode unnamed = chromium.evaluate("Array.from(document.querySelectorAll('button, select, input, a[href], summary, video, iframe'))"
                    + ".filter(e => !(e.labels && e.labels.length) && !(e.getAttribute('aria-label') || '').trim()"
                    + " && !(e.getAttribute('title') || '').trim() && !e.textContent.trim())"
                    + ".map(e => e.outerHTML.substring(0, 120))");
            assertThat(unnamed).as("controls without a name").isEmpty();
            JsonNode notFocusable = chromium.evaluate("Array.from(document.querySelectorAll('button, select, input, a[href], summary'))"
                    + ".filter(e => e.tabIndex < 0).map(e => e.outerHTML.substring(0, 120))");
            assertThat(notFocusable).as("controls the Tab key cannot reach").isEmpty();

            // The keyboard alone: Tab from the layout select to the create button, Enter creates a session.
            int before = chromium.evaluate("document.querySelectorAll('article[data-session]').length").asInt();
            chromium.evaluate("document.getElementById('new-session-media').focus(); true");
            chromium.press("Tab");
            assertThat(chromium.evaluate("document.activeElement.id").asText()).isEqualTo("create-session");
            chromium.press("Enter");
            chromium.waitFor("a session created with the keyboard",
                    "document.querySelectorAll('article[data-session]').length === " + (before + 1), DashboardPage.WAIT);
            chromium.waitFor("the note saying the session was created", "document.getElementById('note').textContent.includes('created')",
                    DashboardPage.WAIT);
            assertThat(chromium.evaluate("document.activeElement.id").asText()).as("focus after the action").isEqualTo("create-session");
            // And a participant's Leave button, reached by focus, pressed with Enter.
            chromium.evaluate(DashboardPage.participant(alice) + ".querySelector('button[data-action=leave]').focus(); true");
            chromium.press("Enter");
            chromium.waitFor("the participant to leave", DashboardPage.participant(alice) + " === null", DashboardPage.WAIT);

            // 200% zoom of a 1280-pixel window: a 640-pixel wide page at 2 device pixels per pixel. Nothing is
            // wider than the window (tables scroll inside their own box), and the text is not shrunk.
            chromium.viewport(640, 450, 2);
            chromium.waitFor("the page to lay out at 200%", "window.innerWidth === 640", DashboardPage.WAIT);
            JsonNode zoomed = chromium.evaluate("({scroll: document.documentElement.scrollWidth, width: window.innerWidth,"
                    + " font: parseFloat(getComputedStyle(document.querySelector('.facts dd')).fontSize),"
                    + " wide: Array.from(document.querySelectorAll('#dashboard *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                    + " && !e.closest('.table-scroll')).map(e => e.tagName + '.' + e.className).slice(0, 5)})");
            assertThat(zoomed.path("scroll").asInt()).as("page width at 200%%: %s", zoomed).isLessThanOrEqualTo(640);
            assertThat(zoomed.path("wide")).as("elements past the right edge").isEmpty();
            assertThat(zoomed.path("font").asDouble()).isGreaterThanOrEqualTo(14);

            // Light and dark schemes follow the system's preference.
            chromium.colorScheme("light");
            double light = luminance(chromium.evaluate("getComputedStyle(document.body).backgroundColor").asText());
            double lightText = luminance(chromium.evaluate("getComputedStyle(document.body).color").asText());
            chromium.colorScheme("dark");
            double dark = luminance(chromium.evaluate("getComputedStyle(document.body).backgroundColor").asText());
            double darkText = luminance(chromium.evaluate("getComputedStyle(document.body).color").asText());
            assertThat(light).isGreaterThan(0.8);
            assertThat(dark).isLessThan(0.1);
            // WCAG contrast of body text: at least 7:1 in both.
            assertThat((light + 0.05) / (lightText + 0.05)).isGreaterThanOrEqualTo(7);
            assertThat((darkText + 0.05) / (dark + 0.05)).isGreaterThanOrEqualTo(7);
            assertThat(chromium.pageErrors()).isEmpty();
        }
    }

    /** Relative luminance (WCAG) of a CSS {@code rgb(r, g, b)} colour. */
    private static double luminance(String css) {
        String[] parts = css.replaceAll("[^0-9.,]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}

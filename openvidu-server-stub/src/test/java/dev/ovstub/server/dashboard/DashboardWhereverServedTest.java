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

/**
 * The dashboard uses only URLs relative to where it is served: it works over HTTPS with the server's self-signed
 * certificate, and under the base path of {@code openvidu.publicurl} behind a proxy.
 */
class DashboardWhereverServedTest {
    @TempDir
    Path tmp;

    @Test
    void overHttpsWithTheSelfSignedCertificateTheDashboardShowsAndDrivesSessions() throws Exception {
        DashboardTest.assumeChromium();
        try (OpenViduServerStub server = OpenViduServerStub.builder().https(true).start();
             // What a person does on the browser's warning page for a self-signed certificate.
             ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 900, "--ignore-certificate-errors")) {
            assertThat(server.baseUrl().getScheme()).isEqualTo("https");
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            chromium.navigate(server.baseUrl() + "/");

            assertThat(page.serverFact("HTTPS")).isEqualTo("yes");
            assertThat(page.serverFact("Recording")).isEqualTo("off");
            chromium.waitFor("the recordings section to say recording is off",
                    "!document.getElementById('recordings-off').hidden", DashboardPage.WAIT);
            String session = page.createSession("MANUAL", "BEST_FIT");
            page.addParticipant(session, "PUBLISHER", "alice", true);
            page.awaitPreviewTiles(session, 1);
            assertThat(chromium.evaluate(DashboardPage.session(session)
                    + ".querySelector('button[data-action=start-recording]').hidden").asBoolean())
                    .as("no start button with recording off").isTrue();
            assertThat(chromium.pageErrors()).isEmpty();
        }
    }

    @Test
    void underTheBasePathOfThePublicUrlEveryCallStaysUnderIt() throws Exception {
        DashboardTest.assumeChromium();
        TestRecorders recorders = new TestRecorders();
        try (PrefixProxy proxy = new PrefixProxy("/ovbase");
             OpenViduServerStub server = recorders.installIn(OpenViduServerStub.builder().recording(true)
                     .recordingPath(tmp.resolve("recordings")).publicUrl(proxy.publicUrl())
                     .startTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(5))).start();
             ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 900)) {
            proxy.target("http://127.0.0.1:" + server.port());
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            chromium.navigate(proxy.publicUrl());

            assertThat(page.serverFact("Public URL")).isEqualTo(proxy.publicUrl().replaceAll("/$", ""));
            String session = page.createSession("MANUAL", "BEST_FIT");
            assertThat(session).startsWith("ws://127.0.0.1:" + proxy.port() + "/ovbase/");
            String alice = page.addParticipant(session, "PUBLISHER", "alice", true);
            page.awaitPreviewTiles(session, 1);
            page.sessionAction(session, "start-recording");
            String recording = page.awaitRecordingOf(session, "started");
            page.sessionAction(session, "stop-recording");
            page.awaitRecordingStatus(recording, "stopped");
            page.participantAction(alice, "leave");

            // The player and the download link point under the base path, and ranges pass through it.
            JsonNode file = chromium.evaluate("(async () => { const card = " + DashboardPage.recording(recording) + ";"
                    + " const src = card.querySelector('video').src; const href = card.querySelector('a[download]').href;"
                    + " const r = await fetch(src, {headers: {Range: 'bytes=0-9'}});"
                    + " return {src, href, status: r.status, range: r.headers.get('Content-Range'), length: (await r.arrayBuffer()).byteLength}; })()");
            String expected = proxy.publicUrl() + "recordings/" + recording + ".mp4";
            assertThat(file.path("src").asText()).isEqualTo(expected);
            assertThat(file.path("href").asText()).isEqualTo(expected);
            assertThat(file.path("status").asInt()).isEqualTo(206);
            assertThat(file.path("range").asText()).startsWith("bytes 0-9/");
            assertThat(file.path("length").asInt()).isEqualTo(10);

            chromium.evaluate(DashboardPage.recording(recording) + ".querySelector('button[data-action=delete]').click(); true");
            chromium.waitFor("the deleted recording to leave the list", DashboardPage.recording(recording) + " === null",
                    DashboardPage.WAIT);
            // The test recorder writes a file no browser decodes: the player says so instead of staying blank.
            assertThat(page.awaitError("Loading recording " + recording + " in the player failed")).containsAnyOf("decoded", "not a video");
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#messages .message-text')).map(m => m.textContent)"
                    + ".filter(t => !t.startsWith('Loading recording'))")).as("other error messages").isEmpty();
            assertThat(proxy.outsideRequests()).as("requests outside the base path").isEmpty();
            assertThat(chromium.pageErrors()).isEmpty();
        }
    }
}

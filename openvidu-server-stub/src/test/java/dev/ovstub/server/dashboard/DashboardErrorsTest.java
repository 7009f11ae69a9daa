package dev.ovstub.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.TestRecorders;
import dev.ovstub.server.testing.ChromiumPage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the dashboard's calls can be refused shows up in the page, in the server's words: the OpenVidu API's
 * reasons (status only, the reason in the X-OpenVidu-Error header), the control API's, and a server that cannot be
 * reached. A refusal that needs the page's view to be out of date (someone else acted first) is made by holding on
 * to a button, acting behind the page's back, then clicking it: as a person clicking just before the refresh.
 */
class DashboardErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void everyRefusalOfTheApiIsShownInWordsAndAnUnreachableServerToo() throws Exception {
        DashboardTest.assumeChromium();
        TestRecorders recorders = new TestRecorders();
        OpenViduServerStub server = recorders.installIn(OpenViduServerStub.builder().recording(true)
                .recordingPath(tmp.resolve("recordings")).startTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(5))).start();
        try (ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 1000)) {
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", server.secret());
            chromium.navigate(server.baseUrl() + "/");
            String session = page.createSession("MANUAL", "BEST_FIT");

            // POST /api/recordings/start, 404: nobody has joined yet.
            page.sessionAction(session, "start-recording");
            assertThat(page.awaitError("nobody has joined it yet")).contains("Start recording").contains("404 Not Found");

            // POST /api/tokens + /stub/participants, 403: a subscriber cannot publish.
            page.submitParticipantForm(session, "SUBSCRIBER", "watcher", true);
            assertThat(page.awaitError("SUBSCRIBER")).contains("Add participant").contains("403");

            String alice = page.addParticipant(session, "PUBLISHER", "alice", true);
            String bob = page.addParticipant(session, "PUBLISHER", "bob", false);
            // POST /stub/participants/{id}/publish, 409; DELETE .../publish, 409.
            page.participantAction(alice, "publish");
            assertThat(page.awaitError("already publishing")).contains("Publish " + alice).contains("409");
            page.participantAction(bob, "unpublish");
            assertThat(page.awaitError("not publishing")).contains("Unpublish " + bob).contains("409");

            // POST /api/recordings/start, 500: the recorder died before writing. The recording stays, failed, and
            // its card says why.
            recorders.next(TestRecorders.Behaviour.EXITS_BEFORE_WRITING);
            page.sessionAction(session, "start-recording");
            assertThat(page.awaitError("exited with code 3")).contains("Start recording").contains("500");
            String failed = page.awaitRecordingOf(session, "failed");
            assertThat(chromium.evaluate(DashboardPage.recording(failed) + ".querySelector('.failure').textContent").asText())
                    .startsWith("Failed: the recorder exited with code 3 before writing");

            // POST /api/recordings/start twice, 409; DELETE /api/recordings/{id} of a started one, 409.
            page.sessionAction(session, "start-recording");
            String recording = page.awaitRecordingOf(session, "started");
            page.sessionAction(session, "start-recording");
            assertThat(page.awaitError("is already being recorded")).contains("409");
            chromium.evaluate(DashboardPage.recording(recording) + ".querySelector('button[data-action=delete]').click(); true");
            assertThat(page.awaitError("stop it before deleting it")).contains("Delete recording " + recording).contains("409");

            // POST /api/recordings/stop/{id} of a recording someone else stopped: 404.
            chromium.evaluate("window.staleStop = " + DashboardPage.session(session)
                    + ".querySelector('button[data-action=stop-recording]'); true");
            StubRecording stopped = server.recording(recording).orElseThrow();
            new io.openvidu.java.client.OpenVidu(server.baseUrl().toString(), server.secret()).stopRecording(stopped.id());
            chromium.evaluate("window.staleStop.click(); true");
            assertThat(page.awaitError("Stop recording " + recording)).containsAnyOf("404", "406");

            // DELETE /api/recordings/{id} of a recording someone else deleted: 404.
            page.awaitRecordingStatus(recording, "stopped");
            chromium.evaluate("window.staleDelete = " + DashboardPage.recording(recording)
                    + ".querySelector('button[data-action=delete]'); true");
            new io.openvidu.java.client.OpenVidu(server.baseUrl().toString(), server.secret()).deleteRecording(recording);
            chromium.evaluate("window.staleDelete.click(); true");
            assertThat(page.awaitError("no recording with id " + recording)).contains("404");

            // DELETE /stub/participants/{id} of one who has left already: 404.
            chromium.evaluate("window.staleLeave = " + DashboardPage.participant(bob)
                    + ".querySelector('button[data-action=leave]'); true");
            leaveBehindThePagesBack(server, bob);
            chromium.evaluate("window.staleLeave.click(); true");
            assertThat(page.awaitError("Leave " + bob)).contains("404");

            // Adding a participant to a session that closed meanwhile: POST /api/tokens refuses it (400, as 1.8).
            chromium.evaluate("window.staleCard = " + DashboardPage.session(session) + "; true");
            leaveBehindThePagesBack(server, alice);
            chromium.evaluate("(() => { const c = window.staleCard; c.querySelector('input[name=metadata]').value = 'late';"
                    + " c.querySelector('button[data-action=add-participant]').click(); return true; })()");
            assertThat(page.awaitError("POST api/tokens")).contains("Add participant").contains("no session with id").contains("400");

            // The server gone: the live view says so, and so does an action.
            server.close();
            String problem = page.awaitRefreshProblem();
            assertThat(problem).contains("could not be refreshed").contains("could not be reached");
            chromium.evaluate("document.getElementById('create-session').click(); true");
            assertThat(page.awaitError("Create session failed: the server could not be reached")).contains("no answer");
            chromium.evaluate("document.getElementById('reset').open = true; document.getElementById('reset-confirm').click(); true");
            assertThat(page.awaitError("Reset failed: the server could not be reached")).isNotEmpty();
            assertThat(chromium.pageErrors()).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test
    void credentialsTheServerNoLongerAcceptsAreExplainedInWords() throws Exception {
        DashboardTest.assumeChromium();
        OpenViduServerStub first = OpenViduServerStub.builder().secret("first-secret").start();
        int port = first.port();
        try (ChromiumPage chromium = ChromiumPage.open(tmp, 1280, 900)) {
            DashboardPage page = new DashboardPage(chromium);
            chromium.login("OPENVIDUAPP", "first-secret");
            chromium.navigate(first.baseUrl() + "/");
            page.createSession("MANUAL", "BEST_FIT");
            // The server comes back on the same port with another secret; the person dismisses the login dialog.
            first.close();
            chromium.cancelLogins();
            try (OpenViduServerStub second = OpenViduServerStub.builder().port(port).secret("second-secret").start()) {
                String problem = page.awaitRefreshProblem();
                assertThat(problem).contains("missing or wrong credentials").contains("401");
                chromium.evaluate("document.getElementById('create-session').click(); true");
                assertThat(page.awaitError("Create session failed: missing or wrong credentials")).contains("401");
                assertThat(second.port()).isEqualTo(port);
            }
        } finally {
            first.close();
        }
    }

    private static void leaveBehindThePagesBack(OpenViduServerStub server, String participantId) {
        dev.ovstub.server.testing.ControlClient client = new dev.ovstub.server.testing.ControlClient(server.baseUrl().toString(),
                dev.ovstub.server.testing.ControlClient.basic("OPENVIDUAPP", server.secret()),
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        client.leave(participantId);
    }
}

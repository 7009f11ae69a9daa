package dev.ovstub.server.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.testing.ChromiumPage;
import java.time.Duration;

/** What the dashboard tests do in the page, in the page's own terms (its labelled controls and data attributes). */
final class DashboardPage {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromiumPage page;

    DashboardPage(ChromiumPage page) {
        this.page = page;
    }

    /** A JavaScript string literal. */
    static String js(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String session(String id) {
        return "document.querySelector('article[data-session=' + CSS.escape(" + js(id) + ") + ']')";
    }

    static String participant(String id) {
        return "document.querySelector('tr[data-participant=' + CSS.escape(" + js(id) + ") + ']')";
    }

    static String recording(String id) {
        return "document.querySelector('article[data-recording=' + CSS.escape(" + js(id) + ") + ']')";
    }

    /** Waits for the first refresh, then returns the fact the server section shows under this name. */
    String serverFact(String name) {
        return page.waitFor("the server fact " + name,
                "(document.querySelector('#server-facts [data-fact=' + CSS.escape(" + js(name) + ") + ']') || {}).textContent",
                WAIT).asText();
    }

    /** Creates a session with the form and returns its id, once the page lists it. */
    String createSession(String mode, String layout) {
        page.waitFor("the dashboard's form", "document.getElementById('create-session') !== null", WAIT);
        int before = page.evaluate("document.querySelectorAll('article[data-session]').length").asInt();
        page.evaluate("document.getElementById('new-session-mode').value = " + js(mode) + ";"
                + "document.getElementById('new-session-layout').value = " + js(layout) + ";"
                + "document.getElementById('create-session').click(); true");
        return page.waitFor("a new session in the list",
                "(() => { const all = document.querySelectorAll('article[data-session]');"
                        + " return all.length > " + before + " ? all[all.length - 1].dataset.session : null; })()", WAIT).asText();
    }

    /** Adds a participant with the session's form and returns its id, once the page lists it. */
    String addParticipant(String sessionId, String role, String metadata, boolean publish) {
        int before = participantCount(sessionId);
        submitParticipantForm(sessionId, role, metadata, publish);
        return page.waitFor("participant '" + metadata + "' listed in " + sessionId,
                "(() => { const rows = " + session(sessionId) + ".querySelectorAll('tr[data-participant]');"
                        + " return rows.length > " + before + " ? Array.from(rows).find(r => r.cells[3].textContent === "
                        + js(metadata) + ").dataset.participant : null; })()", WAIT).asText();
    }

    void submitParticipantForm(String sessionId, String role, String metadata, boolean publish) {
        page.evaluate("(() => { const card = " + session(sessionId) + ";"
                + " card.querySelector('select[name=role]').value = " + js(role) + ";"
                + " card.querySelector('input[name=metadata]').value = " + js(metadata) + ";"
                + " card.querySelector('input[name=publish]').checked = " + publish + ";"
                + " card.querySelector('button[data-action=add-participant]').click(); return true; })()");
    }

    int participantCount(String sessionId) {
        return page.evaluate("(" + session(sessionId) + " || document).querySelectorAll('tr[data-participant]').length").asInt();
    }

    /** Clicks a button of a participant's row: publish, unpublish, leave. */
    void participantAction(String participantId, String action) {
        page.evaluate(participant(participantId) + ".querySelector('button[data-action=" + action + "]').click(); true");
    }

    /** Clicks a button of a session's card: start-recording, stop-recording. */
    void sessionAction(String sessionId, String action) {
        page.evaluate(session(sessionId) + ".querySelector('button[data-action=" + action + "]').click(); true");
    }

    /** Waits until the page shows the recording of the session with this status, and returns its id. */
    String awaitRecordingOf(String sessionId, String status) {
        return page.waitFor("a recording of " + sessionId + " shown " + status,
                "(() => { const card = Array.from(document.querySelectorAll('article[data-recording]')).find(c =>"
                        + " c.querySelector('[data-fact=Session]').textContent === " + js(sessionId) + " && c.dataset.status === "
                        + js(status) + "); return card ? card.dataset.recording : null; })()", WAIT).asText();
    }

    void awaitRecordingStatus(String recordingId, String status) {
        page.waitFor("recording " + recordingId + " shown " + status,
                "(" + recording(recordingId) + " || {dataset: {}}).dataset.status === " + js(status), WAIT);
    }

    /** Waits for an error message containing this text, and returns the whole message. */
    String awaitError(String containing) {
        return page.waitFor("an error message saying '" + containing + "'",
                "(Array.from(document.querySelectorAll('#messages .message.error .message-text')).map(m => m.textContent)"
                        + ".find(t => t.includes(" + js(containing) + ")) || null)", WAIT).asText();
    }

    /** Waits for the banner saying the live view could not be refreshed, and returns its text. */
    String awaitRefreshProblem() {
        return page.waitFor("the refresh problem to be shown",
                "(() => { const p = document.getElementById('refresh-problem'); return p.hidden ? null : p.textContent; })()",
                WAIT).asText();
    }

    /** How many tiles the live preview of a session draws (the layout page's canvas says). */
    JsonNode previewTiles(String sessionId) {
        return page.evaluate("(() => { const f = " + session(sessionId) + ".querySelector('iframe.preview');"
                + " const c = f && f.contentDocument && f.contentDocument.getElementById('grid');"
                + " return c && c.dataset.tiles ? Number(c.dataset.tiles) : -1; })()");
    }

    /** Whether the live preview of a session made any sound (the layout page plays only as a top-level page). */
    boolean previewPlaysSound(String sessionId) {
        return page.evaluate("(() => { const f = " + session(sessionId) + ".querySelector('iframe.preview');"
                + " return !!(f.contentWindow.layoutSound || f.contentDocument.getElementById('grid').dataset.sound); })()")
                .asBoolean();
    }

    void awaitPreviewTiles(String sessionId, int tiles) {
        page.waitFor("the preview of " + sessionId + " to draw " + tiles + " tile(s)",
                "(() => { const f = " + session(sessionId) + ".querySelector('iframe.preview');"
                        + " const c = f && f.contentDocument && f.contentDocument.getElementById('grid');"
                        + " return c && c.dataset.tiles === '" + tiles + "'; })()", WAIT);
    }
}

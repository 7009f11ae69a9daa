package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.it.support.OpenViduBrowserPage;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.testing.ChromiumPage;
import dev.ovstub.server.testing.ControlClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openvidu-browser} 2.32.2 from npm, unmodified, in headless Chromium, against the server's
 * signalling: an application page ({@code src/test/browser/signalling.html}) joins with token URLs of the REST API
 * and records what its sessions' events say. Signalling only: publishing (WebRTC) is tested in a network namespace
 * of its own ({@code netns.BrowserMediaTest}), never here, on the machine's own interfaces. Skipped, saying why,
 * without Chromium or without node and npm (the library comes from npm).
 */
class BrowserSignallingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static String missing;
    static OpenViduServerStub server;
    static ControlClient http;
    static OpenViduBrowserPage browser;
    static ChromiumPage page;

    @BeforeAll
    static void start() throws Exception {
        missing = OpenViduBrowserPage.whyNot();
        if (missing != null) {
            System.out.println(BrowserSignallingTest.class.getSimpleName() + ": skipped: " + missing);
            return;
        }
        server = OpenViduServerStub.builder().start();
        http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        browser = OpenViduBrowserPage.open(tmp);
        page = browser.chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void freshPage() {
        Assumptions.assumeTrue(missing == null, missing);
        browser.reload();
    }

    private static JsonNode call(String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    private static String newSession() throws Exception {
        return call("POST", "/openvidu/api/sessions", Map.of()).get("id").asText();
    }

    private static String token(String session) throws Exception {
        return call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of()).get("token").asText();
    }

    /** {@code name} joins in the page with a fresh token; returns its connection id. */
    private static String join(String name, String session) throws Exception {
        return browser.join(name, token(session));
    }

    private static JsonNode awaitEvent(String name, String type, String condition) {
        return browser.awaitEvent(name, type, condition, WAIT);
    }

    private static String quote(String s) {
        return OpenViduBrowserPage.quote(s);
    }

    @Test
    void theLibraryJoinsSeesASimulatedPublisherAndReceivesASignalOfTheRestApi() throws Exception {
        String session = newSession();

        String alice = join("alice", session);
        String sim = call("POST", "/stub/participants", Map.of("session", session, "token", token(session),
                "publish", true, "metadata", "simulated")).get("id").asText();

        JsonNode connection = call("GET", "/openvidu/api/sessions/" + session + "/connection/" + alice, null);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("platform").asText()).contains("Chrome");
        assertThat(connection.get("clientData").asText()).isEqualTo("alice-data");
        assertThat(awaitEvent("alice", "connectionCreated", "e.id === " + quote(sim)).get("data").asText()).isEqualTo("simulated");
        assertThat(awaitEvent("alice", "streamCreated", "e.owner === " + quote(sim)).get("id").asText()).startsWith("str_CAM_");

        call("POST", "/openvidu/api/signal", Map.of("session", session, "type", "greeting", "data", "hello from the backend"));
        JsonNode signal = awaitEvent("alice", "signal", "e.signalType === 'signal:greeting'");
        assertThat(signal.get("data").asText()).isEqualTo("hello from the backend");
        assertThat(signal.get("from").isNull()).as("the server sent it").isTrue();
    }

    @Test
    void twoConnectionsSeeEachOtherAndSignalEachOther() throws Exception {
        String session = newSession();
        String alice = join("alice", session);

        String bob = join("bob", session);
        awaitEvent("alice", "connectionCreated", "e.id === " + quote(bob));
        page.evaluate("window.sessions.bob.session.signal({data: 'hi alice', type: 'chat', to: [window.sessions.bob.session"
                + ".remoteConnections.get(" + quote(alice) + ")]})");

        JsonNode signal = awaitEvent("alice", "signal", "e.signalType === 'signal:chat'");
        assertThat(signal.get("data").asText()).isEqualTo("hi alice");
        assertThat(signal.get("from").asText()).isEqualTo(bob);
        page.evaluate("window.sessions.bob.session.disconnect()");
        assertThat(awaitEvent("alice", "connectionDestroyed", "e.id === " + quote(bob)).get("reason").asText())
                .isEqualTo("disconnect");
    }

    @Test
    void anEvictionThroughTheRestApiDisconnectsTheLibrarysSession() throws Exception {
        String session = newSession();
        String alice = join("alice", session);

        call("DELETE", "/openvidu/api/sessions/" + session + "/connection/" + alice, null);

        assertThat(awaitEvent("alice", "sessionDisconnected", "true").get("reason").asText()).isEqualTo("forceDisconnectByServer");
        assertThat(http.send("GET", "/openvidu/api/sessions/" + session, null).status())
                .as("its session closed with its last connection").isEqualTo(404);
    }
}

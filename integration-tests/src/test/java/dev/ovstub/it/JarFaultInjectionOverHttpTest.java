package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.it.support.JarServer;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ControlClient;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection as a backend in another language (Node, Python...) uses it: the runnable jar (HTTPS with its
 * self-signed certificate, recording on with the embedded recorder), driven over HTTP only, with JSON text and
 * headers: no Java API, no client library.
 */
class JarFaultInjectionOverHttpTest {
    private static final String FAULT = "X-OvStub-Fault";
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    @TempDir
    static Path folder;

    static JarServer jar;
    static ControlClient http;

    @BeforeAll
    static void startJar() {
        jar = JarServer.builder().recording(folder).start();
        HttpClient client = HttpClient.newBuilder().sslContext(ControlClient.trustAll())
                .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        http = new ControlClient(jar.baseUrl(), ControlClient.basic("OPENVIDUAPP", jar.secret()), client,
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopJar() {
        if (jar != null) {
            jar.close();
        }
    }

    private static int count(ControlClient.Response r) {
        Matcher m = COUNT.matcher(r.text());
        assertThat(m.find()).as("a count in %s", r.text()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int sessionCount() {
        return count(ControlClient.expect(http.send("GET", "/stub/sessions", null), 200, "list sessions"));
    }

    private static String createSession() {
        return ControlClient.stringField(
                ControlClient.expect(http.send("POST", "/api/sessions", "{}"), 200, "create session").text(), "id");
    }

    private static String recordingStatus(String id) {
        ControlClient.Response r = http.send("GET", "/api/recordings/" + id, null);
        return r.status() == 200 ? ControlClient.stringField(r.text(), "status") : "HTTP " + r.status();
    }

    @Test
    void eachRequestChoosesItsOwnFaultWithTheHeader() {
        int before = sessionCount();

        ControlClient.Response refused = http.send("POST", "/api/sessions", "{}", FAULT,
                "{\"status\": 503, \"message\": \"maintenance\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("X-OpenVidu-Error")).isEqualTo("maintenance");
        assertThatThrownBy(() -> http.send("POST", "/api/sessions", "{}", FAULT, "{\"drop\": true}"))
                .as("dropped: no answer at all").isInstanceOf(UncheckedIOException.class);
        assertThat(sessionCount()).as("neither request created a session").isEqualTo(before);

        long t0 = System.nanoTime();
        ControlClient.Response late = http.send("POST", "/api/sessions", "{}", FAULT, "{\"delayMs\": 500}");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(500);
        assertThat(late.status()).isEqualTo(200);
        assertThat(sessionCount()).as("the late one was handled").isEqualTo(before + 1);

        ControlClient.Response bad = http.send("POST", "/api/sessions", "{}", FAULT, "{\"status\": 200}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("X-OpenVidu-Error")).startsWith(FAULT + ": status:");
        ControlClient.Response anonymous = http.withAuthorization(null)
                .send("POST", "/api/sessions", "{}", FAULT, "{\"status\": 503}");
        assertThat(anonymous.status()).as("no credentials, no fault").isEqualTo(401);
    }

    @Test
    void theControlApiFailsTheNextRecordingStartAndKillsARecorder() {
        String session = createSession();
        String token = ControlClient.stringField(ControlClient.expect(http.send("POST", "/api/tokens",
                "{\"session\":" + ControlClient.quote(session) + ",\"role\":\"PUBLISHER\"}"), 200, "token").text(), "token");
        http.join(session, token, true, null);
        String id = session.substring(session.lastIndexOf('/') + 1);
        String start = "{\"session\":" + ControlClient.quote(session) + "}";

        ControlClient.expect(http.send("POST", "/stub/faults/fail-next-recording-start",
                "{\"count\": 1, \"reason\": \"disk full\"}"), 200, "arm a start failure");
        assertThat(count(http.send("GET", "/stub/faults", null))).isEqualTo(1);
        ControlClient.Response failed = http.send("POST", "/api/recordings/start", start);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.header("X-OpenVidu-Error")).contains("injected fault: disk full");
        assertThat(recordingStatus(id)).isEqualTo("failed");
        assertThat(count(http.send("GET", "/stub/faults", null))).as("used up").isZero();

        ControlClient.Response started = ControlClient.expect(http.send("POST", "/api/recordings/start", start), 200,
                "start again");
        String second = ControlClient.stringField(started.text(), "id");
        assertThat(second).isEqualTo(id + "-1");
        ControlClient.Response killed = http.send("POST", "/stub/faults/kill-recorder",
                "{\"recordingId\":" + ControlClient.quote(second) + "}");

        assertThat(killed.status()).as("%s", killed.text()).isEqualTo(200);
        Await.until(() -> "failed".equals(recordingStatus(second)), Duration.ofSeconds(30),
                () -> "recording " + second + " to fail after its recorder was killed (is " + recordingStatus(second) + ")");
        assertThat(http.send("POST", "/stub/faults/kill-recorder",
                "{\"recordingId\":" + ControlClient.quote(second) + "}").status()).as("not running any more").isEqualTo(409);
    }
}

package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.Clients;
import dev.ovstub.it.support.JarServer;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar's configuration, as a user gives it: {@code -D} flags and environment variables. */
class JarConfigurationTest {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aMalformedPortStopsStartUpWithAMessageNamingTheProperty() {
        JarServer.Exit exit = JarServer.runToExit(Map.of("server.port", "abc"), Map.of(), EXIT_BOUND);

        assertThat(exit.status()).as(exit.output()).isNotZero();
        assertThat(exit.output()).contains("server.port").contains("'abc'");
    }

    @Test
    void aMalformedRecordingFlagStopsStartUpWithAMessageNamingTheProperty() {
        JarServer.Exit exit = JarServer.runToExit(Map.of("openvidu.recording", "yes?"), Map.of(), EXIT_BOUND);

        assertThat(exit.status()).as(exit.output()).isNotZero();
        assertThat(exit.output()).contains("openvidu.recording").contains("'yes?'");
    }

    @Test
    void aMalformedValueInTheUpperSnakeEnvironmentIsReportedUnderItsPropertyName() {
        JarServer.Exit exit = JarServer.runToExit(Map.of(), Map.of("OPENVIDU_RECORDING", "yes?"), EXIT_BOUND);

        assertThat(exit.status()).as(exit.output()).isNotZero();
        assertThat(exit.output()).contains("openvidu.recording").contains("'yes?'");
    }

    @Test
    void upperSnakeAndDottedEnvironmentNamesConfigureTheJar() throws Exception {
        Path folder = tmp.resolve("made-at-start-up");
        try (JarServer jar = JarServer.builder()
                .env("OPENVIDU_RECORDING", "true")                      // upper snake
                .env("OPENVIDU_RECORDING_PATH", folder.toString())
                .env("SERVER_SSL_ENABLED", "false")
                .env("openvidu.secret", "s3cret")                       // docker run -e openvidu.secret=... style
                .start()) {
            StubHttp right = new StubHttp(jar.baseUrl(), "s3cret");
            StubHttp wrong = new StubHttp(jar.baseUrl(), "MY_SECRET");

            assertThat(jar.baseUrl()).as(jar.output()).startsWith("http://localhost:");
            assertThat(right.get("/api/recordings", true).status()).as("recording is on").isEqualTo(200);
            assertThat(wrong.get("/api/recordings", true).status()).as("the secret is s3cret").isEqualTo(401);
            assertThat(folder).isDirectory();
        }
    }

    @Test
    void aDashDPropertyWinsOverTheEnvironmentAndRecordingIsOffByDefault() {
        try (JarServer jar = JarServer.builder()
                .property("openvidu.secret", "fromFlag")
                .env("OPENVIDU_SECRET", "fromEnv")
                .start()) {
            StubHttp flag = new StubHttp(jar.baseUrl(), "fromFlag");
            StubHttp env = new StubHttp(jar.baseUrl(), "fromEnv");

            assertThat(jar.baseUrl()).as("HTTPS by default").startsWith("https://localhost:");
            assertThat(flag.postJson("/api/sessions", "{}").status()).isEqualTo(200);
            assertThat(env.postJson("/api/sessions", "{}").status()).isEqualTo(401);
            StubHttp.Response disabled = flag.get("/api/recordings", true);
            assertThat(disabled.status()).isEqualTo(501);
            assertThat(disabled.header("X-OpenVidu-Error")).containsIgnoringCase("recording").containsIgnoringCase("disabled");
        }
    }

    @Test
    void theJarExitsCleanlyOnSigtermAndLogsWhereItListened() throws Exception {
        JarServer jar = JarServer.builder().recording(tmp.resolve("rec")).start();
        int port = jar.port();
        jar.close();

        assertThat(jar.isRunning()).isFalse();
        assertThat(jar.output())
                .contains("OpenVidu stub server listening on https://localhost:" + port + " (port " + port + ")")
                .doesNotContain("MY_SECRET");
        assertThat(Files.isDirectory(tmp.resolve("rec"))).isTrue();
    }

    @Test
    void aPublicUrlNamesTheSessionsAndTheUrlsOfRecordings() throws Exception {
        try (JarServer jar = JarServer.builder()
                .recording(tmp.resolve("rec"))
                .freeAccess(true)
                .property("openvidu.publicurl", "https://media.example.test:4443/")
                .start();
             OpenVidu openVidu = Clients.ourClient("https://localhost:" + jar.port(), jar.secret())) {
            Session session = openVidu.createSession();
            new StubHttp("https://localhost:" + jar.port(), jar.secret())
                    .join(session.getSessionId(), session.generateToken(), true, null);
            Archive started = openVidu.startRecording(session.getSessionId());
            Thread.sleep(500); // recorded time
            Archive stopped = openVidu.stopRecording(started.getId());

            assertThat(jar.baseUrl()).isEqualTo("https://media.example.test:4443");
            assertThat(session.getSessionId()).startsWith("wss://media.example.test:4443/");
            assertThat(stopped.getStatus()).isEqualTo(Archive.Status.available);
            assertThat(stopped.getUrl()).isEqualTo("https://media.example.test:4443/recordings/" + stopped.getId() + ".mp4");
            assertThat(stopped.getSize()).isPositive();
        }
    }
}

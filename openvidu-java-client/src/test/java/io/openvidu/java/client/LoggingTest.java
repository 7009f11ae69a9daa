package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** SLF4J only: one DEBUG line per call, never the secret, never the Authorization header, no console output. */
class LoggingTest extends WireMockSupport {

    private static final String DISTINCTIVE_SECRET = "s3cr3t-that-must-never-be-logged";

    @Test
    void eachCallLogsMethodPathStatusAndLatencyButNeverTheCredentials() {
        wm.stubFor(post("/api/recordings/start").willReturn(okJson(recordingJson("abc", "started", "0", "0.0", null))));
        wm.stubFor(get("/api/recordings/missing").willReturn(aResponse().withStatus(404)));

        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String credentials = java.util.Base64.getEncoder()
                .encodeToString(("OPENVIDUAPP:" + DISTINCTIVE_SECRET).getBytes(StandardCharsets.UTF_8));
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try (OpenVidu ov = OpenVidu.builder(url(), DISTINCTIVE_SECRET).build()) {
                ov.startRecording(SESSION_ID);
                Throwable e = catchThrowable(() -> ov.getRecording("missing"));
                assertThat(e.toString()).doesNotContain(DISTINCTIVE_SECRET).doesNotContain(credentials);
                assertThat(ov.toString()).doesNotContain(DISTINCTIVE_SECRET);
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log).containsPattern("DEBUG io\\.openvidu\\.java\\.client\\.OpenVidu - POST /api/recordings/start -> 200 in \\d+ ms");
        assertThat(log).containsPattern("DEBUG io\\.openvidu\\.java\\.client\\.OpenVidu - GET /api/recordings/missing -> 404 in \\d+ ms");
        assertThat(log).doesNotContain(DISTINCTIVE_SECRET).doesNotContain(credentials).doesNotContain("Basic ")
                .doesNotContain(SESSION_ID);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theMainCodeNeverWritesToTheConsole() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String src = Files.readString(p);
                    return src.contains("System.out") || src.contains("System.err") || src.contains("printStackTrace");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }
}

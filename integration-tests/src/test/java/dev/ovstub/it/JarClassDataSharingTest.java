package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.support.JarServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive {@code mvn package} makes next to the runnable jar: the jar started with
 * {@code -XX:SharedArchiveFile} takes its classes, ours and Jetty's, from it (no warning: the archive matches
 * this jar and this JDK) and answers as usual.
 */
class JarClassDataSharingTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+) \\(port ([0-9]+)\\)");

    @TempDir
    Path tmp;

    @Test
    void theJarStartedWithItsArchiveLoadsItsClassesFromItAndAnswers() throws Exception {
        Path jar = JarServer.jar();
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        assertThat(archive).as("made by mvn package next to the jar").isRegularFile();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-Dserver.port=0",
                "-Dserver.ssl.enabled=false", "-Dserver.address=127.0.0.1", "-Dopenvidu.recording=true",
                "-Dopenvidu.recording.path=" + tmp.resolve("recordings"), "-jar", jar.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Matcher> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    Matcher m = LISTENING.matcher(l);
                    if (m.find()) {
                        listening.complete(m);
                    }
                }
            } catch (java.io.IOException ignored) {
                // process gone
            }
            listening.completeExceptionally(new IllegalStateException("exited before listening"));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher m = listening.get(60, TimeUnit.SECONDS);
            int status = postSession(m.group(1));

            assertThat(status).isEqualTo(200);
            List<String> out;
            synchronized (lines) {
                out = new ArrayList<>(lines);
            }
            assertThat(out).as("no CDS warning: the archive matches the jar and the JDK")
                    .noneMatch(l -> l.contains("[warning][cds"));
            assertThat(out).as("our classes come from the archive")
                    .anyMatch(l -> l.contains("dev.ovstub.server.internal.api.Router source: shared objects file"));
            assertThat(out).as("and Jetty's")
                    .anyMatch(l -> l.contains("org.eclipse.jetty.server.Server source: shared objects file"));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(Files.exists(archive)).as("the archive is only read").isTrue();
    }

    private static int postSession(String baseUrl) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl + "/api/sessions").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "OPENVIDUAPP:MY_SECRET".getBytes(StandardCharsets.UTF_8)));
        try (OutputStream o = c.getOutputStream()) {
            o.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        c.getInputStream().readAllBytes();
        return status;
    }
}

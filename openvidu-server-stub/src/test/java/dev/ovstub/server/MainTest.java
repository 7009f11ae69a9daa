package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runnable jar's start-up warning about the default secret on a network address. */
class MainTest {

    private static ServerConfig config(String address, String secret) {
        return ServerConfig.builder().bindAddress(address).secret(secret).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "", "192.168.1.20", "10.0.0.1"})
    void theDefaultSecretOnANetworkAddressIsWarnedAbout(String address) {
        assertThat(Main.exposureWarning(config(address, ServerConfig.DEFAULT_SECRET)))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("the default secret")
                        .contains("anyone on the network")
                        .contains("openvidu.secret")
                        .doesNotContain(ServerConfig.DEFAULT_SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.1.1", "::1", "localhost"})
    void theDefaultSecretOnALoopbackAddressIsNotWarnedAbout(String address) {
        assertThat(Main.exposureWarning(config(address, ServerConfig.DEFAULT_SECRET))).isEmpty();
    }

    @Test
    void anotherSecretOnANetworkAddressIsNotWarnedAbout() {
        assertThat(Main.exposureWarning(config("0.0.0.0", "a-long-secret-of-ours"))).isEmpty();
    }

    @Test
    void theJarWarnsAtStartUpWhenItListensOnEveryAddressWithTheDefaultSecret() throws Exception {
        List<String> lines = startJarAndReadUntilListening("0.0.0.0");

        assertThat(lines).filteredOn(l -> l.contains("WARN") && l.contains("the default secret")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains(ServerConfig.DEFAULT_SECRET));
    }

    @Test
    void theJarDoesNotWarnWhenItListensOnLoopbackOnly() throws Exception {
        List<String> lines = startJarAndReadUntilListening("127.0.0.1");

        assertThat(lines).noneMatch(l -> l.contains("the default secret"));
    }

    /** Runs {@link Main} in a child JVM on a free port, returns its log up to the "listening" line, stops it. */
    private static List<String> startJarAndReadUntilListening(String address) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dserver.address=" + address, "-Dserver.port=0", "-Dserver.ssl.enabled=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", // the tests' simplelogger.properties says warn
                Main.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENVIDU") || k.startsWith("openvidu")
                || k.startsWith("SERVER") || k.startsWith("server"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        try {
            CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
                List<String> lines = new ArrayList<>();
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        if (line.contains("listening on")) {
                            return lines;
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                throw new AssertionError("the jar ended before listening: " + lines);
            });
            return read.get(30, TimeUnit.SECONDS);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.support.JarServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openvidu-node-client} 2.32.2 from npm, unchanged, against our runnable jar's 2.x surface:
 * {@code src/test/node/conformance.mjs} runs a Node backend's flows (see that script) and prints one line per check.
 *
 * <p>The package, its lock file and the script are copied into {@code target/node-conformance}, where
 * {@code npm ci} installs the locked packages with its cache in the same folder (nothing outside {@code target/}).
 * Without {@code node} or {@code npm} on the PATH the test is skipped and says so ({@code .ci/run} installs
 * Debian's {@code nodejs} and {@code npm} where they are missing); a failing {@code npm ci} is a failure, not a skip.
 * The jar serves plain HTTP here (the Node client, unlike the Java one, checks certificates), so tokens are
 * {@code ws://} URLs.
 */
class NodeClientConformanceTest {
    private static final Duration NPM_BOUND = Duration.ofMinutes(5);
    private static final Duration SCRIPT_BOUND = Duration.ofMinutes(3);
    private static final Pattern SUMMARY =
            Pattern.compile("node-client conformance: (\\d+) checks passed, (\\d+) failed");

    @TempDir
    static Path recordings;

    static Path work;
    static JarServer jar;
    /** Why the test cannot run here (no node or npm), or null. */
    static String missing;

    @BeforeAll
    static void installTheClientAndStartTheJar() throws Exception {
        String node = version("node");
        String npm = version("npm");
        if (node == null || npm == null) {
            // reported by the test itself: an assumption failing here would hide the test from the counts
            missing = "skipped: the official openvidu-node-client needs node and npm on the PATH (node "
                    + (node == null ? "missing" : node) + ", npm " + (npm == null ? "missing" : npm)
                    + "); .ci/run installs Debian's nodejs and npm";
            System.out.println(NodeClientConformanceTest.class.getSimpleName() + ": " + missing);
            return;
        }
        work = Path.of(property("ovstub.node.work"));
        Path sources = Path.of(property("ovstub.node.sources"));
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "conformance.mjs")) {
            Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn",
                "--cache", work.resolve("npm-cache").toString()), Map.of(), NPM_BOUND);
        assertThat(install.status()).as("npm ci in %s:\n%s", work, install.output()).isZero();
        assertThat(work.resolve("node_modules/openvidu-node-client/package.json")).content(StandardCharsets.UTF_8)
                .contains("\"version\": \"2.32.2\"");

        jar = JarServer.builder().recording(recordings)
                .property("server.ssl.enabled", "false")
                .property("openvidu.recording.autostop-timeout", "2")
                .start();
    }

    @AfterAll
    static void stopTheJar() {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void theOfficialNodeClientRunsEveryFlowOfTheScriptAgainstTheJar() throws Exception {
        Assumptions.assumeTrue(missing == null, missing);
        assertThat(jar.baseUrl()).startsWith("http://");

        Run r = run(List.of("node", "conformance.mjs", jar.baseUrl(), jar.secret()), Map.of(), SCRIPT_BOUND);

        Matcher summary = SUMMARY.matcher(r.output());
        assertThat(summary.find()).as("the script's summary line in:\n%s", r.output()).isTrue();
        List<String> failures = r.output().lines().filter(l -> l.startsWith("not ok - ")).toList();
        assertThat(failures).as("checks of the Node client that failed (whole output:\n%s)", r.output()).isEmpty();
        assertThat(Integer.parseInt(summary.group(1))).as("checks passed").isGreaterThanOrEqualTo(30);
        assertThat(r.status()).as("exit status; output:\n%s", r.output()).isZero();
    }

    // ---- processes ----

    /** An exit status and everything printed (standard output and error together). */
    record Run(int status, String output) {}

    private static Run run(List<String> command, Map<String, String> env, Duration bound) throws Exception {
        Path log = Files.createTempFile(work, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("npm_config_update_notifier", "false");
        Process p = pb.start();
        if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + bound.toSeconds()
                    + " s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** {@code <tool> --version}, or null when the tool cannot be run. */
    private static String version(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return v;
    }
}

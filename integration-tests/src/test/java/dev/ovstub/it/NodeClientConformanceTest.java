package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.it.support.JarServer;
import dev.ovstub.it.support.NpmProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private static final Duration SCRIPT_BOUND = Duration.ofMinutes(3);
    private static final Pattern SUMMARY =
            Pattern.compile("node-client conformance: (\\d+) checks passed, (\\d+) failed");

    @TempDir
    static Path recordings;

    static NpmProject project;
    static JarServer jar;
    /** Why the test cannot run here (no node or npm), or null. */
    static String missing;

    @BeforeAll
    static void installTheClientAndStartTheJar() throws Exception {
        missing = NpmProject.whyNot();
        if (missing != null) {
            // reported by the test itself: an assumption failing here would hide the test from the counts
            missing = "skipped: the official openvidu-node-client needs " + missing;
            System.out.println(NodeClientConformanceTest.class.getSimpleName() + ": " + missing);
            return;
        }
        project = NpmProject.install(Path.of(NpmProject.property("ovstub.node.sources")),
                Path.of(NpmProject.property("ovstub.node.work")), List.of("package.json", "package-lock.json", "conformance.mjs"));
        assertThat(project.work().resolve("node_modules/openvidu-node-client/package.json")).content(StandardCharsets.UTF_8)
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

        NpmProject.Run r = project.run(List.of("node", "conformance.mjs", jar.baseUrl(), jar.secret()), Map.of(),
                SCRIPT_BOUND);

        Matcher summary = SUMMARY.matcher(r.output());
        assertThat(summary.find()).as("the script's summary line in:\n%s", r.output()).isTrue();
        List<String> failures = r.output().lines().filter(l -> l.startsWith("not ok - ")).toList();
        assertThat(failures).as("checks of the Node client that failed (whole output:\n%s)", r.output()).isEmpty();
        assertThat(Integer.parseInt(summary.group(1))).as("checks passed").isGreaterThanOrEqualTo(30);
        assertThat(r.status()).as("exit status; output:\n%s", r.output()).isZero();
    }
}

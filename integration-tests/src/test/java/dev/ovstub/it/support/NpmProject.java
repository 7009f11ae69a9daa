package dev.ovstub.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An npm project of the tests (a {@code package.json} and its lock file under {@code src/test/<name>}), installed
 * with {@code npm ci} into a folder under {@code target/}, its npm cache there too: nothing outside {@code target/}
 * is written. An install from the same lock file is done once per build (the browser tests share one). Without {@code node} or {@code npm} on the PATH, {@link #whyNot()} says so (the tests then skip,
 * saying why; {@code .ci/run} installs Debian's {@code nodejs} and {@code npm} where they are missing).
 */
public final class NpmProject {
    private static final Duration NPM_BOUND = Duration.ofMinutes(5);

    private final Path work;

    private NpmProject(Path work) {
        this.work = work;
    }

    /** Why node and npm cannot be used here, or null. */
    public static String whyNot() {
        String node = version("node");
        String npm = version("npm");
        if (node != null && npm != null) {
            return null;
        }
        return "node and npm are needed on the PATH (node " + (node == null ? "missing" : node) + ", npm "
                + (npm == null ? "missing" : npm) + "); .ci/run installs Debian's nodejs and npm";
    }

    /**
     * Copies {@code files} (the package, its lock file, and whatever the test runs or serves) from {@code sources}
     * into {@code work} and runs {@code npm ci} there. A failing install is an {@link AssertionError}.
     */
    public static NpmProject install(Path sources, Path work, List<String> files) throws Exception {
        Files.createDirectories(work);
        for (String file : files) {
            Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        NpmProject project = new NpmProject(work);
        Path installed = work.resolve("node_modules/.ovstub-installed-lock.json");
        if (Files.isRegularFile(installed)
                && Files.mismatch(installed, work.resolve("package-lock.json")) == -1L) {
            return project; // installed from this very lock file already (another test of this build)
        }
        Run install = project.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn",
                "--cache", work.resolve("npm-cache").toString()), Map.of(), NPM_BOUND);
        if (install.status() != 0) {
            throw new AssertionError("npm ci in " + work + " failed:\n" + install.output());
        }
        Files.copy(work.resolve("package-lock.json"), installed, StandardCopyOption.REPLACE_EXISTING);
        return project;
    }

    public Path work() {
        return work;
    }

    /** An exit status and everything printed (standard output and error together). */
    public record Run(int status, String output) {}

    /** Runs a command in the project's folder within {@code bound} (past it: killed, and an AssertionError). */
    public Run run(List<String> command, Map<String, String> env, Duration bound) throws Exception {
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

    /** A system property the build sets (the tests run through Maven). */
    public static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return v;
    }
}

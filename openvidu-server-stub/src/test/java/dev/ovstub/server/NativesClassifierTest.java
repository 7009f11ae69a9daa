package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The server's POM resolves the FFmpeg and JavaCPP natives of the platform Maven runs on. Maven itself is run
 * with another platform's os.name and os.arch (set when its JVM starts, before anything reads them), except for
 * Windows: Maven's console library loads Windows natives at start-up when os.name says Windows, so there the
 * POM's profile activations are evaluated by the rules Maven applies, checked against real Maven on the others.
 */
class NativesClassifierTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "Linux, amd64, linux-x86_64",
            "Linux, aarch64, linux-arm64",
            "Mac OS X, x86_64, macosx-x86_64",
            "Mac OS X, aarch64, macosx-arm64",
            "FreeBSD, amd64, linux-x86_64", // unsupported: the default resolves; recording refuses to start
    })
    void mavenResolvesTheNativesOfThePlatformItRunsOn(String osName, String osArch, String classifier) throws Exception {
        List<String> tree = dependencyTree(osName, osArch);

        assertThat(tree).as("natives in the dependency tree")
                .anyMatch(l -> l.contains("org.bytedeco:ffmpeg:jar:" + classifier + ":"))
                .anyMatch(l -> l.contains("org.bytedeco:javacpp:jar:" + classifier + ":"))
                .noneMatch(l -> l.matches(".*org\\.bytedeco:(ffmpeg|javacpp):jar:(?!" + classifier + ":)[a-z]+-[a-z0-9_]+:.*"));
        assertThat(activatedPlatform(osName, osArch)).as("the POM's activations read by Maven's rules agree")
                .isEqualTo(classifier);
    }

    /**
     * What a project that depends on the published server gets: Maven evaluates the OS activations of a
     * dependency's POM on the consumer's machine too. The two POMs are published, under a version of their own,
     * into a file repository here; the consumer resolves them from it (and the rest from the local repository).
     */
    @Test
    void aProjectThatDependsOnTheServerGetsTheNativesOfItsOwnPlatform() throws Exception {
        String version = "0.0.0-natives-check";
        Path repo = tmp.resolve("repo");
        Path root = MODULE.getParent();
        publishPom(root.resolve("pom.xml"), repo, "ovstub-parent", version);
        publishPom(MODULE.resolve("pom.xml"), repo, "openvidu-server-stub", version);
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>check</groupId><artifactId>app</artifactId><version>1</version>
                  <repositories><repository><id>published</id><url>%s</url></repository></repositories>
                  <dependencies><dependency><groupId>dev.ovstub</groupId><artifactId>openvidu-server-stub</artifactId>
                    <version>%s</version></dependency></dependencies>
                  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin></plugins></build>
                </project>
                """.formatted(repo.toUri(), version));
        Path localCopies = Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "ovstub");
        try {
            List<String> tree = dependencyTree(app.resolve("pom.xml"), List.of(), "Mac OS X", "aarch64");

            assertThat(tree).anyMatch(l -> l.contains("org.bytedeco:ffmpeg:jar:macosx-arm64:"))
                    .anyMatch(l -> l.contains("org.bytedeco:javacpp:jar:macosx-arm64:"))
                    .noneMatch(l -> l.contains("linux-x86_64"));
        } finally {
            for (String artifact : new String[] {"ovstub-parent", "openvidu-server-stub"}) {
                deleteRecursively(localCopies.resolve(artifact).resolve(version));
            }
        }
    }

    private static void publishPom(Path pom, Path repo, String artifactId, String version) throws IOException {
        String text = Files.readString(pom).replaceFirst("<version>[^<]+</version>", "<version>" + version + "</version>");
        Path dir = Files.createDirectories(repo.resolve("dev/ovstub").resolve(artifactId).resolve(version));
        Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), text);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "Windows 11, amd64, windows-x86_64",
            "Windows 10, amd64, windows-x86_64",
            "Windows Server 2022, amd64, windows-x86_64",
            "Windows 11, x86, linux-x86_64",
    })
    void onWindowsThePomsActivationsPickTheWindowsNatives(String osName, String osArch, String classifier) throws Exception {
        assertThat(activatedPlatform(osName, osArch)).isEqualTo(classifier);
    }

    @Test
    void everySupportedPlatformHasItsProfileAndNoPlatformTwo() throws Exception {
        List<String> platforms = new ArrayList<>();
        for (Element profile : nativesProfiles()) {
            platforms.add(platformProperty(profile));
        }
        assertThat(platforms).containsExactlyInAnyOrderElementsOf(dev.ovstub.server.internal.assembly.NativePlatform.SUPPORTED);
    }

    /** Runs {@code mvn dependency:tree} on this module in a JVM that believes it runs on that platform. */
    private List<String> dependencyTree(String osName, String osArch) throws Exception {
        return dependencyTree(MODULE.getParent().resolve("pom.xml"),
                List.of("-pl", MODULE.getFileName().toString(), "-am"), osName, osArch);
    }

    private List<String> dependencyTree(Path pom, List<String> options, String osName, String osArch) throws Exception {
        String mvn = findOnPath("mvn");
        assumeTrue(mvn != null, "mvn is not on the PATH");
        Path out = tmp.resolve("tree.txt");
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-f", pom.toString()));
        command.addAll(options);
        command.addAll(List.of("dependency:tree", "-Dincludes=org.bytedeco", "-DoutputFile=" + out,
                "-DappendOutput=false"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JDK_JAVA_OPTIONS", "-Dos.name=\"" + osName + "\" -Dos.arch=" + osArch);
        pb.environment().remove("MAVEN_OPTS");
        pb.redirectErrorStream(true);
        Path log = tmp.resolve("mvn.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn dependency:tree did not finish in 120 s");
        }
        assertThat(p.exitValue()).as("mvn dependency:tree: %s", Files.readString(log)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /**
     * The platform the POM picks by Maven's OS activation rules: every given condition must hold; name and arch
     * compare with os.name and os.arch ignoring case; family "mac" / "windows" look for that word in os.name.
     * The property's default when no profile is active.
     */
    private static String activatedPlatform(String osName, String osArch) throws Exception {
        String name = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        List<String> active = new ArrayList<>();
        for (Element profile : nativesProfiles()) {
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            boolean on = true;
            String n = text(os, "name");
            String family = text(os, "family");
            String a = text(os, "arch");
            if (n != null) on &= name.equals(n.toLowerCase(Locale.ROOT));
            if (family != null) on &= switch (family) {
                case "mac" -> name.contains("mac");
                case "windows" -> name.contains("windows");
                default -> throw new AssertionError("family not modelled here: " + family);
            };
            if (a != null) on &= arch.equals(a.toLowerCase(Locale.ROOT));
            if (on) {
                active.add(platformProperty(profile));
            }
        }
        assertThat(active).as("active natives profiles for %s %s", osName, osArch).hasSizeLessThanOrEqualTo(1);
        return active.isEmpty() ? defaultPlatform() : active.get(0);
    }

    private static List<Element> nativesProfiles() throws Exception {
        NodeList profiles = pom().getElementsByTagName("profile");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (profile.getElementsByTagName("ovstub.natives.platform").getLength() > 0) {
                assertThat(profile.getElementsByTagName("os").getLength()).as("an OS activation").isEqualTo(1);
                out.add(profile);
            }
        }
        return out;
    }

    private static String platformProperty(Element profile) {
        return profile.getElementsByTagName("ovstub.natives.platform").item(0).getTextContent().trim();
    }

    private static String defaultPlatform() throws Exception {
        Element project = pom().getDocumentElement();
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("properties")) {
                return text(e, "ovstub.natives.platform");
            }
        }
        throw new AssertionError("no default ovstub.natives.platform in the POM's properties");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static org.w3c.dom.Document pom() throws Exception {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(MODULE.resolve("pom.xml").toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + MODULE.resolve("pom.xml"), e);
        }
    }
}

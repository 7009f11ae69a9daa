package dev.ovstub.server.internal.recording.runtime.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the recorder child JVM is started: its options, its environment and its class path.
 *
 * <p>Chosen for a short-lived program that mostly waits on native code (measured with {@code bench/run.sh}, see
 * the README's benchmark section):
 * <ul>
 *   <li>C1 only ({@code -XX:TieredStopAtLevel=1}, one compiler thread): the Java side of a frame is small, and C2
 *       compiling it cost more CPU in a recording's first seconds than it ever saved;</li>
 *   <li>a small serial heap that starts small ({@code -Xms8m -Xmx128m}): frames live in native memory, so the heap
 *       holds little; the JDK's default initial heap (1/64 of RAM) made the young generation, and the resident
 *       size, large for nothing;</li>
 *   <li>no perf data file, headless AWT, and {@code MALLOC_ARENA_MAX=2} so that glibc does not give each thread
 *       that touches FFmpeg an arena of its own;</li>
 *   <li>a class-data archive of the recorder's classes when the class path allows one ({@link ClassDataArchive}).</li>
 * </ul>
 */
public final class RecorderJvm {
    /** JVM options of every recorder child (the class-data archive's come after these). */
    public static final List<String> OPTIONS = List.of(
            "-Xms8m", "-Xmx128m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:cds*=off", "-Xlog:class+path=off",
            "-Djava.awt.headless=true");

    /** Environment added to the recorder child's. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** Entries a directory on the class path is kept for: the recorder, its libraries, logging and its set-up. */
    private static final List<String> NEEDED_IN_DIRECTORIES = List.of(
            "dev/ovstub/server/internal/recorder", "org/bytedeco", "org/slf4j",
            "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
            "simplelogger.properties", "logback.xml", "logback-test.xml", "logback.groovy",
            "log4j2.xml", "log4j2-test.xml", "log4j2.properties", "log4j2-test.properties", "logging.properties");

    private RecorderJvm() {}

    /**
     * The class path of the recorder child: {@code classPath} without the directories that hold nothing the
     * recorder uses (an application's or a test's classes). Jars are all kept: which one holds the logging
     * binding is not known without loading it. A class-data archive can only be made when no non-empty
     * directory is left.
     */
    public static String recorderClassPath(String classPath) {
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            if (Files.isDirectory(p) && NEEDED_IN_DIRECTORIES.stream().noneMatch(n -> Files.exists(p.resolve(n)))) {
                continue;
            }
            kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    /** True when every entry of {@code classPath} is a regular file or an empty or missing directory. */
    static boolean onlyFiles(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    if (s.findAny().isPresent()) return false;
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }
}

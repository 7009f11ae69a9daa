package dev.ovstub.server.internal.recording.runtime.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic class-data archive (AppCDS) of the recorder child's classes, made by the first recorder that runs and
 * used by every later one: the JVM then maps the classes it would otherwise load, parse and verify at each start
 * (about a third of a recorder's start-up CPU, measured by {@code bench/run.sh}).
 *
 * <ul>
 *   <li>The archive's name is a hash of the java executable, its version, the JVM options and every class path
 *       entry with its size and modification time, so a new build or JDK makes a new archive; the JVM checks the
 *       same itself and ignores an archive that does not match ({@code -Xshare:auto}): a missing, stale or damaged
 *       archive never fails a recording, it only makes the start slower.</li>
 *   <li>Made by one child at a time ({@code -XX:ArchiveClassesAtExit}), written to a temporary name and moved in
 *       place by the parent only when that child exited 0; other children meanwhile start without one. Writing the
 *       archive takes about half a second when that first recorder exits, once.</li>
 *   <li>Folder: {@code -Dovstub.recorder.cdsDir}, else {@code ~/.cache/ovstub/recorder-cds}; the newest few
 *       archives are kept. Off with {@code -Dovstub.recorder.cds=false}, or when the class path has a non-empty
 *       directory (the JVM archives only classes from jars).</li>
 * </ul>
 */
final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final int KEEP = 4;

    private final Path archive;
    private final AtomicBoolean creating = new AtomicBoolean();

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** The archive for these launch parameters, or null when none can be used. */
    static ClassDataArchive forLaunch(String javaExecutable, String classPath, List<String> jvmOptions) {
        if ("false".equalsIgnoreCase(System.getProperty("ovstub.recorder.cds", "true"))) return null;
        if (!RecorderJvm.onlyFiles(classPath)) {
            LOG.debug("No class-data archive for the recorder: its class path has directories");
            return null;
        }
        if (!hasBaseArchive(javaExecutable)) {
            // A dynamic archive sits on top of the JDK's own (lib/server/classes.jsa): without it, as in a jlink'ed
            // runtime, -XX:ArchiveClassesAtExit stops the JVM at its start ("DynamicDumpSharedSpaces is
            // unsupported when base CDS archive is not loaded").
            LOG.debug("No class-data archive for the recorder: {} has no base CDS archive", javaExecutable);
            return null;
        }
        String dirProperty = System.getProperty("ovstub.recorder.cdsDir");
        Path dir = dirProperty != null ? Path.of(dirProperty)
                : Path.of(System.getProperty("user.home"), ".cache", "ovstub", "recorder-cds");
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) return null;
        } catch (IOException | SecurityException e) {
            LOG.debug("No class-data archive for the recorder: {} unusable ({})", dir, e.toString());
            return null;
        }
        return new ClassDataArchive(dir.resolve("recorder-" + key(javaExecutable, classPath, jvmOptions) + ".jsa"));
    }

    /** Whether the JDK of {@code javaExecutable} ({@code <home>/bin/java}) has its default CDS archive. */
    static boolean hasBaseArchive(String javaExecutable) {
        Path bin = Path.of(javaExecutable).toAbsolutePath().getParent();
        Path home = bin == null ? null : bin.getParent();
        return home != null && Files.isRegularFile(home.resolve("lib").resolve("server").resolve("classes.jsa"));
    }

    /** What one launch adds to the JVM options, and what to do once that child exits. */
    record Use(List<String> options, Path creating) {
        static final Use NONE = new Use(List.of(), null);
    }

    /** Use the archive if it is there; else let this child make it unless another one already does. */
    Use forChild() {
        if (Files.isRegularFile(archive)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive), null);
        }
        if (!creating.compareAndSet(false, true)) return Use.NONE;
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + tmp), tmp);
    }

    /** Called when the child given {@code use} exited with {@code exitCode}: keeps the archive it made, if any. */
    void childExited(Use use, Integer exitCode) {
        if (use.creating() == null) return;
        Path tmp = use.creating();
        try {
            if (exitCode != null && exitCode == 0 && Files.size(tmp) > 0) {
                try {
                    Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                LOG.debug("Recorder class-data archive written: {}", archive);
                pruneOld();
            }
        } catch (IOException e) {
            LOG.debug("Recorder class-data archive not kept: {}", e.toString());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            creating.set(false);
        }
    }

    private void pruneOld() {
        try (Stream<Path> s = Files.list(archive.getParent())) {
            List<Path> archives = s.filter(p -> p.getFileName().toString().startsWith("recorder-"))
                    .sorted(Comparator.comparing(ClassDataArchive::modified).reversed()).toList();
            for (int i = KEEP; i < archives.size(); i++) {
                Path old = archives.get(i);
                if (!old.equals(archive)) Files.deleteIfExists(old);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String key(String javaExecutable, String classPath, List<String> jvmOptions) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder();
            sb.append(javaExecutable).append('\n').append(System.getProperty("java.vm.version")).append('\n');
            sb.append(String.join(" ", jvmOptions)).append('\n');
            for (String entry : classPath.split(File.pathSeparator)) {
                Path p = Path.of(entry);
                sb.append(entry).append('|');
                try {
                    sb.append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    sb.append("missing");
                }
                sb.append('\n');
            }
            return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

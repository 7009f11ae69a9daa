package dev.ovstub.server.internal.recording.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the recorder child may make or use a class-data archive. */
class ClassDataArchiveTest {
    @TempDir
    Path tmp;

    private Path javaHome(boolean withBaseArchive) throws Exception {
        Path home = tmp.resolve(withBaseArchive ? "jdk" : "jlinked");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/java"), "");
        if (withBaseArchive) {
            Files.createDirectories(home.resolve("lib/server"));
            Files.writeString(home.resolve("lib/server/classes.jsa"), "x");
        }
        return home.resolve("bin/java");
    }

    private ClassDataArchive archiveFor(Path java) throws Exception {
        Path jar = Files.writeString(tmp.resolve("server.jar"), "");
        String previous = System.setProperty("ovstub.recorder.cdsDir", tmp.resolve("cds").toString());
        try {
            return ClassDataArchive.forLaunch(java.toString(), jar.toString(), List.of("-Xmx128m"));
        } finally {
            if (previous == null) System.clearProperty("ovstub.recorder.cdsDir");
            else System.setProperty("ovstub.recorder.cdsDir", previous);
        }
    }

    @Test
    void aRuntimeWithoutTheJdksBaseArchiveGetsNoArchiveSoItsRecordersStillStart() throws Exception {
        assertThat(archiveFor(javaHome(false))).isNull();
    }

    @Test
    void aJdkWithItsBaseArchiveLetsTheFirstRecorderMakeOne() throws Exception {
        ClassDataArchive archive = archiveFor(javaHome(true));

        assertThat(archive).isNotNull();
        assertThat(archive.forChild().options()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
    }
}

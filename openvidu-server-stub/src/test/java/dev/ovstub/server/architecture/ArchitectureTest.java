package dev.ovstub.server.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's layers, as {@code docs/ARCHITECTURE.md} draws them: arrows point one way, down the list. A class
 * that reaches up the list, or a recorder class that reaches into the server, fails the build here.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.ovstub.server";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** The layer rule, on the given classes (the test of this test gives it a class that breaks it). */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy(ROOT)
                .layer("junit").definedBy(ROOT + ".junit..")
                .layer("api").definedBy(ROOT + ".internal.api..")
                .layer("session").definedBy(ROOT + ".internal.session..")
                .layer("recording").definedBy(ROOT + ".internal.recording")
                .layer("runtime").definedBy(ROOT + ".internal.recording.runtime")
                .layer("embedded runtime").definedBy(ROOT + ".internal.recording.runtime.embedded..")
                .layer("docker runtime").definedBy(ROOT + ".internal.recording.runtime.docker..")
                .layer("recorder").definedBy(ROOT + ".internal.recorder..")
                .layer("config").definedBy(ROOT + ".internal.config..")
                .whereLayer("junit").mayNotBeAccessedByAnyLayer()
                .whereLayer("facade").mayOnlyBeAccessedByLayers("junit")
                .whereLayer("api").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("session").mayOnlyBeAccessedByLayers("facade", "api")
                .whereLayer("recording").mayOnlyBeAccessedByLayers("facade", "api", "session")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("facade", "recording", "embedded runtime",
                        "docker runtime")
                .whereLayer("embedded runtime").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("docker runtime").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("recorder").mayOnlyBeAccessedByLayers("facade", "embedded runtime", "docker runtime")
                .whereLayer("config").mayOnlyBeAccessedByLayers("facade", "api", "session", "recording", "runtime",
                        "embedded runtime", "docker runtime");
    }

    /** The recorder runs in a child JVM or a container: it knows the server only through the recorder contract. */
    static ArchRule recorderKnowsNothingOfTheServer() {
        return noClasses().that().resideInAPackage(ROOT + ".internal.recorder..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".junit..", ROOT + ".internal.api..",
                        ROOT + ".internal.session..", ROOT + ".internal.recording..", ROOT + ".internal.config..")
                .because("the recorder is a separate program with the 1.8 recording-container contract");
    }

    /** Configuration is read once, at start-up, by the config package alone; it depends on no other layer. */
    static ArchRule configDependsOnNoOtherLayer() {
        return noClasses().that().resideInAPackage(ROOT + ".internal.config..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".junit..", ROOT + ".internal.api..",
                        ROOT + ".internal.session..", ROOT + ".internal.recording..", ROOT + ".internal.recorder..");
    }

    @Test
    void everyArrowPointsDownTheLayerList() {
        layers().check(classes);
    }

    @Test
    void theRecorderImportsNothingOfTheServer() {
        recorderKnowsNothingOfTheServer().check(classes);
    }

    @Test
    void theConfigurationDependsOnNoOtherLayer() {
        configDependsOnNoOtherLayer().check(classes);
    }
}

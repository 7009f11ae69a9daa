package dev.ovstub.server.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The layers, top to bottom. A layer may use only the layers below it. The runtimes are plug-ins: the recording
     * service knows them only through the runtime interfaces below them ({@code runtime}), the assembly picks one,
     * and they do not use each other.
     */
    private static final String[][] LAYERS = {
        {"junit", ROOT + ".junit.."},
        {"facade", ROOT},
        {"assembly", ROOT + ".internal.assembly.."},
        {"api", ROOT + ".internal.api.."},
        {"session", ROOT + ".internal.session.."},
        {"webhook", ROOT + ".internal.webhook.."},
        {"mediaplane", ROOT + ".internal.mediaplane.."},
        {"recording", ROOT + ".internal.recording"},
        {"embedded runtime", ROOT + ".internal.recording.runtime.embedded.."},
        {"docker runtime", ROOT + ".internal.recording.runtime.docker.."},
        {"kubernetes runtime", ROOT + ".internal.recording.runtime.kubernetes.."},
        {"runtime", ROOT + ".internal.recording.runtime"},
        {"media", ROOT + ".internal.media.."},
        {"recorder", ROOT + ".internal.recorder.."},
        {"storage", ROOT + ".internal.storage.."},
        {"config", ROOT + ".internal.config.."},
    };

    /** The layer rule (the test of this test checks it on classes that break it). */
    static ArchRule layers() {
        Architectures.LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            rule = rule.layer(layer[0]).definedBy(layer[1]);
        }
        rule = rule.whereLayer(LAYERS[0][0]).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.length; i++) {
            List<String> above = new ArrayList<>();
            if (LAYERS[i][0].equals("facade")) {
                // The assembly implements the public interfaces (Participant, FaultInjection): see the rule below.
                above.add("assembly");
            }
            for (int j = 0; j < i; j++) {
                boolean plugIn = LAYERS[i][0].endsWith(" runtime");
                if (!plugIn || List.of("junit", "facade", "assembly").contains(LAYERS[j][0])) {
                    above.add(LAYERS[j][0]);
                }
            }
            rule = rule.whereLayer(LAYERS[i][0]).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return rule;
    }

    /**
     * The assembly wires the layers for the facade and implements the public API's interfaces and values, as an
     * internal package implements a library's public types; it never uses the facade itself.
     */
    static ArchRule assemblyUsesOnlyThePublicTypes() {
        return noClasses().that().resideInAPackage(ROOT + ".internal.assembly..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".OpenViduServerStub")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".OpenViduServerStub$Builder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".Main")
                .orShould().dependOnClassesThat().resideInAPackage(ROOT + ".junit..");
    }

    /** The recorder runs in a child JVM or a container: it knows the server only through the recorder contract. */
    static ArchRule recorderKnowsNothingOfTheServer() {
        return noClasses().that().resideInAPackage(ROOT + ".internal.recorder..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".junit..", ROOT + ".internal.api..",
                        ROOT + ".internal.session..", ROOT + ".internal.recording..", ROOT + ".internal.config..",
                        ROOT + ".internal.assembly..", ROOT + ".internal.webhook..")
                .because("the recorder is a separate program with the 1.8 recording-container contract");
    }

    /** Configuration is read once, at start-up, by the config package alone; it depends on no other layer. */
    static ArchRule configDependsOnNoOtherLayer() {
        return noClasses().that().resideInAPackage(ROOT + ".internal.config..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".junit..", ROOT + ".internal.api..",
                        ROOT + ".internal.session..", ROOT + ".internal.recording..", ROOT + ".internal.recorder..",
                        ROOT + ".internal.assembly..", ROOT + ".internal.webhook..");
    }

    @Test
    void everyArrowPointsDownTheLayerList() {
        layers().check(classes);
    }

    @Test
    void theAssemblyUsesThePublicTypesButNeverTheFacade() {
        assemblyUsesOnlyThePublicTypes().check(classes);
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

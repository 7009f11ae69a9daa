package dev.ovstub.server.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} catch what they are for: fed the server's classes plus one class that
 * breaks each rule (compiled here, in the tests, in the package it pretends to belong to), they fail.
 */
class ArchitectureViolationTest {

    @Test
    void aSessionClassThatReachesUpIntoTheHttpLayerFailsTheLayerRule() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                dev.ovstub.server.internal.session.ArchitectureProbeReachingUp.class,
                dev.ovstub.server.internal.api.HttpServer.class,
                dev.ovstub.server.internal.session.SessionManager.class);

        assertThatThrownBy(() -> ArchitectureTest.layers().check(withViolation))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ArchitectureProbeReachingUp")
                .hasMessageContaining("HttpServer");
    }

    @Test
    void aWebhookClassThatReachesUpIntoTheSessionLayerFailsTheLayerRule() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                dev.ovstub.server.internal.webhook.ArchitectureProbeReachingUp.class,
                dev.ovstub.server.internal.session.SessionManager.class,
                dev.ovstub.server.internal.webhook.WebhookSender.class);

        assertThatThrownBy(() -> ArchitectureTest.layers().check(withViolation))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("webhook.ArchitectureProbeReachingUp")
                .hasMessageContaining("SessionManager");
    }

    @Test
    void aRecorderClassThatUsesTheServerFailsTheRecorderRule() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                dev.ovstub.server.internal.recorder.ArchitectureProbeUsingTheServer.class,
                dev.ovstub.server.internal.recording.RecordingStatus.class);

        assertThatThrownBy(() -> ArchitectureTest.recorderKnowsNothingOfTheServer().check(withViolation))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ArchitectureProbeUsingTheServer");
    }
}

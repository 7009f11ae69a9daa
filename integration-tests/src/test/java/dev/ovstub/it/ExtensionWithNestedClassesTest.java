package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.junit.OpenViduStubTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @Nested} classes inside an annotated class share its server. */
@OpenViduStubTest(recording = true, secret = "outer-secret")
class ExtensionWithNestedClassesTest {
    static OpenViduServerStub outer;

    @Test
    void anOuterTestGetsTheServerOfTheAnnotation(OpenViduServerStub server) {
        outer = server;
        assertThat(server.recordingEnabled()).isTrue();
    }

    @Nested
    class ANestedClass {
        @Test
        void aNestedTestGetsTheSameServerWithTheSettingsOfTheEnclosingAnnotation(OpenViduServerStub server) {
            assertThat(server.secret()).isEqualTo("outer-secret");
            assertThat(server.recordingEnabled()).isTrue();
            assertThat(server).isSameAs(outer);
        }
    }
}

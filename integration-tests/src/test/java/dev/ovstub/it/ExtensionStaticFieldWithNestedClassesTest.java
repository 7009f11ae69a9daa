package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.junit.OpenViduStubExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @Nested} classes inside a class with a static extension field share its server. */
class ExtensionStaticFieldWithNestedClassesTest {
    @RegisterExtension
    static OpenViduStubExtension stub = OpenViduStubExtension.builder().secret("field-secret").build();
    static OpenViduServerStub outer;

    @Test
    void anOuterTestGetsTheServer(OpenViduServerStub server) {
        outer = server;
        assertThat(server.secret()).isEqualTo("field-secret");
    }

    @Nested
    class ANestedClass {
        @Test
        void aNestedTestGetsTheSameServer(OpenViduServerStub server) {
            assertThat(server).isSameAs(outer);
        }
    }
}

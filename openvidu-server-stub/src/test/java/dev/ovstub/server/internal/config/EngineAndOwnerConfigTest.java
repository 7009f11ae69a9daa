package dev.ovstub.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.recording.runtime.docker.DockerSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code DOCKER_HOST}, {@code DOCKER_API_VERSION} and {@code MY_UID} are read with every other property, once. */
class EngineAndOwnerConfigTest {

    private static ServerConfig config(Map<String, String> sysprops, Map<String, String> env) {
        return ServerConfig.from(new PropertySource(sysprops, env));
    }

    @Test
    void aDashDDockerHostIsTheEngineOfTheDockerRuntimeAndWinsOverTheEnvironment() {
        ServerConfig c = config(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2999"),
                Map.of("DOCKER_HOST", "unix:///from/the/environment.sock"));

        assertThat(DockerSettings.from(c).engine()).isEqualTo(URI.create("tcp://127.0.0.1:2999"));
    }

    @Test
    void theEnvironmentsDockerHostAndApiVersionAreUsedWhenNoPropertySaysOtherwise() {
        ServerConfig c = config(Map.of(), Map.of("DOCKER_HOST", "unix:///run/podman.sock", "DOCKER_API_VERSION", "1.44"));

        DockerSettings settings = DockerSettings.from(c);
        assertThat(settings.engine()).isEqualTo(URI.create("unix:///run/podman.sock"));
        assertThat(settings.apiVersion()).isEqualTo("1.44");
    }

    @Test
    void withoutThemTheDefaultSocketAndApiVersion141AreUsed() {
        DockerSettings settings = DockerSettings.from(config(Map.of(), Map.of()));

        assertThat(settings.engine()).isNull();
        assertThat(settings.apiVersion()).isEqualTo("1.41");
    }

    @Test
    void myUidNamesTheOwnerOfRecordedFilesAndMustBeANumber() {
        assertThat(config(Map.of(), Map.of("MY_UID", "1001")).recordingsOwnerUid()).hasValue("1001");
        assertThat(config(Map.of("MY_UID", "0"), Map.of()).recordingsOwnerUid()).hasValue("0");
        assertThat(config(Map.of(), Map.of()).recordingsOwnerUid()).isEmpty();
        assertThatThrownBy(() -> config(Map.of(), Map.of("MY_UID", "alice")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MY_UID");
    }

    @Test
    void aMalformedEngineOrApiVersionIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> config(Map.of("DOCKER_HOST", "not an address"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DOCKER_HOST");
        assertThatThrownBy(() -> config(Map.of(), Map.of("DOCKER_API_VERSION", "latest")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DOCKER_API_VERSION");
    }
}

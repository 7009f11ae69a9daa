package dev.ovstub.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code openvidu.recording.max-concurrent}: read like the other properties, default from the processors. */
class MaxConcurrentRecordingsConfigTest {

    private static ServerConfig config(Map<String, String> sysprops, Map<String, String> env) {
        return ServerConfig.from(new PropertySource(sysprops, env));
    }

    @Test
    void theDefaultIsFourPerProcessorAndAtLeastFour() {
        int expected = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());

        assertThat(config(Map.of(), Map.of()).maxConcurrentRecordings()).isEqualTo(expected);
        assertThat(ServerConfig.defaultMaxConcurrentRecordings()).isEqualTo(expected);
    }

    @Test
    void itIsReadFromASystemPropertyOrTheEnvironment() {
        assertThat(config(Map.of("openvidu.recording.max-concurrent", "7"), Map.of()).maxConcurrentRecordings()).isEqualTo(7);
        assertThat(config(Map.of(), Map.of("OPENVIDU_RECORDING_MAX_CONCURRENT", "3")).maxConcurrentRecordings()).isEqualTo(3);
        assertThat(ServerConfig.builder().maxConcurrentRecordings(5).build().maxConcurrentRecordings()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "many", "10001"})
    void aBadValueIsRefusedNamingTheProperty(String value) {
        assertThatThrownBy(() -> config(Map.of("openvidu.recording.max-concurrent", value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("openvidu.recording.max-concurrent");
    }
}

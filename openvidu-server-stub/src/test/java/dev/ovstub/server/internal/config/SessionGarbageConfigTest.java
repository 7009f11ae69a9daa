package dev.ovstub.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code openvidu.sessions.garbage-threshold} and {@code -interval}: OpenVidu's names, defaults and units. */
class SessionGarbageConfigTest {

    private static ServerConfig config(Map<String, String> sysprops, Map<String, String> env) {
        return ServerConfig.from(new PropertySource(sysprops, env));
    }

    @Test
    void theDefaultsAreOpenVidusAnHourCheckedEveryQuarterOfAnHour() {
        ServerConfig c = config(Map.of(), Map.of());

        assertThat(c.sessionsGarbageThreshold()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(c.sessionsGarbageInterval()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void bothAreReadInSecondsFromSystemPropertiesOrTheEnvironment() {
        ServerConfig dotted = config(Map.of("openvidu.sessions.garbage-threshold", "60",
                "openvidu.sessions.garbage-interval", "0"), Map.of());
        ServerConfig upper = config(Map.of(), Map.of("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD", "30",
                "OPENVIDU_SESSIONS_GARBAGE_INTERVAL", "5"));

        assertThat(dotted.sessionsGarbageThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(dotted.sessionsGarbageInterval()).isZero();
        assertThat(upper.sessionsGarbageThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(upper.sessionsGarbageInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource({"openvidu.sessions.garbage-threshold,0", "openvidu.sessions.garbage-threshold,soon",
            "openvidu.sessions.garbage-interval,-1", "openvidu.sessions.garbage-interval,1.5"})
    void aBadValueIsRefusedNamingTheProperty(String property, String value) {
        assertThatThrownBy(() -> config(Map.of(property, value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(property);
    }
}

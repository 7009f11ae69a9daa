package dev.ovstub.server.internal.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Looks a property up by its OpenVidu name ({@code openvidu.recording.path}) in, in order: Java system
 * properties, the environment under the same dotted name ({@code docker run -e openvidu.recording=true}),
 * and the environment in upper snake case ({@code OPENVIDU_RECORDING_PATH}).
 */
public final class PropertySource {
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;

    public PropertySource(Map<String, String> systemProperties, Map<String, String> environment) {
        this.systemProperties = Map.copyOf(systemProperties);
        this.environment = Map.copyOf(environment);
    }

    /** The JVM's own system properties and environment. */
    public static PropertySource ofSystem() {
        Map<String, String> props = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return new PropertySource(props, System.getenv());
    }

    public Optional<String> get(String name) {
        String value = systemProperties.get(name);
        if (value == null) {
            value = environment.get(name);
        }
        if (value == null) {
            value = environment.get(upperSnake(name));
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    static String upperSnake(String name) {
        return name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}

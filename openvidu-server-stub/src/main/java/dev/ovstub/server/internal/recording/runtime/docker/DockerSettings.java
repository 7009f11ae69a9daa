package dev.ovstub.server.internal.recording.runtime.docker;

import dev.ovstub.server.internal.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the Docker runtime needs to know.
 *
 * @param engine the engine, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}; null for
 *     the default socket
 * @param apiVersion the pinned Engine API version, e.g. {@code 1.41}
 * @param image the recorder image without tag ({@code openvidu.recording.image})
 * @param tag the image tag ({@code openvidu.recording.version})
 * @param recordingsPath {@code openvidu.recording.path}: bound to {@code /recordings} in every container, so it
 *     must be absolute and the same path on the host and in the server's own container, if any
 * @param connectTimeout bound on opening a connection to the engine
 * @param responseTimeout bound on any single engine answer (except waits for exit and pulls)
 * @param pullTimeout bound on pulling the image at start-up
 */
public record DockerSettings(URI engine, String apiVersion, String image, String tag, Path recordingsPath,
                             Duration connectTimeout, Duration responseTimeout, Duration pullTimeout) {

    public DockerSettings {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(recordingsPath, "recordingsPath");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(pullTimeout, "pullTimeout");
    }

    /**
     * The settings a server configuration names: {@code DOCKER_HOST} (else the default socket),
     * {@code DOCKER_API_VERSION}, {@code openvidu.recording.image}, {@code .version} and {@code .path}, with the
     * default time bounds: 5 s to connect, 30 s per answer, 30 min to pull. Nothing is read from the environment
     * here: {@link ServerConfig} has read it, once.
     */
    public static DockerSettings from(ServerConfig config) {
        return of(config.dockerHost().map(URI::create).orElse(null), config.dockerApiVersion(), config.recordingImage(),
                config.recordingVersion(), config.recordingPath());
    }

    /** Settings with the default time bounds (5 s to connect, 30 s per answer, 30 min to pull). */
    public static DockerSettings of(URI engine, String apiVersion, String image, String tag, Path recordingsPath) {
        return new DockerSettings(engine, apiVersion, image, tag, recordingsPath,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    public DockerSettings withTimeouts(Duration connect, Duration response, Duration pull) {
        return new DockerSettings(engine, apiVersion, image, tag, recordingsPath, connect, response, pull);
    }

    /** {@code image:tag}. */
    public String imageReference() {
        return image + ":" + tag;
    }
}

package dev.ovstub.server.internal.recording.runtime.docker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the Docker runtime needs to know.
 *
 * @param engine the engine, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}; null for
 *     {@code DOCKER_HOST}, else the default socket
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

    /** The Engine API version we speak unless {@code DOCKER_API_VERSION} says otherwise. 1.41 = Docker 20.10, Podman 3-5. */
    public static final String DEFAULT_API_VERSION = "1.41";

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
     * Settings for an image and recordings path, with the engine from {@code DOCKER_HOST} (else the default
     * socket), the API version from {@code DOCKER_API_VERSION} (else {@value #DEFAULT_API_VERSION}) and default
     * time bounds: 5 s to connect, 30 s per answer, 30 min to pull.
     */
    public static DockerSettings of(String image, String tag, Path recordingsPath) {
        String host = System.getenv("DOCKER_HOST");
        String api = System.getenv("DOCKER_API_VERSION");
        return new DockerSettings(host == null || host.isBlank() ? null : URI.create(host.trim()),
                api == null || api.isBlank() ? DEFAULT_API_VERSION : api.trim(), image, tag, recordingsPath,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    public DockerSettings withEngine(URI engine) {
        return new DockerSettings(engine, apiVersion, image, tag, recordingsPath, connectTimeout, responseTimeout, pullTimeout);
    }

    public DockerSettings withTimeouts(Duration connect, Duration response, Duration pull) {
        return new DockerSettings(engine, apiVersion, image, tag, recordingsPath, connect, response, pull);
    }

    /** {@code image:tag}. */
    public String imageReference() {
        return image + ":" + tag;
    }
}

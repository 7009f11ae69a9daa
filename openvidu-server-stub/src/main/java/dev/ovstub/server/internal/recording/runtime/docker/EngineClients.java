package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The two docker-java clients of one runtime, on the same engine and pinned API version. {@link #calls()} bounds
 * every answer by the response timeout; {@link #streams()} has no response bound, for the calls that legitimately
 * stay silent for long (waiting for a container to exit, pulling a large image): those are bounded by their callers.
 */
final class EngineClients implements AutoCloseable {
    private final URI engine;
    private final DockerClient calls;
    private final DockerClient streams;

    private EngineClients(URI engine, DockerClient calls, DockerClient streams) {
        this.engine = engine;
        this.calls = calls;
        this.streams = streams;
    }

    /** The engine when none is configured: the local Docker socket. */
    static final String DEFAULT_ENGINE = "unix:///var/run/docker.sock";

    static EngineClients connect(DockerSettings settings) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withApiVersion(settings.apiVersion());
        // Always said outright: docker-java would otherwise read DOCKER_HOST from the environment itself, and the
        // server's configuration (a -DDOCKER_HOST included) is the only place settings come from.
        builder.withDockerHost(settings.engine() == null ? DEFAULT_ENGINE : settings.engine().toString());
        DockerClientConfig config = builder.build();
        return new EngineClients(config.getDockerHost(),
                client(config, settings.connectTimeout(), settings.responseTimeout(), 8),
                client(config, settings.connectTimeout(), null, 64));
    }

    private static DockerClient client(DockerClientConfig config, Duration connect, Duration response, int maxConnections) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(connect)
                .responseTimeout(response)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** The engine address actually used, for messages. */
    URI engine() {
        return engine;
    }

    /** For request/answer calls: bounded by the response timeout. */
    DockerClient calls() {
        return calls;
    }

    /** For waits and pulls: no response timeout. */
    DockerClient streams() {
        return streams;
    }

    @Override
    public void close() {
        closeQuietly(calls);
        closeQuietly(streams);
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }
}

package dev.ovstub.server;

import dev.ovstub.server.internal.assembly.LiveParticipant;
import dev.ovstub.server.internal.assembly.Refusals;
import dev.ovstub.server.internal.assembly.ServerAssembly;
import dev.ovstub.server.internal.assembly.ServerParts;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenVidu 1.8 server without a media server: the REST API, simulated participants and real MP4 recordings.
 *
 * <pre>{@code
 * try (OpenViduServerStub server = OpenViduServerStub.builder().recording(true).start()) {
 *     OpenVidu openVidu = new OpenVidu(server.baseUrl().toString(), server.secret());
 *     ...
 * }
 * }</pre>
 *
 * <p>By default it listens on a free port over plain HTTP, with recording off; {@link Builder} says more. The
 * runnable jar ({@link Main}) uses OpenVidu's defaults instead (HTTPS on 8443). Thread-safe.
 */
public final class OpenViduServerStub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenViduServerStub.class);

    private final ServerParts parts;
    private final RecordingService recordings;
    private final FaultInjection faults;
    private volatile boolean closed;
    /** A temporary recordings folder this server made itself, deleted on close. */
    private Path ownedFolder;

    private OpenViduServerStub(ServerParts parts) {
        this.parts = parts;
        this.recordings = parts.recordings();
        this.faults = parts.faults();
    }

    /** A builder for an embedded server: free port, plain HTTP, secret MY_SECRET, recording off. */
    public static Builder builder() {
        return new Builder(ServerConfig.builder().port(0).sslEnabled(false).bindAddress("127.0.0.1"));
    }

    /** Starts a server from a full configuration (the runnable jar's way). */
    static OpenViduServerStub start(ServerConfig config) {
        return new OpenViduServerStub(ServerAssembly.start(config, ServerAssembly.defaultRuntimes(),
                ServerAssembly.defaultProbes()));
    }

    /** Where clients reach the server, e.g. {@code http://localhost:41234}: give it to {@code new OpenVidu(...)}. */
    public URI baseUrl() {
        return parts.baseUrl();
    }

    /** The port the server listens on (the free one picked when the port was 0), whatever the public URL says. */
    public int port() {
        return parts.port();
    }

    public String secret() {
        return parts.config().secret();
    }

    /**
     * The certificate the server presents over HTTPS (the self-signed one made at start-up, or the key store's),
     * for clients that must trust it: {@code OpenVidu.builder(url, secret).trustCertificate(cert)}. Empty over HTTP.
     */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(parts.http().certificate());
    }

    public boolean recordingEnabled() {
        return recordings != null;
    }

    /** The recordings folder, or null when recording is off. */
    public Path recordingPath() {
        return recordings == null ? null : recordings.store().folder();
    }

    /** Where a recording's file is served: {@code <base>/recordings/<id>.mp4}. */
    public URI recordingUrl(String recordingId) {
        return URI.create(parts.baseUrl() + "/recordings/" + recordingId + ".mp4");
    }

    /**
     * Joins a session with a token: one from 1.8's {@code POST /api/tokens}, or a 2.x connection's token (its URL,
     * from {@code POST /openvidu/api/sessions/<id>/connection}): then the participant is that connection, active
     * from now on. The token is used up.
     */
    public Participant join(String sessionId, String token) {
        return join(sessionId, token, JoinOptions.defaults());
    }

    public Participant join(String sessionId, String token, JoinOptions options) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        return Refusals.call(() -> new LiveParticipant(parts.sessions(), parts.sessions().joinWithToken(sessionId,
                token, options.metadata(), media(options), options.publish(), options.big())));
    }

    /**
     * Joins an insecure session with the server secret, as a client with no backend would. {@code sessionOrName}
     * is a session id or a bare name; a new session is ROUTED + ALWAYS + BEST_FIT, so it is recorded from its
     * first publish when recording is on.
     */
    public Participant joinInsecure(String sessionOrName, JoinOptions options) {
        Objects.requireNonNull(sessionOrName, "sessionOrName");
        return Refusals.call(() -> new LiveParticipant(parts.sessions(), parts.sessions().joinInsecure(sessionOrName,
                parts.config().secret(), options.metadata(), media(options), options.publish())));
    }

    private static String media(JoinOptions options) {
        return options.media() == null ? null : options.media().toString();
    }

    /** A recording by id, live state included, or empty if there is none (or recording is off). */
    public Optional<StubRecording> recording(String recordingId) {
        if (recordings == null) {
            return Optional.empty();
        }
        return recordings.get(recordingId).map(this::view);
    }

    /** Every recording in the recordings folder, oldest first. */
    public List<StubRecording> recordings() {
        if (recordings == null) {
            return List.of();
        }
        return recordings.list().stream().map(r -> recordings.get(r.id()).orElse(r)).map(this::view).toList();
    }

    /** The id of the session's active recording, if it is being recorded. */
    public Optional<String> activeRecordingOf(String sessionId) {
        return recordings == null ? Optional.empty() : recordings.activeRecordingOf(sessionId);
    }

    private StubRecording view(Recording r) {
        return new StubRecording(r.id(), r.sessionId(), StubRecording.Status.fromWireName(r.status().wireName()),
                r.createdAt(), r.size(), r.duration(),
                r.url(), r.hasAudio(), r.hasVideo(), recordings.store().videoFile(r.id()));
    }

    /**
     * Forgets every session, participant and token, and clears every injected fault. Active recordings are
     * stopped (their files finished) before it returns; finished recordings stay.
     */
    public void reset() {
        parts.sessions().reset();
        faults.clear();
        // The webhook events of what the reset ended are delivered before it returns: a test after it does not
        // receive the previous test's events.
        parts.webhook().awaitIdle(java.time.Duration.ofSeconds(10));
    }

    /** Faults to inject, to test how your code handles a failing server. */
    public FaultInjection faults() {
        return faults;
    }

    /** The full session id a bare insecure-session name stands for. */
    public String sessionIdFor(String name) {
        return parts.baseUrl().toString().replaceFirst("^http", "ws") + "/" + name;
    }

    /** Stops the server: active recordings are stopped and their files finished; nothing is left running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        parts.close();
        if (ownedFolder != null) {
            deleteRecursively(ownedFolder);
        }
        LOG.info("OpenVidu stub server on port {} stopped in {} ms", port(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static void deleteRecursively(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", folder, e.toString());
        }
    }

    /** The temporary recordings folder the builder made for this server (deleted on close), or null. */
    Path ownedFolder() {
        return ownedFolder;
    }

    /**
     * Configures an embedded server. Defaults: free port on 127.0.0.1, plain HTTP, secret {@code MY_SECRET},
     * recording off, recordings in a new temporary folder when recording is on, embedded recorder, 1280x720.
     */
    public static final class Builder {
        private final ServerConfig.Builder config;
        private boolean recordingPathSet;
        private Function<ServerConfig, RecorderRuntime> runtimes = ServerAssembly.defaultRuntimes();
        private Supplier<MediaProbe> probes = ServerAssembly.defaultProbes();
        /** The {@code openvidu.webhook*} values as given to {@link #webhook} and {@link #webhookEvents}. */
        private String webhookEndpoint;
        private String webhookHeaders;
        private String webhookEvents;

        private Builder(ServerConfig.Builder config) {
            this.config = config.resolution("1280x720");
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) { config.port(port); return this; }
        public Builder secret(String secret) { config.secret(secret); return this; }
        /** HTTPS with a self-signed certificate made at start-up; off by default when embedded. */
        public Builder https(boolean https) { config.sslEnabled(https); return this; }
        public Builder recording(boolean recording) { config.recording(recording); return this; }
        public Builder recordingPath(Path path) { config.recordingPath(path); recordingPathSet = true; return this; }
        /** Recording files served without credentials, and {@code available} with a url when stopped. */
        public Builder freeAccess(boolean freeAccess) { config.freeAccess(freeAccess); return this; }
        /** Where recorders run: {@link RecordingRuntime#EMBEDDED} (the default) or {@link RecordingRuntime#DOCKER}. */
        public Builder runtime(RecordingRuntime runtime) {
            config.runtime(ServerConfig.RuntimeKind.valueOf(Objects.requireNonNull(runtime, "runtime").name()));
            return this;
        }
        /**
         * The runtime by its property value, {@code embedded}, {@code docker} or {@code kubernetes}, read as the jar reads
         * {@code openvidu.recording.runtime} (a wrong name gets the jar's message).
         */
        public Builder runtime(String runtime) {
            config.runtime(ServerConfig.RuntimeKind.parse("openvidu.recording.runtime",
                    Objects.requireNonNull(runtime, "runtime")));
            return this;
        }
        /** Recording resolution, {@code WIDTHxHEIGHT}; 1280x720 by default when embedded. */
        public Builder resolution(String resolution) { config.resolution(resolution); return this; }
        public Builder frameRate(int fps) { config.frameRate(fps); return this; }
        public Builder startTimeout(Duration timeout) { config.startTimeout(timeout); return this; }
        public Builder stopTimeout(Duration timeout) { config.stopTimeout(timeout); return this; }
        public Builder publicUrl(String url) { config.publicUrl(url); return this; }
        public Builder bindAddress(String address) { config.bindAddress(address); return this; }
        /**
         * The folder whose files the HTTP control API's {@code "media"} may name ({@code openvidu.stub.media-path});
         * relative names resolve against it, and nothing outside it (by {@code ..} or a symbolic link) is
         * accepted. Unset by default: no local file may be named over HTTP. {@link JoinOptions#media} is not
         * limited by it.
         */
        public Builder mediaPath(Path folder) { config.mediaPath(Objects.requireNonNull(folder, "folder")); return this; }
        /**
         * Whether the HTTP control API's {@code "media"} may be an http(s) URL, fetched by the recorder with the
         * server's rights ({@code openvidu.stub.media-urls}); false by default. {@link JoinOptions#media} is
         * not limited by it.
         */
        public Builder mediaUrls(boolean allowed) { config.mediaUrls(allowed); return this; }
        /**
         * How many recorders may run at once ({@code openvidu.recording.max-concurrent}); past it a start answers
         * 503. Default: four per processor, at least 4.
         */
        public Builder maxConcurrentRecordings(int max) { config.maxConcurrentRecordings(max); return this; }

        /**
         * Recording files go to an S3-compatible bucket ({@code openvidu.recording.storage=s3}): each recorder
         * uploads its finished file there (multipart) and the server serves and deletes it from there; the
         * recordings folder keeps the metadata. The bucket must exist: the start checks it.
         *
         * @param endpoint the service's URL ({@code http://localhost:9000} for MinIO), addressed path-style; null for
         *     AWS S3 itself (region {@code us-east-1} then, or {@code openvidu.recording.s3.region} with the jar)
         * @param accessKey null, with {@code secretKey} null, for the AWS SDK's default credentials chain
         */
        public Builder s3Storage(java.net.URI endpoint, String bucket, String accessKey, String secretKey) {
            config.s3(new ServerConfig.S3Properties(Objects.requireNonNull(bucket, "bucket"), endpoint, "us-east-1",
                    endpoint != null, "", accessKey, secretKey));
            return this;
        }

        /**
         * Sends the OpenVidu 2.x sessions' events to {@code endpoint} ({@code openvidu.webhook=true},
         * {@code openvidu.webhook.endpoint}), each as one POST with a JSON body, with these extra headers
         * ({@code openvidu.webhook.headers}, each {@code "Name: value"}). Events are delivered in order, retried, and
         * never delay an answer of the API; a dead endpoint is logged.
         */
        public Builder webhook(java.net.URI endpoint, String... headers) {
            Objects.requireNonNull(endpoint, "endpoint");
            webhookEndpoint = endpoint.toString();
            webhookHeaders = jsonStrings(headers);
            return applyWebhook();
        }

        /**
         * Only these events are sent ({@code openvidu.webhook.events}, e.g. {@code "recordingStatusChanged"});
         * all of them by default.
         */
        public Builder webhookEvents(String... events) {
            webhookEvents = jsonStrings(events);
            return applyWebhook();
        }

        private Builder applyWebhook() {
            config.webhook(new ServerConfig.WebhookProperties(webhookEndpoint == null ? null : "true", webhookEndpoint,
                    webhookHeaders, webhookEvents));
            return this;
        }

        private static String jsonStrings(String... values) {
            StringBuilder out = new StringBuilder("[");
            for (String v : values) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append('"').append(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                        .quoteAsString(Objects.requireNonNull(v, "header or event")));
                out.append('"');
            }
            return out.append(']').toString();
        }

        /**
         * OpenVidu 2.x CUSTOM recordings ({@code openvidu.recording.custom-layout}, default
         * {@code /opt/openvidu/custom-layout}): the folder served under {@code /layouts/custom/}, where a recorder
         * running a browser (the Docker runtime's real image) opens {@code <customLayout>/index.html}. The embedded
         * recorder draws no HTML: it records a CUSTOM recording in the BEST_FIT layout.
         */
        public Builder customLayoutPath(Path folder) { config.customLayoutPath(folder); return this; }

        /**
         * OpenVidu 2.x sessions ({@code openvidu.recording.autostop-timeout}, default 120 s): how long a recording
         * goes on once nobody publishes in its session (its last participant left, or it was started with nobody
         * publishing); then it stops and an emptied session closes. Zero stops it at once.
         */
        public Builder autostopTimeout(Duration timeout) {
            config.autostopTimeout(timeout);
            return this;
        }

        /**
         * When sessions that nobody joins are forgotten ({@code openvidu.sessions.garbage-threshold} and
         * {@code -interval}; defaults 3600 s and 900 s, as OpenVidu's): a session created through the API and
         * never joined is forgotten, with its unused tokens, once older than {@code threshold}, checked at most
         * once per {@code interval}. An interval of zero keeps every session forever.
         */
        public Builder sessionGarbage(Duration threshold, Duration interval) {
            config.sessionsGarbageThreshold(threshold);
            config.sessionsGarbageInterval(interval);
            return this;
        }

        /** For the server's own tests: another runtime and probe. */
        Builder recorders(Function<ServerConfig, RecorderRuntime> runtimes, Supplier<MediaProbe> probes) {
            this.runtimes = runtimes;
            this.probes = probes;
            return this;
        }

        /** Starts the server; returns once it answers requests. */
        public OpenViduServerStub start() {
            Path temporary = null;
            if (!recordingPathSet && config.build().recording()) {
                try {
                    temporary = Files.createTempDirectory("ovstub-recordings-");
                    config.recordingPath(temporary);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot create a temporary recordings folder", e);
                }
            }
            OpenViduServerStub server;
            try {
                server = new OpenViduServerStub(ServerAssembly.start(config.build(), runtimes, probes));
            } catch (RuntimeException e) {
                if (temporary != null) {
                    deleteRecursively(temporary);
                }
                throw e;
            }
            server.ownedFolder = temporary;
            return server;
        }
    }
}

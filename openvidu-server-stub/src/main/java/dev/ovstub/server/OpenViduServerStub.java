package dev.ovstub.server;

import dev.ovstub.server.internal.api.HttpServer;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.InterruptedRecordings;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingSettings;
import dev.ovstub.server.internal.recording.RecordingStore;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.session.ParticipantView;
import dev.ovstub.server.internal.session.SessionException;
import dev.ovstub.server.internal.session.SessionManager;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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

    private final ServerConfig config;
    private final HttpServer http;
    private final SessionManager sessions;
    private final RecordingService recordings;
    private final URI baseUrl;
    private final int port;
    private final FaultInjection faults;
    private volatile boolean closed;
    /** A temporary recordings folder this server made itself, deleted on close. */
    private Path ownedFolder;

    private OpenViduServerStub(ServerConfig config, HttpServer http, SessionManager sessions,
                               RecordingService recordings, URI baseUrl, int port) {
        this.config = config;
        this.port = port;
        this.http = http;
        this.sessions = sessions;
        this.recordings = recordings;
        this.baseUrl = baseUrl;
        this.faults = new Faults();
    }

    /** A builder for an embedded server: free port, plain HTTP, secret MY_SECRET, recording off. */
    public static Builder builder() {
        return new Builder(ServerConfig.builder().port(0).sslEnabled(false).bindAddress("127.0.0.1"));
    }

    /** Starts a server from a full configuration (the runnable jar's way). */
    static OpenViduServerStub start(ServerConfig config) {
        return start(config, defaultRuntime(), defaultProbe());
    }

    static OpenViduServerStub start(ServerConfig config, Function<ServerConfig, RecorderRuntime> runtimes,
                                    Supplier<MediaProbe> probes) {
        long t0 = System.nanoTime();
        HttpServer http = new HttpServer(config);
        RecordingService recordings = null;
        RecordingStore store = null;
        SessionManager sessions = null;
        try {
            int port = http.bind();
            String scheme = http.https() ? "https" : "http";
            URI baseUrl = config.explicitPublicUrl().orElse(URI.create(scheme + "://localhost:" + port));
            String wsBase = baseUrl.toString().replaceFirst("^http", "ws");
            if (config.recording()) {
                NativePlatform.requireFfmpegNatives();
                // The folder first: held by another live server, nothing of it may be touched.
                store = RecordingStore.open(config.recordingPath());
                RecordingSettings settings = new RecordingSettings(config.freeAccess(), baseUrl.toString(),
                        http.localBaseUrl(), config.secret(), config.resolution(), config.frameRate(),
                        config.startTimeout(), config.stopTimeout(), userId(config), config.maxConcurrentRecordings());
                MediaProbe probe = probes.get();
                InterruptedRecordings.Outcome interrupted = InterruptedRecordings.recover(store, probe, settings, config.stopTimeout());
                RecorderRuntime runtime = runtimes.apply(config);
                try {
                    runtime.prepare();
                    runtime.reapOrphans(java.util.Set.of());
                } catch (RuntimeException e) {
                    runtime.close();
                    throw e;
                }
                recordings = new RecordingService(store, runtime, probe, settings, Clock.systemUTC());
                LOG.info("Recording on: {} runtime, folder {}, free access {}, at most {} at once{}", runtime.name(),
                        store.folder(), config.freeAccess(), config.maxConcurrentRecordings(),
                        interrupted.total() == 0 ? "" : ", interrupted recording(s): " + interrupted.recovered()
                                + " recovered from their finished files, " + interrupted.failed() + " marked failed");
            }
            sessions = new SessionManager(wsBase, config.secret(), recordings);
            http.serve(config, sessions, recordings);
            LOG.info("OpenVidu stub server listening on {} (port {}), started in {} ms", baseUrl, port,
                    (System.nanoTime() - t0) / 1_000_000);
            return new OpenViduServerStub(config, http, sessions, recordings, baseUrl, port);
        } catch (Exception e) {
            closeQuietly(http, sessions, recordings);
            if (recordings == null && store != null) {
                store.close(); // the service would have released it
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(HttpServer http, SessionManager sessions, RecordingService recordings) {
        try {
            http.close();
        } catch (Exception ignored) {
            // best effort
        }
        if (sessions != null) {
            sessions.close();
        }
        if (recordings != null) {
            recordings.close();
        }
    }

    static Function<ServerConfig, RecorderRuntime> defaultRuntime() {
        return RuntimeFactory::create;
    }

    static Supplier<MediaProbe> defaultProbe() {
        return RuntimeFactory::probe;
    }

    /** The uid that must own recordings: {@code MY_UID}, else this process's uid. */
    private static String userId(ServerConfig config) {
        if (config.recordingsOwnerUid().isPresent()) {
            return config.recordingsOwnerUid().get();
        }
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return null;
        }
    }

    /** Where clients reach the server, e.g. {@code http://localhost:41234}: give it to {@code new OpenVidu(...)}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port the server listens on (the free one picked when the port was 0), whatever the public URL says. */
    public int port() {
        return port;
    }

    public String secret() {
        return config.secret();
    }

    /**
     * The certificate the server presents over HTTPS (the self-signed one made at start-up, or the key store's),
     * for clients that must trust it: {@code OpenVidu.builder(url, secret).trustCertificate(cert)}. Empty over HTTP.
     */
    public java.util.Optional<java.security.cert.X509Certificate> certificate() {
        return java.util.Optional.ofNullable(http.certificate());
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
        return URI.create(baseUrl + "/recordings/" + recordingId + ".mp4");
    }

    /** Joins a session with a token from {@code POST /api/tokens} (the token is used up). */
    public Participant join(String sessionId, String token) {
        return join(sessionId, token, JoinOptions.defaults());
    }

    public Participant join(String sessionId, String token, JoinOptions options) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        return call(() -> new LiveParticipant(sessions.joinWithToken(sessionId, token, options.metadata(),
                media(options), options.publish())));
    }

    /**
     * Joins an insecure session with the server secret, as a client with no backend would. {@code sessionOrName}
     * is a session id or a bare name; a new session is ROUTED + ALWAYS + BEST_FIT, so it is recorded from its
     * first publish when recording is on.
     */
    public Participant joinInsecure(String sessionOrName, JoinOptions options) {
        Objects.requireNonNull(sessionOrName, "sessionOrName");
        return call(() -> new LiveParticipant(sessions.joinInsecure(sessionOrName, config.secret(), options.metadata(),
                media(options), options.publish())));
    }

    private static String media(JoinOptions options) {
        return options.media() == null ? null : options.media().toString();
    }

    /** A recording by id, live state included, or empty if there is none (or recording is off). */
    public java.util.Optional<StubRecording> recording(String recordingId) {
        if (recordings == null) {
            return java.util.Optional.empty();
        }
        return recordings.get(recordingId).map(this::view);
    }

    /** Every recording in the recordings folder, oldest first. */
    public java.util.List<StubRecording> recordings() {
        if (recordings == null) {
            return java.util.List.of();
        }
        return recordings.list().stream().map(r -> recordings.get(r.id()).orElse(r)).map(this::view).toList();
    }

    /** The id of the session's active recording, if it is being recorded. */
    public java.util.Optional<String> activeRecordingOf(String sessionId) {
        return recordings == null ? java.util.Optional.empty() : recordings.activeRecordingOf(sessionId);
    }

    private StubRecording view(dev.ovstub.server.internal.recording.Recording r) {
        return new StubRecording(r.id(), r.sessionId(), r.status().wireName(), r.createdAt(), r.size(), r.duration(),
                r.url(), r.hasAudio(), r.hasVideo(), recordings.store().videoFile(r.id()));
    }

    /**
     * Forgets every session, participant and token, and clears every injected fault. Active recordings are
     * stopped (their files finished) before it returns; finished recordings stay.
     */
    public void reset() {
        sessions.reset();
        faults.clear();
    }

    /** Faults to inject, to test how your code handles a failing server. */
    public FaultInjection faults() {
        return faults;
    }

    /** The full session id a bare insecure-session name stands for. */
    public String sessionIdFor(String name) {
        return baseUrl.toString().replaceFirst("^http", "ws") + "/" + name;
    }

    /** Stops the server: active recordings are stopped and their files finished; nothing is left running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            http.close();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        sessions.close();
        if (recordings != null) {
            recordings.close();
        }
        if (ownedFolder != null) {
            deleteRecursively(ownedFolder);
        }
        LOG.info("OpenVidu stub server on port {} stopped in {} ms", port(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static void deleteRecursively(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                    LOG.debug("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (java.io.IOException e) {
            LOG.debug("Cannot delete {}: {}", folder, e.toString());
        }
    }

    /** The temporary recordings folder the builder made for this server (deleted on close), or null. */
    Path ownedFolder() {
        return ownedFolder;
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (SessionException e) {
            throw new StubException(e.reason().httpStatus(), e.getMessage());
        } catch (RecordingException e) {
            throw new StubException(e.reason().httpStatus(), e.getMessage());
        }
    }

    private final class LiveParticipant implements Participant {
        private final ParticipantView joined;

        LiveParticipant(ParticipantView joined) {
            this.joined = joined;
        }

        @Override public String id() { return joined.id(); }
        @Override public String sessionId() { return joined.sessionId(); }
        @Override public String role() { return joined.role().name(); }

        @Override
        public boolean isPublishing() {
            return sessions.findParticipant(joined.id()).map(ParticipantView::publishing).orElse(false);
        }

        @Override
        public Participant publish() {
            call(() -> sessions.publish(joined.id()));
            return this;
        }

        @Override
        public Participant unpublish() {
            call(() -> sessions.unpublish(joined.id()));
            return this;
        }

        @Override
        public void leave() {
            call(() -> {
                sessions.leave(joined.id());
                return null;
            });
        }

        @Override
        public String toString() {
            return "Participant{" + joined.id() + " in " + joined.sessionId() + ", " + joined.role() + "}";
        }
    }

    private final class Faults implements FaultInjection {
        @Override
        public void failNextRecordingStart() {
            requireRecording().failNextStart("injected fault: the recorder did not start");
        }

        @Override
        public boolean killRecorder(String recordingId) {
            return requireRecording().killRecorder(recordingId);
        }

        @Override
        public void delayNextResponse(String method, String pathPrefix, Duration delay) {
            http.faults().delayNext(method, Objects.requireNonNull(pathPrefix, "pathPrefix"), Objects.requireNonNull(delay, "delay"));
        }

        @Override
        public void clear() {
            http.faults().clear();
            if (recordings != null) {
                recordings.failNextStart(null);
            }
        }

        private RecordingService requireRecording() {
            if (recordings == null) {
                throw new IllegalStateException("recording is off on this server: build it with recording(true)");
            }
            return recordings;
        }
    }

    /**
     * Configures an embedded server. Defaults: free port on 127.0.0.1, plain HTTP, secret {@code MY_SECRET},
     * recording off, recordings in a new temporary folder when recording is on, embedded recorder, 1280x720.
     */
    public static final class Builder {
        private final ServerConfig.Builder config;
        private boolean recordingPathSet;
        private Function<ServerConfig, RecorderRuntime> runtimes = defaultRuntime();
        private Supplier<MediaProbe> probes = defaultProbe();

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
        /**
         * {@code embedded} (the default) or {@code docker}, in any case, as {@code openvidu.recording.runtime}.
         *
         * @throws RuntimeException naming {@code openvidu.recording.runtime} for any other name
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
                server = OpenViduServerStub.start(config.build(), runtimes, probes);
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

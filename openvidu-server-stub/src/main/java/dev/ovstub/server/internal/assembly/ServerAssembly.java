package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.internal.api.HttpServer;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.InterruptedRecordings;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.internal.recording.RecordingObjects;
import dev.ovstub.server.internal.storage.S3Bucket;
import dev.ovstub.server.internal.storage.S3Location;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingSettings;
import dev.ovstub.server.internal.recording.RecordingStore;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.session.SessionGarbage;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.webhook.WebhookSender;
import dev.ovstub.server.internal.webhook.WebhookSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a running server from its configuration, bottom up: binds the port (the public URL needs it), opens the
 * recordings folder (locked against other servers), recovers recordings a crash interrupted, prepares the
 * recorder runtime, then the recording service, the session model and the routes. A failure at any step closes
 * what was built before it.
 */
public final class ServerAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAssembly.class);

    private ServerAssembly() {}

    /** The runtime {@code openvidu.recording.runtime} names. */
    public static Function<ServerConfig, RecorderRuntime> defaultRuntimes() {
        return RuntimeFactory::create;
    }

    /** FFmpeg's reading of finished files; its natives are loaded in the background once the server answers. */
    public static Supplier<MediaProbe> defaultProbes() {
        return RuntimeFactory::probe;
    }

    /**
     * Starts a server.
     *
     * @param runtimes makes the recorder runtime (the server's own tests give fake ones)
     * @param probes makes the reader of finished files
     * @throws RuntimeException saying what stopped the start; nothing is left running or bound
     */
    public static ServerParts start(ServerConfig config, Function<ServerConfig, RecorderRuntime> runtimes,
                                    Supplier<MediaProbe> probes) {
        long t0 = System.nanoTime();
        skipJettyJmxProbe();
        // Checked first: a bad webhook setting stops the start-up naming the property, before anything is bound.
        WebhookSettings webhookSettings = WebhookSettings.from(config);
        HttpServer http = new HttpServer(config);
        WebhookSender webhook = null;
        RecordingService recordings = null;
        RecordingStore store = null;
        SessionManager sessions = null;
        MediaProbe probe = null;
        RecordingObjects objects = null;
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
                        config.startTimeout(), config.stopTimeout(), recordingsOwner(config), config.maxConcurrentRecordings());
                probe = probes.get();
                objects = config.s3() == null ? null : openBucket(config.s3());
                RecorderRuntime runtime = runtimes.apply(config);
                InterruptedRecordings.Outcome interrupted;
                Map<String, RecorderProcess> adopted;
                Map<String, Recording> stillActive = new java.util.LinkedHashMap<>();
                try {
                    runtime.prepare();
                    // Recorders an earlier server left running for recordings still active in the folder are taken
                    // over where the runtime can; the others finish their files; then those recordings are recovered
                    // from complete files, and only then are leftovers removed.
                    store.list().stream().filter(r -> r.status().active()).forEach(r -> stillActive.put(r.id(), r));
                    adopted = runtime.adoptLeftovers(stillActive.keySet());
                    runtime.finishLeftovers(config.stopTimeout());
                    interrupted = InterruptedRecordings.recover(store, probe, settings, config.stopTimeout(), adopted.keySet());
                    runtime.reapOrphans(adopted.keySet());
                } catch (RuntimeException e) {
                    runtime.close();
                    throw e;
                }
                recordings = new RecordingService(store, objects, runtime, probe, settings, Clock.systemUTC());
                for (Map.Entry<String, RecorderProcess> a : adopted.entrySet()) {
                    recordings.adopt(stillActive.get(a.getKey()), a.getValue());
                }
                LOG.info("Recording on: {} runtime, folder {}{}, free access {}, at most {} at once{}", runtime.name(),
                        store.folder(), objects == null ? "" : ", files in " + objects.describe(), config.freeAccess(),
                        config.maxConcurrentRecordings(),
                        interrupted.total() == 0 ? "" : ", interrupted recording(s): " + interrupted.recovered()
                                + " recovered from their finished files, " + interrupted.failed() + " marked failed");
            }
            webhook = WebhookSender.start(webhookSettings);
            sessions = new SessionManager(wsBase, config.secret(), recordings,
                    new SessionGarbage(config.sessionsGarbageThreshold(), config.sessionsGarbageInterval()),
                    config.autostopTimeout(), webhook);
            InjectedFaults faults = new InjectedFaults(http.faults(), recordings, webhook);
            if (recordings != null) {
                SessionManager endedTo = sessions;
                // The fault count first: a failed start's next injected failure is armed before its answer.
                recordings.setListener(recording -> {
                    faults.recordingEnded(recording);
                    endedTo.recordingEnded(recording);
                });
            }
            http.serve(config, baseUrl, sessions, recordings, faults);
            LOG.info("OpenVidu stub server listening on {} (port {}), started in {} ms", baseUrl, port,
                    (System.nanoTime() - t0) / 1_000_000);
            if (probe != null) {
                RuntimeFactory.preloadInBackground(probe);
            }
            return new ServerParts(config, http, sessions, recordings, faults, webhook, baseUrl, port);
        } catch (Exception e) {
            closeQuietly(http, sessions, recordings);
            if (webhook != null) {
                webhook.close();
            }
            if (recordings == null && store != null) {
                store.close(); // the service would have released it
            }
            if (recordings == null && objects != null) {
                objects.close();
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * The bucket of {@code openvidu.recording.storage=s3}, checked now: a missing bucket or refused credentials stop
     * the start naming the setting, instead of failing every recording later.
     */
    private static RecordingObjects openBucket(ServerConfig.S3Properties p) {
        S3Location location = new S3Location(p.endpoint(), p.region(), p.bucket(), p.pathStyle(), p.prefix(),
                p.accessKey(), p.secretKey());
        S3Bucket bucket = S3Bucket.open(location);
        try {
            bucket.checkAccess();
        } catch (java.io.IOException e) {
            bucket.close();
            throw new IllegalStateException(ServerConfig.S3Properties.PREFIX + "bucket: " + e.getMessage()
                    + " (check openvidu.recording.s3.endpoint, .region, .path-style-access and the credentials)", e);
        }
        return new RecordingObjects(bucket);
    }

    /** Jetty's system property read once, when its {@code MemoryUtils} class is first used. */
    static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /**
     * Jetty 12.1 sizes a padding hint (object references per 64-byte cache line) by asking the platform MBean
     * server whether compressed references are on; in a fresh JVM that starts JMX (about 150 classes and tens of
     * milliseconds, before the first answer). Giving Jetty the answer through its own property skips that: 16
     * with compressed references (heaps under 32 GiB, the JVM's default), 8 without. Only a performance hint, and
     * only set when neither the user nor an earlier server has set it; a Jetty already initialized ignores it.
     */
    private static void skipJettyJmxProbe() {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            boolean compressedReferences = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, compressedReferences ? "16" : "8");
        }
    }

    private static void closeQuietly(HttpServer http, SessionManager sessions, RecordingService recordings) {
        try {
            http.close();
        } catch (Exception e) {
            LOG.debug("HTTP server of a failed start did not close cleanly: {}", e.toString());
        }
        if (sessions != null) {
            sessions.close();
        }
        if (recordings != null) {
            recordings.close();
        }
    }

    /** The uid that must own recordings: {@code MY_UID}, else this process's uid. */
    private static String recordingsOwner(ServerConfig config) {
        if (config.recordingsOwnerUid().isPresent()) {
            return config.recordingsOwnerUid().get();
        }
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return null;
        }
    }
}

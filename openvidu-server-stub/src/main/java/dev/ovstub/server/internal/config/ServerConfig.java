package dev.ovstub.server.internal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the server, read once at start-up. Property names and defaults are OpenVidu 1.8's where
 * 1.8 had them; the others are ours and documented in the README.
 */
public final class ServerConfig {
    public static final String DEFAULT_SECRET = "MY_SECRET";
    /** The largest accepted {@code openvidu.recording.max-concurrent}. */
    static final int MAX_CONCURRENT_LIMIT = 10_000;

    public enum RuntimeKind {
        EMBEDDED, DOCKER, KUBERNETES;

        /** Reads a runtime name in any case; a {@link ConfigException} naming {@code property} for any other. */
        public static RuntimeKind parse(String property, String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "embedded": return EMBEDDED;
                case "docker": return DOCKER;
                case "kubernetes": return KUBERNETES;
                default: throw new ConfigException(property + ": expected 'embedded', 'docker' or 'kubernetes' but was '"
                        + value + "'");
            }
        }
    }

    private final int port;
    private final String bindAddress;
    private final String secret;
    private final String publicUrl;
    private final boolean sslEnabled;
    private final Path keyStore;
    private final String keyStorePassword;
    private final String keyStoreType;
    private final boolean recording;
    private final Path recordingPath;
    private final boolean freeAccess;
    private final RuntimeKind runtime;
    private final String recordingImage;
    private final String recordingVersion;
    private final String resolution;
    private final int frameRate;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String dockerHost;
    private final String dockerApiVersion;
    private final String recordingsOwnerUid;
    private final Path mediaPath;
    private final boolean mediaUrls;
    private final int maxConcurrentRecordings;
    private final Duration sessionsGarbageThreshold;
    private final Duration sessionsGarbageInterval;
    private final Duration autostopTimeout;
    private final Path customLayoutPath;
    private final WebhookProperties webhook;
    private final KubernetesProperties kubernetes;
    private final S3Properties s3;

    private ServerConfig(Builder b) {
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.secret = b.secret;
        this.publicUrl = b.publicUrl;
        this.sslEnabled = b.sslEnabled;
        this.keyStore = b.keyStore;
        this.keyStorePassword = b.keyStorePassword;
        this.keyStoreType = b.keyStoreType;
        this.recording = b.recording;
        this.recordingPath = b.recordingPath;
        this.freeAccess = b.freeAccess;
        this.autostopTimeout = b.autostopTimeout;
        this.customLayoutPath = b.customLayoutPath;
        this.runtime = b.runtime;
        this.recordingImage = b.recordingImage;
        this.recordingVersion = b.recordingVersion;
        this.resolution = b.resolution;
        this.frameRate = b.frameRate;
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.dockerHost = b.dockerHost;
        this.dockerApiVersion = b.dockerApiVersion;
        this.recordingsOwnerUid = b.recordingsOwnerUid;
        this.mediaPath = b.mediaPath;
        this.mediaUrls = b.mediaUrls;
        this.maxConcurrentRecordings = b.maxConcurrentRecordings;
        this.sessionsGarbageThreshold = b.sessionsGarbageThreshold;
        this.sessionsGarbageInterval = b.sessionsGarbageInterval;
        this.webhook = b.webhook;
        this.kubernetes = b.kubernetes;
        this.s3 = b.s3;
    }

    /**
     * The default of {@code openvidu.recording.max-concurrent}: four per processor, at least 4. The benchmarks
     * (bench/results.md, "simultaneous real-time recordings") measured about 0.18 core per embedded recorder at
     * 1280x720 and 25 fps, and 8 recordings still in real time on a 2-core machine with about a fifth of its CPU
     * idle; each recorder is also a child JVM of about 200 MiB. Past that they fall behind real time (skipped
     * frames) and memory runs out, so more would only make every recording worse. At 1920x1080 a recorder costs
     * more: lower the bound there, or raise it on a big machine.
     */
    public static int defaultMaxConcurrentRecordings() {
        return Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** The Engine API version the Docker runtime speaks unless {@code DOCKER_API_VERSION} says otherwise: Docker 20.10+, Podman 3-5. */
    public static final String DEFAULT_DOCKER_API_VERSION = "1.41";

    private static String parseEngine(String property, String v) {
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException();
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(property + ": expected an engine address such as unix:///var/run/docker.sock or"
                    + " tcp://127.0.0.1:2375 but was '" + v + "'");
        }
    }

    private static String parseApiVersion(String property, String v) {
        if (!v.matches("\\d+\\.\\d+")) {
            throw new ConfigException(property + ": expected a version such as 1.41 but was '" + v + "'");
        }
        return v;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads every property from {@code source}; throws {@link ConfigException} naming the first bad one. */
    public static ServerConfig from(PropertySource source) {
        Builder b = builder();
        source.get("server.port").ifPresent(v -> b.port(parsePort("server.port", v)));
        source.get("server.address").ifPresent(b::bindAddress);
        source.get("openvidu.secret").ifPresent(v -> b.secret(nonEmpty("openvidu.secret", v)));
        source.get("openvidu.publicurl").ifPresent(b::publicUrl);
        source.get("server.ssl.enabled").ifPresent(v -> b.sslEnabled(parseBoolean("server.ssl.enabled", v)));
        source.get("server.ssl.key-store").ifPresent(v -> b.keyStore(Path.of(stripFilePrefix(nonEmpty("server.ssl.key-store", v)))));
        source.get("server.ssl.key-store-password").ifPresent(b::keyStorePassword);
        source.get("server.ssl.key-store-type").ifPresent(v -> b.keyStoreType(nonEmpty("server.ssl.key-store-type", v)));
        source.get("openvidu.recording").ifPresent(v -> b.recording(parseBoolean("openvidu.recording", v)));
        source.get("openvidu.recording.path").ifPresent(v -> b.recordingPath(Path.of(nonEmpty("openvidu.recording.path", v))));
        source.get("openvidu.recording.free-access").ifPresent(v -> b.freeAccess(parseBoolean("openvidu.recording.free-access", v)));
        // 2.x's name for the same setting (1.9 renamed it); given both ways, they must agree.
        source.get("openvidu.recording.public-access").ifPresent(v -> {
            boolean pub = parseBoolean("openvidu.recording.public-access", v);
            source.get("openvidu.recording.free-access").ifPresent(free -> {
                if (parseBoolean("openvidu.recording.free-access", free) != pub) {
                    throw new ConfigException("openvidu.recording.public-access (" + pub + ") and "
                            + "openvidu.recording.free-access (" + !pub + ") are the same setting and disagree: give one");
                }
            });
            b.freeAccess(pub);
        });
        source.get("openvidu.recording.custom-layout").ifPresent(v -> b.customLayoutPath(
                Path.of(nonEmpty("openvidu.recording.custom-layout", v))));
        source.get("openvidu.recording.autostop-timeout").ifPresent(v -> b.autostopTimeout(Duration.ofSeconds(
                parseInt("openvidu.recording.autostop-timeout", v, 0, Integer.MAX_VALUE))));
        source.get("openvidu.recording.runtime").ifPresent(v -> b.runtime(RuntimeKind.parse("openvidu.recording.runtime", v)));
        source.get("openvidu.recording.image").ifPresent(v -> b.recordingImage(nonEmpty("openvidu.recording.image", v)));
        source.get("openvidu.recording.version").ifPresent(v -> b.recordingVersion(nonEmpty("openvidu.recording.version", v)));
        source.get("openvidu.recording.resolution").ifPresent(v -> b.resolution(parseResolution("openvidu.recording.resolution", v)));
        source.get("openvidu.recording.framerate").ifPresent(v -> b.frameRate(parseInt("openvidu.recording.framerate", v, 1, 60)));
        source.get("openvidu.recording.start-timeout").ifPresent(v -> b.startTimeout(parseSeconds("openvidu.recording.start-timeout", v)));
        source.get("openvidu.recording.stop-timeout").ifPresent(v -> b.stopTimeout(parseSeconds("openvidu.recording.stop-timeout", v)));
        source.get("openvidu.recording.max-concurrent").ifPresent(v -> b.maxConcurrentRecordings(
                parseInt("openvidu.recording.max-concurrent", v, 1, MAX_CONCURRENT_LIMIT)));
        source.get("openvidu.sessions.garbage-threshold").ifPresent(v -> b.sessionsGarbageThreshold(Duration.ofSeconds(
                parseInt("openvidu.sessions.garbage-threshold", v, 1, Integer.MAX_VALUE))));
        source.get("openvidu.sessions.garbage-interval").ifPresent(v -> b.sessionsGarbageInterval(Duration.ofSeconds(
                parseInt("openvidu.sessions.garbage-interval", v, 0, Integer.MAX_VALUE))));
        source.get("DOCKER_HOST").filter(v -> !v.isEmpty()).ifPresent(v -> b.dockerHost(parseEngine("DOCKER_HOST", v)));
        source.get("DOCKER_API_VERSION").filter(v -> !v.isEmpty()).ifPresent(v -> b.dockerApiVersion(
                parseApiVersion("DOCKER_API_VERSION", v)));
        source.get("MY_UID").filter(v -> !v.isEmpty()).ifPresent(v -> b.recordingsOwnerUid(
                String.valueOf(parseInt("MY_UID", v, 0, Integer.MAX_VALUE))));
        source.get("openvidu.stub.media-path").ifPresent(v -> b.mediaPath(Path.of(nonEmpty("openvidu.stub.media-path", v))));
        source.get("openvidu.stub.media-urls").ifPresent(v -> b.mediaUrls(parseBoolean("openvidu.stub.media-urls", v)));
        b.webhook(WebhookProperties.from(source));
        b.kubernetes(KubernetesProperties.from(source));
        b.s3(S3Properties.from(source));
        return b.build();
    }

    static int parsePort(String property, String value) {
        return parseInt(property, value, 0, 65535);
    }

    static int parseInt(String property, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(property + ": expected a number from " + min + " to " + max + " but was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(property + ": expected a number from " + min + " to " + max + " but was " + n);
        }
        return n;
    }

    static boolean parseBoolean(String property, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException(property + ": expected 'true' or 'false' but was '" + value + "'");
        }
    }

    static Duration parseSeconds(String property, String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(property + ": expected seconds between 0 and 3600 but was '" + value + "'");
    }

    /** Validates {@code WIDTHxHEIGHT} with even sizes (H.264 4:2:0 needs them) from 16 to 4096. */
    public static String parseResolution(String property, String value) {
        String[] parts = value.toLowerCase(Locale.ROOT).split("x");
        if (parts.length == 2) {
            try {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 16 && h >= 16 && w <= 4096 && h <= 4096 && w % 2 == 0 && h % 2 == 0) {
                    return w + "x" + h;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ConfigException(property + ": expected WIDTHxHEIGHT with even sizes from 16 to 4096 (like 1280x720) but was '" + value + "'");
    }

    private static String nonEmpty(String property, String value) {
        if (value.isEmpty()) {
            throw new ConfigException(property + ": must not be empty");
        }
        return value;
    }

    private static String stripFilePrefix(String value) {
        return value.startsWith("file:") ? value.substring("file:".length()) : value;
    }

    public int port() { return port; }
    public String bindAddress() { return bindAddress; }
    public String secret() { return secret; }
    /** {@code openvidu.publicurl}: {@code local} (the default) or an http(s) URL. */
    public String publicUrl() { return publicUrl; }
    public boolean sslEnabled() { return sslEnabled; }
    public Optional<Path> keyStore() { return Optional.ofNullable(keyStore); }
    public String keyStorePassword() { return keyStorePassword; }
    public String keyStoreType() { return keyStoreType; }
    public boolean recording() { return recording; }
    public Path recordingPath() { return recordingPath; }
    public boolean freeAccess() { return freeAccess; }
    public RuntimeKind runtime() { return runtime; }
    public String recordingImage() { return recordingImage; }
    public String recordingVersion() { return recordingVersion; }
    public String resolution() { return resolution; }
    public int frameRate() { return frameRate; }
    public Duration startTimeout() { return startTimeout; }
    public Duration stopTimeout() { return stopTimeout; }
    /** {@code DOCKER_HOST}: the engine of the Docker runtime; empty for the default socket. */
    public Optional<String> dockerHost() { return Optional.ofNullable(dockerHost); }
    /** {@code DOCKER_API_VERSION}: the Engine API version the Docker runtime speaks ({@value #DEFAULT_DOCKER_API_VERSION}). */
    public String dockerApiVersion() { return dockerApiVersion; }
    /** {@code MY_UID}: the uid that must own recorded files; empty for the server's own uid. */
    public Optional<String> recordingsOwnerUid() { return Optional.ofNullable(recordingsOwnerUid); }
    /**
     * {@code openvidu.stub.media-path}: the folder whose files the control API's {@code "media"} may name;
     * empty (the default) when no local file may be named over HTTP.
     */
    public Optional<Path> mediaPath() { return Optional.ofNullable(mediaPath); }
    /** {@code openvidu.stub.media-urls}: whether the control API's {@code "media"} may be an http(s) URL. */
    public boolean mediaUrls() { return mediaUrls; }
    /** {@code openvidu.recording.max-concurrent}: how many recorders may run at once. */
    public int maxConcurrentRecordings() { return maxConcurrentRecordings; }
    /** {@code openvidu.sessions.garbage-threshold}: how old a session nobody joined is when it is forgotten. */
    public Duration sessionsGarbageThreshold() { return sessionsGarbageThreshold; }
    /** {@code openvidu.sessions.garbage-interval}: how often expiry is checked; zero keeps sessions forever. */
    public Duration sessionsGarbageInterval() { return sessionsGarbageInterval; }
    /**
     * {@code openvidu.recording.autostop-timeout} (2.x sessions): how long a recording goes on once nobody
     * publishes in its session (its last participant left, or it started with no publisher); 0 stops it at once.
     */
    public Duration autostopTimeout() { return autostopTimeout; }
    /**
     * {@code openvidu.recording.custom-layout} (2.x CUSTOM recordings): the folder served under
     * {@code /layouts/custom/}, default {@code /opt/openvidu/custom-layout} as in 2.x.
     */
    public Path customLayoutPath() { return customLayoutPath; }

    /** The raw {@code openvidu.webhook*} values; {@code internal.webhook.WebhookSettings} parses and checks them. */
    public WebhookProperties webhook() { return webhook; }

    /**
     * The four {@code openvidu.webhook*} properties of OpenVidu 2.x as written (null when absent). They are kept raw
     * here and read by {@code internal.webhook.WebhookSettings} at start-up, which fails naming the property: the
     * JSON arrays are parsed only when the webhook is on.
     */
    public record WebhookProperties(String enabled, String endpoint, String headers, String events) {
        public static final String ENABLED = "openvidu.webhook";
        public static final String ENDPOINT = "openvidu.webhook.endpoint";
        public static final String HEADERS = "openvidu.webhook.headers";
        public static final String EVENTS = "openvidu.webhook.events";
        /** None set: the webhook is off. */
        public static final WebhookProperties NONE = new WebhookProperties(null, null, null, null);

        static WebhookProperties from(PropertySource source) {
            return new WebhookProperties(source.get(ENABLED).orElse(null), source.get(ENDPOINT).orElse(null),
                    source.get(HEADERS).orElse(null), source.get(EVENTS).orElse(null));
        }
    }

    // ---- Where recording files go (openvidu.recording.storage): the folder, or an S3-compatible bucket ----

    /** The S3 storage settings when {@code openvidu.recording.storage=s3}; null for the recordings folder (local). */
    public S3Properties s3() { return s3; }

    /**
     * {@code openvidu.recording.storage=s3}: each finished recording file is uploaded by its recorder to an
     * S3-compatible bucket and served from there; the recordings folder keeps the metadata. Names as OpenVidu Pro's
     * {@code OPENVIDU_PRO_AWS_*} settings mean them, under {@code openvidu.recording.s3.*}.
     *
     * @param bucket {@code openvidu.recording.s3.bucket}: required, and it must exist
     * @param endpoint {@code openvidu.recording.s3.endpoint}: the service's URL ({@code http://minio:9000}); empty
     *     (the default) for AWS itself
     * @param region {@code openvidu.recording.s3.region} (default {@code us-east-1})
     * @param pathStyle {@code openvidu.recording.s3.path-style-access} (default false; MinIO needs true)
     * @param prefix {@code openvidu.recording.s3.prefix}: prepended to every object key (default empty)
     * @param accessKey {@code openvidu.recording.s3.access-key}, else {@code AWS_ACCESS_KEY_ID}; null: the AWS
     *     SDK's default chain (instance or pod role, profile)
     * @param secretKey {@code openvidu.recording.s3.secret-key}, else {@code AWS_SECRET_ACCESS_KEY}
     */
    public record S3Properties(String bucket, URI endpoint, String region, boolean pathStyle, String prefix,
                               String accessKey, String secretKey) {
        public S3Properties {
            Objects.requireNonNull(bucket, "bucket");
            region = region == null || region.isBlank() ? "us-east-1" : region;
            prefix = prefix == null ? "" : prefix;
            if ((accessKey == null) != (secretKey == null)) {
                throw new ConfigException(PREFIX + "access-key and " + PREFIX + "secret-key go together (or give neither,"
                        + " for the AWS SDK's default credentials chain)");
            }
        }

        public static final String STORAGE = "openvidu.recording.storage";
        public static final String PREFIX = "openvidu.recording.s3.";
        private static final java.util.regex.Pattern BUCKET = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

        @Override
        public String toString() {
            return "S3Properties[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle="
                    + pathStyle + ", prefix=" + prefix + ", credentials=" + (accessKey == null ? "default chain" : "given")
                    + "]"; // never the keys
        }

        static S3Properties from(PropertySource source) {
            String storage = source.get(STORAGE).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("local");
            if (storage.equals("local") || storage.isEmpty()) {
                return null;
            }
            if (!storage.equals("s3")) {
                throw new ConfigException(STORAGE + ": expected 'local' or 's3' but was '" + storage + "'");
            }
            String bucket = source.get(PREFIX + "bucket").map(String::strip).filter(v -> !v.isEmpty())
                    .orElseThrow(() -> new ConfigException(PREFIX + "bucket is required with " + STORAGE + "=s3"));
            if (!BUCKET.matcher(bucket).matches()) {
                throw new ConfigException(PREFIX + "bucket: '" + bucket + "' is not a bucket name (3 to 63 lower-case"
                        + " letters, digits, dots and hyphens)");
            }
            URI endpoint = source.get(PREFIX + "endpoint").map(String::strip).filter(v -> !v.isEmpty()).map(v -> {
                URI u;
                try {
                    u = new URI(v);
                } catch (java.net.URISyntaxException e) {
                    throw new ConfigException(PREFIX + "endpoint: not a URL: '" + v + "'");
                }
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new ConfigException(PREFIX + "endpoint: expected http(s)://host[:port] but was '" + v + "'");
                }
                return u;
            }).orElse(null);
            String region = source.get(PREFIX + "region").map(String::strip).filter(v -> !v.isEmpty()).orElse("us-east-1");
            boolean pathStyle = source.get(PREFIX + "path-style-access")
                    .map(v -> parseBoolean(PREFIX + "path-style-access", v.strip())).orElse(false);
            String prefix = source.get(PREFIX + "prefix").map(String::strip).orElse("");
            if (prefix.startsWith("/") || prefix.contains("..")) {
                throw new ConfigException(PREFIX + "prefix: must not start with / nor hold '..' but was '" + prefix + "'");
            }
            String access = source.get(PREFIX + "access-key").or(() -> source.get("AWS_ACCESS_KEY_ID"))
                    .map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
            String secret = source.get(PREFIX + "secret-key").or(() -> source.get("AWS_SECRET_ACCESS_KEY"))
                    .map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
            if ((access == null) != (secret == null)) {
                throw new ConfigException(PREFIX + (access == null ? "access-key" : "secret-key") + " is missing: "
                        + PREFIX + "access-key and " + PREFIX + "secret-key go together (or give neither, for the AWS"
                        + " SDK's default credentials chain)");
            }
            return new S3Properties(bucket, endpoint, region, pathStyle, prefix, access, secret);
        }
    }

    // ---- The Kubernetes runtime (openvidu.recording.runtime=kubernetes): openvidu.recording.kubernetes.* ----

    /** The {@code openvidu.recording.kubernetes.*} settings, read and checked whatever the runtime. */
    public KubernetesProperties kubernetes() { return kubernetes; }

    /**
     * The settings of the Kubernetes runtime, which runs each recorder as one {@code batch/v1} Job.
     *
     * @param namespace {@code openvidu.recording.kubernetes.namespace}: where the Jobs are made; empty (the default)
     *     for the client's own namespace (the server's pod's namespace in the cluster, else the kubeconfig's, else
     *     {@code default})
     * @param image {@code openvidu.recording.kubernetes.image}: the recorder image reference; empty (the default)
     *     for {@code openvidu.recording.image:openvidu.recording.version}
     * @param cpu {@code openvidu.recording.kubernetes.cpu}: the recorder container's CPU request (a Kubernetes
     *     quantity, default {@value #DEFAULT_K8S_CPU}); no CPU limit is set, since throttling drops frames
     * @param memory {@code openvidu.recording.kubernetes.memory}: its memory request and limit (default
     *     {@value #DEFAULT_K8S_MEMORY})
     * @param deadline {@code openvidu.recording.kubernetes.deadline} in seconds: the Job's
     *     {@code activeDeadlineSeconds}, the longest a recorder may run even if this server is gone (default 24 h)
     * @param ttl {@code openvidu.recording.kubernetes.ttl} in seconds: the Job's {@code ttlSecondsAfterFinished},
     *     after which the cluster deletes a finished Job this server did not delete (default 300; 0 at once)
     * @param serviceAccount {@code openvidu.recording.kubernetes.service-account}: the recorder pods' service
     *     account; empty (the default) for the namespace's default
     * @param pullPolicy {@code openvidu.recording.kubernetes.pull-policy}: {@code Always}, {@code IfNotPresent}
     *     (the default) or {@code Never}
     * @param nodeSelector {@code openvidu.recording.kubernetes.node-selector}: {@code key=value,key2=value2}, the
     *     labels a node must have to run recorders (default none)
     * @param tolerations {@code openvidu.recording.kubernetes.tolerations}: {@code key[=value][:Effect],...}, the
     *     taints recorder pods tolerate (a value means operator {@code Equal}, none {@code Exists}; default none)
     * @param recordingsClaim {@code openvidu.recording.kubernetes.recordings-claim}: the PersistentVolumeClaim
     *     (ReadWriteMany) mounted at {@code /recordings} in every recorder, which this server must mount at
     *     {@code openvidu.recording.path} (default {@value #DEFAULT_K8S_CLAIM})
     * @param ownerDeployment {@code openvidu.recording.kubernetes.owner-deployment}: the server's own Deployment, in
     *     the same namespace, made the owner of every recorder Job so that deleting the server deletes its
     *     recorders (never the server's pod: a rolling update would kill live recordings); empty (the default) for
     *     no owner, as when the server runs outside the cluster
     * @param serverUrl {@code openvidu.recording.kubernetes.server-url}: where recorder pods reach this server (its
     *     Service, e.g. {@code http://openvidu-server.openvidu.svc:4443}), which their layout URL is given on; empty
     *     (the default) for {@code openvidu.publicurl} when it is a URL, else the server's loopback address, which a
     *     pod cannot reach
     */
    public record KubernetesProperties(String namespace, String image, String cpu, String memory, Duration deadline,
                                       Duration ttl, String serviceAccount, String pullPolicy,
                                       java.util.Map<String, String> nodeSelector, java.util.List<String> tolerations,
                                       String recordingsClaim, String ownerDeployment, URI serverUrl) {
        public static final String PREFIX = "openvidu.recording.kubernetes.";
        public static final String DEFAULT_K8S_CPU = "500m";
        public static final String DEFAULT_K8S_MEMORY = "512Mi";
        public static final String DEFAULT_K8S_CLAIM = "openvidu-recordings";
        /** The defaults: every setting absent. */
        public static final KubernetesProperties DEFAULTS = new KubernetesProperties(null, null, DEFAULT_K8S_CPU,
                DEFAULT_K8S_MEMORY, Duration.ofHours(24), Duration.ofMinutes(5), null, "IfNotPresent",
                java.util.Map.of(), java.util.List.of(), DEFAULT_K8S_CLAIM, null, null);
        private static final java.util.regex.Pattern QUANTITY =
                java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
        private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        private static final java.util.regex.Pattern LABEL_KEY =
                java.util.regex.Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
        private static final java.util.regex.Pattern LABEL_VALUE =
                java.util.regex.Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

        public KubernetesProperties {
            nodeSelector = java.util.Map.copyOf(nodeSelector);
            tolerations = java.util.List.copyOf(tolerations);
        }

        static KubernetesProperties from(PropertySource source) {
            String ns = source.get(PREFIX + "namespace").filter(v -> !v.isEmpty()).map(v -> dnsLabel("namespace", v)).orElse(null);
            String image = source.get(PREFIX + "image").filter(v -> !v.isEmpty()).orElse(null);
            String cpu = source.get(PREFIX + "cpu").map(v -> quantity("cpu", v)).orElse(DEFAULTS.cpu);
            String memory = source.get(PREFIX + "memory").map(v -> quantity("memory", v)).orElse(DEFAULTS.memory);
            Duration deadline = source.get(PREFIX + "deadline").map(v -> Duration.ofSeconds(
                    parseInt(PREFIX + "deadline", v, 1, Integer.MAX_VALUE))).orElse(DEFAULTS.deadline);
            Duration ttl = source.get(PREFIX + "ttl").map(v -> Duration.ofSeconds(
                    parseInt(PREFIX + "ttl", v, 0, Integer.MAX_VALUE))).orElse(DEFAULTS.ttl);
            String account = source.get(PREFIX + "service-account").filter(v -> !v.isEmpty())
                    .map(v -> dnsLabel("service-account", v)).orElse(null);
            String pull = source.get(PREFIX + "pull-policy").map(KubernetesProperties::pullPolicy).orElse(DEFAULTS.pullPolicy);
            java.util.Map<String, String> selector = source.get(PREFIX + "node-selector")
                    .map(KubernetesProperties::nodeSelector).orElse(java.util.Map.of());
            java.util.List<String> tolerations = source.get(PREFIX + "tolerations")
                    .map(KubernetesProperties::tolerations).orElse(java.util.List.of());
            String claim = source.get(PREFIX + "recordings-claim").map(v -> dnsLabel("recordings-claim", v))
                    .orElse(DEFAULTS.recordingsClaim);
            String owner = source.get(PREFIX + "owner-deployment").filter(v -> !v.isEmpty())
                    .map(v -> dnsLabel("owner-deployment", v)).orElse(null);
            URI server = source.get(PREFIX + "server-url").filter(v -> !v.isEmpty()).map(KubernetesProperties::serverUrl)
                    .orElse(null);
            return new KubernetesProperties(ns, image, cpu, memory, deadline, ttl, account, pull, selector, tolerations,
                    claim, owner, server);
        }

        private static URI serverUrl(String v) {
            try {
                URI uri = URI.create(v);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null) {
                    return uri;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new ConfigException(PREFIX + "server-url: expected an http(s) URL such as"
                    + " http://openvidu-server.openvidu.svc:4443 but was '" + v + "'");
        }

        private static String dnsLabel(String name, String v) {
            if (!DNS_LABEL.matcher(v).matches()) {
                throw new ConfigException(PREFIX + name + ": expected a Kubernetes name (lower-case letters, digits"
                        + " and '-', at most 63) but was '" + v + "'");
            }
            return v;
        }

        private static String quantity(String name, String v) {
            if (!QUANTITY.matcher(v).matches() || v.matches("0+(\\.0+)?[a-zA-Z]*")) {
                throw new ConfigException(PREFIX + name + ": expected a positive Kubernetes quantity such as 500m, 2,"
                        + " 512Mi or 1Gi but was '" + v + "'");
            }
            return v;
        }

        private static String pullPolicy(String v) {
            for (String p : new String[] {"Always", "IfNotPresent", "Never"}) {
                if (p.equalsIgnoreCase(v)) {
                    return p;
                }
            }
            throw new ConfigException(PREFIX + "pull-policy: expected 'Always', 'IfNotPresent' or 'Never' but was '" + v + "'");
        }

        private static java.util.Map<String, String> nodeSelector(String v) {
            java.util.Map<String, String> selector = new java.util.LinkedHashMap<>();
            for (String pair : v.split(",")) {
                String p = pair.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0 || !LABEL_KEY.matcher(p.substring(0, eq)).matches()
                        || !LABEL_VALUE.matcher(p.substring(eq + 1)).matches()) {
                    throw new ConfigException(PREFIX + "node-selector: expected key=value pairs separated by commas, with"
                            + " Kubernetes label keys and values, but '" + p + "' is not one");
                }
                selector.put(p.substring(0, eq), p.substring(eq + 1));
            }
            return selector;
        }

        private static java.util.List<String> tolerations(String v) {
            java.util.List<String> list = new java.util.ArrayList<>();
            for (String item : v.split(",")) {
                String t = item.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int colon = t.lastIndexOf(':');
                String effect = colon < 0 ? "" : t.substring(colon + 1);
                String keyValue = colon < 0 ? t : t.substring(0, colon);
                int eq = keyValue.indexOf('=');
                String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
                String value = eq < 0 ? "" : keyValue.substring(eq + 1);
                if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()
                        || !java.util.List.of("", "NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    throw new ConfigException(PREFIX + "tolerations: expected key[=value][:NoSchedule|PreferNoSchedule|"
                            + "NoExecute] items separated by commas, but '" + t + "' is not one");
                }
                list.add(t);
            }
            return list;
        }
    }

    // ---- end of the Kubernetes runtime's settings ----

    /** The explicit public URL, if {@code openvidu.publicurl} is an http(s) URL rather than {@code local}. */
    public Optional<URI> explicitPublicUrl() {
        if (publicUrl == null || publicUrl.isEmpty() || publicUrl.equals("local") || publicUrl.equals("docker")) {
            return Optional.empty();
        }
        return Optional.of(URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl));
    }

    /** Mutable builder; defaults are OpenVidu 1.8's. */
    public static final class Builder {
        private int port = 8443;
        private String bindAddress = "0.0.0.0";
        private String secret = DEFAULT_SECRET;
        private String publicUrl = "local";
        private boolean sslEnabled = true;
        private Path keyStore;
        private String keyStorePassword = "";
        private String keyStoreType = "PKCS12";
        private boolean recording;
        private Path recordingPath = Path.of("/opt/openvidu/recordings");
        private boolean freeAccess;
        private RuntimeKind runtime = RuntimeKind.EMBEDDED;
        private String recordingImage = "openvidu/openvidu-recording";
        private String recordingVersion = "1.8.0";
        private String resolution = "1920x1080";
        private int frameRate = 25;
        private Duration startTimeout = Duration.ofSeconds(20);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private String dockerHost;
        private String dockerApiVersion = DEFAULT_DOCKER_API_VERSION;
        private String recordingsOwnerUid;
        private Path mediaPath;
        private boolean mediaUrls;
        private Duration autostopTimeout = Duration.ofSeconds(120);
        private Path customLayoutPath = Path.of("/opt/openvidu/custom-layout");
        private int maxConcurrentRecordings = defaultMaxConcurrentRecordings();
        private Duration sessionsGarbageThreshold = Duration.ofSeconds(3600);
        private Duration sessionsGarbageInterval = Duration.ofSeconds(900);
        private WebhookProperties webhook = WebhookProperties.NONE;
        private KubernetesProperties kubernetes = KubernetesProperties.DEFAULTS;
        private S3Properties s3 = null;

        private Builder() {}

        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new ConfigException("server.port: expected a number from 0 to 65535 but was " + port);
            this.port = port; return this;
        }
        public Builder bindAddress(String v) { this.bindAddress = Objects.requireNonNull(v, "bindAddress"); return this; }
        public Builder secret(String v) {
            if (v == null || v.isEmpty()) throw new ConfigException("openvidu.secret: must not be empty");
            this.secret = v; return this;
        }
        public Builder publicUrl(String v) {
            if (v != null && !v.isEmpty() && !v.equals("local") && !v.equals("docker")) {
                try {
                    URI uri = URI.create(v);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("openvidu.publicurl: expected 'local' or an http(s) URL but was '" + v + "'");
                }
            }
            this.publicUrl = v; return this;
        }
        public Builder sslEnabled(boolean v) { this.sslEnabled = v; return this; }
        public Builder keyStore(Path v) { this.keyStore = v; return this; }
        public Builder keyStorePassword(String v) { this.keyStorePassword = v == null ? "" : v; return this; }
        public Builder keyStoreType(String v) { this.keyStoreType = Objects.requireNonNull(v); return this; }
        public Builder recording(boolean v) { this.recording = v; return this; }
        public Builder recordingPath(Path v) { this.recordingPath = Objects.requireNonNull(v, "recordingPath"); return this; }
        public Builder freeAccess(boolean v) { this.freeAccess = v; return this; }
        public Builder runtime(RuntimeKind v) { this.runtime = Objects.requireNonNull(v, "runtime"); return this; }
        public Builder recordingImage(String v) { this.recordingImage = Objects.requireNonNull(v); return this; }
        public Builder recordingVersion(String v) { this.recordingVersion = Objects.requireNonNull(v); return this; }
        public Builder resolution(String v) { this.resolution = parseResolution("openvidu.recording.resolution", v); return this; }
        public Builder frameRate(int v) { this.frameRate = parseInt("openvidu.recording.framerate", String.valueOf(v), 1, 60); return this; }
        public Builder startTimeout(Duration v) { this.startTimeout = positive("openvidu.recording.start-timeout", v); return this; }
        public Builder stopTimeout(Duration v) { this.stopTimeout = positive("openvidu.recording.stop-timeout", v); return this; }
        public Builder dockerHost(String v) { this.dockerHost = v; return this; }
        public Builder dockerApiVersion(String v) { this.dockerApiVersion = Objects.requireNonNull(v, "dockerApiVersion"); return this; }
        public Builder recordingsOwnerUid(String v) { this.recordingsOwnerUid = v; return this; }
        public Builder mediaPath(Path v) { this.mediaPath = v; return this; }
        public Builder mediaUrls(boolean v) { this.mediaUrls = v; return this; }
        public Builder maxConcurrentRecordings(int v) {
            this.maxConcurrentRecordings = parseInt("openvidu.recording.max-concurrent", String.valueOf(v), 1, MAX_CONCURRENT_LIMIT);
            return this;
        }

        public Builder sessionsGarbageThreshold(Duration v) {
            this.sessionsGarbageThreshold = positive("openvidu.sessions.garbage-threshold", v);
            return this;
        }
        public Builder customLayoutPath(Path v) { this.customLayoutPath = java.util.Objects.requireNonNull(v, "customLayoutPath"); return this; }
        public Builder autostopTimeout(Duration v) {
            if (v == null || v.isNegative()) throw new ConfigException("openvidu.recording.autostop-timeout: must be zero or a positive duration");
            this.autostopTimeout = v;
            return this;
        }
        public Builder sessionsGarbageInterval(Duration v) {
            if (v == null || v.isNegative()) throw new ConfigException("openvidu.sessions.garbage-interval: must be zero or a positive duration");
            this.sessionsGarbageInterval = v;
            return this;
        }

        public Builder webhook(WebhookProperties v) { this.webhook = Objects.requireNonNull(v, "webhook"); return this; }
        /** The Kubernetes runtime's settings ({@link KubernetesProperties}). */
        public Builder kubernetes(KubernetesProperties v) { this.kubernetes = Objects.requireNonNull(v, "kubernetes"); return this; }
        /** S3 storage for recording files; null (the default) keeps them in the recordings folder. */
        public Builder s3(S3Properties v) { this.s3 = v; return this; }

        private static Duration positive(String property, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new ConfigException(property + ": must be a positive duration");
            return d;
        }

        public ServerConfig build() {
            if (keyStore != null && !sslEnabled) {
                // harmless, but surely a mistake worth naming
                throw new ConfigException("server.ssl.key-store is set but server.ssl.enabled is false");
            }
            return new ServerConfig(this);
        }
    }
}

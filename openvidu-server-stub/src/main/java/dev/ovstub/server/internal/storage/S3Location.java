package dev.ovstub.server.internal.storage;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where recording files are stored in an S3-compatible bucket, and as whom. Handed from the server to its recorders
 * through environment variables ({@link #environment()}, {@link #fromEnvironment}); the credentials travel as the
 * AWS SDK's own variables, so a Kubernetes Secret can supply them instead.
 *
 * @param endpoint the service's URL ({@code http://minio:9000}); null for AWS itself (the region's endpoint)
 * @param region the signing region; {@code us-east-1} suits MinIO and most S3-compatible services
 * @param bucket the bucket, which must exist
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}: MinIO and most
 *     self-hosted services need it
 * @param prefix prepended to every key ({@code recordings/}); may be empty
 * @param accessKey the access key id; null: the SDK's default chain (environment, profile, container or instance
 *     role)
 * @param secretKey the secret access key; given exactly when {@code accessKey} is
 */
public record S3Location(URI endpoint, String region, String bucket, boolean pathStyle, String prefix,
                         String accessKey, String secretKey) {
    /** The recorder contract's variables (see {@code docs/ARCHITECTURE.md}, the recorder contract). */
    public static final String ENV_BUCKET = "S3_BUCKET";
    public static final String ENV_ENDPOINT = "S3_ENDPOINT";
    public static final String ENV_REGION = "S3_REGION";
    public static final String ENV_PATH_STYLE = "S3_PATH_STYLE_ACCESS";
    public static final String ENV_PREFIX = "S3_PREFIX";
    /** The AWS SDK's own names, read by its default credentials chain too. */
    public static final String ENV_ACCESS_KEY = "AWS_ACCESS_KEY_ID";
    public static final String ENV_SECRET_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        prefix = prefix == null ? "" : prefix;
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("an access key and a secret key go together");
        }
    }

    /** The object key of a file whose path under the recordings folder is {@code relative} ({@code ~1/a.mp4}). */
    public String key(String relative) {
        return prefix + relative;
    }

    /** The variables that give a recorder this location, credentials included when they are set here. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_BUCKET, bucket);
        if (endpoint != null) {
            env.put(ENV_ENDPOINT, endpoint.toString());
        }
        env.put(ENV_REGION, region);
        env.put(ENV_PATH_STYLE, Boolean.toString(pathStyle));
        if (!prefix.isEmpty()) {
            env.put(ENV_PREFIX, prefix);
        }
        if (accessKey != null) {
            env.put(ENV_ACCESS_KEY, accessKey);
            env.put(ENV_SECRET_KEY, secretKey);
        }
        return env;
    }

    /**
     * The location a recorder was given, or null when {@value #ENV_BUCKET} is absent (files stay in the folder).
     *
     * @throws IllegalArgumentException naming the variable that is malformed
     */
    public static S3Location fromEnvironment(Map<String, String> env) {
        String bucket = env.get(ENV_BUCKET);
        if (bucket == null || bucket.isBlank()) {
            return null;
        }
        URI endpoint = null;
        String e = env.get(ENV_ENDPOINT);
        if (e != null && !e.isBlank()) {
            try {
                endpoint = URI.create(e.strip());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(ENV_ENDPOINT + ": not a URL: " + e);
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException(ENV_ENDPOINT + ": expected http(s)://host[:port] but was " + e);
            }
        }
        String pathStyle = env.getOrDefault(ENV_PATH_STYLE, "false").strip();
        if (!pathStyle.equalsIgnoreCase("true") && !pathStyle.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(ENV_PATH_STYLE + ": expected true or false but was " + pathStyle);
        }
        String access = blankToNull(env.get(ENV_ACCESS_KEY));
        String secret = blankToNull(env.get(ENV_SECRET_KEY));
        if (access == null || secret == null) {
            access = null; // half a pair: the SDK's default chain decides (and says what is missing)
            secret = null;
        }
        return new S3Location(endpoint, env.get(ENV_REGION), bucket.strip(), Boolean.parseBoolean(pathStyle),
                env.get(ENV_PREFIX), access, secret);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    /** {@code s3://bucket/prefix} for logs and messages; never the credentials. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }

    @Override
    public String toString() {
        return describe();
    }
}

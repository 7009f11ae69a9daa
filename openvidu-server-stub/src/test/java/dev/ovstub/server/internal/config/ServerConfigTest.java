package dev.ovstub.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ServerConfig#from}: OpenVidu's names and defaults, -D over env, dotted and upper-snake env, clear errors. */
class ServerConfigTest {

    private static ServerConfig config(Map<String, String> sysprops, Map<String, String> env) {
        return ServerConfig.from(new PropertySource(sysprops, env));
    }

    @Test
    void defaultsAreOpenVidu18s() {
        ServerConfig c = config(Map.of(), Map.of());

        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.secret()).isEqualTo("MY_SECRET");
        assertThat(c.recording()).isFalse();
        assertThat(c.recordingPath()).isEqualTo(Path.of("/opt/openvidu/recordings"));
        assertThat(c.freeAccess()).isFalse();
        assertThat(c.sslEnabled()).isTrue();
        assertThat(c.publicUrl()).isEqualTo("local");
        assertThat(c.explicitPublicUrl()).isEmpty();
        assertThat(c.recordingVersion()).isEqualTo("1.8.0");
        assertThat(c.keyStore()).isEmpty();
        assertThat(c.runtime()).isEqualTo(ServerConfig.RuntimeKind.EMBEDDED);
    }

    @Test
    void systemPropertiesAreReadByTheirOpenViduNames() {
        ServerConfig c = config(Map.of(
                "server.port", "5443",
                "openvidu.secret", "s3cr3t",
                "openvidu.publicurl", "https://example.org:4443/",
                "openvidu.recording", "true",
                "openvidu.recording.path", "/tmp/recs",
                "openvidu.recording.free-access", "true",
                "server.ssl.enabled", "false",
                "openvidu.recording.resolution", "640X360",
                "openvidu.recording.start-timeout", "2.5"), Map.of());

        assertThat(c.port()).isEqualTo(5443);
        assertThat(c.secret()).isEqualTo("s3cr3t");
        assertThat(c.explicitPublicUrl()).contains(URI.create("https://example.org:4443"));
        assertThat(c.recording()).isTrue();
        assertThat(c.recordingPath()).isEqualTo(Path.of("/tmp/recs"));
        assertThat(c.freeAccess()).isTrue();
        assertThat(c.sslEnabled()).isFalse();
        assertThat(c.resolution()).isEqualTo("640x360");
        assertThat(c.startTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void dottedEnvironmentVariablesAreReadAsInDockerRunDashE() {
        ServerConfig c = config(Map.of(), Map.of(
                "openvidu.recording", "true",
                "openvidu.recording.free-access", "true",
                "openvidu.recording.path", "/data/recs",
                "server.port", "4443"));

        assertThat(c.recording()).isTrue();
        assertThat(c.freeAccess()).isTrue();
        assertThat(c.recordingPath()).isEqualTo(Path.of("/data/recs"));
        assertThat(c.port()).isEqualTo(4443);
    }

    @Test
    void upperSnakeEnvironmentVariablesAreRead() {
        ServerConfig c = config(Map.of(), Map.of(
                "OPENVIDU_RECORDING", "true",
                "OPENVIDU_RECORDING_FREE_ACCESS", "true",
                "OPENVIDU_RECORDING_PATH", "/srv/recs",
                "OPENVIDU_SECRET", "envsecret",
                "SERVER_PORT", "9443",
                "SERVER_SSL_ENABLED", "false"));

        assertThat(c.recording()).isTrue();
        assertThat(c.freeAccess()).isTrue();
        assertThat(c.recordingPath()).isEqualTo(Path.of("/srv/recs"));
        assertThat(c.secret()).isEqualTo("envsecret");
        assertThat(c.port()).isEqualTo(9443);
        assertThat(c.sslEnabled()).isFalse();
    }

    @Test
    void aSystemPropertyWinsOverBothEnvironmentFormsAndDottedWinsOverUpperSnake() {
        ServerConfig sysWins = config(Map.of("server.port", "1111"), Map.of("server.port", "2222", "SERVER_PORT", "3333"));
        ServerConfig dottedWins = config(Map.of(), Map.of("server.port", "2222", "SERVER_PORT", "3333"));

        assertThat(sysWins.port()).isEqualTo(1111);
        assertThat(dottedWins.port()).isEqualTo(2222);
    }

    @Test
    void valuesAreTrimmedAndBooleansIgnoreCase() {
        ServerConfig c = config(Map.of("openvidu.recording", " TRUE ", "server.port", " 0 "), Map.of());

        assertThat(c.recording()).isTrue();
        assertThat(c.port()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "server.port|abc",
            "server.port|70000",
            "server.port|-1",
            "server.port|''",
            "openvidu.recording|yes?",
            "openvidu.recording|1",
            "openvidu.recording.free-access|on",
            "server.ssl.enabled|maybe",
            "openvidu.recording.resolution|12x",
            "openvidu.recording.resolution|1281x720",
            "openvidu.recording.resolution|8x8",
            "openvidu.recording.resolution|axb",
            "openvidu.recording.framerate|0",
            "openvidu.recording.framerate|fast",
            "openvidu.recording.start-timeout|abc",
            "openvidu.recording.stop-timeout|0",
            "openvidu.recording.runtime|nomad",
            "openvidu.recording.kubernetes.namespace|Rec_Ns",
            "openvidu.recording.kubernetes.cpu|lots",
            "openvidu.recording.kubernetes.cpu|0",
            "openvidu.recording.kubernetes.memory|512MB",
            "openvidu.recording.kubernetes.deadline|0",
            "openvidu.recording.kubernetes.ttl|-1",
            "openvidu.recording.kubernetes.pull-policy|sometimes",
            "openvidu.recording.kubernetes.node-selector|pool",
            "openvidu.recording.kubernetes.tolerations|dedicated:NoWay",
            "openvidu.recording.kubernetes.service-account|Recorder SA",
            "openvidu.recording.kubernetes.recordings-claim|''",
            "openvidu.recording.kubernetes.owner-deployment|Server/1",
            "openvidu.recording.kubernetes.server-url|ovstub.svc:4443",
            "openvidu.recording.kubernetes.server-url|http://u:p@ovstub.svc:4443",
            "openvidu.publicurl|ftp://example.org",
            "openvidu.secret|''",
            "openvidu.recording.path|''"})
    void aMalformedValueIsAConfigExceptionNamingTheProperty(String property, String value) {
        assertThatThrownBy(() -> config(Map.of(property, value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(property);
    }

    @Test
    void theKubernetesRuntimeIsNamedAndItsSettingsHaveDefaults() {
        ServerConfig c = config(Map.of("openvidu.recording.runtime", "Kubernetes"), Map.of());

        assertThat(c.runtime()).isEqualTo(ServerConfig.RuntimeKind.KUBERNETES);
        ServerConfig.KubernetesProperties k = c.kubernetes();
        assertThat(k.namespace()).isNull();
        assertThat(k.image()).isNull();
        assertThat(k.cpu()).isEqualTo("500m");
        assertThat(k.memory()).isEqualTo("512Mi");
        assertThat(k.deadline()).isEqualTo(Duration.ofHours(24));
        assertThat(k.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(k.serviceAccount()).isNull();
        assertThat(k.pullPolicy()).isEqualTo("IfNotPresent");
        assertThat(k.nodeSelector()).isEmpty();
        assertThat(k.tolerations()).isEmpty();
        assertThat(k.recordingsClaim()).isEqualTo("openvidu-recordings");
        assertThat(k.ownerDeployment()).isNull();
        assertThat(k.serverUrl()).isNull();
    }

    @Test
    void everyKubernetesSettingIsReadByItsPropertyOrItsUpperSnakeName() {
        ServerConfig c = config(Map.of(
                "openvidu.recording.kubernetes.namespace", "recorders",
                "openvidu.recording.kubernetes.image", "registry.local/ovstub-recorder:2",
                "openvidu.recording.kubernetes.cpu", "1.5",
                "openvidu.recording.kubernetes.memory", "1Gi",
                "openvidu.recording.kubernetes.deadline", "7200",
                "openvidu.recording.kubernetes.ttl", "0",
                "openvidu.recording.kubernetes.pull-policy", "always",
                "openvidu.recording.kubernetes.node-selector", "pool=recorders, kubernetes.io/arch=amd64",
                "openvidu.recording.kubernetes.tolerations", "dedicated=recorders:NoSchedule,spot",
                "openvidu.recording.kubernetes.owner-deployment", "openvidu-server"),
                Map.of("OPENVIDU_RECORDING_KUBERNETES_SERVICE_ACCOUNT", "recorder",
                        "OPENVIDU_RECORDING_KUBERNETES_SERVER_URL", "http://openvidu-server.openvidu.svc:4443",
                        "OPENVIDU_RECORDING_KUBERNETES_RECORDINGS_CLAIM", "shared-recordings"));

        ServerConfig.KubernetesProperties k = c.kubernetes();
        assertThat(k.namespace()).isEqualTo("recorders");
        assertThat(k.image()).isEqualTo("registry.local/ovstub-recorder:2");
        assertThat(k.cpu()).isEqualTo("1.5");
        assertThat(k.memory()).isEqualTo("1Gi");
        assertThat(k.deadline()).isEqualTo(Duration.ofHours(2));
        assertThat(k.ttl()).isEqualTo(Duration.ZERO);
        assertThat(k.pullPolicy()).isEqualTo("Always");
        assertThat(k.nodeSelector()).containsOnly(Map.entry("pool", "recorders"), Map.entry("kubernetes.io/arch", "amd64"));
        assertThat(k.tolerations()).containsExactly("dedicated=recorders:NoSchedule", "spot");
        assertThat(k.serviceAccount()).isEqualTo("recorder");
        assertThat(k.recordingsClaim()).isEqualTo("shared-recordings");
        assertThat(k.ownerDeployment()).isEqualTo("openvidu-server");
        assertThat(k.serverUrl()).isEqualTo(URI.create("http://openvidu-server.openvidu.svc:4443"));
    }

    @Test
    void recordingFilesStayInTheFolderUnlessS3StorageIsAsked() {
        assertThat(config(Map.of(), Map.of()).s3()).isNull();
        assertThat(config(Map.of("openvidu.recording.storage", "local"), Map.of()).s3()).isNull();
        assertThatThrownBy(() -> config(Map.of("openvidu.recording.storage", "gcs"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("openvidu.recording.storage").hasMessageContaining("gcs");
    }

    @Test
    void everyS3SettingIsReadByItsPropertyOrItsUpperSnakeNameAndTheKeysFallBackOnAwsVariables() {
        ServerConfig c = config(Map.of("openvidu.recording.storage", "s3",
                "openvidu.recording.s3.bucket", "recordings", "openvidu.recording.s3.prefix", "ov/"),
                Map.of("OPENVIDU_RECORDING_S3_ENDPOINT", "http://minio.storage:9000",
                        "OPENVIDU_RECORDING_S3_REGION", "eu-west-1", "OPENVIDU_RECORDING_S3_PATH_STYLE_ACCESS", "true",
                        "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "SECRET"));

        ServerConfig.S3Properties s3 = c.s3();
        assertThat(s3.bucket()).isEqualTo("recordings");
        assertThat(s3.endpoint()).isEqualTo(URI.create("http://minio.storage:9000"));
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.prefix()).isEqualTo("ov/");
        assertThat(s3.accessKey()).isEqualTo("AKID");
        assertThat(s3.secretKey()).isEqualTo("SECRET");
        assertThat(s3.toString()).doesNotContain("AKID").doesNotContain("SECRET");
        ServerConfig.S3Properties defaults = config(Map.of("openvidu.recording.storage", "S3",
                "openvidu.recording.s3.bucket", "b-1"), Map.of()).s3();
        assertThat(defaults.endpoint()).isNull();
        assertThat(defaults.region()).isEqualTo("us-east-1");
        assertThat(defaults.pathStyle()).isFalse();
        assertThat(defaults.accessKey()).as("the SDK's default chain").isNull();
    }

    @Test
    void badS3SettingsAreRefusedNamingTheProperty() {
        Map<String, String> s3 = Map.of("openvidu.recording.storage", "s3");
        assertThatThrownBy(() -> config(s3, Map.of())).hasMessageContaining("openvidu.recording.s3.bucket is required");
        assertThatThrownBy(() -> config(with(s3, "openvidu.recording.s3.bucket", "Bad_Bucket"), Map.of()))
                .hasMessageContaining("openvidu.recording.s3.bucket").hasMessageContaining("Bad_Bucket");
        Map<String, String> bucket = with(s3, "openvidu.recording.s3.bucket", "b-1");
        assertThatThrownBy(() -> config(with(bucket, "openvidu.recording.s3.endpoint", "minio:9000"), Map.of()))
                .hasMessageContaining("openvidu.recording.s3.endpoint");
        assertThatThrownBy(() -> config(with(bucket, "openvidu.recording.s3.path-style-access", "yes"), Map.of()))
                .hasMessageContaining("openvidu.recording.s3.path-style-access");
        assertThatThrownBy(() -> config(with(bucket, "openvidu.recording.s3.prefix", "../x"), Map.of()))
                .hasMessageContaining("openvidu.recording.s3.prefix");
        assertThatThrownBy(() -> config(with(bucket, "openvidu.recording.s3.access-key", "AKID"), Map.of()))
                .hasMessageContaining("openvidu.recording.s3.secret-key is missing").hasMessageNotContaining("AKID");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void aMalformedUpperSnakeEnvironmentValueNamesTheOpenViduProperty() {
        assertThatThrownBy(() -> config(Map.of(), Map.of("OPENVIDU_RECORDING", "yes?")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("openvidu.recording")
                .hasMessageContaining("yes?");
    }

    @Test
    void aKeyStoreWithSslDisabledIsRefused() {
        assertThatThrownBy(() -> config(Map.of("server.ssl.key-store", "/tmp/ks.p12", "server.ssl.enabled", "false"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.ssl.key-store");
    }

    @Test
    void aKeyStoreGivenAsAFileUrlIsAPath() {
        ServerConfig c = config(Map.of("server.ssl.key-store", "file:/etc/ks.p12", "server.ssl.key-store-password", "pw"), Map.of());

        assertThat(c.keyStore()).contains(Path.of("/etc/ks.p12"));
        assertThat(c.keyStorePassword()).isEqualTo("pw");
    }

    @Test
    void upperSnakeNamesReplaceDotsAndDashes() {
        assertThat(PropertySource.upperSnake("openvidu.recording.free-access")).isEqualTo("OPENVIDU_RECORDING_FREE_ACCESS");
    }
}

package dev.ovstub.server.internal.recording.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes/openvidu-server-stub.yaml}: valid Kubernetes objects, a Role that grants exactly what the
 * runtime says it needs, and a Deployment whose environment the server reads as intended.
 */
class KubernetesManifestsTest {
    private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "openvidu-server-stub.yaml");

    @SuppressWarnings("deprecation")
    private static List<HasMetadata> objects() throws Exception {
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            Object parsed = Serialization.unmarshal(in);
            return parsed instanceof KubernetesList list ? list.getItems()
                    : parsed instanceof List<?> l ? l.stream().map(HasMetadata.class::cast).toList()
                    : List.of((HasMetadata) parsed);
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("one %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void theManifestHoldsEveryObjectTheServerNeedsInOneNamespace() throws Exception {
        List<HasMetadata> objects = objects();

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace", "Secret",
                "PersistentVolumeClaim", "ServiceAccount", "Role", "RoleBinding", "Deployment", "Service");
        assertThat(objects.stream().filter(o -> !o.getKind().equals("Namespace")))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("openvidu"));
    }

    @Test
    void theRoleGrantsExactlyWhatTheRuntimeSaysItNeeds() throws Exception {
        Role role = only(objects(), Role.class);
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : role.getRules()) {
            for (String resource : rule.getResources()) {
                granted.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(rule.getVerbs());
            }
        }
        Map<String, Set<String>> needed = new TreeMap<>();
        for (String part : KubernetesRuntime.PERMISSIONS.split(";")) {
            String[] resourceAndVerbs = part.trim().split(":");
            needed.put(resourceAndVerbs[0].trim(), Set.of(resourceAndVerbs[1].trim().split(",\\s*")).stream()
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        needed.put("deployments", new TreeSet<>(Set.of("get"))); // owner-deployment, which the manifest sets

        assertThat(granted).isEqualTo(needed);
    }

    @Test
    void theDeploymentConfiguresTheKubernetesRuntimeAsTheServerReadsIt() throws Exception {
        Deployment deployment = only(objects(), Deployment.class);
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            env.put(e.getName(), e.getValue() != null ? e.getValue() : "from-secret");
        }

        ServerConfig config = ServerConfig.from(new PropertySource(Map.of(), env));

        assertThat(config.runtime()).isEqualTo(ServerConfig.RuntimeKind.KUBERNETES);
        assertThat(config.recording()).isTrue();
        assertThat(config.kubernetes().recordingsClaim()).isEqualTo("openvidu-recordings");
        assertThat(config.kubernetes().ownerDeployment()).isEqualTo(deployment.getMetadata().getName());
        assertThat(config.kubernetes().serverUrl()).hasToString("https://openvidu-server-stub.openvidu.svc:8443");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("openvidu-server-stub");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
                .isEqualTo(config.kubernetes().recordingsClaim());
    }
}

package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kubectl get all} through real kubectl on the sandbox: the {@code all} category of its discovery. */
class KubectlGetAllTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    @BeforeAll
    static void start() {
        Poll.until(WAIT, "the stack's pods and the Grafana ReplicaSet", () -> admin().pods().inNamespace(NS)
                .list().getItems().size() == 7 && !admin().apps().replicaSets().inNamespace(NS).list().getItems()
                .isEmpty());
    }

    private static Kubectl.Result kubectl(String... args) throws Exception {
        return CLUSTER.kubectl().run(args);
    }

    @Test
    void getAllListsThePodsServicesAndWorkloadsOfTheNamespace() throws Exception {
        Kubectl.Result all = kubectl("get", "all", "-n", NS, "-o", "name");

        assertThat(all.code()).as(all.err()).isZero();
        List<String> names = all.out().lines().toList();
        assertThat(names).contains("pod/prometheus-0", "pod/alertmanager-2", "service/prometheus",
                "statefulset.apps/prometheus", "statefulset.apps/alertmanager", "deployment.apps/grafana");
        String replicaSet = admin().apps().replicaSets().inNamespace(NS).list().getItems().get(0).getMetadata()
                .getName();
        assertThat(names).contains("replicaset.apps/" + replicaSet);
        assertThat(names).noneMatch(n -> n.startsWith("configmap/") || n.startsWith("secret/"));
    }

    @Test
    void getAllInTableFormPrintsOneSectionPerKind() throws Exception {
        Kubectl.Result all = kubectl("get", "all", "-n", NS);

        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("pod/prometheus-0").contains("service/grafana")
                .contains("statefulset.apps/prometheus").contains("deployment.apps/grafana");
        assertThat(all.err()).isEmpty();
    }
}

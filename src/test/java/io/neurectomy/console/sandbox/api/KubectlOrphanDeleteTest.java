package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting a StatefulSet on the sandbox (API only): {@code --cascade=orphan} leaves its pods as they are, and a new
 * set with the same selector adopts them unchanged; an ordinary delete takes the pods with it.
 */
class KubectlOrphanDeleteTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final String APP = "orphan-demo";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    private static StatefulSet set() {
        return new StatefulSetBuilder().withNewMetadata().withName(APP).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(2).withServiceName(APP).withPodManagementPolicy("Parallel")
                .withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("docker.io/library/busybox:1.36")
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static List<Pod> pods() {
        return admin().pods().inNamespace(NS).withLabel("app", APP).list().getItems();
    }

    private static Map<String, String> uids() {
        return pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
    }

    private static boolean ownedBy(Pod pod, String uid) {
        return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
    }

    /** Waits for a reconciler pass that started after this call (see KubectlRolloutTest#awaitLaterPass). */
    private static void awaitLaterPass() {
        int replicas = admin().apps().deployments().inNamespace(NS).withName("grafana").get().getSpec().getReplicas();
        admin().apps().deployments().inNamespace(NS).withName("grafana").scale(replicas + 1);
        Poll.until(WAIT, "a Grafana pod for the extra replica", () -> admin().pods().inNamespace(NS)
                .withLabel("app", "grafana").list().getItems().size() == replicas + 1);
        admin().apps().deployments().inNamespace(NS).withName("grafana").scale(replicas);
    }

    @Test
    void anOrphanDeleteLeavesThePodsForTheNextSetToAdoptAndAnOrdinaryDeleteTakesThem() throws Exception {
        StatefulSet first = admin().resource(set()).create();
        Poll.until(WAIT, "two ready pods of the first set", () -> pods().size() == 2
                && pods().stream().allMatch(p -> ownedBy(p, first.getMetadata().getUid()) && p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase())));
        Map<String, String> before = uids();
        Map<String, String> started = pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getStatus().getStartTime()));

        Kubectl.Result orphan = CLUSTER.kubectl().run("delete", "statefulset", APP, "-n", NS, "--cascade=orphan");
        assertThat(orphan.code()).as(orphan.err()).isZero();
        Poll.until(WAIT, "the set gone", () -> admin().apps().statefulSets().inNamespace(NS).withName(APP).get()
                == null);
        awaitLaterPass();
        assertThat(uids()).isEqualTo(before);
        assertThat(pods()).allMatch(p -> p.getMetadata().getOwnerReferences() == null
                || p.getMetadata().getOwnerReferences().isEmpty());

        StatefulSet second = admin().resource(set()).create();
        Poll.until(WAIT, "the pods adopted by the new set", () -> pods().size() == 2
                && pods().stream().allMatch(p -> ownedBy(p, second.getMetadata().getUid())));
        Poll.until(WAIT, "the new set's status", () -> {
            var status = admin().apps().statefulSets().inNamespace(NS).withName(APP).get().getStatus();
            return status != null && status.getReadyReplicas() != null && status.getReadyReplicas() == 2;
        });
        assertThat(uids()).isEqualTo(before);
        assertThat(pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getStatus().getStartTime()))).isEqualTo(started);

        Kubectl.Result delete = CLUSTER.kubectl().run("delete", "statefulset", APP, "-n", NS);
        assertThat(delete.code()).as(delete.err()).isZero();
        Poll.until(WAIT, "the pods collected with their set", () -> pods().isEmpty());
    }
}

package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PersistentVolumeClaim resizes on the sandbox, as a real API server, resizer and kubelet take them. */
class KubectlClaimResizeTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final String CLAIM = "prometheus-storage-prometheus-0";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    private static PersistentVolumeClaim claim(String name) {
        return admin().persistentVolumeClaims().inNamespace(NS).withName(name).get();
    }

    private static String requested(PersistentVolumeClaim claim) {
        return claim.getSpec().getResources().getRequests().get("storage").toString();
    }

    private static String capacity(PersistentVolumeClaim claim) {
        return claim.getStatus().getCapacity().get("storage").toString();
    }

    private static String patch(String size) {
        return "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + size + "\"}}}}";
    }

    @Test
    void aClaimOfAnExpandableClassGrowsWithTheResizeConditionsOnTheWay() throws Exception {
        Poll.until(WAIT, "prometheus-0's claim", () -> claim(CLAIM) != null);
        assertThat(admin().storage().v1().storageClasses().withName("standard").get().getAllowVolumeExpansion())
                .isTrue();
        String before = capacity(claim(CLAIM));
        String bigger = Quantity.getAmountInBytes(new Quantity(before)).longValue() / (1024L * 1024 * 1024) * 2
                + "Gi";
        List<String> seen = new CopyOnWriteArrayList<>();
        Watch watch = admin().persistentVolumeClaims().inNamespace(NS).withName(CLAIM).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, PersistentVolumeClaim claim) {
                List<PersistentVolumeClaimCondition> conditions = claim.getStatus().getConditions();
                for (PersistentVolumeClaimCondition c : conditions == null ? List.<PersistentVolumeClaimCondition>of()
                        : conditions) {
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(c.getType())) {
                        seen.add(c.getType());
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            Kubectl.Result result = CLUSTER.kubectl().run("patch", "pvc", CLAIM, "-n", NS, "-p", patch(bigger));
            assertThat(result.code()).as(result.err()).isZero();
            Poll.until(WAIT, "the claim's capacity at " + bigger, () -> bigger.equals(capacity(claim(CLAIM))));
        } finally {
            watch.close();
        }
        PersistentVolumeClaim done = claim(CLAIM);
        assertThat(requested(done)).isEqualTo(bigger);
        assertThat(done.getStatus().getConditions()).isNullOrEmpty();
        assertThat(done.getStatus().getAllocatedResources()).containsEntry("storage", new Quantity(bigger));
        assertThat(seen).containsExactly("Resizing", "FileSystemResizePending");
    }

    @Test
    void shrinkingAClaimIsRefusedAsInvalid() throws Exception {
        Poll.until(WAIT, "prometheus-1's claim", () -> claim("prometheus-storage-prometheus-1") != null);
        String before = requested(claim("prometheus-storage-prometheus-1"));

        Kubectl.Result result = CLUSTER.kubectl().run("patch", "pvc", "prometheus-storage-prometheus-1", "-n", NS, "-p",
                patch("1Mi"));

        assertThat(result.code()).isNotZero();
        assertThat(result.err()).contains("The PersistentVolumeClaim \"prometheus-storage-prometheus-1\" is invalid")
                .contains("spec.resources.requests.storage: Forbidden: field can not be less than previous value");
        assertThat(requested(claim("prometheus-storage-prometheus-1"))).isEqualTo(before);
    }

    @Test
    void aClaimOfAClassWithoutExpansionIsForbiddenToGrow() throws Exception {
        admin().storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("fixed-size").endMetadata().withProvisioner("CLUSTER.sandbox().neurectomy.io/local")
                .withReclaimPolicy("Delete").build()).create();
        PersistentVolumeClaim claim = admin().persistentVolumeClaims().inNamespace(NS).resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("fixed").withNamespace(NS).endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("fixed-size")
                        .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                        .endSpec().build()).create();
        claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .withAccessModes("ReadWriteOnce").withCapacity(Map.of("storage", new Quantity("1Gi"))).build());
        admin().persistentVolumeClaims().resource(claim).updateStatus();

        Kubectl.Result result = CLUSTER.kubectl().run("patch", "pvc", "fixed", "-n", NS, "-p", patch("2Gi"));

        assertThat(result.code()).isNotZero();
        assertThat(result.err()).contains("Error from server (Forbidden)").contains("persistentvolumeclaims \"fixed\""
                + " is forbidden: only dynamically provisioned pvc can be resized and the storageclass that"
                + " provisions the pvc must support resize");
        // The fabric8 client's edit (a JSON patch) meets the same refusal.
        assertThatThrownBy(() -> admin().persistentVolumeClaims().inNamespace(NS).withName("fixed").edit(c -> {
            c.getSpec().getResources().getRequests().put("storage", new Quantity("3Gi"));
            return c;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(requested(claim("fixed"))).isEqualTo("1Gi");
        assertThat(capacity(claim("fixed"))).isEqualTo("1Gi");
    }
}

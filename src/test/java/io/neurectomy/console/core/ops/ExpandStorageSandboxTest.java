package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Storage expansion on the sandbox with real Alertmanager processes: refused for a StorageClass without
 * {@code allowVolumeExpansion} and for a shrink, both changing nothing; done, with every volume grown, the same pods
 * (same UIDs) adopted by the re-created StatefulSet, and a replica added afterwards getting the new size; and
 * Prometheus's retention size keeping its share of the volume in the plan. The refusals come first: a grown volume
 * cannot shrink back. After each test the class, the replica count and the claims are as they were.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpandStorageSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = HealthSandbox.NS;
    private static final String CLAIM = "alertmanager-storage-alertmanager-";

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        admin = sandbox.admin();
        http = new AlertmanagerHttp(admin, NS);
        http.awaitCluster(WAIT, 3);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The class allows expansion again, three Alertmanagers run as one cluster, and no fourth claim is left. */
    @AfterEach
    void putBack() {
        admin.storage().v1().storageClasses().withName("standard").edit(sc -> {
            sc.setAllowVolumeExpansion(true);
            return sc;
        });
        if (sts().getSpec().getReplicas() != 3) {
            admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(3);
        }
        http.awaitCluster(WAIT, 3);
        if (claim(3) != null) {
            admin.persistentVolumeClaims().inNamespace(NS).withName(CLAIM + 3).delete();
            Poll.until(WAIT, CLAIM + "3 gone", () -> claim(3) == null);
        }
    }

    private static StatefulSet sts() {
        return admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get();
    }

    private static PersistentVolumeClaim claim(int ordinal) {
        return admin.persistentVolumeClaims().inNamespace(NS).withName(CLAIM + ordinal).get();
    }

    private static String requested(PersistentVolumeClaim c) {
        return c.getSpec().getResources().getRequests().get("storage").toString();
    }

    private static String capacity(PersistentVolumeClaim c) {
        return c.getStatus() == null || c.getStatus().getCapacity() == null ? ""
                : String.valueOf(c.getStatus().getCapacity().get("storage"));
    }

    private static List<Pod> pods() {
        return admin.pods().inNamespace(NS).withLabel("app", "alertmanager").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Map<String, String> uids() {
        return pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
    }

    private static Map<Integer, String> requests() {
        return java.util.stream.IntStream.range(0, 3).boxed().collect(Collectors.toMap(i -> i,
                i -> requested(claim(i))));
    }

    private static ExpandStorageOperation expand(StackComponent c, String size, String retention) {
        return new ExpandStorageOperation(sandbox.session(), c, size, retention, WAIT, Duration.ofMillis(500));
    }

    @Test
    @Order(1)
    void aStorageClassWithoutExpansionIsRefusedNamingTheClassAndItsSettingAndNothingChanges() {
        admin.storage().v1().storageClasses().withName("standard").edit(sc -> {
            sc.setAllowVolumeExpansion(false);
            return sc;
        });
        String stsUid = sts().getMetadata().getUid();
        Map<Integer, String> before = requests();

        assertThatThrownBy(() -> expand(StackComponent.ALERTMANAGER, "20Gi", null).plan(Cancellation.none()))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("StorageClass/standard does not allow volume expansion")
                .hasMessageContaining("kubectl patch storageclass standard -p '{\"allowVolumeExpansion\":true}'")
                .hasMessageContaining("Nothing was changed");

        assertThat(requests()).isEqualTo(before);
        assertThat(sts().getMetadata().getUid()).isEqualTo(stsUid);
    }

    @Test
    @Order(2)
    void aShrinkIsRefusedAndNothingChanges() {
        Map<Integer, String> before = requests();

        assertThatThrownBy(() -> expand(StackComponent.ALERTMANAGER, "1Gi", null).plan(Cancellation.none()))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("Volumes cannot shrink: " + CLAIM + "0 already asks for " + before.get(0));

        assertThat(requests()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void prometheusKeepsItsRetentionSizeAtTheSameShareOfTheVolume() {
        ExpandStorageOperation op = expand(StackComponent.PROMETHEUS, "300Gi", null);

        Plan plan = op.plan(Cancellation.none());

        assertThat(plan.changes()).filteredOn(c -> c.subject().equals("StatefulSet/prometheus"
                + " --storage.tsdb.retention.size")).singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
                    assertThat(c.detail()).isEqualTo("160GB → 240GB (the same 80% of the volume)");
                });
        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("claims", "resize", "recreate", "adopt",
                "retention", "verify");
        assertThatThrownBy(() -> expand(StackComponent.PROMETHEUS, "300Gi", "400GB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the volume");
    }

    @Test
    @Order(4)
    void anExpansionGrowsEveryVolumeKeepsThePodsAndALaterReplicaGetsTheNewSize() {
        String stsUid = sts().getMetadata().getUid();
        Map<String, String> podsBefore = uids();
        assertThat(podsBefore).hasSize(3);
        ExpandStorageOperation op = expand(StackComponent.ALERTMANAGER, "20Gi", null);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.changes()).filteredOn(c -> c.subject().startsWith("PersistentVolumeClaim/"))
                .extracting(Change::action).containsOnly(Change.Action.UPDATE).hasSize(3);

        OperationResult<ExpandStorageOperation.Result> result = op.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).containsExactly("claims", "resize", "recreate",
                "adopt", "verify");
        for (int i = 0; i < 3; i++) {
            assertThat(requested(claim(i))).isEqualTo("20Gi");
            assertThat(capacity(claim(i))).isEqualTo("20Gi");
        }
        StatefulSet recreated = sts();
        assertThat(recreated.getMetadata().getUid()).isNotEqualTo(stsUid);
        assertThat(recreated.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("20Gi"));
        assertThat(uids()).as("the same pods, not restarted").isEqualTo(podsBefore);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                .anyMatch(o -> o.getUid().equals(recreated.getMetadata().getUid())
                        && Boolean.TRUE.equals(o.getController())));
        http.awaitCluster(WAIT, 3);

        admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(4);
        Poll.until(WAIT, CLAIM + "3 created", () -> claim(3) != null);
        assertThat(requested(claim(3))).as("a replica added after the expansion").isEqualTo("20Gi");
        http.awaitCluster(WAIT, 4);
        assertThat(uids()).containsAllEntriesOf(podsBefore);
    }
}

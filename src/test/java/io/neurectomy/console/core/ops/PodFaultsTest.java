package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod and storage faults as operations against the CRUD mock: what they plan, set, and refuse. */
class PodFaultsTest {
    private static final String NS = MockCluster.NAMESPACE;

    private MockCluster cluster;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        admin = cluster.adminClient();
        admin.nodes().resource(StackObjects.node("node-a", true)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        session = cluster.unstartedSession("test");
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    private static OperationResult<Void> run(PlannedOperation<Void> fault) {
        return fault.run(fault.plan(Cancellation.none()), ProgressListener.none(), Cancellation.none());
    }

    private Map<String, String> annotations() {
        Map<String, String> a = admin.pods().inNamespace(NS).withName("prometheus-0").get().getMetadata()
                .getAnnotations();
        return a == null ? Map.of() : a;
    }

    @Test
    void isRefusedOnAClusterWithoutStorageFaultsAndChangesNothing() {
        String version = admin.pods().inNamespace(NS).withName("prometheus-0").get().getMetadata()
                .getResourceVersion();

        OperationResult<Void> result = run(new StorageFault(session, "prometheus-0"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("only possible on a cluster that offers storage fault injection")
                .contains("context test does not").contains("nothing was changed");
        assertThat(annotations()).doesNotContainKey(SandboxMarker.VOLUME_WIPED_ANNOTATION);
        assertThat(admin.pods().inNamespace(NS).withName("prometheus-0").get().getMetadata().getResourceVersion())
                .isEqualTo(version);
    }

    @Test
    void plansOneStepThatEmptiesThePodsVolumes() {
        Plan plan = new StorageFault(session, "prometheus-0").plan(Cancellation.none());

        assertThat(plan.operation()).isEqualTo("storage-fault");
        assertThat(plan.steps()).extracting(Step::id).containsExactly(StorageFault.STEP_WIPE);
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("pod " + NS + "/prometheus-0");
            assertThat(c.detail()).contains("persistent volumes are emptied and it restarts on them");
        });
    }

    @Test
    void setsTheWipeAnnotationOnAClusterWithStorageFaults() {
        session.withSandbox(new SandboxMarker(true, ""));

        OperationResult<Void> result = run(new StorageFault(session, "prometheus-0"));

        assertThat(result.outcome(StorageFault.STEP_WIPE).status()).as(result.error())
                .isEqualTo(StepOutcome.Status.DONE);
        assertThat(annotations()).containsEntry(SandboxMarker.VOLUME_WIPED_ANNOTATION, "true");
    }

    @Test
    void aPodThatIsGoneSaysSo() {
        session.withSandbox(new SandboxMarker(true, ""));
        assertThat(run(new StorageFault(session, "prometheus-9")).error())
                .contains("Pod prometheus-9 does not exist in " + NS);
    }

    @Test
    void aHangIsRefusedOnAClusterWithoutPodFaults() {
        OperationResult<Void> result = run(new PodFault(session, "prometheus-0"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("Making a pod hang is only possible on a cluster that offers pod fault"
                + " injection").contains("nothing was changed");
        assertThat(annotations()).doesNotContainKey(SandboxMarker.POD_HUNG_ANNOTATION);
    }

    @Test
    void setsTheHungAnnotationOnAClusterWithPodFaults() {
        session.withSandbox(new SandboxMarker(true, ""));

        OperationResult<Void> result = run(new PodFault(session, "prometheus-0"));

        assertThat(result.outcome(PodFault.STEP_HANG).detail()).as(result.error())
                .isEqualTo("prometheus-0 set to hang");
        assertThat(annotations()).containsEntry(SandboxMarker.POD_HUNG_ANNOTATION, "true")
                .doesNotContainKey(SandboxMarker.VOLUME_WIPED_ANNOTATION);
    }
}

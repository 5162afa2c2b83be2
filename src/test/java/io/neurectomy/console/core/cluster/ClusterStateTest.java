package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.neurectomy.console.testing.StackObjects;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ClusterState state = new ClusterState("monitoring");

    // ---- pods -------------------------------------------------------------------------------------------------

    private static Pod richPod() {
        return new PodBuilder()
                .withNewMetadata().withName("grafana-7d9f8-abcde").withNamespace("monitoring")
                .withCreationTimestamp("2026-03-01T10:00:00Z")
                .addToLabels("app", "grafana").addToLabels("pod-template-hash", "7d9f8")
                .addNewOwnerReference().withKind("ReplicaSet").withName("grafana-7d9f8").withController(true)
                .endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("grafana").withImage("grafana/grafana:11.0.0")
                .withNewResources().addToRequests("cpu", new Quantity("500m"))
                .addToRequests("memory", new Quantity("1Gi"))
                .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("2Gi")).endResources()
                .endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox:1.36").endContainer()
                .addNewVolume().withName("storage").withNewPersistentVolumeClaim().withClaimName("grafana-storage")
                .endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("scratch").withNewEphemeral().endEphemeral().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName("grafana-ini").endConfigMap()
                .endVolume()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                .withMessage("containers with unready status: [sidecar]")
                .withLastTransitionTime("2026-03-01T10:05:00Z").endCondition()
                // Statuses in another order than the spec: details follow the spec.
                .addNewContainerStatus().withName("sidecar").withReady(false).withRestartCount(4)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated()
                .endLastState().endContainerStatus()
                .addNewContainerStatus().withName("grafana").withReady(true).withRestartCount(1)
                .withNewState().withNewRunning().withStartedAt("2026-03-01T10:01:00Z").endRunning().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    @Test
    void podCarriesContainersResourcesConditionsAndClaims() {
        state.put(richPod());

        PodInfo pod = state.snapshot().pods().get(0);
        assertThat(pod.namespace()).isEqualTo("monitoring");
        assertThat(pod.key()).isEqualTo("monitoring/grafana-7d9f8-abcde");
        assertThat(pod.workload()).isEqualTo("grafana");
        assertThat(pod.node()).isEqualTo("node-a");
        assertThat(pod.status()).isEqualTo("CrashLoopBackOff");
        assertThat(pod.readyContainers()).isEqualTo(1);
        assertThat(pod.containers()).isEqualTo(2);
        assertThat(pod.restarts()).isEqualTo(5);
        assertThat(pod.created()).isEqualTo(T0);
        assertThat(pod.labels()).containsEntry("app", "grafana");
        assertThat(pod.containerDetails()).containsExactly(
                new ContainerInfo("grafana", "grafana/grafana:11.0.0", new Resources(500, 1L << 30),
                        new Resources(2000, 2L << 30), true, 1, "running", "", "", ""),
                new ContainerInfo("sidecar", "busybox:1.36", Resources.NONE, Resources.NONE, false, 4, "waiting",
                        "CrashLoopBackOff", "back-off 40s restarting failed container", "OOMKilled"));
        assertThat(pod.conditions()).containsExactly(
                new ConditionInfo("PodScheduled", "True", "", "", null),
                new ConditionInfo("Ready", "False", "ContainersNotReady",
                        "containers with unready status: [sidecar]", Instant.parse("2026-03-01T10:05:00Z")));
        assertThat(pod.claims()).containsExactly("grafana-storage", "grafana-7d9f8-abcde-scratch");
        assertThat(pod.schedulingMessage()).isEmpty();
    }

    @Test
    void aPodReCreatedUnderTheSameNameIsAnotherInstance() {
        Pod first = new PodBuilder(richPod()).editMetadata().withUid("uid-1").endMetadata().build();
        Pod again = new PodBuilder(richPod()).editMetadata().withUid("uid-2").endMetadata().build();
        state.put(first);
        String before = state.snapshot().pods().get(0).instance();
        state.put(again);
        PodInfo now = state.snapshot().pods().get(0);

        assertThat(now.uid()).isEqualTo("uid-2");
        assertThat(now.instance()).isNotEqualTo(before).isEqualTo("uid-2");
        assertThat(new PodInfo("p", "", "Running", 1, 1, 0, T0, "").instance())
                .as("without a uid, the creation time tells instances apart").isEqualTo(T0.toString());
    }

    @Test
    void terminatedContainerAndUnscheduledPodSayWhy() {
        Pod terminated = new PodBuilder(StackObjects.pod("job-1", "node-a", false, 0, null))
                .editStatus().editFirstContainerStatus().withNewState().withNewTerminated().withReason("Error")
                .withMessage("exit 2").withExitCode(2).endTerminated().endState().endContainerStatus().endStatus()
                .build();
        Pod pending = new PodBuilder().withNewMetadata().withName("prometheus-1").withNamespace("monitoring")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("prometheus").withImage("prom").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient memory.")
                .endCondition().endStatus().build();
        state.put(terminated);
        state.put(pending);

        StackSnapshot snap = state.snapshot();
        PodInfo job = snap.pods().get(0);
        assertThat(job.containerDetails().get(0)).extracting(ContainerInfo::state, ContainerInfo::reason,
                ContainerInfo::message).containsExactly("terminated", "Error", "exit 2");
        PodInfo unscheduled = snap.pods().get(1);
        assertThat(unscheduled.node()).isEmpty();
        assertThat(unscheduled.schedulingMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient memory.");
        assertThat(unscheduled.containerDetails().get(0).state()).as("no status reported yet").isEmpty();
    }

    @Test
    void podsAreOrderedByNamespaceThenName() {
        for (String key : List.of("b/x", "a-b/a", "a/z", "a/y")) {
            String[] parts = key.split("/");
            state.put(new PodBuilder(StackObjects.pod(parts[1], "n", true, 0, null)).editMetadata()
                    .withNamespace(parts[0]).endMetadata().build());
        }
        assertThat(state.snapshot().pods()).extracting(PodInfo::key)
                .containsExactly("a/y", "a/z", "a-b/a", "b/x");
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    @Test
    void nodeCarriesZoneAllocatableLabelsAndWhyItIsNotReady() {
        state.put(new NodeBuilder().withNewMetadata().withName("node-b")
                .addToLabels("topology.kubernetes.io/zone", "eu-1b")
                .addToLabels("failure-domain.beta.kubernetes.io/zone", "old-zone").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity("7910m"))
                .addToAllocatable("memory", new Quantity("31Gi")).addToAllocatable("pods", new Quantity("110"))
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .addNewCondition().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown")
                .withMessage("Kubelet stopped posting node status.").endCondition()
                .endStatus().build());
        state.put(new NodeBuilder().withNewMetadata().withName("node-a")
                .addToLabels("failure-domain.beta.kubernetes.io/zone", "legacy-a").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition().endStatus().build());
        state.put(new NodeBuilder().withNewMetadata().withName("node-c").endMetadata().build());

        assertThat(state.snapshot().nodes()).extracting(NodeInfo::name, NodeInfo::ready, NodeInfo::unschedulable,
                NodeInfo::zone, NodeInfo::allocatable, NodeInfo::readyMessage).containsExactly(
                tuple("node-a", true, false, "legacy-a", Resources.NONE, ""),
                tuple("node-b", false, true, "eu-1b", new Resources(7910, 31L << 30),
                        "NodeStatusUnknown: Kubelet stopped posting node status."),
                tuple("node-c", false, false, "", Resources.NONE, "The node reports no Ready condition."));
        assertThat(state.snapshot().nodes().get(1).labels()).containsEntry("topology.kubernetes.io/zone", "eu-1b");
    }

    // ---- workloads --------------------------------------------------------------------------------------------

    @Test
    void workloadsCarryNamespaceImagesAndSelectorWithTheStackFirst() {
        state.put(StackObjects.statefulSet("prometheus", 2, 2));
        state.put(new StatefulSetBuilder(StackObjects.statefulSet("alertmanager", 3, 3)).editMetadata()
                .withNamespace("team-a").endMetadata().build());
        state.put(new DaemonSetBuilder().withNewMetadata().withName("node-exporter").withNamespace("monitoring")
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "node-exporter")
                .endSelector().withNewTemplate().withNewSpec().addNewContainer().withName("ne")
                .withImage("prom/node-exporter:v1.8.0").endContainer().addNewContainer().withName("proxy")
                .withImage("kube-rbac-proxy:v0.18").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withDesiredNumberScheduled(3).withCurrentNumberScheduled(3).withNumberReady(2)
                .withUpdatedNumberScheduled(3).endStatus().build());

        List<WorkloadInfo> workloads = state.snapshot().workloads();
        assertThat(workloads).extracting(WorkloadInfo::name, WorkloadInfo::namespace, WorkloadInfo::stack,
                WorkloadInfo::present).containsExactly(
                tuple("prometheus", "monitoring", true, true),
                tuple("grafana", "monitoring", true, false),
                tuple("alertmanager", "monitoring", true, false),
                tuple("alertmanager", "team-a", false, true),
                tuple("node-exporter", "monitoring", false, true));
        assertThat(workloads.get(0).images()).containsExactly("img");
        assertThat(workloads.get(0).selector()).isEqualTo(Map.of("app", "prometheus"));
        assertThat(workloads.get(4).images()).containsExactly("prom/node-exporter:v1.8.0", "kube-rbac-proxy:v0.18");
        assertThat(workloads.get(4)).extracting(WorkloadInfo::desired, WorkloadInfo::ready).containsExactly(3, 2);
    }

    @Test
    void withoutAStackNamespaceTheStackWorkloadOfAnyNamespaceCounts() {
        ClusterState anywhere = new ClusterState();
        anywhere.put(StackObjects.statefulSet("prometheus", 2, 1));
        assertThat(anywhere.snapshot().workloads().get(0)).extracting(WorkloadInfo::present, WorkloadInfo::ready)
                .containsExactly(true, 1);
    }

    // ---- PDBs and PVCs ----------------------------------------------------------------------------------------

    @Test
    void pdbsAndPvcsAreConverted() {
        state.put(new PodDisruptionBudgetBuilder().withNewMetadata().withName("prometheus-pdb")
                .withNamespace("monitoring").endMetadata().withNewSpec().withMinAvailable(new IntOrString(1))
                .withNewSelector().addToMatchLabels("app", "prometheus").endSelector().endSpec()
                .withNewStatus().withCurrentHealthy(2).withDesiredHealthy(1).withDisruptionsAllowed(1)
                .withExpectedPods(2).endStatus().build());
        state.put(new PodDisruptionBudgetBuilder().withNewMetadata().withName("grafana-pdb")
                .withNamespace("monitoring").endMetadata().withNewSpec().withMaxUnavailable(new IntOrString("50%"))
                .endSpec().build());
        state.put(new PersistentVolumeClaimBuilder().withNewMetadata().withName("storage-prometheus-0")
                .withNamespace("monitoring").endMetadata().withNewSpec().withStorageClassName("fast-ssd")
                .withNewResources().addToRequests("storage", new Quantity("100Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").addToCapacity("storage", new Quantity("200Gi")).endStatus()
                .build());
        state.put(new PersistentVolumeClaimBuilder().withNewMetadata().withName("storage-alertmanager-0")
                .withNamespace("monitoring").endMetadata().withNewSpec()
                .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources().endSpec()
                .build());

        StackSnapshot snap = state.snapshot();
        assertThat(snap.pdbs()).containsExactly(
                new PdbInfo("monitoring", "grafana-pdb", Map.of(), "", "50%", 0, 0, 0, 0),
                new PdbInfo("monitoring", "prometheus-pdb", Map.of("app", "prometheus"), "1", "", 2, 1, 1, 2));
        assertThat(snap.pvcs()).containsExactly(
                new PvcInfo("monitoring", "storage-alertmanager-0", "Pending", "10Gi", ""),
                new PvcInfo("monitoring", "storage-prometheus-0", "Bound", "200Gi", "fast-ssd"));
    }

    // ---- events -----------------------------------------------------------------------------------------------

    private static Event event(String name, String pod, Instant last) {
        return new EventBuilder().withNewMetadata().withName(name).withNamespace("monitoring").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("monitoring")
                .endInvolvedObject().withType("Warning").withReason("BackOff").withMessage("m " + name)
                .withCount(3).withLastTimestamp(last == null ? null : last.toString()).build();
    }

    @Test
    void eventsAreNewestFirstWhicheverTimeTheyCarry() {
        state.put(event("old", "p", T0));
        state.put(new EventBuilder(event("micro", "p", null))
                .withEventTime(new MicroTime("2026-03-01T10:00:30.123456Z"))
                .withCount(null).build());
        state.put(new EventBuilder(event("series", "p", null)).withNewSeries().withCount(7)
                .withLastObservedTime(new MicroTime("2026-03-01T10:02:00.000000Z")).endSeries().withCount(null)
                .build());
        state.put(new EventBuilder(event("created", "p", null)).editMetadata()
                .withCreationTimestamp("2026-03-01T10:01:00Z").endMetadata().build());
        state.put(event("timeless", "p", null));

        List<EventInfo> events = state.snapshot().events();
        assertThat(events).extracting(EventInfo::message).containsExactly("m series", "m created", "m micro",
                "m old", "m timeless");
        assertThat(events.get(0)).isEqualTo(new EventInfo("monitoring", "Pod", "p", "Warning", "BackOff",
                "m series", 7, Instant.parse("2026-03-01T10:02:00Z")));
        assertThat(events.get(2).count()).as("no count: it happened once").isEqualTo(1);
    }

    @Test
    void eventsAreUpdatedInPlaceAndRemoved() {
        state.put(event("e1", "p", T0));
        state.put(event("e2", "p", T0.plusSeconds(10)));
        state.put(event("e1", "p", T0.plusSeconds(20)));
        assertThat(state.snapshot().events()).extracting(EventInfo::message).containsExactly("m e1", "m e2");

        state.remove(event("e1", "p", null));
        assertThat(state.snapshot().events()).extracting(EventInfo::message).containsExactly("m e2");
    }

    @Test
    void keepsOnlyTheRecentEventsPerObjectAndInAll() {
        for (int i = 0; i < 30; i++) {
            state.put(event("noisy-" + i, "noisy", T0.plusSeconds(i)));
        }
        for (int i = 0; i < 1500; i++) {
            state.put(event("e-" + i, "pod-" + i, T0.plusSeconds(100 + i)));
        }
        state.put(event("latest-noisy", "noisy", T0.plusSeconds(5000)));

        List<EventInfo> events = state.snapshot().events();
        assertThat(events).hasSize(ClusterState.EVENTS_TOTAL);
        assertThat(events.get(0).message()).isEqualTo("m latest-noisy");
        assertThat(events.get(1).message()).isEqualTo("m e-1499");
        assertThat(events.get(999).message()).isEqualTo("m e-501");
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).lastSeen()).isBeforeOrEqualTo(events.get(i - 1).lastSeen());
        }

        ClusterState quiet = new ClusterState("monitoring");
        for (int i = 0; i < 30; i++) {
            quiet.put(event("noisy-" + i, "noisy", T0.plusSeconds(i)));
        }
        quiet.put(event("other", "calm", T0));
        List<EventInfo> kept = quiet.snapshot().events();
        assertThat(kept).filteredOn(e -> e.involvedName().equals("noisy")).hasSize(ClusterState.EVENTS_PER_OBJECT)
                .first().extracting(EventInfo::message).isEqualTo("m noisy-29");
        assertThat(kept).filteredOn(e -> e.involvedName().equals("noisy")).last().extracting(EventInfo::message)
                .isEqualTo("m noisy-10");
        assertThat(kept).extracting(EventInfo::involvedName).contains("calm");
    }

    // ---- incremental snapshots, scopes, listeners -------------------------------------------------------------

    @Test
    void oneChangeRebuildsOnlyItsOwnKind() {
        state.put(StackObjects.node("node-a", true));
        state.put(StackObjects.statefulSet("prometheus", 2, 2));
        state.put(StackObjects.statefulSetPod("prometheus", 0, "node-a"));
        state.put(event("e1", "prometheus-0", T0));
        StackSnapshot before = state.snapshot();
        assertThat(state.snapshot()).as("unchanged: the same snapshot").isSameAs(before);

        state.put(StackObjects.statefulSetPod("prometheus", 1, "node-a"));
        StackSnapshot after = state.snapshot();

        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.pods()).extracting(PodInfo::name).containsExactly("prometheus-0", "prometheus-1");
        assertThat(after.pods().get(0)).as("the untouched pod's value is reused").isSameAs(before.pods().get(0));
        assertThat(after.nodes()).isSameAs(before.nodes());
        assertThat(after.workloads()).isSameAs(before.workloads());
        assertThat(after.events()).isSameAs(before.events());
        assertThat(after.pdbs()).isSameAs(before.pdbs());
    }

    @Test
    void aNewScopeForgetsNamespacedObjectsAndIgnoresTheOldInformers() {
        long first = state.scope();
        state.put(StackObjects.node("node-a", true));
        state.put(StackObjects.statefulSetPod("prometheus", 0, "node-a"), first);
        state.put(event("e1", "prometheus-0", T0), first);
        state.setSync(SyncState.SYNCED, "", first);

        long second = state.beginScope(true);
        state.put(StackObjects.statefulSetPod("alertmanager", 0, "node-a"), first);
        state.remove(StackObjects.node("node-a", true), first);
        assertThat(state.setSync(SyncState.SYNCED, "", first)).isFalse();

        StackSnapshot snap = state.snapshot();
        assertThat(snap.allNamespaces()).isTrue();
        assertThat(snap.syncState()).isEqualTo(SyncState.SYNCING);
        assertThat(snap.pods()).as("a late event of the old scope is ignored").isEmpty();
        assertThat(snap.events()).isEmpty();
        assertThat(snap.nodes()).as("nodes are not scoped").isEmpty();

        state.put(StackObjects.node("node-a", true), first);
        state.put(StackObjects.statefulSetPod("alertmanager", 0, "node-a"), second);
        assertThat(state.setSync(SyncState.SYNCED, "", second)).isTrue();
        snap = state.snapshot();
        assertThat(snap.pods()).extracting(PodInfo::name).containsExactly("alertmanager-0");
        assertThat(snap.nodes()).extracting(NodeInfo::name).containsExactly("node-a");
        assertThat(snap.syncState()).isEqualTo(SyncState.SYNCED);
    }

    @Test
    void listenersHearChangesButNotNoOps() {
        AtomicInteger calls = new AtomicInteger();
        state.addListener(calls::incrementAndGet);
        state.put(StackObjects.pod("p", "n", true, 0, null));
        state.remove(StackObjects.pod("unknown", "n", true, 0, null));
        state.put(new io.fabric8.kubernetes.api.model.ConfigMap());
        state.setSync(SyncState.SYNCING, "");
        assertThat(calls).hasValue(1);
        state.remove(StackObjects.pod("p", "n", true, 0, null));
        assertThat(calls).hasValue(2);
        assertThat(state.snapshot().pods()).isEmpty();
    }

    @Test
    void hiddenNodesAreClearedAndExplained() {
        Node node = StackObjects.node("node-a", true);
        state.put(node);
        state.setNodesHidden("Your account may not list nodes (RBAC).");
        assertThat(state.snapshot().nodes()).isEmpty();
        assertThat(state.snapshot().nodesHidden()).contains("may not list nodes");
    }
}

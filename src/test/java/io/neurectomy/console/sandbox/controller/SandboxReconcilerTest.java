package io.neurectomy.console.sandbox.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.PodProcesses;
import io.neurectomy.console.sandbox.RuntimeStatus;
import io.neurectomy.console.sandbox.SeededApi;
import io.neurectomy.console.testing.Poll;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against the seeded stack, with stand-ins whose state the test controls. */
class SandboxReconcilerTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";

    private SeededApi api;
    private KubernetesClient client;
    private FakeProcesses processes;
    private SandboxReconciler reconciler;

    @BeforeEach
    void start() {
        api = SeededApi.start();
        client = api.adminClient();
        processes = new FakeProcesses();
        reconciler = new SandboxReconciler(client, processes, key -> Optional.empty(), Clock.systemUTC());
        reconciler.start();
    }

    @AfterEach
    void stop() {
        reconciler.close();
        client.close();
        api.close();
    }

    private List<Pod> pods(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems();
    }

    private Set<String> names(String app) {
        return pods(app).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private Map<String, String> images() {
        return pods("alertmanager").stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getSpec().getContainers().get(0).getImage()));
    }

    private boolean allReady(String app, int count) {
        List<Pod> pods = pods(app);
        return pods.size() == count && pods.stream().allMatch(reconciler::podReady);
    }

    @Test
    void replicasBecomeReadyPodsSpreadOverNodesWithStatusWritten() {
        Poll.until(WAIT, "the seeded stack to be running", () -> allReady("prometheus", 2)
                && allReady("alertmanager", 3) && allReady("grafana", 2));

        assertThat(names("prometheus")).containsExactlyInAnyOrder("prometheus-0", "prometheus-1");
        assertThat(names("alertmanager")).containsExactlyInAnyOrder("alertmanager-0", "alertmanager-1",
                "alertmanager-2");
        assertThat(names("grafana")).allMatch(n -> n.matches("grafana-[b-z2-9]{10}-[b-z2-9]{5}"));
        for (String app : List.of("prometheus", "alertmanager", "grafana")) {
            assertThat(pods(app).stream().map(p -> p.getSpec().getNodeName()).distinct().count())
                    .as("replicas of %s on distinct nodes", app).isEqualTo(pods(app).size());
        }
        assertThat(processes.started).contains("monitoring/prometheus-0", "monitoring/alertmanager-2");
        Pod p0 = client.pods().inNamespace(NS).withName("prometheus-0").get();
        assertThat(p0.getStatus().getPhase()).isEqualTo("Running");
        assertThat(p0.getStatus().getPodIP()).startsWith("10.42.");
        assertThat(p0.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("prometheus-storage-prometheus-0"));
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("prometheus-storage-prometheus-0").get()
                .getStatus().getPhase()).isEqualTo("Bound");

        Poll.until(WAIT, "workload and PDB status", () -> {
            var sts = client.apps().statefulSets().inNamespace(NS).withName("alertmanager").get();
            var deploy = client.apps().deployments().inNamespace(NS).withName("grafana").get();
            var pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("alertmanager-pdb").get();
            return sts.getStatus() != null && Integer.valueOf(3).equals(sts.getStatus().getReadyReplicas())
                    && deploy.getStatus() != null && Integer.valueOf(2).equals(deploy.getStatus().getReadyReplicas())
                    && pdb.getStatus() != null && Integer.valueOf(1).equals(pdb.getStatus().getDisruptionsAllowed())
                    && Integer.valueOf(3).equals(pdb.getStatus().getCurrentHealthy());
        });
    }

    @Test
    void deletedPodIsRecreatedAndItsProcessReplaced() {
        Poll.until(WAIT, "prometheus running", () -> allReady("prometheus", 2));
        String oldUid = client.pods().inNamespace(NS).withName("prometheus-1").get().getMetadata().getUid();

        client.pods().inNamespace(NS).withName("prometheus-1").delete();

        Pod recreated = Poll.until(WAIT, () -> client.pods().inNamespace(NS).withName("prometheus-1").get(),
                p -> p != null && !p.getMetadata().getUid().equals(oldUid) && reconciler.podReady(p),
                "prometheus-1 recreated and ready");
        assertThat(recreated.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("prometheus");
        assertThat(processes.stopped).contains("monitoring/prometheus-1");
        assertThat(processes.started.stream().filter("monitoring/prometheus-1"::equals).count()).isEqualTo(2);
    }

    @Test
    void scalingUpAndDownStartsAndStopsPods() {
        Poll.until(WAIT, "alertmanager running", () -> allReady("alertmanager", 3));

        client.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(5);
        Poll.until(WAIT, "five alertmanagers", () -> allReady("alertmanager", 5));
        assertThat(names("alertmanager")).contains("alertmanager-3", "alertmanager-4");

        client.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(2);
        Poll.until(WAIT, "two alertmanagers", () -> allReady("alertmanager", 2));
        assertThat(names("alertmanager")).containsExactlyInAnyOrder("alertmanager-0", "alertmanager-1");
        // The pods leave the API first; the kubelet stops their processes right after.
        Poll.until(WAIT, "the processes of alertmanager-2 and -4 stopped",
                () -> processes.stopped.containsAll(List.of("monitoring/alertmanager-4", "monitoring/alertmanager-2")));

        client.apps().deployments().inNamespace(NS).withName("grafana").scale(3);
        Poll.until(WAIT, "three grafanas", () -> allReady("grafana", 3));
    }

    @Test
    void imageChangeReplacesStatefulSetPodsOneAtATimeHighestOrdinalFirst() {
        Poll.until(WAIT, "alertmanager running", () -> allReady("alertmanager", 3));
        processes.readyOnStart = false;
        // A JSON patch of the image alone, as kubectl set image sends: no resourceVersion, so the controller's own
        // status writes meanwhile cannot make it a conflict.
        client.apps().statefulSets().inNamespace(NS).withName("alertmanager").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\","
                        + "\"value\":\"prom/alertmanager:v0.27.0\"}]");

        Pod first = Poll.until(WAIT, () -> client.pods().inNamespace(NS).withName("alertmanager-2").get(),
                p -> p != null && p.getSpec().getContainers().get(0).getImage().endsWith("v0.27.0"),
                "alertmanager-2 replaced first");
        assertThat(first).isNotNull();
        // While the new pod is not ready, the rollout waits: the others keep the old image.
        Poll.until(WAIT, "the new pod to be started", () -> processes.started.contains("monitoring/alertmanager-2")
                && processes.started.stream().filter("monitoring/alertmanager-2"::equals).count() == 2);
        reconciler.reconcileOnce();
        assertThat(images()).containsEntry("alertmanager-0", "prom/alertmanager:v0.26.0")
                .containsEntry("alertmanager-1", "prom/alertmanager:v0.26.0");

        processes.readyOnStart = true;
        processes.setReady("monitoring/alertmanager-2", true);
        Poll.until(WAIT, () -> images(), m -> m.size() == 3 && m.values().stream().allMatch(i -> i.endsWith("v0.27.0"))
                && allReady("alertmanager", 3), "every alertmanager on the new image");
        List<String> replaced = new ArrayList<>(processes.stopped);
        assertThat(replaced).containsSubsequence("monitoring/alertmanager-2", "monitoring/alertmanager-1",
                "monitoring/alertmanager-0");
    }

    @Test
    void rolloutRestartOfTheDeploymentReplacesEveryPod() {
        Poll.until(WAIT, "grafana running", () -> allReady("grafana", 2));
        Set<String> before = names("grafana");
        client.apps().deployments().inNamespace(NS).withName("grafana").rolling().restart();
        Poll.until(WAIT, () -> names("grafana"), n -> n.size() == 2 && n.stream().noneMatch(before::contains)
                && allReady("grafana", 2), "two new grafana pods");
        Poll.until(WAIT, "deployment status", () -> {
            var s = client.apps().deployments().inNamespace(NS).withName("grafana").get().getStatus();
            return Integer.valueOf(2).equals(s.getUpdatedReplicas()) && Integer.valueOf(2).equals(s.getReadyReplicas());
        });
    }

    @Test
    void failedNodeGoesNotReadyAndItsPodsLoseReadinessUntilItRecovers() {
        Poll.until(WAIT, "stack running", () -> allReady("prometheus", 2) && allReady("alertmanager", 3));
        Pod p0 = client.pods().inNamespace(NS).withName("prometheus-0").get();
        String nodeName = p0.getSpec().getNodeName();

        client.nodes().withName(nodeName).edit(n -> {
            n.getMetadata().getAnnotations().put(SandboxReconciler.FAILED_ANNOTATION, "true");
            return n;
        });
        Poll.until(WAIT, "node NotReady", () -> !SandboxReconciler.nodeReady(client.nodes().withName(nodeName).get()));
        Poll.until(WAIT, "prometheus-0 not ready", () -> !reconciler.podReady(
                client.pods().inNamespace(NS).withName("prometheus-0").get()));
        // The reconciler writes the pod's status during its pass and stops the process at the pass's end.
        Poll.until(WAIT, "prometheus-0's process stopped", () -> processes.stopped.contains("monitoring/prometheus-0"));
        Poll.until(WAIT, "the PDB to allow no disruption", () -> Integer.valueOf(0).equals(client.policy().v1()
                .podDisruptionBudget().inNamespace(NS).withName("prometheus-pdb").get().getStatus()
                .getDisruptionsAllowed()));

        client.nodes().withName(nodeName).edit(n -> {
            n.getMetadata().getAnnotations().remove(SandboxReconciler.FAILED_ANNOTATION);
            return n;
        });
        Poll.until(WAIT, "node and pod back", () -> SandboxReconciler.nodeReady(client.nodes().withName(nodeName).get())
                && reconciler.podReady(client.pods().inNamespace(NS).withName("prometheus-0").get()));
    }

    @Test
    void aPodWithNoNodeToGoToIsReportedAndPlacedOnceANodeRecovers() {
        Poll.until(WAIT, "stack running", () -> allReady("grafana", 2) && allReady("alertmanager", 3)
                && allReady("prometheus", 2));
        List<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
        for (String node : nodes) {
            client.nodes().withName(node).edit(n -> {
                n.getMetadata().getAnnotations().put(SandboxReconciler.FAILED_ANNOTATION, "true");
                return n;
            });
        }
        Poll.until(WAIT, "every node NotReady", () -> client.nodes().list().getItems().stream()
                .noneMatch(SandboxReconciler::nodeReady));
        client.apps().deployments().inNamespace(NS).withName("grafana").scale(3);

        Pod pending = Poll.until(WAIT, () -> pods("grafana").stream().filter(p -> p.getSpec().getNodeName() == null)
                .findFirst().orElse(null), p -> p != null, "a pending grafana pod");
        String name = pending.getMetadata().getName();
        assertThat(pending.getStatus().getConditions()).anyMatch(c -> "PodScheduled".equals(c.getType())
                && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
        var event = Poll.until(WAIT, () -> client.v1().events().inNamespace(NS).withName(name + ".failedscheduling")
                .get(), e -> e != null, "a FailedScheduling event");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("FailedScheduling");
        assertThat(event.getMessage()).startsWith("0/3 nodes are available");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(event.getInvolvedObject().getName()).isEqualTo(name);
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(pending.getMetadata().getUid());
        assertThat(event.getLastTimestamp()).isNotBlank();

        client.nodes().withName(nodes.get(1)).edit(n -> {
            n.getMetadata().getAnnotations().remove(SandboxReconciler.FAILED_ANNOTATION);
            return n;
        });
        Pod placed = Poll.until(WAIT, () -> client.pods().inNamespace(NS).withName(name).get(),
                p -> p != null && nodes.get(1).equals(p.getSpec().getNodeName()) && reconciler.podReady(p),
                "the pending pod placed on the recovered node and ready");
        assertThat(placed.getStatus().getConditions()).anyMatch(c -> "PodScheduled".equals(c.getType())
                && "True".equals(c.getStatus()));
        assertThat(client.v1().events().inNamespace(NS).withName(name + ".scheduled").get().getMessage())
                .isEqualTo("Successfully assigned monitoring/" + name + " to " + nodes.get(1));
    }

    @Test
    void schedulerPrefersNodesWithoutAReplicaOfTheSameWorkload() {
        List<Node> nodes = client.nodes().list().getItems();
        Pod onA = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("x").withNamespace(NS)
                .addToLabels("app", "prometheus").endMetadata().withNewSpec().withNodeName("sandbox-node-a")
                .endSpec().build();
        String chosen = SandboxReconciler.schedule(NS, Map.of("app", "prometheus"), List.of(onA), nodes);
        assertThat(chosen).isEqualTo("sandbox-node-b");
    }

    /** Stand-ins that are "ready" as soon as they start, unless the test says otherwise. */
    static final class FakeProcesses implements PodProcesses {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        final Map<String, RuntimeStatus> status = new ConcurrentHashMap<>();
        final List<BiConsumer<String, RuntimeStatus>> listeners = new CopyOnWriteArrayList<>();
        volatile boolean readyOnStart = true;

        @Override
        public void start(Pod pod) {
            String key = SandboxReconciler.key(pod);
            started.add(key);
            status.put(key, new RuntimeStatus(true, readyOnStart, 0, readyOnStart ? null : "starting"));
            listeners.forEach(l -> l.accept(key, status.get(key)));
        }

        @Override
        public void stop(String namespace, String name) {
            String key = namespace + "/" + name;
            if (status.remove(key) != null) {
                stopped.add(key);
            }
        }

        @Override
        public Optional<RuntimeStatus> status(String namespace, String name) {
            return Optional.ofNullable(status.get(namespace + "/" + name));
        }

        @Override
        public void addListener(BiConsumer<String, RuntimeStatus> listener) {
            listeners.add(listener);
        }

        void setReady(String key, boolean ready) {
            status.computeIfPresent(key, (k, s) -> new RuntimeStatus(true, ready, s.restarts(), null));
            listeners.forEach(l -> l.accept(key, status.get(key)));
        }
    }
}

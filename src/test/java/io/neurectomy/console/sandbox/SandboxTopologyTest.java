package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.endpoints.AlertmanagerPeersProbe;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.DeletePod;
import io.neurectomy.console.core.ops.NodeFault;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.topology.WhatIf;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.core.topology.WorkloadImpact;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live topology's data from the full sandbox (real Prometheus and Alertmanager processes), through the
 * console's own connection path: the three Alertmanagers' cluster, a failed and recovered node, a deleted pod.
 * Every test starts from a settled stack and runs alone or in any order.
 */
class SandboxTopologyTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withPropagationDelay(
                Duration.ofSeconds(2)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        assertThat(session.sandbox()).isPresent();
        assertThat(session.capabilities()).contains(Capability.NODE_FAULTS);
        await(WAIT, "every stack pod ready", s -> ready(s, "prometheus-") == 2 && ready(s, "alertmanager-") == 3
                && ready(s, "grafana-") == 2);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Each test starts from a settled stack: every node Ready, every stack pod ready, every budget healthy. */
    @BeforeEach
    void settled() {
        await(WAIT, "every node Ready and every stack pod ready", s -> s.nodes().stream().allMatch(NodeInfo::ready)
                && ready(s, "prometheus-") == 2 && ready(s, "alertmanager-") == 3 && ready(s, "grafana-") == 2
                && s.pdbs().stream().allMatch(p -> p.currentHealthy() == p.expectedPods()));
    }

    /** A test that failed half-way leaves no node failed for the next one. */
    @AfterEach
    void recoverNodes() {
        session.state().snapshot().nodes().stream().filter(n -> !n.ready())
                .forEach(n -> done(new NodeFault(session, n.name(), false)));
    }

    private static long ready(StackSnapshot s, String prefix) {
        return s.pods().stream().filter(p -> p.name().startsWith(prefix) && p.ready()).count();
    }

    private static StackSnapshot await(Duration timeout, String what, Predicate<StackSnapshot> condition) {
        return Poll.until(timeout, () -> session.state().snapshot(), condition, what);
    }

    private static NodeInfo node(StackSnapshot s, String name) {
        return s.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<PodInfo> podsOn(StackSnapshot s, String node) {
        return s.pods().stream().filter(p -> p.node().equals(node)).toList();
    }

    @Test
    void probeSeesTheThreeClusteredAlertmanagers() {
        AtomicReference<Optional<AlertmanagerPeers>> last = new AtomicReference<>();
        try (AlertmanagerPeersProbe probe = AlertmanagerPeersProbe.start(session, Duration.ofMillis(500),
                last::set)) {
            // Gossip needs a moment after the processes start: members join one by one.
            Optional<AlertmanagerPeers> peers = Poll.until(WAIT, last::get,
                    r -> r != null && r.isPresent() && r.get().members() == 3, "three Alertmanager members");
            assertThat(peers.get().pod()).startsWith("alertmanager-");
            assertThat(peers.get().status()).isIn("ready", "settling");
        }
    }

    /** Runs an operation through its plan and fails the test with its error when it does not succeed. */
    private static void done(Operation<Void> operation) {
        OperationResult<Void> result = operation.run(operation.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());
        assertThat(result.succeeded()).as(result.error()).isTrue();
    }

    @Test
    void aFailedNodeGoesNotReadyWithItsPodsAndRecovers() {
        StackSnapshot before = session.state().snapshot();
        String node = before.pods().stream().filter(p -> p.name().equals("alertmanager-0")).findFirst()
                .orElseThrow().node();
        List<String> pods = podsOn(before, node).stream().map(PodInfo::name).toList();
        assertThat(pods).isNotEmpty();
        assertThat(node(before, node).ready()).isTrue();

        done(new NodeFault(session, node, true));

        StackSnapshot failed = await(WAIT, node + " NotReady and its pods not ready",
                s -> !node(s, node).ready() && podsOn(s, node).stream().noneMatch(PodInfo::ready)
                        && podsOn(s, node).size() == pods.size());
        assertThat(node(failed, node).readyMessage()).contains("NodeStatusUnknown");
        assertThat(failed.nodes()).filteredOn(n -> !n.name().equals(node)).allMatch(NodeInfo::ready);

        done(new NodeFault(session, node, false));

        await(WAIT, node + " Ready again", s -> node(s, node).ready());
        await(WAIT, "its pods ready again", s -> podsOn(s, node).size() == pods.size()
                && podsOn(s, node).stream().allMatch(PodInfo::ready));
    }

    @Test
    void aDeletedPodIsReplaced() {
        AtomicBoolean seenGone = new AtomicBoolean();
        Runnable watcher = () -> {
            if (session.state().snapshot().pods().stream().noneMatch(p -> p.name().equals("prometheus-1"))) {
                seenGone.set(true);
            }
        };
        session.state().addListener(watcher);
        try {
            done(new DeletePod(session, NS, "prometheus-1", ""));

            await(WAIT, "prometheus-1 gone and back, ready", s -> seenGone.get() && s.pods().stream()
                    .anyMatch(p -> p.name().equals("prometheus-1") && p.ready()));
        } finally {
            session.state().removeListener(watcher);
        }
    }

    @Test
    void aPodWithNowhereToGoShowsWhyThroughItsEventAndIsPlacedAfterRecovery() {
        List<String> nodes = session.state().snapshot().nodes().stream().map(NodeInfo::name).toList();
        nodes.forEach(n -> done(new NodeFault(session, n, true)));
        await(WAIT, "every node NotReady", s -> s.nodes().stream().noneMatch(NodeInfo::ready));
        String victim = session.state().snapshot().pods().stream().filter(p -> p.workload().equals("grafana"))
                .findFirst().orElseThrow().name();

        done(new DeletePod(session, NS, victim, ""));

        StackSnapshot pending = await(WAIT, "an unscheduled grafana pod and its FailedScheduling event",
                s -> s.pods().stream().anyMatch(p -> p.workload().equals("grafana") && p.node().isEmpty())
                        && s.events().stream().anyMatch(e -> e.reason().equals("FailedScheduling")));
        PodInfo unscheduled = pending.pods().stream().filter(p -> p.workload().equals("grafana")
                && p.node().isEmpty()).findFirst().orElseThrow();
        assertThat(unscheduled.schedulingMessage()).contains("nodes are available");
        assertThat(pending.events()).anyMatch(e -> e.reason().equals("FailedScheduling") && e.type().equals("Warning")
                && e.involvedKind().equals("Pod") && e.involvedName().equals(unscheduled.name()));

        nodes.forEach(n -> done(new NodeFault(session, n, false)));
        await(WAIT, "the pod placed and the stack ready again", s -> s.pods().stream()
                .anyMatch(p -> p.name().equals(unscheduled.name()) && !p.node().isEmpty())
                && ready(s, "prometheus-") == 2 && ready(s, "alertmanager-") == 3 && ready(s, "grafana-") == 2);
    }

    /**
     * The what-if is computed from the snapshot alone; then the node really fails in the sandbox, and every
     * workload ends up with exactly the ready replicas, availability and PDB standing the what-if predicted.
     */
    @Test
    void whatIfOfANodeFailureMatchesWhatTheSandboxThenDoes() {
        StackSnapshot before = await(WAIT, "every stack pod ready", s -> ready(s, "prometheus-") == 2
                && ready(s, "alertmanager-") == 3 && ready(s, "grafana-") == 2
                && s.pdbs().stream().allMatch(p -> p.currentHealthy() == p.expectedPods()));
        String node = before.pods().stream().filter(p -> p.name().equals("prometheus-0")).findFirst()
                .orElseThrow().node();
        WhatIfResult predicted = WhatIf.simulate(before, node, WhatIfMode.FAILURE);
        assertThat(predicted.impacts()).extracting(WorkloadImpact::workload).contains("prometheus");

        done(new NodeFault(session, node, true));
        try {
            StackSnapshot after = await(WAIT, node + " NotReady and its pods not ready",
                    s -> !node(s, node).ready() && !podsOn(s, node).isEmpty()
                            && podsOn(s, node).stream().noneMatch(PodInfo::ready));
            for (WorkloadInfo workload : after.workloads()) {
                long readyNow = after.pods().stream()
                        .filter(p -> p.workload().equals(workload.name()) && p.ready()).count();
                Optional<WorkloadImpact> impact = predicted.impacts().stream()
                        .filter(i -> i.workload().equals(workload.name())).findFirst();
                int expected = impact.map(WorkloadImpact::readyAfter).orElse(workload.ready());
                assertThat(readyNow).as("ready %s replicas after %s failed", workload.name(), node)
                        .isEqualTo(expected);
                if (impact.isPresent()) {
                    assertThat(readyNow == 0).as("%s loses availability", workload.name())
                            .isEqualTo(impact.get().losesAvailability());
                    assertThat(impact.get().pdbMinHealthy() >= 0 && readyNow < impact.get().pdbMinHealthy())
                            .as("%s below its PDB", workload.name()).isEqualTo(impact.get().belowPdb());
                }
            }
            assertThat(HaFindings.evaluate(after, Optional.empty()))
                    .anyMatch(f -> f.code().equals("node-not-ready") && f.subject().equals(node)
                            && f.severity() == Severity.CRITICAL);
        } finally {
            done(new NodeFault(session, node, false));
            await(WAIT, node + " and its pods back", s -> node(s, node).ready()
                    && podsOn(s, node).stream().allMatch(PodInfo::ready));
        }
    }
}

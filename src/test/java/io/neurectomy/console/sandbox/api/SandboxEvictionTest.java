package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.topology.WhatIf;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.core.topology.WorkloadImpact;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.sandbox.controller.SandboxReconciler;
import io.neurectomy.console.testing.Conflicts;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evictions and drains in the full sandbox (real Prometheus and Alertmanager processes, the reconciler replacing
 * pods and keeping the stack's PodDisruptionBudgets current), seen through the console's own session: the Eviction
 * API under the stack's budgets, real {@code kubectl drain}, and the topology's drain what-if compared with what the
 * same drain then really does.
 *
 * <p>Every test leaves the sandbox as it found it: nodes schedulable and Ready, budgets as bundled, every replica
 * ready (placements may differ, as after any drain).
 */
class SandboxEvictionTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final String AM_PDB = "alertmanager-pdb";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    /** Evicts as a drain loop should: fabric8 would otherwise retry each 429 with back-off for some 20 s. */
    private static KubernetesClient evictor;
    private static ClusterSession session;
    private static IntOrString bundledMinAvailable;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withPropagationDelay(
                Duration.ofSeconds(2)));
        admin = sandbox.adminClient();
        evictor = admin.newClient(new RequestConfigBuilder(admin.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        bundledMinAvailable = budget(AM_PDB).getSpec().getMinAvailable();
        awaitSettled();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Uncordons and recovers every node, puts the Alertmanager budget back, and waits for the stack to settle. */
    @AfterEach
    void restore() {
        for (Node node : admin.nodes().list().getItems()) {
            String name = node.getMetadata().getName();
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                cordon(name, false);
            }
            if (SandboxReconciler.failed(node)) {
                sandbox.recoverNode(name);
            }
        }
        if (!bundledMinAvailable.equals(budget(AM_PDB).getSpec().getMinAvailable())) {
            setMinAvailable(bundledMinAvailable);
        }
        awaitSettled();
    }

    // ---- the Eviction API under the stack's budgets --------------------------------------------------------------

    @Test
    void anEvictionTheBudgetAllowsDeletesThePodSpendsTheBudgetAndThePodIsReplaced() throws Exception {
        // Every node cordoned: the replacement stays Pending, so the spent budget stays spent while we look.
        nodeNames().forEach(n -> cordon(n, true));
        String uid = uid("alertmanager-1");
        String grafana = podsOf("grafana").get(0).getMetadata().getName();

        Answer answer = evictOverHttp("alertmanager-1");

        assertThat(answer.code()).isEqualTo(201);
        assertThat(answer.status().getStatus()).isEqualTo("Success");
        assertThat(budget(AM_PDB).getStatus().getDisruptionsAllowed()).as("allowed disruptions right after").isZero();
        assertThat(uid("alertmanager-1")).as("alertmanager-1 is another pod now, if any").isNotEqualTo(uid);
        assertThat(evictor.pods().inNamespace(NS).withName(grafana).evict()).as("fabric8 evict()").isTrue();
        assertThat(budget("grafana-pdb").getStatus().getDisruptionsAllowed()).isZero();

        nodeNames().forEach(n -> cordon(n, false));
        await(WAIT, "alertmanager-1 back and ready", s -> s.pods().stream()
                .anyMatch(p -> p.name().equals("alertmanager-1") && p.ready()));
    }

    @Test
    void anEvictionThatWouldBreakTheBudgetIsRefusedWith429() throws Exception {
        setMinAvailable(new IntOrString(3));
        Poll.until(WAIT, AM_PDB + " to require 3 and allow nothing", () -> budgetCurrent(budget(AM_PDB))
                && budget(AM_PDB).getStatus().getDesiredHealthy() == 3
                && budget(AM_PDB).getStatus().getDisruptionsAllowed() == 0);
        String uid = uid("alertmanager-0");

        Answer answer = evictOverHttp("alertmanager-0");

        assertThat(answer.code()).isEqualTo(429);
        assertThat(answer.status().getReason()).isEqualTo("TooManyRequests");
        assertThat(answer.status().getMessage())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(answer.status().getDetails().getCauses()).singleElement().satisfies(c -> assertThat(
                c.getMessage()).isEqualTo("The disruption budget alertmanager-pdb needs 3 healthy pods and has 3 "
                + "currently"));
        assertThat(evictor.pods().inNamespace(NS).withName("alertmanager-0").evict()).as("fabric8 evict()")
                .isFalse();
        assertThat(uid("alertmanager-0")).as("alertmanager-0 untouched").isEqualTo(uid);
    }

    @Test
    void twoEvictionsAtOnceCannotBothTakeTheLastAllowedDisruption() {
        nodeNames().forEach(n -> cordon(n, true));
        Map<String, String> uids = Map.of("alertmanager-0", uid("alertmanager-0"), "alertmanager-2",
                uid("alertmanager-2"));
        assertThat(budget(AM_PDB).getStatus().getDisruptionsAllowed()).isEqualTo(1);

        List<CompletableFuture<HttpResponse<String>>> sent = uids.keySet().stream()
                .map(pod -> HTTP.sendAsync(evictionRequest(pod), HttpResponse.BodyHandlers.ofString())).toList();
        List<Integer> codes = sent.stream().map(f -> f.join().statusCode()).sorted().toList();

        assertThat(codes).as("answers to two simultaneous evictions").containsExactly(201, 429);
        assertThat(uids.entrySet().stream().filter(e -> e.getValue().equals(uid(e.getKey()))))
                .as("pods still there as they were").hasSize(1);
        assertThat(budget(AM_PDB).getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void evictingAMissingPodIs404() throws Exception {
        Answer answer = evictOverHttp("alertmanager-7");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.status().getMessage()).isEqualTo("pods \"alertmanager-7\" not found");
    }

    /**
     * The reconciler honours the pods an eviction has recorded in {@code status.disruptedPods}, as the disruption
     * controller does: such a pod, while still listed and ready, does not count as healthy, so no view of the pods
     * taken just before an eviction can give the spent disruption back; an entry for a pod that is gone, or older
     * than two minutes, is forgotten.
     */
    @Test
    void theReconcilerDoesNotCountAPodAnEvictionHasJustRecorded() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        recordDisrupted(Map.of("alertmanager-1", now.toString(), "alertmanager-9", now.toString()));

        Poll.until(WAIT, "alertmanager-1 held as disrupted and alertmanager-9 (gone) forgotten", () -> {
            var status = budget(AM_PDB).getStatus();
            return status.getCurrentHealthy() == 2 && status.getDisruptionsAllowed() == 0
                    && status.getDisruptedPods() != null
                    && status.getDisruptedPods().keySet().equals(Set.of("alertmanager-1"));
        });

        recordDisrupted(Map.of("alertmanager-1", now.minus(3, ChronoUnit.MINUTES).toString()));

        Poll.until(WAIT, "a disruption older than two minutes forgotten", () -> {
            var status = budget(AM_PDB).getStatus();
            return status.getCurrentHealthy() == 3 && status.getDisruptionsAllowed() == 1
                    && (status.getDisruptedPods() == null || status.getDisruptedPods().isEmpty());
        });
    }

    /** Writes the Alertmanager budget's disrupted pods as the Eviction API would, retrying a lost race. */
    private static void recordDisrupted(Map<String, String> pods) {
        Poll.until(WAIT, "disrupted pods written to " + AM_PDB, () -> {
            PodDisruptionBudget pdb = budget(AM_PDB);
            pdb.getStatus().setDisruptedPods(pods);
            try {
                admin.policy().v1().podDisruptionBudget().resource(pdb).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return false;
            }
        });
    }

    // ---- real kubectl ---------------------------------------------------------------------------------------------

    @Test
    void kubectlDrainCordonsEvictsAndFinishes() throws Exception {
        Path kubectl = RealServers.require(RealServers.KUBECTL);
        String node = nodeOf("alertmanager-0");

        Process process = new ProcessBuilder(kubectl.toString(), "drain", node, "--ignore-daemonsets",
                "--delete-emptydir-data", "--timeout=20s", "--kubeconfig", sandbox.kubeconfig().toString())
                .redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl drain finished").isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("node/" + node + " cordoned", "evicting pod monitoring/alertmanager-0",
                "pod/alertmanager-0 evicted", "node/" + node + " drained");
        assertThat(admin.nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
        assertThat(podsOn(node)).as("pods left on " + node).isEmpty();
    }

    // ---- the drain what-if against the drain ------------------------------------------------------------------

    /**
     * The what-if is computed from the settled snapshot alone; then the node of alertmanager-0 is drained as kubectl
     * drains it, and every workload's fewest ready replicas, drain blocking and PDB standing are what it predicted.
     */
    @Test
    void whatIfOfADrainMatchesWhatTheDrainThenDoes() {
        StackSnapshot before = awaitSettled();
        String node = nodeOf("alertmanager-0");
        WhatIfResult predicted = WhatIf.simulate(before, node, WhatIfMode.DRAIN);
        assertThat(predicted.drainBlocked()).as(predicted.summary()).isFalse();
        assertThat(predicted.impacts()).extracting(WorkloadImpact::workload).contains("alertmanager");

        Drained drained = drain(node, Duration.ofSeconds(20));

        assertDrainAsPredicted(before, predicted, drained);
        assertThat(podsOn(node)).as("pods left on drained " + node).isEmpty();
    }

    /**
     * With the Alertmanager budget at minAvailable 3 (all of its replicas), the what-if says the drain cannot finish;
     * the drain then really finds the node's Alertmanager refused for its whole deadline, while the other workloads'
     * pods go as predicted.
     */
    @Test
    void aDrainTheBudgetForbidsIsRefusedForTheWholeDeadlineAsTheWhatIfSays() {
        setMinAvailable(new IntOrString(3));
        StackSnapshot before = await(WAIT, AM_PDB + " requiring 3 in the session", s -> settled(s) && s.pdbs()
                .stream().anyMatch(p -> p.name().equals(AM_PDB) && p.desiredHealthy() == 3
                        && p.disruptionsAllowed() == 0));
        Poll.until(WAIT, AM_PDB + " observed", () -> budgetCurrent(budget(AM_PDB)));
        String node = nodeOf("alertmanager-0");
        String uid = uid("alertmanager-0");
        WhatIfResult predicted = WhatIf.simulate(before, node, WhatIfMode.DRAIN);
        assertThat(predicted.drainBlocked()).as(predicted.summary()).isTrue();

        Drained drained = drain(node, Duration.ofSeconds(10));

        assertDrainAsPredicted(before, predicted, drained);
        assertThat(uid("alertmanager-0")).as("alertmanager-0 never evicted").isEqualTo(uid);
        assertThat(nodeOf("alertmanager-0")).isEqualTo(node);
    }

    /** What a drain did: the fewest ready replicas each workload had, and the workloads not fully evicted in time. */
    private record Drained(Map<String, Integer> fewestReady, Set<String> notEvicted, Duration took) {
    }

    /**
     * Drains {@code node} as {@code kubectl drain --ignore-daemonsets} does: cordons it, then evicts each pod on it
     * except DaemonSet pods, retrying refused evictions until {@code deadline}. Then waits until the session has seen
     * every evicted pod go and its replacement ready, recording every workload's ready replicas from every session
     * snapshot until then.
     */
    private static Drained drain(String node, Duration deadline) {
        Map<String, Integer> fewest = new ConcurrentHashMap<>();
        Runnable recorder = () -> recordFewestReady(session.state().snapshot(), fewest);
        session.state().addListener(recorder);
        try {
            recorder.run();
            long started = System.nanoTime();
            cordon(node, true);
            Map<String, String> pending = new HashMap<>();
            Map<String, String> uids = new HashMap<>();
            for (Pod pod : podsOn(node)) {
                if (!ownedBy(pod, "DaemonSet")) {
                    pending.put(pod.getMetadata().getName(), workloadOf(pod.getMetadata().getName()));
                    uids.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
                }
            }
            Set<String> evicted = new HashSet<>();
            Poll.within(deadline, () -> {
                pending.keySet().removeIf(pod -> {
                    boolean ok = evictor.pods().inNamespace(NS).withName(pod).evict();
                    if (ok) {
                        evicted.add(uids.get(pod));
                    }
                    return ok;
                });
                return pending.isEmpty();
            });
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // The session learns of an eviction only when its informer delivers the deletion, some time after the
            // API server answered: until then its snapshot still shows the evicted pod ready, and "every replica
            // ready" would hold before the dip was ever seen. So the observation ends only once every evicted pod
            // (this instance, by uid: a StatefulSet's replacement keeps the name) has left the session's view.
            await(WAIT, "the session to see every evicted pod gone and every stack workload's replicas ready again",
                    s -> s.pods().stream().noneMatch(p -> evicted.contains(p.uid())) && s.workloads().stream()
                            .filter(WorkloadInfo::stack).allMatch(w -> readyOf(s, w.name()) == w.desired()));
            System.out.printf("SandboxEvictionTest: drain of %s %s after %d ms%n", node,
                    pending.isEmpty() ? "finished" : "still waiting for " + new TreeSet<>(pending.keySet()),
                    took.toMillis());
            return new Drained(Map.copyOf(fewest), Set.copyOf(pending.values()), took);
        } finally {
            session.state().removeListener(recorder);
        }
    }

    private static void recordFewestReady(StackSnapshot s, Map<String, Integer> fewest) {
        for (WorkloadInfo w : s.workloads()) {
            fewest.merge(w.name(), readyOf(s, w.name()), Math::min);
        }
    }

    private static void assertDrainAsPredicted(StackSnapshot before, WhatIfResult predicted, Drained drained) {
        for (WorkloadInfo w : before.workloads()) {
            if (!w.stack()) {
                continue;
            }
            int fewest = drained.fewestReady().get(w.name());
            boolean notEvicted = drained.notEvicted().contains(w.name());
            Optional<WorkloadImpact> impact = predicted.impacts().stream()
                    .filter(i -> i.workload().equals(w.name())).findFirst();
            if (impact.isEmpty()) {
                assertThat(fewest).as("ready %s replicas (no pod on the node) during the drain", w.name())
                        .isEqualTo(readyOf(before, w.name()));
                continue;
            }
            WorkloadImpact i = impact.get();
            System.out.printf("SandboxEvictionTest: %s %s: what-if fewest ready %d, blocks %s, below PDB %s; "
                    + "drain: fewest ready %d, not evicted %s%n", predicted.node(), w.name(), i.readyAfter(),
                    i.blocksDrain(), i.belowPdb(), fewest, notEvicted);
            assertThat(fewest).as("fewest ready %s replicas during the drain (what-if: %s)", w.name(),
                    i.explanation()).isEqualTo(i.readyAfter());
            assertThat(notEvicted).as("%s still not evicted at the deadline (what-if: %s)", w.name(),
                    i.explanation()).isEqualTo(i.blocksDrain());
            int required = budgetOf(before, w).map(PdbInfo::desiredHealthy).orElse(-1);
            assertThat(required >= 0 && fewest < required).as("%s below its PDB during the drain", w.name())
                    .isEqualTo(i.belowPdb());
            assertThat(fewest == 0).as("%s without a ready replica", w.name()).isEqualTo(i.losesAvailability());
        }
        assertThat(!drained.notEvicted().isEmpty()).as("drain blocked (what-if: %s)", predicted.summary())
                .isEqualTo(predicted.drainBlocked());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Answer(int code, Status status) {
    }

    private static HttpRequest evictionRequest(String pod) {
        return HttpRequest.newBuilder(URI.create(sandbox.url() + "/api/v1/namespaces/" + NS + "/pods/" + pod
                + "/eviction")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\"}}"))
                .build();
    }

    private static Answer evictOverHttp(String pod) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(evictionRequest(pod), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.unmarshal(response.body(), Status.class));
    }

    private static StackSnapshot await(Duration timeout, String what, Predicate<StackSnapshot> condition) {
        return Poll.until(timeout, () -> session.state().snapshot(), condition, what);
    }

    /** Every stack replica ready and no other pod of it, every node Ready and schedulable, every PDB met. */
    private static boolean settled(StackSnapshot s) {
        boolean workloads = s.workloads().stream().filter(WorkloadInfo::stack).count() == 3
                && s.workloads().stream().filter(WorkloadInfo::stack).allMatch(w -> readyOf(s, w.name())
                        == w.desired() && s.pods().stream().filter(p -> p.workload().equals(w.name())).count()
                        == w.desired());
        boolean nodes = s.nodes().size() == 3 && s.nodes().stream().allMatch(n -> n.ready() && !n.unschedulable());
        boolean budgets = s.pdbs().size() == 3 && s.pdbs().stream().allMatch(p -> p.currentHealthy()
                == p.expectedPods() && p.disruptionsAllowed() == p.currentHealthy() - p.desiredHealthy());
        return workloads && nodes && budgets;
    }

    private static StackSnapshot awaitSettled() {
        StackSnapshot settled = await(WAIT, "the stack settled (replicas ready, nodes schedulable, budgets met)",
                SandboxEvictionTest::settled);
        Poll.until(WAIT, "every budget's status current", () -> admin.policy().v1().podDisruptionBudget()
                .inNamespace(NS).list().getItems().stream().allMatch(SandboxEvictionTest::budgetCurrent));
        return settled;
    }

    /** The reconciler has seen the budget's latest spec and no eviction is waiting for it. */
    private static boolean budgetCurrent(PodDisruptionBudget pdb) {
        return pdb.getStatus() != null && pdb.getMetadata().getGeneration().equals(pdb.getStatus()
                .getObservedGeneration()) && (pdb.getStatus().getDisruptedPods() == null
                || pdb.getStatus().getDisruptedPods().isEmpty());
    }

    private static int readyOf(StackSnapshot s, String workload) {
        return (int) s.pods().stream().filter(p -> p.workload().equals(workload) && p.ready()).count();
    }

    private static Optional<PdbInfo> budgetOf(StackSnapshot s, WorkloadInfo w) {
        return s.pdbs().stream().filter(p -> !p.selector().isEmpty() && p.selector().entrySet().stream()
                .allMatch(e -> e.getValue().equals(w.selector().get(e.getKey())))).findFirst();
    }

    private static PodDisruptionBudget budget(String name) {
        return admin.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
    }

    private static void setMinAvailable(IntOrString value) {
        Conflicts.retry(WAIT, AM_PDB + " edited", () -> admin.policy().v1().podDisruptionBudget().inNamespace(NS)
                .withName(AM_PDB).edit(pdb -> {
                    pdb.getSpec().setMinAvailable(value);
                    return pdb;
                }));
    }

    private static void cordon(String node, boolean unschedulable) {
        admin.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"unschedulable\":" + (unschedulable ? "true" : "null") + "}}");
    }

    private static List<String> nodeNames() {
        return admin.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    }

    private static List<Pod> podsOn(String node) {
        return admin.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems();
    }

    private static List<Pod> podsOf(String app) {
        return new ArrayList<>(admin.pods().inNamespace(NS).withLabel("app", app).list().getItems());
    }

    private static String nodeOf(String pod) {
        return admin.pods().inNamespace(NS).withName(pod).get().getSpec().getNodeName();
    }

    /** The pod's UID, or null when it is gone. */
    private static String uid(String pod) {
        Pod found = admin.pods().inNamespace(NS).withName(pod).get();
        return found == null ? null : found.getMetadata().getUid();
    }

    private static String workloadOf(String pod) {
        return session.state().snapshot().pods().stream().filter(p -> p.name().equals(pod)).map(PodInfo::workload)
                .findFirst().orElse(pod);
    }

    private static boolean ownedBy(Pod pod, String kind) {
        return Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .anyMatch(o -> kind.equals(o.getKind()) && Boolean.TRUE.equals(o.getController()));
    }
}

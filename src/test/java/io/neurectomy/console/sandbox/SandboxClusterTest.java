package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.sandbox.controller.SandboxReconciler;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxClusterTest {
    private static final ClusterConnector CONNECTOR = new ClusterConnector(Duration.ofSeconds(10));
    private SandboxCluster sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ClusterSession connect() {
        return CONNECTOR.connect(KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT,
                "monitoring");
    }

    @Test
    void consoleReachesTheSeededStackThroughTheKubeconfigFile() {
        sandbox = SandboxCluster.start(false);

        try (ClusterSession session = connect()) {
            StackSnapshot snap = Poll.until(Duration.ofSeconds(120), () -> session.state().snapshot(),
                    s -> s.syncState() == SyncState.SYNCED, "sandbox synced");
            assertThat(snap.nodes()).extracting(NodeInfo::name)
                    .containsExactly("sandbox-node-a", "sandbox-node-b", "sandbox-node-c");
            assertThat(snap.nodes()).allMatch(NodeInfo::ready);
            assertThat(snap.workloads()).filteredOn(WorkloadInfo::stack)
                    .extracting(WorkloadInfo::name, WorkloadInfo::desired, WorkloadInfo::present)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus", 2, true),
                            org.assertj.core.groups.Tuple.tuple("grafana", 2, true),
                            org.assertj.core.groups.Tuple.tuple("alertmanager", 3, true));
        }
    }

    @Test
    void secretsAreStoredAsBase64DataLikeARealApiServer() {
        sandbox = SandboxCluster.start(false);

        try (var admin = sandbox.adminClient()) {
            var secret = admin.secrets().inNamespace("monitoring").withName("alertmanager-config").get();
            assertThat(secret.getStringData()).isNullOrEmpty();
            String config = new String(Base64.getDecoder().decode(secret.getData().get("alertmanager.yml")),
                    StandardCharsets.UTF_8);
            assertThat(config).contains("receiver: pagerduty-critical");
        }
    }

    @Test
    void emptySandboxHasNodesButNoStackNamespace() {
        sandbox = SandboxCluster.start(true);

        // The console still connects, so that the stack can be deployed from it, and says the namespace is missing.
        try (ClusterSession session = connect()) {
            assertThat(session.namespaceMissing()).isTrue();
        }
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.nodes().list().getItems()).hasSize(3);
        }
    }

    @Test
    void withoutTheBinariesTheSandboxRunsApiOnlyAndSaysSo() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));

        try (ClusterSession session = connect()) {
            assertThat(session.sandbox()).hasValueSatisfying(marker -> {
                assertThat(marker.apiOnly()).isTrue();
                assertThat(marker.notice()).startsWith("Sandbox, API only.")
                        .contains("prometheus-alertmanager");
            });
            // The pods still exist, scheduled and running in the API, each saying why no process stands behind it.
            var pods = Poll.until(Duration.ofSeconds(120),
                    () -> session.client().pods().inNamespace("monitoring").list().getItems(),
                    list -> list.size() == 7 && list.stream().allMatch(p -> p.getMetadata().getAnnotations()
                            .containsKey(SandboxReconciler.NO_PROCESS_ANNOTATION)), "seven API-only pods");
            assertThat(pods).allMatch(p -> p.getSpec().getNodeName() != null);
        }
        assertThat(sandbox.startedPids()).isEmpty();
    }

    @Test
    void withTheBinariesTheMarkerSaysRealProcessesStandBehindThePods() {
        io.neurectomy.console.testing.RealServers.require(io.neurectomy.console.testing.RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(true);
        try (ClusterSession session = CONNECTOR.connect(KubeconfigLoader.load(List.of(sandbox.kubeconfig())),
                SandboxCluster.CONTEXT, "kube-public")) {
            assertThat(session.sandbox()).hasValueSatisfying(marker -> assertThat(marker.apiOnly()).isFalse());
        }
    }

    @Test
    void closingStopsTheServerAndRemovesTheKubeconfig() {
        sandbox = SandboxCluster.start(false);
        Path kubeconfig = sandbox.kubeconfig();
        var config = KubeconfigLoader.load(List.of(kubeconfig));

        sandbox.close();

        assertThat(kubeconfig).doesNotExist();
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> CONNECTOR.connect(config, SandboxCluster.CONTEXT, "monitoring"));
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
    }

    @Test
    void realKubectlListsTheSandboxNodesAndWorkloads() throws Exception {
        Path kubectl = RealServers.require(RealServers.KUBECTL);
        sandbox = SandboxCluster.start(false);

        String nodes = kubectl(kubectl, "get", "nodes", "-o", "name");
        String statefulSets = kubectl(kubectl, "get", "statefulsets", "-n", "monitoring", "-o", "name");
        String configMap = kubectl(kubectl, "get", "configmap", "prometheus-config", "-n", "monitoring",
                "-o", "jsonpath={.data.prometheus\\.yml}");

        assertThat(nodes.lines()).containsExactly("node/sandbox-node-a", "node/sandbox-node-b",
                "node/sandbox-node-c");
        assertThat(statefulSets.lines()).containsExactlyInAnyOrder("statefulset.apps/alertmanager",
                "statefulset.apps/prometheus");
        assertThat(configMap).contains("scrape_interval: 15s");

        // The reconciler's pods, as kubectl lists them (name and node).
        String pods = Poll.until(Duration.ofSeconds(120), () -> {
            try {
                return kubectl(kubectl, "get", "pods", "-n", "monitoring", "-o",
                        "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{\"\\n\"}{end}");
            } catch (IOException | InterruptedException e) {
                return "";
            }
        }, out -> out.lines().count() == 7, "seven pods listed by kubectl");
        assertThat(pods.lines().map(l -> l.split(" ")[0]))
                .contains("prometheus-0", "prometheus-1", "alertmanager-0", "alertmanager-1", "alertmanager-2");
        assertThat(pods.lines()).allMatch(l -> l.matches("\\S+ sandbox-node-[abc]"));

        // Plain `kubectl get` prints the columns a real server gives it (server-side tables), not names alone.
        String table = Poll.until(Duration.ofSeconds(120), () -> {
            try {
                return kubectl(kubectl, "get", "pods", "-n", "monitoring", "-o", "wide");
            } catch (IOException | InterruptedException e) {
                return "";
            }
        }, out -> out.lines().skip(1).filter(l -> l.contains(" 1/1 ") && l.contains(" Running ")).count() == 7,
                "seven pods 1/1 Running in kubectl's table");
        assertThat(table.lines().findFirst().orElseThrow().split("\\s{2,}")).containsExactly("NAME", "READY",
                "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES");
        assertThat(table.lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).isSorted();
        assertThat(kubectl(kubectl, "get", "statefulsets", "-n", "monitoring")).contains("READY")
                .containsPattern("prometheus\\s+2/2").containsPattern("alertmanager\\s+3/3");
    }

    @Test
    void kubectlWatchesFollowARolloutToItsEnd() throws Exception {
        Path kubectl = RealServers.require(RealServers.KUBECTL);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        Poll.until(Duration.ofSeconds(120), "alertmanager 3/3 ready", () -> {
            var set = sandbox.adminClient().apps().statefulSets().inNamespace("monitoring").withName("alertmanager")
                    .get();
            return set.getStatus() != null && Integer.valueOf(3).equals(set.getStatus().getReadyReplicas());
        });

        kubectl(kubectl, "rollout", "restart", "statefulset/alertmanager", "-n", "monitoring");
        // rollout status lists once, then watches until every replica runs the new revision; without watches over
        // plain HTTP it fails with "the server rejected our request".
        // (kubectl would still get there by listing again and again, complaining on stderr).
        Path err = Files.createTempFile("kubectl", ".err");
        Process rollout = new ProcessBuilder(kubectl.toString(), "--kubeconfig", sandbox.kubeconfig().toString(),
                "rollout", "status", "statefulset/alertmanager", "-n", "monitoring", "--timeout=90s")
                .redirectError(err.toFile()).start();
        String status = new String(rollout.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rollout.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String complaints = Files.readString(err);
        Files.delete(err);

        assertThat(rollout.exitValue()).as(complaints).isZero();
        assertThat(status).contains("rolling update complete 3 pods");
        assertThat(complaints).as("kubectl's stderr").doesNotContain("Failed to watch").doesNotContain("rejected");
        var set = sandbox.adminClient().apps().statefulSets().inNamespace("monitoring").withName("alertmanager").get();
        assertThat(sandbox.adminClient().pods().inNamespace("monitoring").withLabel("app", "alertmanager").list()
                .getItems()).hasSize(3).allMatch(p -> set.getStatus().getUpdateRevision().equals(
                        p.getMetadata().getLabels().get("controller-revision-hash")));
    }

    private String kubectl(Path kubectl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                sandbox.kubeconfig().toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("kubectl", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), Files.readString(err)).isZero();
        Files.deleteIfExists(err);
        return out;
    }
}

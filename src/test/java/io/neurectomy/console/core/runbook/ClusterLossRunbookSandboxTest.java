package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.DrillBaseline;
import io.neurectomy.console.core.ops.ReplicaSamples;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complete cluster loss on two sandboxes: the stack of the first, with a silence and samples, is archived with its
 * sealed Secrets and uploaded to a bucket (S3Proxy); the first sandbox is then closed for good. The cluster-loss
 * runbook, run against a second, empty sandbox with only the environment, a values file of non-secret values, the
 * passphrase and the bucket, checks it, deploys the stack with the archive's secret values, restores everything from
 * the bucket, and verifies. An outside observer then finds on the new cluster the stack's ConfigMaps byte-identical,
 * its Secrets holding the same values, the silence active again, and on both Prometheus replicas the samples the
 * archive's replica held before the archive; and the incident clock within the guide's 15 minutes.
 */
class ClusterLossRunbookSandboxTest {
    /** Only catches hangs: a deploy and a restore of the whole stack. */
    private static final Duration WAIT = Duration.ofSeconds(600);
    private static final String NS = HealthSandbox.NS;

    @TempDir
    Path dir;

    @Test
    void theRunbookRebuildsTheLostStackOnASecondClusterFromTheBucket() throws Exception {
        PassphraseCipher cipher = PassphraseCipher.of("correct horse battery staple".toCharArray());
        try (S3Fixture s3 = new S3Fixture(dir.resolve("s3"))) {
            S3Settings bucket = S3Settings.compatible(S3Fixture.BUCKET, "lost", s3.endpoint(), S3Fixture.KEYS);
            DrillBaseline before;
            Map<String, String> silencesBefore;
            ReplicaSamples held;
            try (HealthSandbox lost = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS,
                    RealServers.ALERTMANAGER)) {
                ClusterSession old = lost.session();
                new AlertmanagerApi(old, Duration.ofSeconds(10)).silence(List.of(AlertmanagerApi.matcher(
                        "alertname", "DiskAlmostFull")), Duration.ofHours(4), "oncall", "volume grows on Monday");
                HealthContext context = HealthContext.of(old, Duration.ofSeconds(10));
                Instant at = Poll.until(WAIT, () -> {
                    Instant now = Instant.now();
                    return ReplicaSamples.read(context, "prometheus-0", now).samples() > 0
                            && ReplicaSamples.read(context, "prometheus-1", now).samples() > 0 ? now : null;
                }, t -> t != null, "both replicas holding samples");
                Poll.until(WAIT, "the silence active", () -> silences(old).size() == 1);
                BackupOperation backup = BackupOperation.of(old, Duration.ofSeconds(60), dir.resolve("taken"),
                        EnumSet.allOf(BackupComponent.class), cipher);
                OperationResult<BackupOperation.Result> taken = backup.run(backup.plan(Cancellation.none()),
                        e -> { }, Cancellation.none());
                assertThat(taken.succeeded()).as(taken.error()).isTrue();
                WrittenArchive archive = taken.value().archive();
                try (S3Store store = new S3Store(bucket)) {
                    store.upload(archive.file(), archive.sha256(), n -> { }, Cancellation.none());
                }
                before = DrillBaseline.read(old);
                silencesBefore = silences(old);
                held = ReplicaSamples.read(context, taken.value().tsdbReplica(), at);
                assertThat(held.samples()).isPositive();
            }

            SandboxCluster fresh = SandboxCluster.start(true);
            try (fresh; ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                    KubeconfigLoader.load(List.of(fresh.kubeconfig())), SandboxCluster.CONTEXT, NS)) {
                assertThat(fresh.adminClient().apps().statefulSets().inAnyNamespace().list().getItems()).isEmpty();
                Path values = dir.resolve("production-values.yaml");
                Files.writeString(values, "clusterName: sandbox\ndomain: sandbox.localhost\nstorageClass: standard\n");

                RunbookOperation runbook = new RunbookOperation(session, RunbookCatalog.named("cluster-loss")
                        .orElseThrow(), HealthChecker.standard(), ManualGate.nobody(), Clock.systemUTC(), WAIT, WAIT,
                        Duration.ofSeconds(1)).withBackups(new BackupDirectory(dir.resolve("workstation")), bucket)
                        .withRedeploy(new Redeploy("production", values, cipher));
                Plan plan = runbook.plan(Cancellation.none());
                assertThat(RunbookCatalog.named("cluster-loss").orElseThrow().manualSteps()).isEmpty();
                OperationResult<Timeline> result = runbook.run(plan, e -> { }, Cancellation.none());

                assertThat(result.succeeded()).as(result.error() + "\n" + (runbook.timeline() == null ? ""
                        : runbook.timeline().markdown())).isTrue();
                DrillBaseline after = DrillBaseline.read(session);
                List<String> compared = new ArrayList<>();
                Map<String, String> stackConfigMaps = stackOnly(before.configMaps());
                Map<String, String> stackSecrets = stackOnly(before.secrets());
                assertThat(stackConfigMaps).isNotEmpty();
                assertThat(stackSecrets).containsKeys("grafana-admin", "alertmanager-config");
                assertThat(new DrillBaseline(stackConfigMaps, stackSecrets, java.util.Optional.empty(), "n/a")
                        .lostSince(after, compared)).as(compared.toString()).isEmpty();
                assertThat(silences(session)).isEqualTo(silencesBefore);
                HealthContext now = HealthContext.of(session, Duration.ofSeconds(10));
                for (String replica : List.of("prometheus-0", "prometheus-1")) {
                    List<String> samples = new ArrayList<>();
                    assertThat(held.lostSince(ReplicaSamples.read(now, replica, held.at()), samples))
                            .as(replica + " " + samples).isEmpty();
                }
                Timeline t = result.value();
                assertThat(t.clock().elapsedAt(t.endedAt().orElseThrow())).isLessThan(Duration.ofMinutes(15));
            }
        }
    }

    /** Active silences by matchers and comment (ids differ on another cluster). */
    private static Map<String, String> silences(ClusterSession session) {
        Map<String, String> out = new TreeMap<>();
        for (AlertmanagerApi.Silence s : new AlertmanagerApi(session, Duration.ofSeconds(10)).silences()) {
            if ("active".equals(s.state())) {
                out.put(String.join(",", new TreeSet<>(s.matchers())), s.createdBy() + ": " + s.comment() + " until "
                        + s.endsAt());
            }
        }
        return out;
    }

    /** Leaves out what every namespace gets from its cluster (the API server's CA, service-account tokens). */
    private static Map<String, String> stackOnly(Map<String, String> digests) {
        Map<String, String> out = new TreeMap<>(digests);
        out.keySet().removeIf(n -> n.equals("kube-root-ca.crt") || n.contains("-token-"));
        return out;
    }
}

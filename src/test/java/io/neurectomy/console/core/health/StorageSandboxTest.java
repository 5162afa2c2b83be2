package io.neurectomy.console.core.health;

import static io.neurectomy.console.testing.HealthSandbox.finding;
import static io.neurectomy.console.testing.HealthSandbox.is;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The storage checks against the sandbox's real Prometheus processes: a fresh stack's volumes are nearly empty, its
 * growth is not known yet (minutes of history) and its retention fits; a volume the sandbox fills is a WARNING
 * from 80 % and CRITICAL from 90 %; a volume smaller than the retention size is an ERROR. Each test puts the
 * volumes back.
 */
class StorageSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";
    private static final long GIB = 1024L * 1024 * 1024;

    private static HealthSandbox health;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;

    @BeforeAll
    static void start() throws InterruptedException {
        health = HealthSandbox.start(WAIT, RealServers.PROMETHEUS);
        sandbox = health.sandbox();
        admin = health.admin();
        session = health.session();
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
    }

    private static List<Finding> run(HealthProbe probe) {
        return health.run(probe, Duration.ofSeconds(10));
    }

    private static PodCalls.ExecResult df(String pod, String option) throws Exception {
        return new PodCalls(session.client(), NS, Duration.ofSeconds(10)).exec(pod, "prometheus",
                List.of("df", option, "/prometheus"));
    }

    @Test
    void dfInThePodShowsTheClaimsCapacityAndThePodsOwnUse() throws Exception {
        Poll.until(WAIT, () -> run(StorageProbes.diskUse()), f -> is(f, "prometheus-0 → /prometheus", Severity.OK),
                "prometheus-0 running");
        PodCalls.ExecResult human = df("prometheus-0", "-h");
        assertThat(human.exitCode()).isZero();
        assertThat(human.stdout()).startsWith("Filesystem                Size      Used Available Use% Mounted on\n")
                .contains("200.0G").endsWith(" /prometheus\n");
        PodCalls.ExecResult blocks = df("prometheus-0", "-k");
        String[] fields = blocks.stdout().strip().split("\n")[1].trim().split("\\s+");
        assertThat(Long.parseLong(fields[1])).isEqualTo(200 * 1024 * 1024);
        long used = Long.parseLong(fields[2]);
        // The TSDB of a Prometheus that runs holds at least its lock file, WAL and chunks directories.
        assertThat(used).isPositive().isLessThan(512 * 1024);
        assertThat(fields[5]).isEqualTo("/prometheus");
    }

    @Test
    void aFreshStackHasRoomNoForecastYetAndARetentionThatFits() {
        List<Finding> disk = Poll.until(WAIT, () -> run(StorageProbes.diskUse()),
                f -> is(f, "prometheus-0 → /prometheus", Severity.OK) && is(f, "prometheus-1 → /prometheus",
                        Severity.OK), "both replicas asked");
        assertThat(finding(disk, "prometheus-0 → /prometheus").orElseThrow().message())
                .startsWith("0 % used (").contains("of 200.0 GiB");
        assertThat(finding(disk, "prometheus-0 → /prometheus").orElseThrow().evidence())
                .contains("claim: prometheus-storage-prometheus-0 mounted at /prometheus");

        List<Finding> growth = Poll.until(WAIT, () -> run(StorageProbes.growth()),
                f -> f.stream().filter(x -> x.message().contains("history")).count() == 2, "both replicas asked");
        assertThat(growth).extracting(Finding::subject)
                .containsExactly("prometheus-0 → /prometheus", "prometheus-1 → /prometheus");
        assertThat(growth).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
            assertThat(f.message()).satisfiesAnyOf(
                    m -> assertThat(m).contains("not enough history yet"),
                    m -> assertThat(m).contains("no history"));
        });

        List<Finding> retention = Poll.until(WAIT, () -> run(StorageProbes.retention()),
                f -> f.stream().allMatch(x -> x.subject().contains(" → ")), "both replicas asked");
        assertThat(retention).extracting(Finding::severity).containsOnly(Severity.OK);
        assertThat(finding(retention, "prometheus-0 → prometheus-storage-prometheus-0").orElseThrow().message())
                .isEqualTo("retention 15.0 days / 160.0 GiB on a 200.0 GiB volume (80 %); growth not known yet");
    }

    @Test
    void aFillingVolumeWarnsFromEightyAndIsCriticalFromNinetyPercent() {
        try {
            sandbox.fillVolume(NS, "prometheus-1", "/prometheus", 85);
            List<Finding> warned = Poll.until(WAIT, () -> run(StorageProbes.diskUse()),
                    f -> is(f, "prometheus-1 → /prometheus", Severity.WARNING), "prometheus-1 at 85 %");
            assertThat(finding(warned, "prometheus-1 → /prometheus").orElseThrow().message())
                    .startsWith("the volume is 85 % used (");
            assertThat(finding(warned, "prometheus-0 → /prometheus").orElseThrow().severity())
                    .isEqualTo(Severity.OK);

            sandbox.fillVolume(NS, "prometheus-1", "/prometheus", 95);
            List<Finding> critical = run(StorageProbes.diskUse());
            Finding full = finding(critical, "prometheus-1 → /prometheus").orElseThrow();
            assertThat(full.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(full.message()).startsWith("the volume is 95 % used (");
            assertThat(full.fix()).contains("kubectl patch pvc prometheus-storage-prometheus-1 -n monitoring");
        } finally {
            sandbox.fillVolume(NS, "prometheus-1", "/prometheus", 0);
        }
        assertThat(run(StorageProbes.diskUse())).extracting(Finding::severity).containsOnly(Severity.OK);
    }

    @Test
    void aVolumeSmallerThanTheRetentionSizeIsAnError() {
        String claim = "prometheus-storage-prometheus-0";
        try {
            setCapacity(claim, "100Gi");
            List<Finding> findings = Poll.until(WAIT, () -> run(StorageProbes.retention()),
                    f -> is(f, "prometheus-0 → " + claim, Severity.ERROR), "the session sees the smaller claim");
            assertThat(finding(findings, "prometheus-0 → " + claim).orElseThrow().message())
                    .isEqualTo("the retention size 160.0 GiB is 160 % of the 100.0 GiB volume: the disk fills before"
                            + " retention deletes anything");
            assertThat(finding(findings, "prometheus-1 → prometheus-storage-prometheus-1").orElseThrow().severity())
                    .isEqualTo(Severity.OK);
        } finally {
            setCapacity(claim, "200Gi");
        }
        Poll.until(WAIT, () -> run(StorageProbes.retention()),
                f -> is(f, "prometheus-0 → " + claim, Severity.OK), "the claim back at 200Gi");
    }

    /** What a provisioner does when it binds or resizes a claim: the status says the new capacity. */
    private static void setCapacity(String claim, String size) {
        admin.persistentVolumeClaims().inNamespace(NS).withName(claim).editStatus(pvc -> {
            pvc.getStatus().getCapacity().put("storage", new Quantity(size));
            return pvc;
        });
        assertThat(Quantity.getAmountInBytes(admin.persistentVolumeClaims().inNamespace(NS).withName(claim).get()
                .getStatus().getCapacity().get("storage")).longValue()).isEqualTo(Long.parseLong(
                size.replace("Gi", "")) * GIB);
    }
}

package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Backups checks over the sandbox's session (API only: the checks read the backups directory and the bucket,
 * never the pods): an archive written by the backup operation is within the RPO, one older than the RPO is a
 * warning and one older than a day critical; no location or no archive keeps the stack healthy, saying why; the
 * bucket (S3Proxy) holding the newest archive is OK, lacking it a warning.
 */
class BackupProbesTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, WAIT);
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

    private static HealthReport check(BackupSource source) throws InterruptedException {
        HealthChecker checker = new HealthChecker(List.of(BackupProbes.age(), BackupProbes.s3()),
                Duration.ofSeconds(5));
        return (source == null ? checker : checker.withBackups(source)).check(session);
    }

    private static Finding finding(HealthReport report, String code) {
        return report.findings().stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow();
    }

    /** A small archive of {@code context} dated {@code created} (the header's time, which the listing reads). */
    private static Path archive(Path dir, String context, String server, Instant created) {
        try (ArchiveWriter w = ArchiveWriter.create(dir, new ArchiveMetadata(context, server, NS, "test",
                List.of("configs")), null, ProgressListener.none(), Cancellation.none(),
                Clock.fixed(created, ZoneOffset.UTC))) {
            w.add("objects/configmaps/prometheus-config.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            return w.commit().file();
        }
    }

    @Test
    void anArchiveWrittenByTheBackupOperationIsWithinTheRpo() throws InterruptedException {
        Path dir = temp.resolve("backups");
        BackupOperation op = BackupOperation.of(session, Duration.ofSeconds(30), dir,
                EnumSet.of(BackupComponent.CONFIGS), null);
        OperationResult<BackupOperation.Result> result = op.run(op.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());
        assertThat(result.succeeded()).as(result.summary()).isTrue();
        String name = result.value().archive().file().getFileName().toString();

        HealthReport report = check(BackupSource.of(dir, null));

        Finding age = finding(report, "backups-age");
        assertThat(age.severity()).isEqualTo(Severity.OK);
        assertThat(age.subject()).isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(age.message()).startsWith("newest backup " + name + " is ").endsWith("within the RPO of 1 h");
        assertThat(age.evidence()).contains("counting archives of context " + SandboxCluster.CONTEXT);
        Finding s3 = finding(report, "backups-s3");
        assertThat(s3.severity()).isEqualTo(Severity.INFO);
        assertThat(s3.message()).startsWith("no S3 bucket is configured");
        assertThat(report.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void anArchiveOlderThanTheRpoIsAWarningAndOneOlderThanADayCritical() throws InterruptedException {
        Path hours = temp.resolve("three-hours");
        archive(hours, SandboxCluster.CONTEXT, session.server(), Instant.now().minus(Duration.ofHours(3)));
        Path days = temp.resolve("two-days");
        archive(days, SandboxCluster.CONTEXT, session.server(), Instant.now().minus(Duration.ofHours(50)));

        HealthReport warning = check(BackupSource.of(hours, null));
        HealthReport critical = check(BackupSource.of(days, null));

        Finding late = finding(warning, "backups-age");
        assertThat(late.severity()).isEqualTo(Severity.WARNING);
        assertThat(late.subject()).isEqualTo(hours.toAbsolutePath().normalize().toString());
        assertThat(late.message()).contains(" is 3h").endsWith("older than the RPO of 1 h");
        assertThat(late.fix()).contains("monitoring-console backup");
        assertThat(warning.status().exitCode()).isEqualTo(1);
        Finding lost = finding(critical, "backups-age");
        assertThat(lost.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(lost.message()).contains(" is 2d");
        assertThat(critical.status().exitCode()).isEqualTo(3);
    }

    @Test
    void noLocationOrNoArchiveOfThisClusterKeepsTheStackHealthyAndSaysWhy() throws Exception {
        HealthReport none = check(null);
        assertThat(finding(none, "backups-age").severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(finding(none, "backups-age").message()).isEqualTo("no backup location is configured for this"
                + " check");
        assertThat(none.status()).isEqualTo(HealthStatus.HEALTHY);

        Path empty = Files.createDirectories(temp.resolve("empty"));
        HealthReport never = check(BackupSource.of(empty, null));
        assertThat(finding(never, "backups-age").severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(finding(never, "backups-age").message()).startsWith("no backup of this stack ("
                + SandboxCluster.CONTEXT + ") in ");
        assertThat(never.status()).isEqualTo(HealthStatus.HEALTHY);

        Path others = temp.resolve("others");
        archive(others, "production-eu", "https://k8s.example.org:6443", Instant.now());
        HealthReport elsewhere = check(BackupSource.of(others, null));
        Finding other = finding(elsewhere, "backups-age");
        assertThat(other.severity()).as("a fresh archive of another cluster does not count")
                .isEqualTo(Severity.UNKNOWN);
        assertThat(other.evidence()).contains(": 0 of 1 files");
    }

    @Test
    void theNewestArchiveInTheBucketIsOkMissingThereAWarning() throws Exception {
        Path dir = temp.resolve("synced");
        try (S3Fixture s3 = new S3Fixture(temp.resolve("s3"))) {
            S3Settings settings = S3Settings.compatible(S3Fixture.BUCKET, "monitoring/sandbox", s3.endpoint(),
                    S3Fixture.KEYS);
            BackupSource source = BackupSource.of(dir, settings);
            Path first = archive(dir, SandboxCluster.CONTEXT, session.server(), Instant.now().minusSeconds(600));

            Finding unsynced = finding(check(source), "backups-s3");
            assertThat(unsynced.severity()).isEqualTo(Severity.WARNING);
            assertThat(unsynced.subject()).isEqualTo(settings.location());
            assertThat(unsynced.message()).isEqualTo("the newest backup " + first.getFileName()
                    + " is not in the bucket: the bucket holds no archive");

            try (S3Store store = new S3Store(settings)) {
                store.sync(new BackupDirectory(dir), ProgressListener.none(), Cancellation.none());
            }
            assertThat(s3.keys()).contains("monitoring/sandbox/" + first.getFileName());
            HealthReport synced = check(source);
            assertThat(finding(synced, "backups-s3").severity()).isEqualTo(Severity.OK);
            assertThat(finding(synced, "backups-s3").message()).isEqualTo("the newest backup " + first.getFileName()
                    + " is in the bucket");
            assertThat(synced.status()).isEqualTo(HealthStatus.HEALTHY);

            Path second = archive(dir, SandboxCluster.CONTEXT, session.server(), Instant.now());
            Finding behind = finding(check(source), "backups-s3");
            assertThat(behind.severity()).isEqualTo(Severity.WARNING);
            assertThat(behind.message()).isEqualTo("the newest backup " + second.getFileName()
                    + " is not in the bucket: the newest there is " + first.getFileName());
        }
    }
}

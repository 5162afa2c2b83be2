package io.neurectomy.console.core.backup.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ArchiveRejectedException;
import io.neurectomy.console.core.backup.archive.Manifest;
import io.neurectomy.console.core.backup.archive.ManifestEntry;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.core.runbook.RunbookContext;
import io.neurectomy.console.core.runbook.RunbookStep;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.testing.RealServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backup and restore against the sandbox: real Prometheus data snapshotted and streamed out through exec, objects,
 * Secrets and silences through the API, then restored, the TSDB into a replica whose data was wiped.
 *
 * <p>A scenario, in this order on purpose: the restores read the archive the first backup wrote, and each restore
 * is checked against the state the backup captured; that round trip is what the class proves. A failure in the
 * backup makes the restores fail too: read the first failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreSandboxTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET_VALUE = "s3cr3t-Value-4711-not-for-logs";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final RestoreOperation.Options FAST = new RestoreOperation.Options(Duration.ofSeconds(30),
            Duration.ofSeconds(90), Duration.ofMillis(300));

    @TempDir
    static Path tmp;

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static ListAppender<ILoggingEvent> logs;
    private static Path backups;
    private static WrittenArchive full;
    /** Raw samples of {@code up} over a fixed window before the backup, as prometheus-0 answered them. */
    private static String window;
    private static String samplesBefore;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        backups = tmp.resolve("backups");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs = new ListAppender<>();
        logs.setContext(ctx);
        logs.start();
        Logger console = ctx.getLogger("io.neurectomy");
        console.setLevel(Level.INFO);
        console.addAppender(logs);
        Poll.until(WAIT, "Prometheus and Alertmanager pods ready", () -> ready("prometheus") == 2
                && ready("alertmanager") == 3);
    }

    @AfterAll
    static void stop() {
        if (logs != null) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.neurectomy").detachAppender(logs);
        }
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static long ready(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(StatefulSetPods::ready).count();
    }

    private static BackupOperation backup(Path dir, Set<BackupComponent> components, PassphraseCipher cipher) {
        return new BackupOperation(client, session.context(), session.server(), NS, Duration.ofSeconds(30), dir,
                components, cipher);
    }

    /** Plans and runs {@code op}; its value, or the failure it ended with. */
    private static <R> R planAndRun(Operation<R> op, ProgressListener listener, Cancellation cancellation) {
        OperationResult<R> result = op.run(op.plan(cancellation), listener, cancellation);
        if (result.failure() instanceof RuntimeException e) {
            throw e;
        }
        assertThat(result.succeeded()).as(result.summary()).isTrue();
        return result.value();
    }

    private static RestoreOperation restore(Set<BackupComponent> components, String replica,
            PassphraseCipher cipher) {
        return restore(full.file(), components, replica, cipher);
    }

    private static RestoreOperation restore(Path archive, Set<BackupComponent> components, String replica,
            PassphraseCipher cipher) {
        return new RestoreOperation(client, session.context(), session.server(), NS, FAST,
                new RestoreOperation.Request(archive, components, replica, cipher, backups));
    }

    /** The detailed plan of {@code op} (reads only). */
    private static RestorePlan plan(RestoreOperation op) {
        op.plan(Cancellation.none());
        return op.restorePlan();
    }

    private static PodCalls.Response http(String pod, int port, String method, String path, String body) {
        try {
            return new PodCalls(client, NS, Duration.ofSeconds(20)).send(pod, port, method, path, body);
        } catch (Exception e) {
            throw new AssertionError(pod + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** The raw samples of {@code up} in {@code range} ending at {@code end}: {@code [series, [[t, v], ...]]}. */
    private static String rawSamples(String pod, String range, double end) {
        String path = "/api/v1/query?query=" + URLEncoder.encode("up" + range, StandardCharsets.UTF_8) + "&time="
                + String.format(java.util.Locale.ROOT, "%.3f", end);
        PodCalls.Response r = http(pod, 9090, "GET", path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        List<String> series = new ArrayList<>();
        result.forEach(s -> series.add(s.path("metric").toString() + " " + s.path("values").toString()));
        series.sort(String::compareTo);
        return String.join("\n", series);
    }

    /** Empties {@code pod}'s TSDB (blocks, WAL, head chunks) and restarts it on the empty volume, as a lost disk. */
    private static void wipe(String pod) throws Exception {
        Pod before = client.pods().inNamespace(NS).withName(pod).get();
        List<String> toWipe = new ArrayList<>();
        for (String entry : exec(pod, "ls", "/prometheus").stdout().split("\\s+")) {
            if (entry.equals("wal") || entry.equals("chunks_head") || TsdbTransfer.isBlock(entry)) {
                toWipe.add("/prometheus/" + entry);
            }
        }
        List<String> rm = new ArrayList<>(List.of("rm", "-r"));
        rm.addAll(toWipe);
        assertThat(exec(pod, rm.toArray(String[]::new)).exitCode()).isZero();
        client.pods().inNamespace(NS).withName(pod).delete();
        Poll.until(WAIT, pod + " recreated and ready", () -> {
            Pod p = client.pods().inNamespace(NS).withName(pod).get();
            return p != null && !p.getMetadata().getUid().equals(before.getMetadata().getUid())
                    && StatefulSetPods.ready(p);
        });
    }

    private static PodCalls.ExecResult exec(String pod, String... command) throws Exception {
        return new PodCalls(client, NS, Duration.ofSeconds(30)).exec(pod, "prometheus", List.of(command));
    }

    private static String allLogs() {
        StringBuilder b = new StringBuilder();
        List<ILoggingEvent> events;
        synchronized (logs) {
            // Background threads may still be appending (the appender synchronizes on itself).
            events = new ArrayList<>(logs.list);
        }
        for (ILoggingEvent e : events) {
            b.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    @Order(1)
    void aFullBackupHoldsObjectsSealedSecretsSilencesAndTheTsdbAndRemovesTheSnapshot() throws Exception {
        // Given Prometheus has scraped a few samples, and one silence is active
        double[] end = new double[1];
        samplesBefore = Poll.until(WAIT, () -> {
            end[0] = Instant.now().minusSeconds(1).toEpochMilli() / 1000.0;
            try {
                return rawSamples("prometheus-0", "[5m]", end[0]);
            } catch (AssertionError slowAnswer) {
                return ""; // a loaded machine may miss one poll's timeout; the next poll asks again
            }
        }, s -> s.lines().anyMatch(line -> line.split("\\],\\[", -1).length >= 3),
                "a series of up with three samples on prometheus-0");
        window = "[5m]@" + String.format(java.util.Locale.ROOT, "%.3f", end[0]);
        assertThat(samplesBefore).contains("\"up\"");
        String silence = """
                {"matchers":[{"name":"alertname","value":"BackupTest","isRegex":false,"isEqual":true}],
                 "startsAt":"%s","endsAt":"%s","createdBy":"backup test","comment":"maintenance"}"""
                .formatted(Instant.now(), Instant.now().plus(Duration.ofHours(2)));
        assertThat(http("alertmanager-0", 9093, "POST", "/api/v2/silences", silence).status()).isEqualTo(200);
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("backup-test-credentials").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(
                        StandardCharsets.UTF_8))).build()).create();

        // When
        List<Long> bytes = new ArrayList<>();
        ProgressListener progress = event -> {
            if (event instanceof ProgressEvent.Bytes b) {
                bytes.add(b.done());
            }
        };
        BackupOperation.Result result = planAndRun(backup(backups, EnumSet.allOf(BackupComponent.class),
                PassphraseCipher.of(PASSPHRASE)), progress, Cancellation.none());
        full = result.archive();

        // Then
        assertThat(full.file()).exists().hasFileName(full.file().getFileName().toString());
        assertThat(full.file().getFileName().toString()).matches("full_\\d{14}\\.tar\\.gz");
        VerifyResult verified = ArchiveReader.verify(full.file(), ProgressListener.none(), Cancellation.none());
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        Manifest manifest = verified.manifest();
        assertThat(manifest.metadata().components()).containsExactly("configs", "secrets", "tsdb", "silences");
        assertThat(manifest.metadata().context()).isEqualTo(SandboxCluster.CONTEXT);
        assertThat(manifest.metadata().server()).isEqualTo(session.server());
        assertThat(manifest.metadata().namespace()).isEqualTo(NS);
        List<String> names = manifest.entries().stream().map(ManifestEntry::name).toList();
        assertThat(names).contains("objects/configmaps/prometheus-config.yaml", "objects/statefulsets/prometheus.yaml",
                "objects/services/prometheus.yaml", "secrets/grafana-admin.yaml", "silences.json");
        assertThat(names).anyMatch(n -> n.matches("tsdb/[0-9A-Z]{26}/meta\\.json"));
        assertThat(manifest.entries()).filteredOn(e -> e.name().startsWith("secrets/"))
                .allMatch(ManifestEntry::encrypted);
        ArchiveReader reader = ArchiveReader.open(full.file(), ProgressListener.none(), Cancellation.none());
        String sts = new String(reader.readBytes("objects/statefulsets/prometheus.yaml", null), StandardCharsets.UTF_8);
        assertThat(sts).contains("kind: \"StatefulSet\"").doesNotContain("resourceVersion").doesNotContain("uid:")
                .doesNotContain("status:");
        String silences = new String(reader.readBytes("silences.json", null), StandardCharsets.UTF_8);
        assertThat(silences).contains("BackupTest");
        assertThat(result.tsdbReplica()).isEqualTo("prometheus-0");
        assertThat(exec("prometheus-0", "ls", "/prometheus/snapshots").stdout().strip()).isEmpty();
        assertThat(bytes).isNotEmpty();
    }

    @Test
    @Order(2)
    void withoutAPassphraseSecretsAreLeftOutWithANote() {
        BackupOperation.Result result = planAndRun(backup(tmp.resolve("nopass"), EnumSet.of(BackupComponent.CONFIGS,
                BackupComponent.SECRETS), null), ProgressListener.none(), Cancellation.none());

        assertThat(result.components()).containsExactly(BackupComponent.CONFIGS);
        assertThat(result.notes()).singleElement().asString().contains("Secrets were left out");
        assertThat(result.archive().manifest().entries()).noneMatch(e -> e.name().startsWith("secrets/"));
    }

    @Test
    @Order(3)
    void aCancelMidBackupLeavesNoFileAndNoSnapshot() throws Exception {
        Path dir = tmp.resolve("cancelled");
        Cancellation cancel = new Cancellation();
        ProgressListener progress = event -> {
            if (event instanceof ProgressEvent.StepStarted s && s.step().id().equals("stream-tsdb")) {
                cancel.cancel();
            }
        };

        BackupOperation op = backup(dir, EnumSet.allOf(BackupComponent.class), PassphraseCipher.of(PASSPHRASE));
        OperationResult<BackupOperation.Result> result = op.run(op.plan(cancel), progress, cancel);

        assertThat(result.cancelled()).as(result.summary()).isTrue();
        assertThat(result.outcome("stream-tsdb").status()).isEqualTo(StepOutcome.Status.CANCELLED);
        assertThat(result.outcome("manifest").status()).isEqualTo(StepOutcome.Status.NOT_RUN);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(exec("prometheus-0", "ls", "/prometheus/snapshots").stdout().strip()).isEmpty();
    }

    @Test
    @Order(4)
    void restoreRefusesACorruptedArchive() throws Exception {
        Path copy = tmp.resolve("damaged").resolve(full.file().getFileName().toString());
        Files.createDirectories(copy.getParent());
        byte[] data = Files.readAllBytes(full.file());
        data[data.length / 2] ^= 0x40;
        Files.write(copy, data);

        assertThatThrownBy(() -> restore(copy, Set.of(), null, PassphraseCipher.of(PASSPHRASE))
                .plan(Cancellation.none()))
                .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("cannot be restored");
    }

    @Test
    @Order(5)
    void planningChangesNothingAndTheRestoreNeedsTheNamespaceTyped() {
        Map<String, String> data = new HashMap<>(client.configMaps().inNamespace(NS).withName("grafana-datasources")
                .get().getData());
        client.configMaps().inNamespace(NS).withName("grafana-datasources").edit(cm -> {
            cm.getData().put("extra.yaml", "changed: true\n");
            return cm;
        });
        RestoreOperation op = restore(EnumSet.of(BackupComponent.CONFIGS), null, null);
        Plan planned = op.plan(Cancellation.none());
        RestorePlan plan = op.restorePlan();
        assertThat(plan.objects()).extracting(o -> o.kind() + "/" + o.name() + " " + o.action())
                .contains("configmaps/grafana-datasources REPLACE", "statefulsets/prometheus UNCHANGED");
        assertThat(planned.confirmation()).isEqualTo(Confirmation.typed(NS, planned.confirmation().prompt()));
        assertThat(planned.backupFirst()).isTrue();
        assertThat(planned.changes()).extracting(Change::line).contains("update    configmaps/grafana-datasources");

        assertThat(client.configMaps().inNamespace(NS).withName("grafana-datasources").get().getData())
                .containsKey("extra.yaml");
        client.configMaps().inNamespace(NS).withName("grafana-datasources").edit(cm -> {
            cm.setData(data);
            return cm;
        });
    }

    @Test
    @Order(6)
    void configsAndSecretsAreRestoredAfterAPreRestoreBackup() throws Exception {
        Secret before = client.secrets().inNamespace(NS).withName("grafana-admin").get();
        client.secrets().inNamespace(NS).withName("grafana-admin").delete();
        Poll.until(WAIT, "grafana-admin deleted", () -> client.secrets().inNamespace(NS).withName("grafana-admin")
                .get() == null);
        client.configMaps().inNamespace(NS).withName("grafana-datasources").edit(cm -> {
            cm.getData().put("extra.yaml", "changed: true\n");
            return cm;
        });
        PassphraseCipher cipher = PassphraseCipher.of(PASSPHRASE);

        RestoreOperation op = restore(EnumSet.of(BackupComponent.CONFIGS, BackupComponent.SECRETS), null, cipher);
        Plan planned = op.plan(Cancellation.none());
        RestorePlan plan = op.restorePlan();
        assertThat(plan.objects()).extracting(o -> o.kind() + "/" + o.name() + " " + o.action())
                .contains("secrets/grafana-admin CREATE", "configmaps/grafana-datasources REPLACE");
        String described = planned.title() + "\n" + String.join("\n", planned.notes()) + "\n" + String.join("\n",
                planned.changes().stream().map(c -> c.line() + " (" + c.detail() + ")").toList());
        assertThat(described).contains("update    configmaps/grafana-datasources (differs in data.extra.yaml)");
        for (String value : before.getData().values()) {
            String plain = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            if (plain.length() >= 8) {
                assertThat(described).doesNotContain(plain);
            }
        }
        OperationResult<RestoreResult> run = op.run(planned, ProgressListener.none(), Cancellation.none());
        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        assertThat(run.outcome("pre-backup").status()).isEqualTo(StepOutcome.Status.DONE);
        RestoreResult result = run.value();

        assertThat(result.preRestoreBackup()).exists();
        assertThat(ArchiveReader.verify(result.preRestoreBackup(), ProgressListener.none(), Cancellation.none()).ok())
                .isTrue();
        assertThat(result.created()).isGreaterThanOrEqualTo(1);
        assertThat(client.secrets().inNamespace(NS).withName("grafana-admin").get().getData())
                .isEqualTo(before.getData());
        ConfigMap cm = client.configMaps().inNamespace(NS).withName("grafana-datasources").get();
        assertThat(cm.getData()).doesNotContainKey("extra.yaml");
    }

    @Test
    @Order(7)
    void theTsdbRestoredIntoAWipedReplicaAnswersWithTheSameSamples() throws Exception {
        // Given prometheus-1 lost its data: its volume is emptied and the pod restarted on it
        wipe("prometheus-1");
        double end = Double.parseDouble(window.substring(window.indexOf('@') + 1));
        assertThat(rawSamples("prometheus-1", "[5m]", end)).as("the wiped replica has no old data").isEmpty();

        // When
        RestoreOperation op = restore(EnumSet.of(BackupComponent.TSDB), "prometheus-1", null);
        RestorePlan plan = plan(op);
        assertThat(plan.replica()).isEqualTo("prometheus-1");
        assertThat(plan.blocksToWrite()).isNotEmpty();
        OperationResult<RestoreResult> run = op.run(op.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());
        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        RestoreResult result = run.value();

        // Then
        assertThat(result.blocksWritten()).isEqualTo(plan.blocksToWrite().size());
        assertThat(result.seriesAnswering()).isPositive();
        assertThat(rawSamples("prometheus-1", "[5m]", end)).isEqualTo(samplesBefore);
    }

    @Test
    @Order(8)
    void silencesAreRecreatedOnceAndNoSecretValueReachedTheLogs() {
        List<String> ids = new ArrayList<>();
        JSON.readTree(http("alertmanager-0", 9093, "GET", "/api/v2/silences", null).body()).forEach(s -> {
            if (s.path("comment").asString("").equals("maintenance")) {
                ids.add(s.path("id").asString());
            }
        });
        ids.forEach(id -> assertThat(http("alertmanager-0", 9093, "DELETE", "/api/v2/silence/" + id, null).ok())
                .isTrue());

        RestoreOperation op = restore(EnumSet.of(BackupComponent.SILENCES), null, null);
        RestorePlan plan = plan(op);
        assertThat(plan.silencesToCreate()).isEqualTo(1);
        RestoreResult result = planAndRun(restore(EnumSet.of(BackupComponent.SILENCES), null, null),
                ProgressListener.none(), Cancellation.none());
        assertThat(result.silencesCreated()).isEqualTo(1);
        RestorePlan again = plan(restore(EnumSet.of(BackupComponent.SILENCES), null, null));
        assertThat(again.silencesToCreate()).isZero();
        assertThat(again.silencesPresent()).isEqualTo(1);

        String captured = allLogs();
        assertThat(captured).contains("Backup full_", "Restore: CREATE secrets/grafana-admin");
        assertThat(captured).doesNotContain(SECRET_VALUE).doesNotContain(Base64.getEncoder().encodeToString(
                SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));
        for (Secret s : client.secrets().inNamespace(NS).list().getItems()) {
            for (String value : s.getData() == null ? List.<String>of() : s.getData().values()) {
                String plain = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                if (plain.length() >= 12) {
                    assertThat(captured).as("value of Secret %s", s.getMetadata().getName())
                            .doesNotContain(plain).doesNotContain(value);
                }
            }
        }
    }


    @Test
    @Order(9)
    void theStorageFailureRunbookRestoresALostReplicaFromTheNewestArchiveInTheBucketOnAFreshWorkstation()
            throws Exception {
        // Given the archive is in S3 only, and prometheus-1 lost its data again
        try (S3Fixture s3 = new S3Fixture(tmp.resolve("s3"))) {
            S3Settings bucket = S3Settings.compatible(S3Fixture.BUCKET, "prod", s3.endpoint(), S3Fixture.KEYS);
            try (S3Store store = new S3Store(bucket)) {
                store.upload(full.file(), full.sha256(), n -> { }, Cancellation.none());
            }
            wipe("prometheus-1");
            double end = Double.parseDouble(window.substring(window.indexOf('@') + 1));
            assertThat(rawSamples("prometheus-1", "[5m]", end)).as("the wiped replica has no old data").isEmpty();
            Scenario scenario = RunbookCatalog.named("storage-failure").orElseThrow();
            RunbookStep.Automatic step = scenario.steps().stream().filter(s -> s.id().equals("restore-tsdb"))
                    .map(RunbookStep.Automatic.class::cast).findFirst().orElseThrow();
            Path fresh = Files.createDirectories(tmp.resolve("fresh-workstation"));
            RunbookContext context = new RunbookContext(session, List.of(Finding.of(Severity.ERROR,
                    "prometheus-tsdb", "prometheus-1", "3 WAL corruptions since it started")), WAIT,
                    Duration.ofMillis(500), new Timeline(scenario, session.context(), NS,
                    IncidentClock.start(java.time.Clock.systemUTC())), new BackupDirectory(fresh), bucket, null);

            // When the runbook's step runs
            OperationResult<StepOutcome> run = Execution.run(Plan.of("runbook", "restore", List.of(
                    new io.neurectomy.console.core.operation.Step(step.id(), step.title()))),
                    ProgressListener.none(), Cancellation.none(), ex -> ex.step(step.id(),
                            () -> step.action().run(context, ex)));

            // Then the samples from before the archive are back on prometheus-1, from the bucket's archive
            assertThat(run.succeeded()).as(run.error()).isTrue();
            assertThat(run.value().detail()).contains("prometheus-1: ", " blocks", bucket.location());
            assertThat(fresh.resolve(full.file().getFileName())).as("downloaded to the fresh backups directory")
                    .exists();
            assertThat(rawSamples("prometheus-1", "[5m]", end)).isEqualTo(samplesBefore);
        }
    }

    /** The ids of the silences {@code pod} holds with {@code comment}, not expired; empty while it does not answer. */
    private static List<String> silencesWithComment(String pod, String comment) {
        List<String> ids = new ArrayList<>();
        try {
            JSON.readTree(new PodCalls(client, NS, Duration.ofSeconds(20)).send(pod, 9093, "GET", "/api/v2/silences",
                    null).body()).forEach(s -> {
                        if (s.path("comment").asString("").equals(comment)
                                && !s.path("status").path("state").asString("").equals("expired")) {
                            ids.add(s.path("id").asString());
                        }
                    });
        } catch (Exception e) {
            return List.of();
        }
        return ids;
    }

    /** Expires silence {@code id} on {@code pod}; a failed request is left for the caller's next look. */
    private static void expire(String pod, String id) {
        try {
            new PodCalls(client, NS, Duration.ofSeconds(20)).send(pod, 9093, "DELETE", "/api/v2/silence/" + id, null);
        } catch (Exception e) {
            // asked again on the next poll
        }
    }

    @Test
    @Order(9)
    void silencesAreRecreatedThroughAnotherReplicaWhenTheFirstReadyOneDoesNotAnswer() throws Exception {
        // Given no replica holding the silence: each expires what it holds (gossip may not have brought a replica
        // the copy another made yet, so ask again until all three agree)
        Poll.until(WAIT, "no replica holding the maintenance silence", () -> {
            boolean none = true;
            for (String replica : List.of("alertmanager-0", "alertmanager-1", "alertmanager-2")) {
                List<String> ids = silencesWithComment(replica, "maintenance");
                for (String id : ids) {
                    expire(replica, id);
                }
                none &= ids.isEmpty();
            }
            return none;
        });
        RestoreOperation op = restore(EnumSet.of(BackupComponent.SILENCES), null, null);

        // alertmanager-0, first in ordinal order and still ready, holds its connections and answers nothing
        ServerProcesses.signalPod(sandbox, NS, "alertmanager-0", "STOP");
        RestoreResult result;
        try {
            result = planAndRun(op, ProgressListener.none(), Cancellation.none());
        } finally {
            ServerProcesses.signalPod(sandbox, NS, "alertmanager-0", "CONT");
        }

        assertThat(result.silencesCreated()).isEqualTo(1);
        // Once alertmanager-0 answers again, gossip brings it the silence too: every replica holds it, once.
        for (String replica : List.of("alertmanager-1", "alertmanager-2", "alertmanager-0")) {
            Poll.until(WAIT, replica + " holding the re-created silence",
                    () -> silencesWithComment(replica, "maintenance").size() == 1);
        }
    }
}

package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ManifestEntry;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.backup.operations.RestoreOperation;
import io.neurectomy.console.core.backup.operations.RestoreResult;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackObject;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deploy, deploy again, change, validate and destroy the bundled stack on an empty sandbox (three nodes, no stack),
 * with real Prometheus and Alertmanager processes behind the pods; then the way back: destroy with its backup
 * archive, deploy, restore from the archive, and last a destroy without a backup.
 *
 * <p>A scenario, in this order on purpose: each step's precondition is what the step before leaves (a second
 * deploy changes nothing only after a first one, destroy empties a deployed namespace), and checking that hand-over
 * is the point. Deploying afresh before each test would start the real processes eight times. A failure in an early
 * step makes the later ones fail too: read the first failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackDeploySandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = RenderedStack.NAMESPACE;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "a-new-grafana-password-0042";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static RenderedStack stack;
    /** What the backup before the destroy captured, and what the restore must bring back. */
    private static Path archive;
    private static String samplesBefore;
    private static double windowEnd;
    private static Map<String, Map<String, String>> configsBefore;
    private static Map<String, Map<String, String>> secretsBefore;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(true, SandboxCluster.Options.defaults().withPropagationDelay(
                Duration.ofMillis(500)));
        // The stack's namespace does not exist yet: the console connects to it anyway, to deploy there.
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        assertThat(session.namespaceMissing()).isTrue();
        client = session.client();
        stack = DeployTestStacks.rendered("production", Map.of());
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

    @Test
    @Order(1)
    void deployIntoAnEmptyClusterCreatesEveryObjectAndThePodsComeUp() throws Exception {
        DeployOperation deploy = new DeployOperation(session, current -> stack, WAIT);
        Plan plan = deploy.plan(Cancellation.none());
        DeployPlan objects = deploy.deployPlan();
        assertThat(objects.changes()).hasSize(stack.objects().size()).allMatch(c -> c.action() == Action.CREATE);
        assertThat(objects.changes().get(0).ref()).isEqualTo("Namespace/monitoring");
        assertThat(objects.changes().stream().map(ObjectChange::kind).toList())
                .containsSubsequence("ConfigMap", "Service", "PodDisruptionBudget", "NetworkPolicy", "StatefulSet",
                        "Deployment", "Ingress");
        assertThat(plan.steps()).hasSize(stack.objects().size() + 2);
        assertThat(plan.steps().get(0)).isEqualTo(new Step("apply-namespace-monitoring",
                "Create Namespace/monitoring"));
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);

        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        OperationResult<DeployOperation.Report> result = deploy.run(plan, events::add, Cancellation.none());

        assertThat(result.succeeded()).as(result.summary() + " " + result.error()).isTrue();
        assertThat(session.namespaceMissing()).as("the session knows its namespace exists now").isFalse();
        assertThat(result.steps().subList(0, stack.objects().size()))
                .allMatch(s -> s.outcome().equals(StepOutcome.done("created")));
        assertThat(events).filteredOn(e -> e instanceof ProgressEvent.StepFinished).last()
                .extracting(e -> ((ProgressEvent.StepFinished) e).step().id()).isEqualTo(DeployOperation.HEALTH);
        assertThat(events).contains(new ProgressEvent.StepFinished(stack.objects().size() - 1,
                new Step("apply-ingress-grafana", "Create Ingress/grafana"), StepOutcome.done("created")));
        for (StackObject o : stack.objects()) {
            HasMetadata live = client.resource(o.resource()).get();
            assertThat(live).as(o.ref()).isNotNull();
            // The console adds no labels or annotations of its own (the Deployment controller's revision is the
            // cluster's, not the console's).
            assertThat(live.getMetadata().getLabels()).as(o.ref()).isEqualTo(o.resource().getMetadata().getLabels());
            Map<String, String> annotations = live.getMetadata().getAnnotations() == null ? null
                    : live.getMetadata().getAnnotations().entrySet().stream()
                    .filter(e -> !e.getKey().equals("deployment.kubernetes.io/revision"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<String, String> expected = o.resource().getMetadata().getAnnotations();
            assertThat(annotations == null || annotations.isEmpty() ? null : annotations).as(o.ref())
                    .isEqualTo(expected == null || expected.isEmpty() ? null : expected);
        }
        // Secrets are stored as data, like a real API server does with stringData.
        assertThat(client.secrets().inNamespace(NS).withName("grafana-admin").get().getStringData()).isNullOrEmpty();

        DeployOperation.Report report = result.value();
        assertThat(report.complete()).as("rollouts: %s", report.workloads()).isTrue();
        assertThat(report.workloads()).extracting(StackDeployer.WorkloadRollout::line)
                .containsExactly("prometheus 2/2", "alertmanager 3/3", "grafana 2/2");
        assertThat(events).filteredOn(e -> e instanceof ProgressEvent.Note).last()
                .isEqualTo(new ProgressEvent.Note("prometheus 2/2, alertmanager 3/3, grafana 2/2"));
        assertThat(result.outcome(DeployOperation.ROLLOUT).detail()).isEqualTo("7 of 7 replicas ready");
        assertThat(report.health()).filteredOn(f -> f.code().equals("workload-ready"))
                .extracting(f -> f.subject() + " " + f.severity() + " " + f.message())
                .containsExactly("StatefulSet/prometheus OK ready 2/2", "StatefulSet/alertmanager OK ready 3/3",
                        "Deployment/grafana OK ready 2/2");
        // The session watched the namespace before it existed: its live picture (the topology's input) shows
        // every replica up.
        io.neurectomy.console.testing.Poll.until(WAIT, "the session's snapshot shows every stack pod ready",
                () -> session.state().snapshot().pods().stream().filter(p -> p.ready()).count() == 7);
    }

    @Test
    @Order(2)
    void realPrometheusAndAlertmanagerRunTheBundledConfigAndRules() throws Exception {
        String expectedConfig = stack.prometheusConfig().orElseThrow();
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("prometheus-0").portForward(9090)) {
            String rules = Poll.until(WAIT, () -> get(forward.getLocalPort(), "/api/v1/rules"),
                    body -> body.contains("\"status\":\"success\"") && body.contains("PrometheusBadConfig"),
                    "the bundled rules loaded by prometheus-0");
            assertThat(rules).contains("\"name\":\"Watchdog\"").contains("job:up:sum");
            long alerts = java.util.regex.Pattern.compile("\"type\":\"alerting\"").matcher(rules).results().count();
            assertThat(alerts).isGreaterThanOrEqualTo(40);
        }
        ByteArrayOutput out = new ByteArrayOutput();
        try (var watch = client.pods().inNamespace(NS).withName("prometheus-1").writingOutput(out.stream)
                .exec("cat", "/etc/prometheus/config/prometheus.yml")) {
            assertThat(watch.exitCode().get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        }
        assertThat(out.text()).isEqualTo(expectedConfig);
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("alertmanager-0")
                .portForward(9093)) {
            String status = Poll.until(WAIT, () -> get(forward.getLocalPort(), "/api/v2/status"),
                    body -> body.contains("pagerduty-critical"), "alertmanager-0 running the bundled config");
            assertThat(status).contains("\"cluster\"");
        }
    }

    @Test
    @Order(3)
    void aSecondDeployPlansAndChangesNothing() {
        Map<String, String> versions = resourceVersions();
        DeployOperation deploy = new DeployOperation(session, current -> stack, WAIT);

        Plan plan = deploy.plan(Cancellation.none());

        assertThat(deploy.deployPlan().changes()).filteredOn(c -> c.action() != Action.UNCHANGED).isEmpty();
        assertThat(plan.changesNothing()).isTrue();
        assertThat(plan.steps()).extracting(Step::id).containsExactly(DeployOperation.ROLLOUT, DeployOperation.HEALTH);
        OperationResult<DeployOperation.Report> result = deploy.run(plan, ProgressListener.none(),
                Cancellation.none());
        assertThat(result.succeeded()).isTrue();
        assertThat(resourceVersions()).isEqualTo(versions);
        assertThat(new StackDeployer(session).currentSecrets())
                .containsEntry("pagerdutyRoutingKey", "0123456789abcdef0123456789abcdef")
                .containsEntry("slackWebhookUrl",
                        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
                .containsEntry("grafanaAdminPassword", "test-only: not a real 'password' #1")
                .containsKeys("grafanaSecretKey", "ingressBasicAuthHtpasswd");
    }

    @Test
    @Order(4)
    void validateOnTheDeployedStackFindsNothingMissingDifferentOrExtra() {
        ValidateOperation validate = new ValidateOperation(session, current -> stack);

        OperationResult<ValidationReport> result = validate.run(validate.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());

        ValidationReport report = result.value();
        assertThat(report.missing()).isEmpty();
        assertThat(report.differing()).isEmpty();
        assertThat(report.extra()).as(report.describe()).isEmpty();
        assertThat(report.errors()).isZero();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcome(ValidateOperation.COMPARE).detail()).isEqualTo("0 missing, 0 different, 0 extra");
    }

    @Test
    @Order(5)
    void aChangedValueIsOneUpdateWithADiffThatNeverShowsSecretValues() {
        RenderedStack changed = DeployTestStacks.rendered("production", Map.of("grafanaAdminPassword", PASSWORD,
                "prometheusRetention", "10d"));
        DeployOperation deploy = new DeployOperation(session, current -> changed, Duration.ZERO);

        Plan plan = deploy.plan(Cancellation.none());

        assertThat(deploy.deployPlan().changes()).filteredOn(c -> c.action() == Action.UPDATE)
                .extracting(ObjectChange::ref).containsExactly("Secret/grafana-admin", "StatefulSet/prometheus");
        assertThat(plan.changes()).filteredOn(c -> c.action() == Change.Action.UPDATE).extracting(Change::subject)
                .containsExactly("Secret/grafana-admin", "StatefulSet/prometheus");
        Change secret = plan.changes().stream().filter(c -> c.subject().equals("Secret/grafana-admin"))
                .findFirst().orElseThrow();
        assertThat(secret.detail()).contains("+  admin-password: \"(value changed)\"")
                .contains("-  admin-password: \"(secret value)\"").contains("   admin-user: \"(secret value)\"")
                .doesNotContain(PASSWORD).doesNotContain(base64(PASSWORD));
        String all = String.join("\n", plan.changes().stream().map(c -> c.line() + "\n" + c.detail()).toList());
        assertThat(all).doesNotContain(PASSWORD).doesNotContain(base64(PASSWORD))
                .containsPattern("(?m)^\\+.*--storage\\.tsdb\\.retention\\.time=10d")
                .containsPattern("(?m)^-.*--storage\\.tsdb\\.retention\\.time=15d");

        OperationResult<DeployOperation.Report> result = deploy.run(plan, ProgressListener.none(),
                Cancellation.none());
        assertThat(result.steps()).filteredOn(s -> s.step().id().startsWith("apply-"))
                .extracting(s -> s.step().id() + " " + s.outcome().detail())
                .containsExactly("apply-secret-grafana-admin updated", "apply-statefulset-prometheus updated");
        assertThat(new String(Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName("grafana-admin")
                .get().getData().get("admin-password")), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
        assertThat(new StackDeployer(session).plan(changed, Cancellation.none()).unchanged()).isTrue();
    }

    @Test
    @Order(6)
    void destroyNeedsTheTypedNameAndRefusesSecretsWithoutAPassphrase() {
        Path backups = dir.resolve("refused");
        StackDestroyer destroyer = new StackDestroyer(session, NS, new StackDestroyer.BackupOptions(backups,
                () -> null, false), WAIT);

        Plan plan = destroyer.plan(Cancellation.none());
        OperationResult<StackDestroyer.DestroyResult> result = destroyer.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.TYPED);
        assertThat(plan.confirmation().name()).isEqualTo(NS);
        assertThat(plan.confirmation().acceptedBy("monitor")).isFalse();
        assertThat(plan.confirmation().acceptedBy("yes")).isFalse();
        assertThat(plan.confirmation().acceptedBy(NS)).isTrue();
        assertThat(plan.backupFirst()).isTrue();
        assertThat(result.outcome(StackDestroyer.BACKUP).status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.error()).contains("has Secrets: give a passphrase").contains("Nothing was deleted");
        assertThat(result.outcome(StackDestroyer.DELETE_WORKLOADS).status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(backups).doesNotExist();
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    @Order(7)
    void aBackupThatCannotBeWrittenStopsTheDestroyBeforeAnythingIsDeleted() throws Exception {
        // The backups directory cannot be created: its parent is a plain file (the tests run as root, who may write
        // into any directory whatever its mode).
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        // The earlier stages' changes may still be rolling out: the snapshot is of a settled stack.
        Poll.until(WAIT, "the stack settled: seven pods, none leaving, every StatefulSet on its update revision",
                () -> {
                    List<io.fabric8.kubernetes.api.model.Pod> pods = client.pods().inNamespace(NS).list().getItems();
                    return pods.size() == 7 && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp()
                            == null) && client.apps().statefulSets().inNamespace(NS).list().getItems().stream()
                            .allMatch(s -> s.getStatus() != null && s.getStatus().getUpdateRevision() != null
                                    && s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision())
                                    && java.util.Objects.equals(s.getStatus().getReadyReplicas(),
                                    s.getSpec().getReplicas()));
                });
        Map<String, String> uids = uids();
        StackDestroyer destroyer = new StackDestroyer(session, NS, new StackDestroyer.BackupOptions(
                file.resolve("backups"), PASSPHRASE::clone, false), WAIT);

        OperationResult<StackDestroyer.DestroyResult> result = destroyer.run(destroyer.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.outcome(StackDestroyer.BACKUP).status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.error()).startsWith("The backup failed, so nothing was deleted: ")
                .contains(file.toString());
        assertThat(result.outcome(StackDestroyer.DELETE_WORKLOADS).status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(uids()).as("every object still there, the same one").isEqualTo(uids);
        assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(7);
    }

    @Test
    @Order(8)
    void destroyWritesAFullBackupArchiveThenLeavesTheNamespaceEmpty() throws Exception {
        // Given data the archive must carry: scraped samples, a silence, a Secret and a config that a deploy does not
        // write, and the Grafana password changed in stage 5
        waitUntilPrometheusAndAlertmanagerAreReady();
        double[] end = new double[1];
        samplesBefore = Poll.until(WAIT, () -> {
            end[0] = java.time.Instant.now().minusSeconds(1).toEpochMilli() / 1000.0;
            try {
                return rawSamples("prometheus-0", end[0]);
            } catch (AssertionError slowAnswer) {
                return ""; // a loaded machine may miss one poll's timeout; the next poll asks again
            }
        }, text -> text.lines().anyMatch(line -> line.split("\\],\\[", -1).length >= 3),
                "a series of up with three samples on prometheus-0");
        windowEnd = end[0];
        String silence = """
                {"matchers":[{"name":"alertname","value":"DestroyTest","isRegex":false,"isEqual":true}],
                 "startsAt":"%s","endsAt":"%s","createdBy":"destroy test","comment":"before destroy"}"""
                .formatted(java.time.Instant.now(), java.time.Instant.now().plus(Duration.ofHours(2)));
        assertThat(http("alertmanager-0", 9093, "POST", "/api/v2/silences", silence).status()).isEqualTo(200);
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("destroy-test-credentials").endMetadata()
                .addToData("password", base64("s3cr3t-kept-across-destroy")).build()).create();
        client.configMaps().inNamespace(NS).withName("grafana-datasources").edit(cm -> {
            cm.getData().put("extra.yaml", "kept: across destroy\n");
            return cm;
        });
        configsBefore = configMapData();
        secretsBefore = secretData();
        assertThat(configsBefore).containsKey("prometheus-config");
        assertThat(secretsBefore).containsKeys("grafana-admin", "destroy-test-credentials");
        Path backups = dir.resolve("backups");
        StackDestroyer destroyer = new StackDestroyer(session, NS, new StackDestroyer.BackupOptions(backups,
                PASSPHRASE::clone, false), WAIT);
        Plan plan = destroyer.plan(Cancellation.none());
        List<String> objects = plan.changes().stream().map(Change::subject).toList();
        assertThat(objects.subList(0, 3)).as("the Ingresses go first").allMatch(o -> o.startsWith("Ingress/"));
        assertThat(objects).contains("PersistentVolumeClaim/prometheus-storage-prometheus-0")
                .doesNotContain("Namespace/monitoring");
        assertThat(objects.indexOf("StatefulSet/prometheus"))
                .isLessThan(objects.indexOf("ConfigMap/prometheus-config"));
        assertThat(plan.steps()).extracting(Step::id).containsExactly(StackDestroyer.BACKUP,
                StackDestroyer.DELETE_WORKLOADS, StackDestroyer.WAIT_PODS, StackDestroyer.DELETE, StackDestroyer.WAIT);
        assertThat(plan.backupFirst()).isTrue();

        OperationResult<StackDestroyer.DestroyResult> run = destroyer.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        StackDestroyer.DestroyResult result = run.value();
        archive = result.archive();
        assertThat(result.deleted()).containsExactlyElementsOf(objects);
        assertThat(result.components()).containsExactly("configs", "secrets", "tsdb", "silences");
        assertThat(archive.getParent()).isEqualTo(backups);
        assertThat(archive.getFileName().toString()).matches("full_\\d{14}\\.tar\\.gz");
        VerifyResult verified = ArchiveReader.verify(archive, ProgressListener.none(), Cancellation.none());
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        assertThat(verified.manifest().metadata().components()).containsExactly("configs", "secrets", "tsdb",
                "silences");
        assertThat(verified.manifest().entries()).extracting(ManifestEntry::name)
                .contains("secrets/destroy-test-credentials.yaml", "objects/configmaps/grafana-datasources.yaml",
                        "silences.json").anyMatch(n -> n.matches("tsdb/[0-9A-Z]{26}/meta\\.json"));
        assertThat(result.describe()).contains("Backup: " + archive).contains("deploy it, then restore " + archive);
        assertNamespaceEmpty();
    }

    @Test
    @Order(9)
    void restoreIntoTheEmptiedNamespaceSaysToDeployFirstAndChangesNothing() {
        RestoreOperation restore = restore();

        assertThatThrownBy(() -> restore.plan(Cancellation.none())).isInstanceOf(BackupException.class)
                .hasMessageContaining("holds no deployed stack").hasMessageContaining("Deploy the stack first")
                .hasMessageContaining("then restore " + archive.getFileName());
        assertNamespaceEmpty();
    }

    @Test
    @Order(10)
    void deployThenRestoreFromTheArchiveBringsBackConfigsSecretsSilencesAndSamples() throws Exception {
        // Given the stack deployed again with the same values: fresh volumes, the deploy's own objects
        RenderedStack changed = DeployTestStacks.rendered("production", Map.of("grafanaAdminPassword", PASSWORD,
                "prometheusRetention", "10d"));
        DeployOperation deploy = new DeployOperation(session, current -> changed, WAIT);
        OperationResult<DeployOperation.Report> deployed = deploy.run(deploy.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());
        assertThat(deployed.succeeded()).as(deployed.summary() + " " + deployed.error()).isTrue();
        waitUntilPrometheusAndAlertmanagerAreReady();
        assertThat(client.secrets().inNamespace(NS).withName("destroy-test-credentials").get()).isNull();
        assertThat(configMapData().get("grafana-datasources")).doesNotContainKey("extra.yaml");
        assertThat(rawSamples("prometheus-0", windowEnd)).as("the new volume holds no old samples").isEmpty();
        assertThat(silenceComments()).doesNotContain("before destroy");

        // When
        RestoreOperation restore = restore();
        OperationResult<RestoreResult> run = restore.run(restore.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());

        // Then
        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        assertThat(run.value().blocksWritten()).isPositive();
        assertThat(configMapData()).as("every ConfigMap byte for byte").isEqualTo(configsBefore);
        Map<String, Map<String, String>> secrets = secretData();
        secretsBefore.forEach((name, data) -> assertThat(secrets.get(name)).as(name).isEqualTo(data));
        assertThat(new String(Base64.getDecoder().decode(secrets.get("grafana-admin").get("admin-password")),
                StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
        assertThat(silenceComments()).containsOnlyOnce("before destroy");
        assertThat(rawSamples("prometheus-0", windowEnd)).isEqualTo(samplesBefore);
    }

    @Test
    @Order(11)
    void destroyWithoutABackupWritesNoArchiveAndDeletesEverything() throws Exception {
        Path backups = dir.resolve("backups");
        List<Path> before;
        try (var files = Files.list(backups)) {
            before = files.sorted().toList();
        }
        StackDestroyer destroyer = new StackDestroyer(session, NS, StackDestroyer.BackupOptions.none(), WAIT);

        Plan plan = destroyer.plan(Cancellation.none());
        OperationResult<StackDestroyer.DestroyResult> run = destroyer.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(plan.backupFirst()).isFalse();
        assertThat(plan.steps()).extracting(Step::id).containsExactly(StackDestroyer.DELETE_WORKLOADS,
                StackDestroyer.WAIT_PODS, StackDestroyer.DELETE, StackDestroyer.WAIT);
        assertThat(plan.notes()).anyMatch(n -> n.contains("no backup is taken"));
        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        assertThat(run.value().archive()).isNull();
        assertThat(run.value().describe()).startsWith("No backup was taken.");
        try (var files = Files.list(backups)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
        assertNamespaceEmpty();
    }

    private static RestoreOperation restore() {
        return RestoreOperation.of(session, new RestoreOperation.Options(Duration.ofSeconds(30), WAIT,
                Duration.ofMillis(300)), new RestoreOperation.Request(archive, Set.of(), null,
                PassphraseCipher.of(PASSPHRASE), dir.resolve("backups")));
    }

    private static void assertNamespaceEmpty() {
        assertThat(client.namespaces().withName(NS).get()).isNotNull();
        for (var kind : List.of(client.configMaps().inNamespace(NS).list().getItems(),
                client.secrets().inNamespace(NS).list().getItems(),
                client.services().inNamespace(NS).list().getItems(),
                client.apps().statefulSets().inNamespace(NS).list().getItems(),
                client.apps().deployments().inNamespace(NS).list().getItems(),
                client.apps().replicaSets().inNamespace(NS).list().getItems(),
                client.pods().inNamespace(NS).list().getItems(),
                client.persistentVolumeClaims().inNamespace(NS).list().getItems(),
                client.network().v1().networkPolicies().inNamespace(NS).list().getItems(),
                client.network().v1().ingresses().inNamespace(NS).list().getItems(),
                client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems(),
                client.serviceAccounts().inNamespace(NS).list().getItems())) {
            assertThat(kind).isEmpty();
        }
        assertThat(client.rbac().clusterRoles().withName("monitoring-prometheus").get()).isNull();
    }

    private static void waitUntilPrometheusAndAlertmanagerAreReady() {
        Poll.until(WAIT, "prometheus-0 and alertmanager-0 ready", () -> ready("prometheus-0")
                && ready("alertmanager-0"));
    }

    private static boolean ready(String pod) {
        var p = client.pods().inNamespace(NS).withName(pod).get();
        return p != null && StatefulSetPods.ready(p);
    }

    /** Every ConfigMap's data by name (the cluster's own kube-root-ca.crt left out). */
    private static Map<String, Map<String, String>> configMapData() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        client.configMaps().inNamespace(NS).list().getItems().stream()
                .filter(cm -> !cm.getMetadata().getName().equals("kube-root-ca.crt"))
                .forEach(cm -> out.put(cm.getMetadata().getName(), cm.getData()));
        return out;
    }

    /** Every Secret's data by name (service-account tokens left out). */
    private static Map<String, Map<String, String>> secretData() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        client.secrets().inNamespace(NS).list().getItems().stream()
                .filter(s -> !"kubernetes.io/service-account-token".equals(s.getType()))
                .forEach(s -> out.put(s.getMetadata().getName(), s.getData()));
        return out;
    }

    private static List<String> silenceComments() {
        List<String> out = new java.util.ArrayList<>();
        JSON.readTree(http("alertmanager-0", 9093, "GET", "/api/v2/silences", null).body())
                .forEach(s -> out.add(s.path("comment").asString("")));
        return out;
    }

    /** The raw samples of {@code up} over the 5 minutes before {@code end}, one line per series. */
    private static String rawSamples(String pod, double end) {
        String path = "/api/v1/query?query=" + java.net.URLEncoder.encode("up[5m]", StandardCharsets.UTF_8)
                + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", end);
        PodCalls.Response r = http(pod, 9090, "GET", path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> series = new java.util.ArrayList<>();
        JSON.readTree(r.body()).path("data").path("result").forEach(s -> series.add(s.path("metric").toString()
                + " " + s.path("values").toString()));
        series.sort(String::compareTo);
        return String.join("\n", series);
    }

    private static PodCalls.Response http(String pod, int port, String method, String path, String body) {
        try {
            return new PodCalls(client, NS, Duration.ofSeconds(20)).send(pod, port, method, path, body);
        } catch (IOException e) {
            throw new AssertionError(pod + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> resourceVersions() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (StackObject o : stack.objects()) {
            out.put(o.ref(), client.resource(o.resource()).get().getMetadata().getResourceVersion());
        }
        return out;
    }

    /** Each stack object's UID: a deleted object is missing, a recreated one has another. */
    private static Map<String, String> uids() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (StackObject o : stack.objects()) {
            HasMetadata live = client.resource(o.resource()).get();
            out.put(o.ref(), live == null ? "(missing)" : live.getMetadata().getUid());
        }
        return out;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static final class ByteArrayOutput {
        final java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();

        String text() {
            return stream.toString(StandardCharsets.UTF_8);
        }
    }

}

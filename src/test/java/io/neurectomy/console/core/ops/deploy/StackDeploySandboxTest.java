package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.ops.deploy.StackDeployer.Outcome;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackObject;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy, deploy again, change, validate and destroy the bundled stack on an empty sandbox (three nodes, no stack),
 * with real Prometheus and Alertmanager processes behind the pods.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackDeploySandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = RenderedStack.NAMESPACE;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "a-new-grafana-password-0042";

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static RenderedStack stack;
    private static StackDeployer deployer;

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
        deployer = new StackDeployer(session);
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
        DeployPlan plan = deployer.plan(stack, Cancellation.none());
        assertThat(plan.changes()).hasSize(stack.objects().size()).allMatch(c -> c.action() == Action.CREATE);
        assertThat(plan.changes().get(0).ref()).isEqualTo("Namespace/monitoring");
        assertThat(plan.changes().stream().map(ObjectChange::kind).toList())
                .containsSubsequence("ConfigMap", "Service", "PodDisruptionBudget", "NetworkPolicy", "StatefulSet",
                        "Deployment", "Ingress");

        List<String> steps = new CopyOnWriteArrayList<>();
        StackDeployer.ApplyResult result = deployer.apply(plan, (done, total, message) -> steps.add(done + "/"
                + total + " " + message), Cancellation.none());

        assertThat(result.cancelled()).isFalse();
        assertThat(result.steps()).allMatch(s -> s.outcome() == Outcome.CREATED);
        assertThat(steps).contains("0/" + plan.changes().size() + " Creating Namespace/monitoring")
                .contains(plan.changes().size() + "/" + plan.changes().size() + " Ingress/grafana: created");
        for (StackObject o : stack.objects()) {
            HasMetadata live = client.resource(o.resource()).get();
            assertThat(live).as(o.ref()).isNotNull();
            // The console adds no labels or annotations of its own.
            assertThat(live.getMetadata().getLabels()).as(o.ref()).isEqualTo(o.resource().getMetadata().getLabels());
            assertThat(live.getMetadata().getAnnotations()).as(o.ref())
                    .isEqualTo(o.resource().getMetadata().getAnnotations());
        }
        // Secrets are stored as data, like a real API server does with stringData.
        assertThat(client.secrets().inNamespace(NS).withName("grafana-admin").get().getStringData()).isNullOrEmpty();

        List<String> progress = new CopyOnWriteArrayList<>();
        StackDeployer.RolloutResult rollout = deployer.waitForRollouts(stack, WAIT,
                (done, total, message) -> progress.add(done + "/" + total + " " + message), Cancellation.none());
        assertThat(rollout.complete()).as("rollouts: %s", rollout.workloads()).isTrue();
        assertThat(rollout.workloads()).extracting(StackDeployer.WorkloadRollout::line)
                .containsExactly("prometheus 2/2", "alertmanager 3/3", "grafana 2/2");
        assertThat(progress.get(progress.size() - 1)).isEqualTo("7/7 prometheus 2/2, alertmanager 3/3, grafana 2/2");

        HealthSummary health = deployer.health(stack);
        assertThat(health.allReady()).isTrue();
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

        DeployPlan plan = deployer.plan(stack, Cancellation.none());

        assertThat(plan.changes()).filteredOn(c -> c.action() != Action.UNCHANGED)
                .as(plan.describe()).isEmpty();
        assertThat(plan.unchanged()).isTrue();
        StackDeployer.ApplyResult result = deployer.apply(plan, Progress.none(), Cancellation.none());
        assertThat(result.written()).isZero();
        assertThat(resourceVersions()).isEqualTo(versions);
        assertThat(deployer.currentSecrets()).containsEntry("pagerdutyRoutingKey", "0123456789abcdef0123456789abcdef")
                .containsEntry("slackWebhookUrl",
                        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
                .containsEntry("grafanaAdminPassword", "test-only: not a real 'password' #1")
                .containsKeys("grafanaSecretKey", "ingressBasicAuthHtpasswd");
    }

    @Test
    @Order(4)
    void validateOnTheDeployedStackFindsNothingMissingDifferentOrExtra() {
        ValidationReport report = deployer.validate(stack, Cancellation.none());

        assertThat(report.missing()).isEmpty();
        assertThat(report.differing()).isEmpty();
        assertThat(report.extra()).as(report.describe()).isEmpty();
        assertThat(report.errors()).isZero();
    }

    @Test
    @Order(5)
    void aChangedValueIsOneUpdateWithADiffThatNeverShowsSecretValues() {
        RenderedStack changed = DeployTestStacks.rendered("production", Map.of("grafanaAdminPassword", PASSWORD,
                "prometheusRetention", "10d"));

        DeployPlan plan = deployer.plan(changed, Cancellation.none());

        assertThat(plan.changes()).filteredOn(c -> c.action() == Action.UPDATE).extracting(ObjectChange::ref)
                .containsExactly("Secret/grafana-admin", "StatefulSet/prometheus");
        ObjectChange secret = plan.changes().stream().filter(c -> c.ref().equals("Secret/grafana-admin"))
                .findFirst().orElseThrow();
        assertThat(secret.diff()).contains("+  admin-password: \"(value changed)\"")
                .contains("-  admin-password: \"(secret value)\"").contains("   admin-user: \"(secret value)\"")
                .doesNotContain(PASSWORD).doesNotContain(base64(PASSWORD));
        assertThat(plan.describe()).doesNotContain(PASSWORD).doesNotContain(base64(PASSWORD))
                .containsPattern("(?m)^ +\\+.*--storage\\.tsdb\\.retention\\.time=10d")
                .containsPattern("(?m)^ +-.*--storage\\.tsdb\\.retention\\.time=15d");

        StackDeployer.ApplyResult result = deployer.apply(plan, Progress.none(), Cancellation.none());
        assertThat(result.written()).isEqualTo(2);
        assertThat(new String(Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName("grafana-admin")
                .get().getData().get("admin-password")), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
        assertThat(deployer.plan(changed, Cancellation.none()).unchanged()).isTrue();
    }

    @Test
    @Order(6)
    void destroyRefusesAWrongConfirmationAndSecretsWithoutAPassphrase() {
        StackDestroyer destroyer = new StackDestroyer(session);
        Path file = dir.resolve("refused.yaml");

        DeployException wrong = catchThrowableOfType(DeployException.class, () -> destroyer.destroy(NS, "monitor",
                new StackDestroyer.ExportOptions(file, "pass".toCharArray(), false), WAIT, Progress.none(),
                Cancellation.none()));
        DeployException noPassphrase = catchThrowableOfType(DeployException.class, () -> destroyer.destroy(NS, NS,
                new StackDestroyer.ExportOptions(file, null, false), WAIT, Progress.none(), Cancellation.none()));

        assertThat(wrong.getMessage()).contains("type the namespace name 'monitoring'").contains("Nothing was");
        assertThat(noPassphrase.getMessage()).contains("has Secrets: give a passphrase");
        assertThat(file).doesNotExist();
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    @Order(7)
    void destroyExportsEncryptedThenLeavesTheNamespaceEmpty() throws Exception {
        StackDestroyer destroyer = new StackDestroyer(session);
        StackDestroyer.DestroyPlan plan = destroyer.plan(NS, Cancellation.none());
        assertThat(plan.objects()).startsWith("Ingress/prometheus").contains("PersistentVolumeClaim/prometheus-storage-prometheus-0")
                .doesNotContain("Namespace/monitoring");
        assertThat(plan.objects().indexOf("StatefulSet/prometheus"))
                .isLessThan(plan.objects().indexOf("ConfigMap/prometheus-config"));
        Path file = dir.resolve("export.yaml");

        StackDestroyer.DestroyResult result = destroyer.destroy(NS, NS, new StackDestroyer.ExportOptions(file,
                "correct horse".toCharArray(), false), WAIT, Progress.none(), Cancellation.none());

        assertThat(result.deleted()).containsExactlyElementsOf(plan.objects());
        assertThat(result.secretValues()).isEqualTo(StackExport.SecretValues.ENCRYPTED);
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

        String text = Files.readString(file);
        assertThat(text).contains("format: \"" + StackExport.FORMAT + "\"").contains("name: \"prometheus-config\"")
                .contains("encryptedSecrets:").doesNotContain(PASSWORD).doesNotContain(base64(PASSWORD));
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("export.yaml");
        String secrets = StackExport.readSecrets(file, "correct horse".toCharArray());
        assertThat(secrets).contains("grafana-admin").contains(base64(PASSWORD));
        assertThat(catchThrowableOfType(io.neurectomy.console.core.ConsoleException.class,
                () -> StackExport.readSecrets(file, "wrong".toCharArray())).getMessage())
                .contains("passphrase is wrong");
    }

    private static Map<String, String> resourceVersions() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (StackObject o : stack.objects()) {
            out.put(o.ref(), client.resource(o.resource()).get().getMetadata().getResourceVersion());
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

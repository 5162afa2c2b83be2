package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.deploy.DeployWizardModel.Page;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.fx.StepRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Stack section's models (deploy wizard, validate, destroy), with an inline task runner on the fabric8 mock. */
class StackViewModelTest {
    private MockCluster cluster;
    private ClusterSession session;
    private StackViewModel stack;
    private DeployWizardModel model;
    private final ActivityLog activity = new ActivityLog();
    /** What the typed confirmations were asked, and the answer the user types. */
    private final List<String> typedAsked = new ArrayList<>();
    private String typed = "";

    @TempDir
    Path dir;

    private final DialogService dialogs = new DialogService() {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            throw new AssertionError("no plain confirmation expected: " + title);
        }

        @Override
        public boolean confirmTyped(String title, String message, String name, String confirm) {
            typedAsked.add(name);
            return typed.equals(name);
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    };

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        session = cluster.openSession("test");
        stack = new StackViewModel(new InlineTaskRunner(), Runnable::run, StackManifests::bundled, activity,
                dialogs);
        model = stack.deploy();
        stack.attach(session);
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    private void value(String name, String value) {
        model.values().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().valueProperty()
                .set(value);
    }

    /** The mock cluster has no nodes: preflight blocks the deploy, and the user chooses to deploy anyway. */
    private void pastPreflight() {
        assertThat(model.pageProperty().get()).isEqualTo(Page.PREFLIGHT);
        assertThat(model.preflight().blockingProperty().get()).isTrue();
        assertThat(model.flow().canGoNext().get()).isFalse();
        model.preflight().deployAnywayProperty().set(true);
        model.next();
    }

    private void fillSecrets() {
        model.generatePassword();
        model.secrets().slackWebhookUrlProperty().set("https://hooks.slack.com/services/T0/B0/X");
        model.secrets().pagerdutyRoutingKeyProperty().set("0123456789abcdef");
        model.secrets().newUserProperty().set("admin");
        model.secrets().newUserPasswordProperty().set("admin-password");
        model.addUser();
    }

    @Test
    void valuesPageOffersTheNonSecretValuesAndRefusesAMissingOne() {
        assertThat(model.environments()).containsExactly("staging", "production");
        assertThat(model.values()).extracting(ValueRow::name).contains("domain", "storageClass", "prometheusVersion")
                .doesNotContain("grafanaAdminPassword", "slackWebhookUrl", "ingressBasicAuthHtpasswd");

        model.next();
        model.next();

        assertThat(model.pageProperty().get()).isEqualTo(Page.VALUES);
        assertThat(model.operation().errorProperty().get()).contains("value 'domain' is not set");
    }

    @Test
    void theWizardFlowKeepsNextDisabledWhileAPageIsInvalid() {
        assertThat(model.flow().canGoNext().get()).isTrue();
        model.environmentProperty().set("");
        assertThat(model.flow().canGoNext().get()).as("no environment chosen").isFalse();
        model.environmentProperty().set("staging");
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.VALUES);
        assertThat(model.flow().canGoNext().get()).isTrue();

        value("prometheusRetention", "fifteen days");
        assertThat(model.flow().canGoNext().get()).as("a retention that is no duration").isFalse();
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.VALUES);
        assertThat(model.operation().errorProperty().get())
                .startsWith("prometheusRetention must be a Prometheus duration");

        value("prometheusRetention", "10d");
        assertThat(model.flow().canGoNext().get()).isTrue();
        value("domain", "example.org");
        value("storageClass", "fast");
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.PREFLIGHT);
        assertThat(model.preflight().findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("preflight-nodes");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(model.flow().canGoNext().get()).as("preflight blocks: the mock has no nodes").isFalse();
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.PREFLIGHT);
        model.preflight().deployAnywayProperty().set(true);
        assertThat(model.flow().canGoNext().get()).isTrue();
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        assertThat(model.flow().canGoNext().get()).isTrue();

        stack.attach(null);
        assertThat(model.flow().canGoNext().get()).as("planning needs a connection").isFalse();
    }

    @Test
    void secretsPageNamesWhatIsMissingWithoutEchoingValues() {
        model.next();
        value("domain", "example.org");
        value("storageClass", "fast");
        model.next();
        pastPreflight();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);

        model.secrets().grafanaPasswordProperty().set("short");
        model.next();

        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        assertThat(model.operation().errorProperty().get()).contains("Grafana admin password")
                .contains("Slack webhook URL").contains("Basic auth").doesNotContain("short");
    }

    @Test
    void walksToTheReviewPageApplyAndHealth() {
        model.next();
        value("domain", "example.org");
        value("storageClass", "fast");
        model.next();
        pastPreflight();
        assertThat(model.secrets().revealSecretsProperty().get()).isFalse();
        fillSecrets();
        assertThat(model.secrets().revealSecretsProperty().get()).as("a generated password is shown to be noted")
                .isTrue();
        assertThat(model.secrets().grafanaPasswordProperty().get()).hasSize(24);
        assertThat(model.secrets().basicAuthUsers()).containsExactly("admin");
        assertThat(model.secrets().newUserPasswordProperty().get()).isEmpty();

        model.next();

        assertThat(model.operation().errorProperty().get()).isEmpty();
        assertThat(model.pageProperty().get()).isEqualTo(Page.REVIEW);
        // The mock cluster has namespace monitoring without the stack's labels: one update, the rest created.
        assertThat(model.changes()).first().satisfies(c -> {
            assertThat(c.ref()).isEqualTo("Namespace/monitoring");
            assertThat(c.action()).isEqualTo(ObjectChange.Action.UPDATE);
            assertThat(c.diff()).contains("+    pod-security.kubernetes.io/enforce: \"restricted\"");
        });
        assertThat(model.selectedChangeProperty().get().ref()).isEqualTo("Namespace/monitoring");
        assertThat(model.changes().subList(1, model.changes().size()))
                .allMatch(c -> c.action() == ObjectChange.Action.CREATE);
        assertThat(model.planSummaryProperty().get()).startsWith((model.changes().size() - 1) + " to create, 1 to"
                + " update, 0 unchanged");

        model.back();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        model.setRolloutTimeout(Duration.ZERO);
        model.next();
        model.next();

        // No controller runs in the mock: the rollout wait ends at its deadline and health says what is not ready.
        assertThat(model.pageProperty().get()).isEqualTo(Page.HEALTH);
        assertThat(model.operation().steps()).hasSize(model.changes().size() + 2).first()
                .satisfies(s -> {
                    assertThat(s.step().title()).isEqualTo("Update Namespace/monitoring");
                    assertThat(s.state()).isEqualTo(StepRow.State.DONE);
                    assertThat(s.detail()).isEqualTo("updated");
                });
        List<StepRow> steps = model.operation().steps();
        assertThat(steps.get(steps.size() - 2).state()).isEqualTo(StepRow.State.FAILED);
        assertThat(model.health()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("StatefulSet/prometheus");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("ready 0/2");
        });
        assertThat(model.statusProperty().get()).startsWith("Not every replica is ready");
        assertThat(activity.recent()).hasSize(1);
        assertThat(cluster.adminClient().apps().statefulSets().inNamespace("monitoring").withName("prometheus")
                .get()).isNotNull();

        // Again, with every secret field left empty and no user added: the deployed values are kept.
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.ENVIRONMENT);
        model.next();
        model.next();
        pastPreflight();
        model.secrets().grafanaPasswordProperty().set("");
        model.secrets().slackWebhookUrlProperty().set("");
        model.secrets().pagerdutyRoutingKeyProperty().set("");
        model.removeUser("admin");
        model.next();

        assertThat(model.operation().errorProperty().get()).isEmpty();
        assertThat(model.pageProperty().get()).isEqualTo(Page.REVIEW);
        assertThat(model.changes()).allMatch(c -> c.action() == ObjectChange.Action.UNCHANGED);
        assertThat(model.planSummaryProperty().get()).endsWith(": applying writes nothing.");
    }

    @Test
    void validateShowsTheChecksAndTheClusterDifferencesAsFindings() throws Exception {
        Path values = dir.resolve("values.yaml");
        try (var in = getClass().getClassLoader().getResourceAsStream("stack/fixtures/test-values.yaml")) {
            java.nio.file.Files.write(values, in.readAllBytes());
        }
        model.valuesFileProperty().set(values.toString());
        model.next();
        value("domain", "example.org");
        value("storageClass", "fast");
        fillSecrets();

        stack.validation().validate();

        assertThat(stack.validation().operation().errorProperty().get()).isEmpty();
        assertThat(stack.validation().findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("object-missing");
            assertThat(f.subject()).isEqualTo("StatefulSet/prometheus");
        });
        assertThat(stack.validation().summaryProperty().get()).contains(" missing, ");
    }

    @Test
    void destroyIsRefusedWithoutTheTypedNamespaceName() {
        cluster.adminClient().configMaps().inNamespace("monitoring").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("prometheus-config").endMetadata().addToData("prometheus.yml", "global: {}\n").build())
                .create();
        DestroyModel destroy = stack.destroy();
        destroy.planDestroy();
        assertThat(destroy.plan()).first().asString().startsWith("Destroy the stack in namespace monitoring");
        assertThat(destroy.backupProperty().get()).as("a backup is taken unless the user unticks it").isTrue();
        assertThat(destroy.plan()).anyMatch(line -> line.contains("A full backup archive"));

        destroy.exportPassphraseProperty().set("one passphrase");
        destroy.exportPassphraseRepeatProperty().set("one passphrasf");
        destroy.destroy();
        assertThat(destroy.operation().errorProperty().get()).startsWith("The two passphrases differ");
        assertThat(typedAsked).isEmpty();

        Path backups = dir.resolve("backups");
        destroy.backupDirProperty().set(backups.toString());
        destroy.exportPassphraseRepeatProperty().set("one passphrase");
        typed = "monitorin";
        destroy.destroy();

        assertThat(typedAsked).containsExactly("monitoring");
        assertThat(backups).doesNotExist();
        assertThat(destroy.resultProperty().get()).isEmpty();
        assertThat(destroy.archiveProperty().get()).isEmpty();
        assertThat(activity.recent()).isEmpty();
        assertThat(cluster.adminClient().configMaps().inNamespace("monitoring").withName("prometheus-config").get())
                .isNotNull();
    }
}

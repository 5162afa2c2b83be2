package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.deploy.StackViewModel.Page;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deploy wizard's model, with an inline task runner against the fabric8 mock server. */
class StackViewModelTest {
    private MockCluster cluster;
    private ClusterSession session;
    private StackViewModel model;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        session = cluster.openSession("test");
        model = new StackViewModel(new InlineTaskRunner(), Runnable::run, StackManifests::bundled);
        model.attach(session);
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

    private void fillSecrets() {
        model.generatePassword();
        model.slackWebhookUrlProperty().set("https://hooks.slack.com/services/T0/B0/X");
        model.pagerdutyRoutingKeyProperty().set("0123456789abcdef");
        model.newUserProperty().set("admin");
        model.newUserPasswordProperty().set("admin-password");
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
        assertThat(model.errorProperty().get()).contains("value 'domain' is not set");
    }

    @Test
    void secretsPageNamesWhatIsMissingWithoutEchoingValues() {
        model.next();
        value("domain", "example.org");
        value("storageClass", "fast");
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);

        model.grafanaPasswordProperty().set("short");
        model.next();

        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        assertThat(model.errorProperty().get()).contains("Grafana admin password").contains("Slack webhook URL")
                .contains("Basic auth").doesNotContain("short");
    }

    @Test
    void walksToTheReviewPageApplyAndHealth() {
        model.next();
        value("domain", "example.org");
        value("storageClass", "fast");
        model.next();
        assertThat(model.revealSecretsProperty().get()).isFalse();
        fillSecrets();
        assertThat(model.revealSecretsProperty().get()).as("a generated password is shown to be noted").isTrue();
        assertThat(model.grafanaPasswordProperty().get()).hasSize(24);
        assertThat(model.basicAuthUsers()).containsExactly("admin");
        assertThat(model.newUserPasswordProperty().get()).isEmpty();

        model.next();

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.pageProperty().get()).isEqualTo(Page.REVIEW);
        // The mock cluster has namespace monitoring without the stack's labels: one update, the rest created.
        assertThat(model.changes()).first().satisfies(c -> {
            assertThat(c.ref()).isEqualTo("Namespace/monitoring");
            assertThat(c.action()).isEqualTo(ObjectChange.Action.UPDATE);
            assertThat(c.diff()).contains("+    pod-security.kubernetes.io/enforce: \"restricted\"");
        });
        assertThat(model.selectedChangeProperty().get().ref()).isEqualTo("Namespace/monitoring");
        assertThat(model.changes().subList(1, model.changes().size())).allMatch(c -> c.action() == ObjectChange.Action.CREATE);
        assertThat(model.planSummaryProperty().get()).startsWith((model.changes().size() - 1) + " to create, 1 to"
                + " update, 0 unchanged");

        model.back();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        model.next();
        model.setRolloutTimeout(Duration.ZERO);
        model.next();

        // No controller runs in the mock: the rollout wait ends at its deadline and health says what is not ready.
        assertThat(model.pageProperty().get()).isEqualTo(Page.HEALTH);
        assertThat(model.steps()).hasSize(model.changes().size()).first().isEqualTo("Namespace/monitoring: updated");
        assertThat(model.health()).contains("✘ StatefulSet prometheus: ready 0/2");
        assertThat(model.progressTextProperty().get()).startsWith("Not every replica is ready");
        assertThat(cluster.adminClient().apps().statefulSets().inNamespace("monitoring").withName("prometheus")
                .get()).isNotNull();

        // Again, with every secret field left empty and no user added: the deployed values are kept.
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.ENVIRONMENT);
        model.next();
        model.next();
        model.grafanaPasswordProperty().set("");
        model.slackWebhookUrlProperty().set("");
        model.pagerdutyRoutingKeyProperty().set("");
        model.removeUser("admin");
        model.next();

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.pageProperty().get()).isEqualTo(Page.REVIEW);
        assertThat(model.changes()).allMatch(c -> c.action() == ObjectChange.Action.UNCHANGED);
        assertThat(model.planSummaryProperty().get()).endsWith(": applying writes nothing.");
    }

    @Test
    void destroyNeedsTheTypedNamespaceName() {
        model.planDestroy();
        assertThat(model.destroyPlan()).first().asString().startsWith("Destroy plan for namespace monitoring");
        assertThat(model.exportFileProperty().get()).contains("monitoring-export-monitoring-");

        model.destroyConfirmationProperty().set("monitorin");
        assertThat(model.destroyConfirmed()).isFalse();
        model.destroy();
        assertThat(model.errorProperty().get()).contains("type the namespace name 'monitoring' exactly");

        model.destroyConfirmationProperty().set("monitoring");
        assertThat(model.destroyConfirmed()).isTrue();
        model.exportPassphraseProperty().set("one passphrase");
        model.exportPassphraseRepeatProperty().set("one passphrasf");
        model.destroy();
        assertThat(model.errorProperty().get()).startsWith("The two passphrases differ");
        assertThat(java.nio.file.Path.of(model.exportFileProperty().get())).doesNotExist();
    }
}

package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.core.stack.ValueSpec;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code validate ENV --offline} checks the manifests without production secrets: each secret nobody gives is
 * rendered as a placeholder and reported as a warning naming it, where it is used and how to set it; {@code deploy}
 * still refuses without them.
 */
class ValidateOfflineSecretsTest {
    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    /** The site's values (not secrets) and nothing else. */
    private Path siteValuesOnly() throws IOException {
        Path file = dir.resolve("prod-without-secrets.yaml");
        Files.writeString(file, "domain: monitoring.example.org\nstorageClass: fast-ssd\n");
        return file;
    }

    private static List<String> requiredSecrets() {
        return StackManifests.bundled().valueSpecs().stream().filter(s -> s.secret() && s.required())
                .map(ValueSpec::name).toList();
    }

    @Test
    void offlineValidateWithoutSecretsPassesWithAWarningPerUnsetSecret() throws IOException {
        int code = cli.run("validate", "production", "--offline", "--values", siteValuesOnly().toString());

        assertThat(code).as(cli.err()).isZero();
        assertThat(requiredSecrets()).contains("pagerdutyRoutingKey", "slackWebhookUrl", "grafanaAdminPassword");
        for (String secret : requiredSecrets()) {
            assertThat(cli.out()).as(secret).contains("WARNING [secret-unset] " + secret + " (")
                    .contains("Add a line '" + secret + ": <value>' to your values file");
        }
        assertThat(cli.out()).contains("pagerdutyRoutingKey (manifests/04-alertmanager-config.yaml:61): is not set")
                .contains("Used at manifests/04-alertmanager-config.yaml:67, manifests/04-alertmanager-config.yaml:74")
                .contains("checked with the placeholder https://unset-secret.invalid/UNSET-SECRET-slackWebhookUrl")
                .contains("deploy refuses to run without it");
        assertThat(cli.err()).doesNotContain("is not set");
    }

    @Test
    void offlineValidateAsJsonListsTheUnsetSecretsAsWarningFindings() throws IOException {
        int code = cli.run("validate", "production", "--offline", "--values", siteValuesOnly().toString(),
                "--output", "json");

        assertThat(code).as(cli.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.get("status").asString()).isEqualTo("succeeded");
        List<String> unset = new ArrayList<>();
        for (JsonNode f : doc.get("value").get("findings")) {
            if (f.get("code").asString().equals("secret-unset")) {
                assertThat(f.get("severity").asString()).isEqualTo("WARNING");
                assertThat(f.get("location").asString()).startsWith("manifests/");
                unset.add(f.get("subject").asString());
            }
        }
        assertThat(unset).containsExactlyInAnyOrderElementsOf(requiredSecrets());
    }

    @Test
    void aSecretTheValuesFileGivesIsNeitherWarnedAboutNorReplaced() throws IOException {
        Path file = siteValuesOnly();
        Files.writeString(file, "pagerdutyRoutingKey: 0123456789abcdef0123456789abcdef\n",
                StandardOpenOption.APPEND);

        assertThat(cli.run("validate", "production", "--offline", "--values", file.toString())).isZero();

        assertThat(cli.out()).contains("[secret-unset] slackWebhookUrl")
                .doesNotContain("[secret-unset] pagerdutyRoutingKey");
    }

    @Test
    void offlineValidateStillNeedsTheValuesThatAreNotSecrets() {
        int code = cli.run("validate", "production", "--offline");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("value 'domain' is not set").contains("value 'storageClass' is not set")
                .doesNotContain("pagerdutyRoutingKey").doesNotContain("slackWebhookUrl")
                .doesNotContain("grafanaAdminPassword");
    }

    @Test
    void deployStillRefusesWithoutTheSecretsAndWritesNothing() throws IOException {
        try (MockCluster cluster = new MockCluster()) {
            Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), cluster.url());

            int code = cli.on(kubeconfig, "deploy", "production", "--values", siteValuesOnly().toString(), "--yes",
                    "--timeout", "PT5S");

            assertThat(code).isEqualTo(1);
            assertThat(cli.err()).contains("value 'pagerdutyRoutingKey' is not set")
                    .contains("value 'slackWebhookUrl' is not set").contains("value 'grafanaAdminPassword' is not set");
            assertThat(cli.out() + cli.err()).doesNotContain("UNSET-SECRET");
            var admin = cluster.adminClient();
            assertThat(admin.configMaps().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.secrets().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isEmpty();
        }
    }
}

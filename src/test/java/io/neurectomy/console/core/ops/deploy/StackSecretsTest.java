package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.stack.ValueType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackSecretsTest {

    @Test
    void generatedPasswordsAreLongValidAndDifferent() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String p = StackSecrets.generatePassword(24);
            assertThat(p).hasSize(24);
            assertThat(ValueType.PASSWORD.valid(p)).isTrue();
            seen.add(p);
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void basicAuthUsersBecomeBcryptHtpasswdLinesThatVerify() {
        String line = StackSecrets.htpasswdLine("oncall", "s3cret-pass".toCharArray());

        assertThat(line).startsWith("oncall:$2y$10$").doesNotContain("s3cret-pass");
        assertThat(ValueType.HTPASSWD.valid(line)).isTrue();
        assertThat(StackSecrets.verify(line, "s3cret-pass".toCharArray())).isTrue();
        assertThat(StackSecrets.verify(line, "wrong-pass".toCharArray())).isFalse();
    }

    @Test
    void badUsersAndShortPasswordsAreRefused() {
        assertThatThrownBy(() -> StackSecrets.htpasswdLine("a:b", "longenough".toCharArray()))
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> StackSecrets.htpasswdLine("admin", "short".toCharArray()))
                .hasMessageContaining("at least 8");
    }

    @Test
    void valuesFillTheStacksSecretsAndProblemsNameWhatIsMissing() {
        StackSecrets secrets = new StackSecrets();
        assertThat(secrets.problems()).hasSize(4);

        String password = secrets.generateGrafanaAdminPassword();
        secrets.setSlackWebhookUrl("https://hooks.slack.com/services/T0/B0/X");
        secrets.setPagerdutyRoutingKey("0123456789abcdef");
        secrets.addBasicAuthUser("admin", "admin-password".toCharArray());
        secrets.addBasicAuthUser("oncall", "oncall-password".toCharArray());

        assertThat(secrets.problems()).isEmpty();
        assertThat(secrets.values()).containsEntry("grafanaAdminPassword", password)
                .containsKeys("grafanaSecretKey", "slackWebhookUrl", "pagerdutyRoutingKey",
                        "ingressBasicAuthHtpasswd");
        assertThat(secrets.values().get("ingressBasicAuthHtpasswd").lines()).hasSize(2);
        assertThat(secrets.toString()).doesNotContain(password).doesNotContain("hooks.slack.com");
        // The rendered stack accepts them.
        assertThat(DeployTestStacks.rendered("staging", secrets.values()).secretData("grafana-admin",
                "admin-password")).contains(password);
    }

    @Test
    void emptyFieldsKeepTheDeployedValuesAndTheSecretKeyIsNeverReplaced() {
        StackSecrets secrets = new StackSecrets();
        secrets.setSlackWebhookUrl("https://hooks.slack.com/services/NEW");
        secrets.values(); // generates a secret key before the deployed one is known

        secrets.keep(java.util.Map.of("grafanaAdminPassword", "deployed-password-1", "grafanaSecretKey",
                "deployed-secret-key", "slackWebhookUrl", "https://hooks.slack.com/services/OLD",
                "pagerdutyRoutingKey", "deployedroutingkey", "ingressBasicAuthHtpasswd", "admin:$2y$10$abc"));

        assertThat(secrets.problems()).isEmpty();
        assertThat(secrets.values()).containsEntry("grafanaAdminPassword", "deployed-password-1")
                .containsEntry("grafanaSecretKey", "deployed-secret-key")
                .containsEntry("slackWebhookUrl", "https://hooks.slack.com/services/NEW")
                .containsEntry("pagerdutyRoutingKey", "deployedroutingkey")
                .containsEntry("ingressBasicAuthHtpasswd", "admin:$2y$10$abc");
    }
}

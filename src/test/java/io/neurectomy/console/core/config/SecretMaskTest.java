package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskTest {
    private static final String CONFIG = """
            global:
              resolve_timeout: 5m
              slack_api_url: 'https://hooks.slack.com/services/T0/B0/XYZ'
            receivers:
              - name: pagerduty-critical
                pagerduty_configs:
                  - routing_key: 0123456789abcdef  # from the PagerDuty service
              - name: web
                webhook_configs:
                  - url: http://hook.example/alert
                    http_config:
                      basic_auth:
                        username: ops
                        password: hunter2
                        password_file: /etc/secret/pw
            """;

    @Test
    void hidesSecretValuesAndPutsThemBack() {
        SecretMask.Masked masked = SecretMask.mask(CONFIG);
        assertThat(masked.text()).doesNotContain("hooks.slack.com", "0123456789abcdef", "hook.example", "hunter2")
                .contains("resolve_timeout: 5m", "username: ops", "password_file: /etc/secret/pw",
                        "routing_key: ‹secret-2›  # from the PagerDuty service");
        assertThat(masked.values()).hasSize(4);
        assertThat(masked.toString()).doesNotContain("hunter2");
        String edited = masked.text().replace("resolve_timeout: 5m", "resolve_timeout: 7m");
        assertThat(masked.unmask(edited)).isEqualTo(CONFIG.replace("resolve_timeout: 5m", "resolve_timeout: 7m"));
    }

    @Test
    void redactionKeepsTheShape() {
        String redacted = SecretMask.redact(CONFIG);
        assertThat(redacted.lines().count()).isEqualTo(CONFIG.lines().count());
        assertThat(redacted).contains("password: " + SecretMask.REDACTED).doesNotContain("hunter2");
        assertThat(SecretMask.redact("a: b")).isEqualTo("a: b");
    }
}

package io.neurectomy.console.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskingConverterTest {

    @Test
    void masksBearerAndBasicAuthorization() {
        String masked = SecretMaskingConverter.mask("sent Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abc.def now");
        assertThat(masked).doesNotContain("eyJhbGciOiJSUzI1NiJ9").startsWith("sent Authorization: ").endsWith(" now");
        assertThat(SecretMaskingConverter.mask("header Bearer eyJhbGciOiJSUzI1NiJ9")).isEqualTo("header Bearer ******");
        assertThat(SecretMaskingConverter.mask("Basic YWRtaW46c2VjcmV0")).isEqualTo("Basic ******");
    }

    @Test
    void masksValuesOfSecretNamedKeys() {
        assertThat(SecretMaskingConverter.mask("token: s3cr3t-token-value"))
                .isEqualTo("token: ******");
        assertThat(SecretMaskingConverter.mask("admin-password=hunter2 user=admin"))
                .isEqualTo("admin-password=****** user=admin");
        assertThat(SecretMaskingConverter.mask("{\"client-key-data\": \"LS0tLS1CRUdJTg\"}"))
                .doesNotContain("LS0tLS1CRUdJTg");
        assertThat(SecretMaskingConverter.mask("AWS_SECRET_ACCESS_KEY=abcd1234")).doesNotContain("abcd1234");
    }

    @Test
    void masksWebhookUrlsAndUrlPasswords() {
        assertThat(SecretMaskingConverter.mask("posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX"))
                .isEqualTo("posting to https://hooks.slack.com/services/******");
        assertThat(SecretMaskingConverter.mask("db postgres://grafana:pa55word@db:5432/grafana"))
                .isEqualTo("db postgres://grafana:******@db:5432/grafana");
    }

    @Test
    void leavesOrdinaryMessagesAlone() {
        String text = "Watch on Pod failed, retrying: connection refused (server https://10.0.0.1:6443)";
        assertThat(SecretMaskingConverter.mask(text)).isEqualTo(text);
    }
}

package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pairs whose key names a secret are masked wherever they stand, also right after a pair whose key names none. */
class CredentialMaskTest {
    @Test
    void aTokenInAUrlAfterAKeyThatNamesNoSecretIsMasked() {
        assertThat(CredentialMask.mask("url https://alerts.example.org/hook?token=WebhookSecret123 answered 400"))
                .isEqualTo("url https://alerts.example.org/hook?token=****** answered 400");
    }

    @Test
    void aPasswordOnTheLineAfterAPositionIsMasked() {
        assertThat(CredentialMask.mask("in 'string', line 2, column 23:\n    grafanaAdminPassword: \"Hunter2x"))
                .isEqualTo("in 'string', line 2, column 23:\n    grafanaAdminPassword: \"******");
    }

    @Test
    void keysThatNameNoSecretKeepTheirValuesAndSchemeWordsStay() {
        assertThat(CredentialMask.mask("level=info msg=started port=9090")).isEqualTo(
                "level=info msg=started port=9090");
        assertThat(CredentialMask.mask("Authorization: Bearer abcdefgh12345678")).isEqualTo(
                "Authorization: Bearer ******");
        assertThat(CredentialMask.mask("{\"api_key\": \"k-123\", \"user\": \"ann\"}")).isEqualTo(
                "{\"api_key\": \"******\", \"user\": \"ann\"}");
    }
}

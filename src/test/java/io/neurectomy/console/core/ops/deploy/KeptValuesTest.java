package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptValuesTest {
    @TempDir
    Path dir;

    @Test
    void theValuesFileAndGivenValuesWinOverWhatTheClusterHas() throws IOException {
        Path file = dir.resolve("values.yaml");
        Files.writeString(file, "domain: example.org\nslackWebhookUrl: https://hooks.slack.com/services/FILE\n");
        Map<String, String> current = Map.of("slackWebhookUrl", "https://hooks.slack.com/services/CLUSTER",
                "grafanaAdminPassword", "cluster-password", "pagerdutyRoutingKey", "clusterkey0001");

        Map<String, String> merged = KeptValues.merged(current, file, Map.of("pagerdutyRoutingKey", "givenkey0001"));

        assertThat(merged).doesNotContainKey("slackWebhookUrl")
                .containsEntry("grafanaAdminPassword", "cluster-password")
                .containsEntry("pagerdutyRoutingKey", "givenkey0001");
        assertThat(KeptValues.namesIn(null)).isEmpty();
        assertThat(KeptValues.notSetIn(current, dir.resolve("missing.yaml"))).isEqualTo(current);
    }
}

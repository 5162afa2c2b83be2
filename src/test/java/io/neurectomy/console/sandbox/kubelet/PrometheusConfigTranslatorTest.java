package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class PrometheusConfigTranslatorTest {
    private static final Path ROOT = Path.of("/work/pods/monitoring/prometheus-0");
    private final PrometheusConfigTranslator translator = new PrometheusConfigTranslator(
            (role, namespaces) -> "http://127.0.0.1:1/sd?role=" + role + "&namespace=" + String.join(",", namespaces));

    @TempDir
    Path tmp;

    @Test
    void kubernetesDiscoveryBecomesHttpDiscoveryInScrapeConfigsAndAlerting() throws IOException {
        Map<String, Object> config = parse(translator.translate(seededConfig(), ROOT, "/etc/prometheus/",
                Map.of(9090, 41234)));

        assertThat(translatedText(config)).doesNotContain("kubernetes_sd_configs");
        Map<String, Object> job = job(config, "alertmanager");
        assertThat(job.get("http_sd_configs")).isEqualTo(List.of(Map.of(
                "url", "http://127.0.0.1:1/sd?role=pod&namespace=monitoring", "refresh_interval", "5s")));
        assertThat(job.get("relabel_configs")).asList().hasSize(1);
        Map<?, ?> alerting = (Map<?, ?>) config.get("alerting");
        Map<?, ?> alertmanagers = (Map<?, ?>) ((List<?>) alerting.get("alertmanagers")).get(0);
        assertThat(alertmanagers.get("http_sd_configs")).isEqualTo(List.of(Map.of(
                "url", "http://127.0.0.1:1/sd?role=endpoints&namespace=monitoring", "refresh_interval", "5s")));
        assertThat(alertmanagers.get("relabel_configs")).asList().hasSize(2);
    }

    @Test
    void filePathsPointIntoThePodDirectoryAndLocalhostToThePodsOwnPort() throws IOException {
        Map<String, Object> config = parse(translator.translate(seededConfig(), ROOT, "/etc/prometheus/",
                Map.of(9090, 41234)));

        assertThat(config.get("rule_files")).isEqualTo(List.of(ROOT + "/etc/prometheus/rules/*.yml"));
        Map<?, ?> staticConfig = (Map<?, ?>) ((List<?>) job(config, "prometheus").get("static_configs")).get(0);
        assertThat(staticConfig.get("targets")).isEqualTo(List.of("127.0.0.1:41234"));
        assertThat(((Map<?, ?>) config.get("global")).get("external_labels"))
                .isEqualTo(Map.of("cluster", "sandbox", "prometheus_replica", "$(POD_NAME)"));
    }

    @Test
    void relativeAndNestedFilePathsAreResolvedAgainstTheConfigDirectory() {
        String yaml = """
                rule_files: [rules/a.yml]
                scrape_configs:
                  - job_name: x
                    bearer_token_file: /var/run/secrets/token
                    file_sd_configs:
                      - files: [targets/*.json]
                """;

        Map<String, Object> config = parse(translator.translate(yaml, ROOT, "/etc/prometheus/", Map.of()));

        assertThat(config.get("rule_files")).isEqualTo(List.of(ROOT + "/etc/prometheus/rules/a.yml"));
        Map<String, Object> job = job(config, "x");
        assertThat(job.get("bearer_token_file")).isEqualTo(ROOT + "/var/run/secrets/token");
        assertThat(((Map<?, ?>) ((List<?>) job.get("file_sd_configs")).get(0)).get("files"))
                .isEqualTo(List.of(ROOT + "/etc/prometheus/targets/*.json"));
    }

    @Test
    void textThatDoesNotParseIsPassedThroughForPrometheusToReject() {
        String broken = "global:\n  scrape_interval: [15s\n";

        assertThat(translator.translate(broken, ROOT, "/etc/prometheus/", Map.of())).isEqualTo(broken);
    }

    @Test
    void scalarsKeepTheirMeaningForGo() {
        String yaml = "global:\n  external_labels:\n    switch: on\n    day: 2026-11-26\n    enabled: true\n";

        String out = translator.translate(yaml, ROOT, "/etc/prometheus/", Map.of());

        assertThat(out).contains("switch: on", "day: 2026-11-26", "enabled: true");
    }

    @Test
    void debiansPromtoolAcceptsTheTranslatedSeedConfiguration() throws Exception {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        Path rules = Files.createDirectories(tmp.resolve("etc/prometheus/rules"));
        Files.writeString(rules.resolve("empty.yml"), "groups: []\n");
        Path file = tmp.resolve("translated.yml");
        Files.writeString(file, translator.translate(seededConfig(), tmp, "/etc/prometheus/", Map.of(9090, 41234)));

        Process check = new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(check.exitValue()).as(output).isZero();
    }

    private static String seededConfig() throws IOException {
        try (InputStream in = PrometheusConfigTranslatorTest.class.getClassLoader()
                .getResourceAsStream("sandbox/stack.yaml")) {
            String stack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(stack)) {
                Map<?, ?> object = (Map<?, ?>) doc;
                Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
                if ("prometheus-config".equals(metadata.get("name"))) {
                    return (String) ((Map<?, ?>) object.get("data")).get("prometheus.yml");
                }
            }
        }
        throw new IllegalStateException("seeded prometheus-config not found");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static String translatedText(Map<String, Object> config) {
        return new Yaml().dump(config);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> config, String name) {
        return ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
                .filter(j -> name.equals(j.get("job_name"))).findFirst().orElseThrow();
    }
}

package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered rule files and Alertmanager configuration pass Debian's promtool and amtool (skipped with a message
 * when the tools are missing; CI requires them). Prometheus's own configuration is checked by
 * {@code sandbox.BundledConfigPromtoolTest}, after the translation Debian's Prometheus needs.
 */
class BundledConfigToolsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyRuleFilePassesPromtool(String environment) throws Exception {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        Map<String, String> files = TestStacks.rendered(environment).ruleFiles();
        assertThat(files).isNotEmpty();
        int rules = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = tmp.resolve(environment + "-" + file.getKey());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);

            Result result = run(promtool.toString(), "check", "rules", path.toString());

            assertThat(result.code()).as(file.getKey() + ": " + result.output()).isZero();
            rules += Integer.parseInt(result.output().replaceAll("(?s).*SUCCESS: (\\d+) rules found.*", "$1"));
        }
        assertThat(rules).isEqualTo(RuleChecks.rules(TestStacks.rendered(environment)).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void alertmanagerConfigPassesAmtool(String environment) throws Exception {
        Path amtool = RealServers.require(RealServers.AMTOOL);
        Path config = tmp.resolve("alertmanager.yml");
        Files.writeString(config, TestStacks.rendered(environment).alertmanagerConfig().orElseThrow());

        Result result = run(amtool.toString(), "check-config", config.toString());

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").contains("2 inhibit rules").contains("5 receivers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules", "alertmanager"})
    void theToolsRejectWhatTheChecksRejectToo(String tool) throws Exception {
        Path binary = RealServers.require(tool.equals("rules") ? RealServers.PROMTOOL : RealServers.AMTOOL);
        Path file = tmp.resolve("broken.yml");
        if (tool.equals("rules")) {
            Files.writeString(file, TestStacks.broken("rule-files-broken.yaml").ruleFiles().get("duplicate.yml"));
        } else {
            Files.writeString(file, TestStacks.broken("alertmanager-routes-broken.yaml").alertmanagerConfig()
                    .orElseThrow());
        }

        Result result = tool.equals("rules") ? run(binary.toString(), "check", "rules", file.toString())
                : run(binary.toString(), "check-config", file.toString());

        assertThat(result.code()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(tool.equals("alertmanager") ? "undefined receiver \"slack-critcal\""
                : "not a valid duration string: \"5 minutes\"");
    }

    record Result(int code, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}

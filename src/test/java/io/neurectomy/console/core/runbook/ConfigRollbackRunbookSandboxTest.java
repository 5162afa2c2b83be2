package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * The broken-config runbook on the full sandbox, with nobody at the keyboard: a config applied through the console is
 * in the history; then someone changes the ConfigMap by hand to one Prometheus refuses on reload. The runbook's
 * automatic step puts the console's last version back (validated, applied, reloaded), and the verification passes:
 * the ConfigMap holds that version byte for byte, and the replica runs it.
 */
class ConfigRollbackRunbookSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = HealthSandbox.NS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static HealthSandbox ground;

    @BeforeAll
    static void start() throws InterruptedException {
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        ground = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("console.dataDir");
        if (ground != null) {
            ground.close();
        }
    }

    @Test
    void aConfigChangedByHandThatPrometheusRefusesIsRolledBackToTheConsolesLastVersion() throws Exception {
        // Given a config applied through the console, so the history holds it
        ConfigService service = ConfigService.of(ground.session(), ConfigHistory.inDataDir());
        ConfigObject current = service.read(ConfigTarget.PROMETHEUS);
        Map<String, String> good = new LinkedHashMap<>(current.data());
        good.put("prometheus.yml", current.text("prometheus.yml") + "\n# known good\n");
        run(service.apply(current, good));
        assertThat(service.history(ConfigTarget.PROMETHEUS)).hasSize(1);
        // and then a change by hand that prometheus-0 refuses on reload
        String bad = good.get("prometheus.yml").replaceFirst("scrape_interval: *\\S+", "scrape_interval: banana");
        ground.admin().configMaps().inNamespace(NS).withName("prometheus-config").edit(c ->
                new ConfigMapBuilder(c).addToData("prometheus.yml", bad).build());
        Poll.until(WAIT, "prometheus-0 refusing the changed file on reload", () -> reload("prometheus-0") >= 400);

        // When the runbook runs with nobody at the keyboard
        Scenario scenario = RunbookCatalog.named("config-broke-component").orElseThrow();
        RunbookOperation op = new RunbookOperation(ground.session(), scenario, HealthChecker.standard(),
                ManualGate.nobody(), Clock.systemUTC(), WAIT, WAIT, Duration.ofSeconds(1));
        OperationResult<Timeline> result = op.run(op.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());

        // Then the console's version is back, byte for byte, and prometheus-0 runs it
        assertThat(result.status()).as(result.error() + "\n" + op.timeline().markdown())
                .isEqualTo(OperationResult.Status.SUCCEEDED);
        StepOutcome rolled = result.outcome(ConfigRollbackStep.ID);
        assertThat(rolled.status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(rolled.detail()).startsWith("Prometheus config back to the version applied at ");
        assertThat(ground.admin().configMaps().inNamespace(NS).withName("prometheus-config").get().getData()
                .get("prometheus.yml")).isEqualTo(good.get("prometheus.yml"));
        assertThat(reloadSucceeded("prometheus-0")).isTrue();
        assertThat(loadedConfig("prometheus-0")).contains("scrape_interval").doesNotContain("banana");
    }

    private static <R> R run(Operation<R> operation) {
        Plan plan = operation.plan(Cancellation.none());
        OperationResult<R> r = operation.run(plan, ProgressListener.none(), Cancellation.none());
        assertThat(r.succeeded()).as(r.error()).isTrue();
        return r.value();
    }

    private static PodCalls.Response call(String pod, String method, String path) throws Exception {
        return new PodCalls(ground.admin(), NS, Duration.ofSeconds(20)).send(pod, 9090, method, path, null);
    }

    /** {@code POST /-/reload}: the HTTP status, or -1 when the replica did not answer in time. */
    private static int reload(String pod) {
        try {
            return call(pod, "POST", "/-/reload").status();
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean reloadSucceeded(String pod) {
        try {
            return JSON.readTree(call(pod, "GET", "/api/v1/status/runtimeinfo").body()).path("data")
                    .path("reloadConfigSuccess").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    private static String loadedConfig(String pod) throws Exception {
        return JSON.readTree(call(pod, "GET", "/api/v1/status/config").body()).path("data").path("yaml")
                .asString("");
    }
}

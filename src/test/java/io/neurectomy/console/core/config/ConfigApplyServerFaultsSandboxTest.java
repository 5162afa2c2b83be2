package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FaultProxy;
import io.neurectomy.console.testing.FaultProxy.Fault;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config apply (the editors' and {@code config apply}'s {@link ConfigService}) whose second Prometheus replica
 * misbehaves when it is reloaded: the sandbox's real Prometheus processes, with a {@link FaultProxy} in front of
 * {@code prometheus-1}'s port, reached through the console's own port-forwards. {@code prometheus-0} takes the new
 * rules first; then {@code prometheus-1}'s reload answers slowly, resets the connection, or answers 200 with an HTML
 * page. The apply must end with a message naming the replica and what happened, the ConfigMap back to what it was,
 * both servers on the old rules, and no version in the history. The server recovers while the rollback runs, as a
 * flaky proxy does.
 */
class ConfigApplyServerFaultsSandboxTest {
    private static final String NS = "monitoring";
    private static final String FAULTY = "prometheus-1";
    private static final String RULES = "prometheus-alert-rules";
    private static final String KEY = "console-faults.yml";
    private static final Duration WAIT = Duration.ofMinutes(5);
    /** One request's timeout: what a slow reload waits out. Roomy enough for a loaded machine's good answers. */
    private static final Duration REQUEST = Duration.ofSeconds(15);

    private static final Map<Integer, FaultProxy> PROXIES = new ConcurrentHashMap<>();
    private static volatile Fault fault = Fault.NONE;
    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static ConfigService service;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1))
                .withPodAccess(runtimes -> (ns, pod) -> runtimes.find(ns, pod).map(rt -> FAULTY.equals(pod)
                        ? throughProxy(rt) : rt)));
        session = new ClusterConnector(Duration.ofSeconds(30)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        service = ConfigService.of(session, new ConfigHistory(dir.resolve("history"), 10),
                new ConfigService.Options(new ReloadTransaction.Options(Duration.ofMinutes(2), Duration.ofMillis(300),
                        REQUEST), Duration.ofMinutes(5)));
    }

    /** {@code rt} with its Prometheus port served by a proxy in front of the real process. */
    private static PodRuntime throughProxy(PodRuntime rt) {
        Optional<Integer> real = rt.localPort(9090);
        if (real.isEmpty()) {
            return rt;
        }
        FaultProxy proxy = PROXIES.computeIfAbsent(real.get(), port -> {
            try {
                return FaultProxy.inFrontOf(port).fault(fault);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Map<Integer, Integer> ports = new HashMap<>(rt.ports());
        ports.put(9090, proxy.port());
        return new PodRuntime(rt.namespace(), rt.name(), rt.root(), ports, rt.logFile(), rt.unavailable(),
                rt.volumes());
    }

    private static void fault(Fault value) {
        fault = value;
        PROXIES.values().forEach(p -> p.fault(value));
    }

    @AfterAll
    static void stop() {
        fault(Fault.NONE);
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        for (FaultProxy proxy : PROXIES.values()) {
            try {
                proxy.close();
            } catch (IOException e) {
                // Closing a loopback test server: nothing left to clean up.
            }
        }
    }

    @BeforeEach
    void bothReplicasReadyOnTheBundledRules() {
        fault(Fault.NONE);
        Poll.until(WAIT, "both Prometheus replicas ready", () -> client.pods().inNamespace(NS)
                .withLabel("app", "prometheus").list().getItems().stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count() == 2);
    }

    @AfterEach
    void serverWellAgainAndRulesAsBundled() {
        fault(Fault.NONE);
        ConfigMap cm = client.configMaps().inNamespace(NS).withName(RULES).get();
        if (cm.getData().containsKey(KEY)) {
            Map<String, String> data = new HashMap<>(cm.getData());
            data.remove(KEY);
            client.configMaps().inNamespace(NS).withName(RULES).edit(c -> {
                c.setData(data);
                return c;
            });
        }
    }

    @Test
    void aReloadThatNeverAnswersIsRolledBackWithATimeoutNamingTheReplica() {
        Outcome outcome = applyWhileTheReloadFails(Fault.SLOW, "ConsoleFaultSlow",
                "POST /-/reload", "within " + REQUEST.toSeconds() + " s");
        assertThat(outcome).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aReloadWhoseConnectionIsResetIsRolledBackNamingTheReplica() {
        Outcome outcome = applyWhileTheReloadFails(Fault.RESET, "ConsoleFaultReset",
                "broke off its answer to POST /-/reload");
        assertThat(outcome).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aReloadAnsweredWithAnHtmlPageIsNotTakenForSuccessAndIsRolledBack() {
        Outcome outcome = applyWhileTheReloadFails(Fault.HTML_200, "ConsoleFaultHtml",
                "answered POST /-/reload with HTTP 200 and an HTML page");
        assertThat(outcome).isEqualTo(Outcome.FAILED);
    }

    /**
     * Applies a rule file with alert {@code alert}, setting {@code value} on {@code prometheus-1}'s port when its
     * reload step starts and clearing it when the rollback starts; checks what must hold after any such failure, and
     * that the message contains {@code expected}. Returns the faulty replica's outcome.
     */
    private Outcome applyWhileTheReloadFails(Fault value, String alert, String... expected) {
        ConfigObject base = service.read(ConfigTarget.RULES);
        int versions = service.history(ConfigTarget.RULES).size();
        Map<String, String> data = new HashMap<>(base.data());
        data.put(KEY, rules(alert));
        Operation<ReloadReport> apply = service.apply(base, data);
        Plan plan = apply.plan(Cancellation.none());

        OperationResult<ReloadReport> result = apply.run(plan, event -> {
            if (event instanceof ProgressEvent.StepStarted s) {
                if (s.step().id().equals(ConfigApply.replicaStep(FAULTY))) {
                    fault(value);
                } else if (s.step().id().equals(ConfigApply.ROLLBACK)) {
                    fault(Fault.NONE);
                }
            }
        }, Cancellation.none());

        ReloadReport report = result.value();
        assertThat(result.succeeded()).isFalse();
        assertThat(report.success()).isFalse();
        assertThat(report.rolledBack()).as(report.summary()).isTrue();
        assertThat(report.summary()).startsWith("Failed: " + FAULTY + ": ").contains(expected)
                .doesNotContain("refused the new config").contains("is back on every replica that was reloaded");
        assertThat(PROXIES.values().stream().mapToInt(FaultProxy::faultedRequests).sum())
                .as("the fault was met").isPositive();
        // Nothing half-written: the ConfigMap has its old content, no version was recorded, both servers run the
        // old rules (prometheus-0 ran the new ones and was brought back).
        assertThat(client.configMaps().inNamespace(NS).withName(RULES).get().getData()).isEqualTo(base.data());
        assertThat(service.history(ConfigTarget.RULES)).hasSize(versions);
        assertThat(report.replicas()).extracting(ReplicaResult::pod, ReplicaResult::outcome)
                .contains(tuple("prometheus-0", Outcome.ROLLED_BACK));
        for (String pod : List.of("prometheus-0", FAULTY)) {
            Poll.until(WAIT, () -> servedRules(pod),
                    rules -> rules != null && rules.contains("\"groups\"") && !rules.contains(alert),
                    pod + " serves the old rules, without " + alert);
        }
        return report.replicas().stream().filter(r -> r.pod().equals(FAULTY)).findFirst().orElseThrow()
                .outcome();
    }

    /** The rules {@code pod}'s server has loaded ({@code /api/v1/rules}), or null when the read failed once. */
    private static String servedRules(String pod) {
        try {
            PodCalls.Response r = new PodCalls(client, NS, REQUEST).get(pod, 9090, "/api/v1/rules");
            return r.ok() ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String rules(String alert) {
        return "groups:\n  - name: console-faults\n    rules:\n      - alert: " + alert + "\n        expr: up == 0\n"
                + "        for: 1m\n        labels:\n          severity: info\n        annotations:\n"
                + "          summary: fault test\n";
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reload prometheus|alertmanager}: reload (or restart) the servers, each verified, one at a time. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Reload Prometheus or Alertmanager on every ready replica in turn (POST /-/reload), verifying"
                + " that each reload succeeded; stops at the first refusal (the server keeps its old config).",
                "With --restart, a rollout restart instead (asks at a terminal, or --yes), waiting until every"
                        + " replica is back and ready.",
                "Exit codes: 0 done, 1 failed, 2 usage, 130 cancelled."})
public final class ReloadCommand extends ClusterOperationCommand {
    /** How a reload or an apply shows its report: one line per replica, the summary and the server's words. */
    static final OperationRunner.ResultView<ReloadReport> REPORT = OperationRunner.ResultView.of(
            ReloadCommand::print, ReloadCommand::json);

    @Parameters(index = "0", paramLabel = "SERVER", description = "prometheus or alertmanager")
    String server;

    @Option(names = "--pod", paramLabel = "POD", description = "Only this replica (e.g. prometheus-1).")
    String pod;

    @Option(names = "--restart", description = "Rollout restart instead of a reload.")
    boolean restart;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "For --restart: how long to wait for the replicas (default 600).")
    int timeoutSeconds;

    private StackComponent component() {
        return parse(() -> StackComponent.named(server).filter(c -> c.reload().isPresent())
                .orElseThrow(() -> new IllegalArgumentException("unknown server '" + server
                        + "'; use prometheus or alertmanager")));
    }

    @Override
    void checkOptions() {
        component();
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        StackComponent s = component();
        ConfigService service = ConfigService.of(session, ConfigHistory.inDataDir(),
                ConfigService.Options.defaults().withRestartTimeout(Duration.ofSeconds(timeoutSeconds)));
        if (restart) {
            return runner.run(service.restart(s), OperationRunner.ResultView.of(
                    (RolloutRestart.Result r, PrintWriter out) -> out.println(r.workload() + ": " + r.replaced()
                            + " of " + r.desired() + " replicas restarted and ready in " + r.took().toSeconds()
                            + " s"),
                    r -> Map.of("workload", r.workload(), "replaced", r.replaced(), "desired", r.desired(),
                            "seconds", r.took().toSeconds())));
        }
        return runner.run(service.reload(s, Optional.ofNullable(pod)), REPORT);
    }

    /** The value {@code parse} gives, or a usage error (exit code 2) with its message. */
    static <T> T parse(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void print(ReloadReport report, PrintWriter out) {
        for (ReplicaResult r : report.replicas()) {
            out.printf("  %-16s %-12s %s%n", r.pod(), r.outcome(), r.detail());
        }
        out.println(report.summary());
        if (report.serverError() != null && !report.serverError().isBlank()) {
            out.println("The server said:");
            report.serverError().lines().forEach(l -> out.println("  " + l));
        }
    }

    /** The report without the written object's data: a Secret's values never reach the output. */
    private static Object json(ReloadReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("success", report.success());
        doc.put("rolledBack", report.rolledBack());
        doc.put("summary", report.summary());
        doc.put("serverError", report.serverError());
        List<Map<String, Object>> replicas = report.replicas().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pod", r.pod());
            m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            m.put("detail", r.detail());
            return m;
        }).toList();
        doc.put("replicas", replicas);
        doc.put("resourceVersion", report.written() == null ? null : report.written().resourceVersion());
        return doc;
    }
}

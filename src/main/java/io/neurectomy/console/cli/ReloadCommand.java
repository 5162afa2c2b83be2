package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigGate;
import io.neurectomy.console.core.config.ConfigTarget.Server;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReloadTransaction;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.RolloutRestart;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reload prometheus|alertmanager}: reload (or restart) the servers, each verified, one at a time. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Reload Prometheus or Alertmanager on every ready replica in turn (POST /-/reload), verifying"
                + " that each reload succeeded; stops at the first refusal (the server keeps its old config).",
                "With --restart, a rollout restart instead, waiting until every replica is back and ready.",
                "Exit codes: 0 done, 1 failed, 2 usage."})
public final class ReloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVER", description = "prometheus or alertmanager")
    String server;

    @Option(names = "--pod", paramLabel = "POD", description = "Only this replica (e.g. prometheus-1).")
    String pod;

    @Option(names = "--restart", description = "Rollout restart instead of a reload.")
    boolean restart;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "For --restart: how long to wait for the replicas (default 600).")
    int timeoutSeconds;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Server s;
        try {
            s = Server.valueOf(server.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("error: unknown server '" + server + "'; use prometheus or alertmanager");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        try (ClusterSession session = cluster.connect()) {
            if (restart) {
                RolloutRestart.Result result = RolloutRestart.statefulSet(session.client(), session.namespace(),
                        s.workload(), Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1),
                        ReportPrinter.progress(out), Cancellation.none());
                out.println(s.workload() + ": " + result.replaced() + " of " + result.desired() + " replicas"
                        + " restarted and ready in " + result.took().toSeconds() + " s");
                return CommandLine.ExitCode.OK;
            }
            ReloadReport report = new ReloadTransaction(session.client(), session.namespace(), ConfigGate.none(),
                    ReloadTransaction.Options.defaults()).reload(s, Optional.ofNullable(pod),
                    ReportPrinter.progress(out), Cancellation.none());
            ReportPrinter.print(report, out, err);
            return report.success() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}

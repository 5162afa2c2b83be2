package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.ops.deploy.DeployPlan;
import io.neurectomy.console.core.ops.deploy.StackDeployer;
import io.neurectomy.console.core.stack.RenderedStack;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deploy ENV}: the seed's {@code deploy-monitoring.sh deploy}. Prints the plan (create / update / unchanged
 * per object, a diff for each update); with {@code --yes} (or a "yes" typed at a terminal) applies it in dependency
 * order, waits for the rollouts and prints the health summary. Running it again on a deployed stack changes nothing.
 *
 * <p>Exit codes: 0 applied and every replica ready (or only the plan printed), 1 a failure or rollouts not ready
 * by the deadline, 2 usage.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploys (or updates) the bundled stack for an environment. Prints the plan first; without"
                + " --yes it stops there (at a terminal it asks). Secrets (Grafana admin password and secret key,"
                + " Slack webhook, PagerDuty key, basic-auth htpasswd) come from your values file."},
        footer = {"", "Examples:", "  monitoring-console deploy staging --values my-values.yaml",
                "  monitoring-console deploy production --values prod.yaml --yes"})
public final class DeployCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ENV", description = "Environment: staging or production.")
    String environment;

    @Option(names = "--values", paramLabel = "FILE", description = "Your values file (name: value lines).")
    Path values;

    @Option(names = "--yes", description = "Apply the plan without asking.")
    boolean yes;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long to wait for the rollouts (ISO-8601, default PT10M).")
    Duration timeout;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!StackCommandSupport.stackNamespace(cluster, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        try (ClusterSession session = cluster.connect()) {
            StackDeployer deployer = new StackDeployer(session);
            // Secrets the values file leaves out keep what the cluster has (Grafana's secret key above all).
            RenderedStack stack = StackCommandSupport.render(environment, values,
                    KeptValues.notSetIn(deployer.currentSecrets(), values), err);
            if (stack == null) {
                return CommandLine.ExitCode.SOFTWARE;
            }
            DeployPlan plan = deployer.plan(stack, Cancellation.none());
            out.print(plan.describe());
            out.flush();
            if (!plan.unchanged() && !yes && !confirmed(out)) {
                out.println("Nothing applied. Run again with --yes to apply this plan.");
                out.flush();
                return CommandLine.ExitCode.OK;
            }
            if (plan.unchanged()) {
                out.println("Nothing to change.");
            } else {
                out.println("Applying:");
                StackDeployer.ApplyResult result = deployer.apply(plan, StackCommandSupport.printer(out),
                        Cancellation.none());
                out.println(result.summary());
            }
            out.println("Waiting for the rollouts (up to " + timeout.toMinutes() + " min):");
            out.flush();
            StackDeployer.RolloutResult rollout = deployer.waitForRollouts(stack, timeout,
                    StackCommandSupport.printer(out), Cancellation.none());
            out.print(deployer.health(stack).describe());
            if (!rollout.complete()) {
                out.println("Not every replica is ready after " + timeout.toMinutes() + " min: look at the pods"
                        + " (monitoring-console, Topology) or kubectl get pods -n " + RenderedStack.NAMESPACE + ".");
            }
            out.flush();
            return rollout.complete() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    private static boolean confirmed(PrintWriter out) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        out.flush();
        String answer = console.readLine("Apply this plan? Type yes to apply: ");
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
    }
}

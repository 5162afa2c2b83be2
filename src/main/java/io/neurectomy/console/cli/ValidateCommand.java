package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.ops.deploy.StackDeployer;
import io.neurectomy.console.core.ops.deploy.ValidationReport;
import io.neurectomy.console.core.stack.CheckResult;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackChecks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate ENV}: the seed's {@code deploy-monitoring.sh validate}. Renders the bundled stack, runs the
 * consistency checks and compares the result with the cluster. Writes nothing.
 *
 * <p>Exit codes: 0 no error and the cluster matches (warnings are printed), 1 an error finding, a missing or
 * different object (or a failure), 2 usage.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the bundled stack for an environment (staging or production) with your values, and"
                + " compares it with what the cluster runs: objects missing, different (with a diff; Secret values"
                + " never shown) or extra. Changes nothing."},
        footer = {"", "Examples:", "  monitoring-console validate staging --values my-values.yaml",
                "  monitoring-console validate production --values prod.yaml --context prod"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ENV", description = "Environment: staging or production.")
    String environment;

    @Option(names = "--values", paramLabel = "FILE", description = "Your values file (name: value lines).")
    Path values;

    @Option(names = "--offline", description = "Only the consistency checks; do not connect to a cluster.")
    boolean offline;

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
        if (offline) {
            RenderedStack stack = StackCommandSupport.render(environment, values, err);
            if (stack == null) {
                return CommandLine.ExitCode.SOFTWARE;
            }
            List<CheckResult> findings = StackChecks.run(stack);
            out.println("Consistency checks for environment " + environment + ": "
                    + (findings.isEmpty() ? "all passed" : findings.size() + " finding(s)"));
            findings.forEach(f -> out.println("  " + f));
            out.flush();
            return findings.stream().anyMatch(f -> f.severity()
                    == CheckResult.Severity.ERROR) ? CommandLine.ExitCode.SOFTWARE
                    : CommandLine.ExitCode.OK;
        }
        try (ClusterSession session = cluster.connect()) {
            StackDeployer deployer = new StackDeployer(session);
            // Secrets the values file leaves out are compared as the cluster has them.
            RenderedStack stack = StackCommandSupport.render(environment, values,
                    KeptValues.notSetIn(deployer.currentSecrets(), values), err);
            if (stack == null) {
                return CommandLine.ExitCode.SOFTWARE;
            }
            ValidationReport report = deployer.validate(stack, Cancellation.none());
            out.print(report.describe());
            boolean problems = report.errors() > 0 || !report.missing().isEmpty() || !report.differing().isEmpty();
            out.println(problems ? "Validation found problems." : "Validation passed"
                    + (report.findings().isEmpty() && report.extra().isEmpty() ? "." : " (see the warnings above)."));
            out.flush();
            return problems ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.cli.OperationRunner.ResultView;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.ValidateOperation;
import io.neurectomy.console.core.ops.deploy.ValidationReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code validate ENV}: the seed's {@code deploy-monitoring.sh validate}, run as a {@link ValidateOperation}.
 * Renders the bundled stack, runs the consistency checks and compares the result with the cluster. Writes nothing.
 * Offline it needs no secret: the ones not given are rendered as placeholders and reported as warnings.
 *
 * <p>Exit codes: 0 no error and the cluster matches (warnings are printed), 1 an error finding, a missing or
 * different object (or a failure), 2 usage.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the bundled stack for an environment (staging or production) with your values, and"
                + " compares it with what the cluster runs: objects missing, different (with a diff; Secret values"
                + " never shown) or extra. Changes nothing."},
        footer = {"", "Examples:", "  monitoring-console validate staging --values my-values.yaml",
                "  monitoring-console validate production --values prod.yaml --context prod",
                "  monitoring-console validate staging --offline --output json",
                "  monitoring-console validate production --offline --values prod-without-secrets.yaml"})
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--offline", description = {"Only the consistency checks; do not connect to a cluster. Secret"
            + " values your file leaves out are checked as placeholders and listed as warnings (deploy still needs"
            + " them)."})
    boolean offline;

    @Mixin
    OutputOptions output;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackOptions.requireStackNamespace(cluster, "validate");
        OperationRunner runner = OperationRunner.of(spec, output, false);
        ResultView<ValidationReport> view = ResultView.of(ValidateCommand::print, report -> report);
        if (offline) {
            return runner.run(new ValidateOperation(null, stack.checkedOnly()), view);
        }
        try (ClusterSession session = cluster.connect()) {
            return runner.run(new ValidateOperation(session, stack.bundled()), view);
        }
    }

    private static void print(ValidationReport report, PrintWriter out) {
        out.print(report.describe());
        if (report.compared()) {
            out.println(report.problems() ? "Validation found problems." : "Validation passed"
                    + (report.findings().isEmpty() && report.extra().isEmpty() ? "." : " (see the warnings above)."));
        }
    }
}

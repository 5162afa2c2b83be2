package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs an operation on the cluster: the options every such command has ({@code --yes},
 * {@code --output}, {@code --kubeconfig}, {@code --context}, {@code -n}), the connection, and the runner. A
 * subclass checks its own options and names its operation; the runner does the rest (plan, confirmation, Ctrl+C,
 * exit codes, JSON).
 */
abstract class ClusterOperationCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    /** Refuses options that do not fit together with a {@link UsageException}, before connecting. */
    void checkOptions() {
    }

    /** Runs the command's operation on {@code session} through {@code runner}; returns the exit code. */
    abstract int run(ClusterSession session, OperationRunner runner);

    @Override
    public final Integer call() {
        checkOptions();
        try (ClusterSession session = cluster.connect()) {
            return run(session, run.runner(spec));
        }
    }
}

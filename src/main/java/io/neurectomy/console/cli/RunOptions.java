package io.neurectomy.console.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs an operation ({@code --yes}, {@code --output}), mixed in with
 * {@code @Mixin}, and the runner they configure.
 */
public final class RunOptions {
    @Option(names = "--yes", description = "Go ahead after printing the plan, without asking (for scripts and cron).")
    boolean yes;

    @Mixin
    OutputOptions output = new OutputOptions();

    public boolean yes() {
        return yes;
    }

    public OutputOptions output() {
        return output;
    }

    /** The runner for the command of {@code spec}, with these options. */
    public OperationRunner runner(CommandSpec spec) {
        return OperationRunner.of(spec, output, yes);
    }
}

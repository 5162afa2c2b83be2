package io.neurectomy.console.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code monitoring-console config}: the commands on Prometheus and Alertmanager configuration files. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate and apply prometheus.yml, rule files and alertmanager.yml.",
        subcommands = {ConfigValidateCommand.class, ConfigApplyCommand.class})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Without a subcommand there is nothing to do: show what there is, as a usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}

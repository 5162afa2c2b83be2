package io.neurectomy.console.cli;

import picocli.CommandLine.Command;

/** {@code config}: the configuration objects of the stack (validate a file, apply one). */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate and apply the Prometheus config, the alert rules and the Alertmanager config.",
        subcommands = {ConfigApplyCommand.class})
public final class ConfigCommand {
}

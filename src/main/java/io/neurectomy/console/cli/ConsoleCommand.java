package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.OperationCancelledException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one entry point: with a subcommand it runs that operation, without one it opens the GUI.
 *
 * <p>Exit codes, the same for every command: 0 done, 1 failed, 2 usage error, 130 cancelled (Ctrl+C). Commands run
 * operations through {@link OperationRunner}; what a command throws is mapped here, so none catches for itself.
 */
@Command(name = "monitoring-console", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Administers the Prometheus / Grafana / Alertmanager monitoring stack on Kubernetes.%n"
                + "Without a command it opens the console window.",
        subcommands = {ContextsCommand.class, SandboxCommand.class, ForwardCommand.class, ValidateCommand.class,
                DeployCommand.class, DestroyCommand.class, ConfigCommand.class, ReloadCommand.class, LogsCommand.class,
                BackupCommands.Backup.class, BackupCommands.ListArchives.class, BackupCommands.Verify.class,
                BackupCommands.Restore.class, BackupCommands.S3Sync.class, PodCommands.Delete.class,
                PodCommands.Fault.class, HealthCommand.class, AlertsCommand.class, SilenceCommand.class,
                PreflightCommand.class, ScaleCommand.class, ResizeCommand.class,
                ExpandStorageCommand.class, UpgradeCommand.class, RollbackCommand.class,
                BlueGreenCommand.class, RunbookCommand.class, DrillCommand.class})
public final class ConsoleCommand implements Callable<Integer> {

    /** What the window should start with. Any field may be null: the window then uses its remembered choice. */
    public record GuiOptions(Path kubeconfig, String context, String namespace, boolean sandbox) {
    }

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file to open in the window.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Context to preselect in the window.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace of the stack (default: "
            + "the last one used, else monitoring).")
    String namespace;

    @Option(names = "--sandbox", description = "Open the window connected to a fresh embedded sandbox cluster "
            + "(no real cluster needed).")
    boolean sandbox;

    private final Consumer<GuiOptions> gui;

    /** Creates the command; {@code gui} opens the window and returns when it is closed. */
    public ConsoleCommand(Consumer<GuiOptions> gui) {
        this.gui = gui;
    }

    @Override
    public Integer call() {
        gui.accept(new GuiOptions(kubeconfig, context, namespace, sandbox));
        return CommandLine.ExitCode.OK;
    }

    /**
     * The window's options when the arguments hold nothing else ({@code --kubeconfig FILE}, {@code --context NAME},
     * {@code -n}/{@code --namespace NS}, each at most once, as {@code --option value} or {@code --option=value}, and
     * {@code --sandbox}), parsed as the full command line would parse them; empty for anything else (a command,
     * {@code --help}, an unknown or repeated option, a missing value), which the full command line then handles.
     * Opening the window this way skips building the model of every command, which takes a second or more.
     */
    public static Optional<GuiOptions> windowOnly(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean sandbox = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--sandbox")) {
                if (sandbox) {
                    return Optional.empty();
                }
                sandbox = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 && arg.startsWith("--") ? arg.substring(0, eq) : arg;
            String option = switch (name) {
                case "--kubeconfig" -> "kubeconfig";
                case "--context" -> "context";
                case "-n", "--namespace" -> "namespace";
                default -> null;
            };
            if (option == null || values.containsKey(option)) {
                return Optional.empty();
            }
            String value;
            if (eq > 0 && arg.startsWith("--")) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.put(option, value);
        }
        String file = values.get("kubeconfig");
        return Optional.of(new GuiOptions(file == null ? null : Path.of(file), values.get("context"),
                values.get("namespace"), sandbox));
    }

    /**
     * A command line whose {@code sandbox} command has no cluster to start (it fails saying so), for tests of the
     * other commands.
     */
    public static CommandLine commandLine(Consumer<GuiOptions> gui) {
        return commandLine(gui, (empty, propagationDelay) -> {
            throw new ConsoleException("the embedded sandbox cluster is not available here");
        });
    }

    /**
     * A command line set up with the console's exit codes and error handling.
     *
     * @param gui     opens the window and returns when it is closed
     * @param sandbox starts the embedded sandbox cluster for the {@code sandbox} command (the Launcher's door into
     *                it: the command line itself never imports the sandbox)
     */
    public static CommandLine commandLine(Consumer<GuiOptions> gui, SandboxCommand.Starter sandbox) {
        CommandLine.IFactory commands = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == SandboxCommand.class) {
                    return type.cast(new SandboxCommand(sandbox));
                }
                return type == DrillCommand.class ? type.cast(new DrillCommand(sandbox))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cl = new CommandLine(new ConsoleCommand(gui), commands);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof OperationCancelledException) {
                commandLine.getErr().println("Cancelled: " + ex.getMessage());
                commandLine.getErr().flush();
                return OperationRunner.CANCELLED;
            }
            if (ex instanceof UsageException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                commandLine.getErr().flush();
                return OperationRunner.USAGE;
            }
            // ConsoleExceptions carry a message written for people; anything else is unexpected: say it plainly.
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            commandLine.getErr().flush();
            return OperationRunner.FAILED;
        });
        return cl;
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.BlueGreenRemoveOperation;
import io.neurectomy.console.core.ops.BlueGreenSwitchOperation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code blue-green switch-back | switch-forward | remove-old}: what follows {@code upgrade prometheus VERSION
 * --strategy blue-green} ({@link BlueGreenSwitchOperation}, {@link BlueGreenRemoveOperation}).
 */
@Command(name = "blue-green", mixinStandardHelpOptions = true,
        description = "After upgrade prometheus VERSION --strategy blue-green: switch the Prometheus Services back to"
                + " the old StatefulSet or forward to the new one, or remove the side they do not select.",
        subcommands = {BlueGreenCommand.SwitchBack.class, BlueGreenCommand.SwitchForward.class,
                BlueGreenCommand.RemoveOld.class},
        footer = {"", "Examples:", "  monitoring-console upgrade prometheus v3.0.1 --strategy blue-green --yes",
                "  monitoring-console blue-green switch-back --yes",
                "  monitoring-console blue-green remove-old"})
public final class BlueGreenCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("name what to do: blue-green switch-back, blue-green switch-forward or blue-green"
                + " remove-old.");
    }

    /** {@code blue-green switch-back}. */
    @Command(name = "switch-back", mixinStandardHelpOptions = true,
            description = {"Switches every Service of the blue-green upgrade back to the old Prometheus StatefulSet"
                    + " (its pods labelled with their version again first). No pod restarts; the new side keeps"
                    + " running.",
                    "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                    "Exit codes: 0 done, 1 failed or declined, 2 usage, 130 cancelled."})
    static final class SwitchBack extends ClusterOperationCommand {
        @Override
        int run(ClusterSession session, OperationRunner runner) {
            return runner.run(new BlueGreenSwitchOperation(session, true),
                    OperationRunner.ResultView.of(BlueGreenCommand::print, r -> r));
        }
    }

    /** {@code blue-green switch-forward}. */
    @Command(name = "switch-forward", mixinStandardHelpOptions = true,
            description = {"Switches every Service of the blue-green upgrade to the new Prometheus StatefulSet again"
                    + " after a switch-back.",
                    "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                    "Exit codes: 0 done, 1 failed or declined, 2 usage, 130 cancelled."})
    static final class SwitchForward extends ClusterOperationCommand {
        @Override
        int run(ClusterSession session, OperationRunner runner) {
            return runner.run(new BlueGreenSwitchOperation(session, false),
                    OperationRunner.ResultView.of(BlueGreenCommand::print, r -> r));
        }
    }

    /** {@code blue-green remove-old}. */
    @Command(name = "remove-old", mixinStandardHelpOptions = true,
            description = {"Deletes the Prometheus StatefulSet the Services do not select (the old one after the"
                    + " switch, the new one after a switch-back) and ends the blue-green upgrade. Its volume claims"
                    + " stay unless --delete-volumes.",
                    "Asks for the StatefulSet's name typed at a terminal, or --yes.",
                    "Exit codes: 0 done, 1 failed or declined, 2 usage, 130 cancelled."})
    static final class RemoveOld extends ClusterOperationCommand {
        @Option(names = "--delete-volumes", description = "Delete its volume claims (and their data) too.")
        boolean deleteVolumes;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long its pods may take to go (default 600).")
        int timeoutSeconds;

        @Override
        void checkOptions() {
            if (timeoutSeconds < 1) {
                throw new UsageException("--timeout must be at least 1 second.");
            }
        }

        @Override
        int run(ClusterSession session, OperationRunner runner) {
            BlueGreenRemoveOperation remove = new BlueGreenRemoveOperation(session, deleteVolumes,
                    Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1));
            return runner.run(remove, OperationRunner.ResultView.of(BlueGreenCommand::printRemoved,
                    BlueGreenCommand::json));
        }
    }

    static void print(BlueGreenSwitchOperation.Result r, PrintWriter out) {
        out.println(String.join(", ", r.services()) + ": " + r.from() + " → " + r.to() + " (" + r.version() + ")");
    }

    static void printRemoved(BlueGreenRemoveOperation.Result r, PrintWriter out) {
        out.println("Removed " + r.removed() + "; the Services select " + r.kept() + ".");
        if (!r.claims().isEmpty()) {
            out.println("Kept claims: " + String.join(", ", r.claims()));
        }
    }

    static Map<String, Object> json(BlueGreenRemoveOperation.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("removed", r.removed());
        doc.put("kept", r.kept());
        doc.put("deleted", r.deleted());
        doc.put("claims", r.claims());
        return doc;
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code destroy}: the seed's {@code deploy-monitoring.sh destroy}. Prints what it would delete; with {@code --yes}
 * (or the namespace name typed at a terminal) exports every stack object to a local file (Secret values encrypted
 * with a passphrase), deletes in reverse dependency order and waits until everything is gone.
 *
 * <p>Exit codes: 0 destroyed (or only the plan printed), 1 a failure, 2 usage.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes the monitoring stack from its namespace (the namespace itself stays). Everything is"
                + " first exported to a local file; Secret values in it are encrypted with a passphrase"
                + " (--passphrase-file, or asked at a terminal), unless --without-secret-values leaves them out."
                + " Without --yes it prints the plan and stops (at a terminal it asks for the namespace name)."},
        footer = {"", "Examples:", "  monitoring-console destroy",
                "  monitoring-console destroy --yes --export before-destroy.yaml --passphrase-file ~/.export-pass"})
public final class DestroyCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(names = "--yes", description = "Destroy without asking (this is your confirmation).")
    boolean yes;

    @Option(names = "--export", paramLabel = "FILE", description = "Export file (must not exist; default"
            + " monitoring-export-NS-TIME.yaml in the current directory).")
    Path export;

    @Option(names = "--passphrase-file", paramLabel = "F", description = "File whose first line is the passphrase"
            + " encrypting Secret values in the export.")
    Path passphraseFile;

    @Option(names = "--without-secret-values", description = "Export Secrets without their values (they cannot be"
            + " restored from the export then).")
    boolean withoutSecretValues;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long to wait for everything to be gone (ISO-8601, default PT5M).")
    Duration timeout;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String ns = cluster.namespace();
        if (passphraseFile != null && withoutSecretValues) {
            err.println("error: give either --passphrase-file or --without-secret-values, not both.");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        char[] passphrase = null;
        try (ClusterSession session = cluster.connect()) {
            StackDestroyer destroyer = new StackDestroyer(session);
            StackDestroyer.DestroyPlan plan = destroyer.plan(ns, Cancellation.none());
            out.print(plan.describe());
            out.flush();
            if (plan.objects().isEmpty()) {
                return CommandLine.ExitCode.OK;
            }
            Console console = System.console();
            String typed;
            if (yes) {
                typed = ns;
            } else if (console != null) {
                out.flush();
                typed = console.readLine("Type the namespace name (%s) to destroy the stack: ", ns);
            } else {
                out.println("Nothing deleted. Run again with --yes to destroy.");
                out.flush();
                return CommandLine.ExitCode.OK;
            }
            if (passphraseFile != null) {
                passphrase = readPassphrase(passphraseFile);
            } else if (plan.secrets() > 0 && !withoutSecretValues && console != null && !yes) {
                passphrase = console.readPassword("Passphrase to encrypt the Secret values in the export: ");
                char[] again = console.readPassword("The passphrase again: ");
                if (passphrase == null || !Arrays.equals(passphrase, again)) {
                    err.println("error: the passphrases differ. Nothing deleted.");
                    err.flush();
                    return CommandLine.ExitCode.USAGE;
                }
            }
            Path file = export != null ? export : Path.of("monitoring-export-" + ns + "-"
                    + LocalDateTime.now().format(STAMP) + ".yaml");
            StackDestroyer.DestroyResult result = destroyer.destroy(ns, typed, new StackDestroyer.ExportOptions(file,
                    passphrase, withoutSecretValues), timeout, StackCommandSupport.printer(out), Cancellation.none());
            out.print(result.describe());
            out.flush();
            return CommandLine.ExitCode.OK;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static char[] readPassphrase(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new ConsoleException("The passphrase file " + file + " is empty; its first line is the"
                        + " passphrase.");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new ConsoleException("Could not read the passphrase file " + file + ": " + e.getMessage(), e);
        }
    }
}

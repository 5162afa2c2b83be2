package io.neurectomy.console.cli;

import io.neurectomy.console.cli.OperationRunner.ResultView;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code destroy}: the seed's {@code deploy-monitoring.sh destroy}, run as a {@link StackDestroyer}. Prints what it
 * would delete; with {@code --yes} (or the namespace name typed at a terminal) exports every stack object to a
 * local file (Secret values encrypted with a passphrase), deletes in reverse dependency order and waits until
 * everything is gone.
 *
 * <p>Exit codes: 0 destroyed (or only the plan printed), 1 a failure or a wrong name typed, 2 usage, 130 cancelled.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes the monitoring stack from its namespace (the namespace itself stays). Everything is"
                + " first exported to a local file; Secret values in it are encrypted with a passphrase"
                + " (--passphrase-file, or asked at a terminal), unless --without-secret-values leaves them out."
                + " Without --yes it prints the plan and stops (at a terminal it asks for the namespace name)."},
        footer = {"", "Examples:", "  monitoring-console destroy",
                "  monitoring-console destroy --yes --export before-destroy.yaml --passphrase-file ~/.export-pass"})
public final class DestroyCommand extends ClusterOperationCommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

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

    @Override
    void checkOptions() {
        if (passphraseFile != null && withoutSecretValues) {
            throw new UsageException("give either --passphrase-file or --without-secret-values, not both.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        String ns = cluster.namespace();
        Path file = export != null ? export : Path.of("monitoring-export-" + ns + "-"
                + LocalDateTime.now().format(STAMP) + ".yaml");
        StackDestroyer destroy = new StackDestroyer(session, ns, new StackDestroyer.ExportOptions(file,
                passphrase(), withoutSecretValues), timeout);
        return runner.run(destroy, ResultView.of((result, out) -> out.print(result.describe()), result -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("export", result.export().toString());
            json.put("secretValues", result.secretValues().name().toLowerCase(Locale.ROOT));
            json.put("deleted", result.deleted());
            return json;
        }));
    }

    /** The passphrase, asked only when Secret values are exported: from the file, or typed twice at a terminal. */
    private Supplier<char[]> passphrase() {
        if (passphraseFile != null) {
            return () -> readPassphrase(passphraseFile);
        }
        if (withoutSecretValues || run.yes()) {
            return () -> null;
        }
        Terminal terminal = Terminal.system();
        return () -> {
            char[] first = terminal.readPassword("Passphrase to encrypt the Secret values in the export: ")
                    .orElse(null);
            if (first == null) {
                return null;
            }
            char[] again = terminal.readPassword("The passphrase again: ").orElse(new char[0]);
            boolean same = Arrays.equals(first, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new ConsoleException("The passphrases differ. Nothing was deleted.");
            }
            return first;
        };
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

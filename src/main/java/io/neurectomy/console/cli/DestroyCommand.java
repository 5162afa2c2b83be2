package io.neurectomy.console.cli;

import io.neurectomy.console.cli.OperationRunner.ResultView;
import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code destroy}: the seed's {@code deploy-monitoring.sh destroy}, run as a {@link StackDestroyer}. Prints what it
 * would delete; with {@code --yes} (or the namespace name typed at a terminal) first writes a full backup archive
 * into the backups directory (configs, Secrets sealed with a passphrase, the TSDB, the silences; the archive
 * {@code restore} reads), unless {@code --no-backup}, then deletes in reverse dependency order and waits until
 * everything is gone. A failed backup deletes nothing.
 *
 * <p>Exit codes: 0 destroyed (or only the plan printed), 1 a failure or a wrong name typed, 2 usage, 130 cancelled.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes the monitoring stack from its namespace (the namespace itself stays). First a full"
                + " backup archive is written into the backups directory (--dir): configs, Secrets (sealed with a"
                + " passphrase: --passphrase-file, or asked at a terminal; --without-secret-values leaves them out),"
                + " the Prometheus TSDB and the Alertmanager silences. If the backup fails nothing is deleted;"
                + " --no-backup goes without one. To bring the stack back: deploy, then restore the archive."
                + " Without --yes it prints the plan and stops (at a terminal it asks for the namespace name)."},
        footer = {"", "Examples:", "  monitoring-console destroy",
                "  monitoring-console destroy --yes --passphrase-file ~/.backup-pass",
                "  monitoring-console deploy production --values prod.yaml --yes",
                "  monitoring-console restore ~/.local/share/monitoring-console/backups/full_20260101120000.tar.gz"
                        + " --passphrase-file ~/.backup-pass --yes"})
public final class DestroyCommand extends ClusterOperationCommand {
    @Option(names = "--dir", paramLabel = "DIR", description = "Backups directory the archive goes into (default:"
            + " the console's backups directory, where list and restore look).")
    Path dir;

    @Option(names = "--no-backup", description = "Destroy without a backup: configs, Secrets, Prometheus data and"
            + " silences are gone for good.")
    boolean noBackup;

    @Option(names = "--passphrase-file", paramLabel = "F", description = "File whose first line is the passphrase"
            + " sealing the Secrets in the backup (the one restore asks for).")
    Path passphraseFile;

    @Option(names = "--without-secret-values", description = "Back up without the Secrets (they cannot be"
            + " restored from the archive then).")
    boolean withoutSecretValues;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long to wait for everything to be gone (ISO-8601, default PT5M).")
    Duration timeout;

    @Override
    void checkOptions() {
        if (passphraseFile != null && withoutSecretValues) {
            throw new UsageException("give either --passphrase-file or --without-secret-values, not both.");
        }
        if (noBackup && (passphraseFile != null || withoutSecretValues || dir != null)) {
            throw new UsageException("--no-backup takes no backup: leave out --dir, --passphrase-file and"
                    + " --without-secret-values.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        String ns = cluster.namespace();
        StackDestroyer.BackupOptions backup = noBackup ? StackDestroyer.BackupOptions.none()
                : new StackDestroyer.BackupOptions(dir != null ? dir : BackupDirectory.defaultDir(AppDirs.current()),
                        passphrase(), withoutSecretValues);
        StackDestroyer destroy = new StackDestroyer(session, ns, backup, timeout);
        return runner.run(destroy, ResultView.of((result, out) -> out.print(result.describe()), result -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("archive", result.archive() == null ? null : result.archive().toString());
            json.put("components", result.components());
            json.put("notes", result.notes());
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
            char[] first = terminal.readPassword("Passphrase to seal the Secrets in the backup: ")
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

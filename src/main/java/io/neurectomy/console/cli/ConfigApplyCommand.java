package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigConflictException;
import io.neurectomy.console.core.config.ConfigGate;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.ConfigValidator;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReloadTransaction;
import io.neurectomy.console.core.config.SecretMask;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.util.TextDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code config apply --target T FILE}: the same transaction as the editors' Apply: validate, diff against the live
 * object, write on its version, then reload and verify each replica in turn, rolling back on any failure.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply a file to the stack's ConfigMap or Secret and reload the servers one replica at a time,"
                + " verifying each and rolling back automatically on failure.",
                "Without --yes it validates and prints the diff only.",
                "Exit codes: 0 applied (or nothing to do), 1 refused, failed or rolled back, 2 usage or unreadable"
                        + " file."})
public final class ConfigApplyCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "T",
            description = "prometheus (prometheus-config), rules (prometheus-alert-rules) or alertmanager"
                    + " (Secret alertmanager-config).")
    String target;

    @Parameters(index = "0", paramLabel = "FILE", description = "The new content.")
    Path file;

    @Option(names = "--key", paramLabel = "KEY", description = "For rules: the rule-file key to replace or add"
            + " (default: the file's name).")
    String key;

    @Option(names = "--yes", description = "Apply without asking.")
    boolean yes;

    @Option(names = "--propagation-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the kubelet to update the mounted file on each pod (default 180).")
    int propagationSeconds;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigTarget t;
        String text;
        try {
            t = ConfigTarget.fromCli(target);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        String dataKey = t.key() != null ? t.key() : key != null ? key : file.getFileName().toString();
        try (ClusterSession session = cluster.connect()) {
            ReloadTransaction tx = new ReloadTransaction(session.client(), session.namespace(),
                    ConfigGate.validating(ConfigValidator.withTools()), new ReloadTransaction.Options(
                    Duration.ofSeconds(propagationSeconds), Duration.ofSeconds(1), Duration.ofSeconds(20)));
            ConfigObject live = tx.store().read(t);
            Map<String, String> data = new LinkedHashMap<>(live.data());
            data.put(dataKey, text);
            String before = live.text(dataKey);
            TextDiff diff = t.secret() ? TextDiff.of(SecretMask.redact(before), SecretMask.redact(text))
                    : TextDiff.of(before, text);
            if (before.equals(text)) {
                out.println(t.ref() + " key " + dataKey + " already has this content; nothing to apply.");
                return CommandLine.ExitCode.OK;
            }
            out.print(diff.unified("live " + t.ref() + "/" + dataKey, file.toString(), 3));
            if (t.secret()) {
                out.println("(secret values are shown as " + SecretMask.REDACTED + ")");
            }
            if (!yes) {
                var report = ConfigValidator.withTools().validate(t.kind(), text);
                report.problems().forEach(p -> out.println(file + ":" + p));
                out.println(report.valid() ? "Valid. Run again with --yes to apply and reload."
                        : "Invalid: fix the errors above; nothing was written.");
                out.flush();
                return report.valid() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
            }
            ReloadReport report = tx.apply(live, data, ReportPrinter.progress(out), Cancellation.none());
            ReportPrinter.print(report, out, err);
            if (report.success()) {
                new ConfigHistory(AppDirs.current().dataDir().resolve("history"), 20)
                        .record(session.context(), report.written(), Instant.now());
            }
            return report.success() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        } catch (ConfigConflictException e) {
            err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code config apply --target T FILE}: the editors' Apply from a shell, through the same {@link ConfigService}:
 * validate, diff against the live object, write on its version, then reload and verify each replica in turn,
 * rolling back on any failure.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply a file to the stack's ConfigMap or Secret and reload the servers one replica at a time,"
                + " verifying each and rolling back automatically on failure.",
                "Prints the plan (the diff, secret values hidden) and asks at a terminal; --yes goes ahead without"
                        + " asking. Without either it validates and prints the plan only.",
                "Exit codes: 0 applied (or nothing to do), 1 refused, failed or rolled back, 2 usage or unreadable"
                        + " file, 130 cancelled (rolled back)."})
public final class ConfigApplyCommand extends ClusterOperationCommand {
    @Option(names = "--target", required = true, paramLabel = "T",
            description = "prometheus (prometheus-config), rules (prometheus-alert-rules) or alertmanager"
                    + " (Secret alertmanager-config).")
    String target;

    @Parameters(index = "0", paramLabel = "FILE", description = "The new content.")
    Path file;

    @Option(names = "--key", paramLabel = "KEY", description = "For rules: the rule-file key to replace or add"
            + " (default: the file's name).")
    String key;

    @Option(names = "--propagation-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the kubelet to update the mounted file on each pod (default 180).")
    int propagationSeconds;

    private ConfigTarget parsedTarget;
    private String text;

    @Override
    void checkOptions() {
        parsedTarget = ReloadCommand.parse(() -> ConfigTarget.fromCli(target));
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        ConfigTarget t = parsedTarget;
        String dataKey = t.key() != null ? t.key() : key != null ? key : file.getFileName().toString();
        ConfigService service = ConfigService.of(session, ConfigHistory.inDataDir(),
                ConfigService.Options.defaults().withPropagation(Duration.ofSeconds(propagationSeconds)));
        ConfigObject live = service.read(t);
        Map<String, String> data = new LinkedHashMap<>(live.data());
        data.put(dataKey, text);
        return runner.run(service.apply(live, data), ReloadCommand.REPORT);
    }
}

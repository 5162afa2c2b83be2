package io.neurectomy.console.cli;

import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alerts}: the alerts Alertmanager holds, what {@code amtool alert query} prints. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"List the alerts Alertmanager holds: name, severity, state (active, or suppressed by a silence"
                + " or an inhibition), since when, the receivers their route chose, and their labels.",
                "Exit codes: 0 listed, 1 Alertmanager could not be asked, 2 usage."})
public final class AlertsCommand extends PrintingCommand {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--all", description = "Also the silenced and inhibited alerts (default: only active ones).")
    boolean all;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Alert> alerts = SilenceCommand.withApi(cluster, api -> {
            doc.put("replica", api.replica());
            return api.alerts().stream().filter(a -> all || a.state().equals("active")).toList();
        });
        doc.put("alerts", alerts);
        String replica = (String) doc.get("replica");
        return print(doc, out -> {
            out.printf("%-32s %-9s %-11s %-21s %-24s %s%n", "ALERT", "SEVERITY", "STATE", "SINCE", "RECEIVERS",
                    "LABELS");
            for (Alert a : alerts) {
                String labels = a.labels().entrySet().stream()
                        .filter(e -> !e.getKey().equals("alertname") && !e.getKey().equals("severity"))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
                out.printf("%-32s %-9s %-11s %-21s %-24s %s%n", a.name(),
                        a.labels().getOrDefault("severity", "-"), a.state(),
                        a.startsAt() == null ? "-" : a.startsAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        String.join(",", a.receivers()), labels.isEmpty() ? "-" : labels);
            }
            out.println(alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s") + (all ? "" : " active")
                    + ", from " + replica + ".");
        }, OperationRunner.OK);
    }
}

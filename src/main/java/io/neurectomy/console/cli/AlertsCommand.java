package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.core.endpoints.TestAlert;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
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
                "Exit codes: 0 listed, 1 Alertmanager could not be asked, 2 usage.",
                "alerts test sends a test alert and reports whether it was delivered."},
        subcommands = AlertsCommand.Test.class)
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

    /** {@code alerts test}: a short-lived test alert, followed to its receiver and its delivery. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Send a short-lived test alert (alertname " + TestAlert.ALERT_NAME + ", severity=info, a"
                    + " unique " + TestAlert.ID_LABEL + " label; it resolves after 5 minutes) to one Alertmanager"
                    + " replica, print the receiver its route chose, and wait until that replica has delivered it"
                    + " or failed to (its notification counters per integration).",
                    "Exit codes: 0 delivered, 1 not delivered (failed, silenced or inhibited, or nothing sent within"
                            + " --wait) or Alertmanager could not be asked, 2 usage."})
    public static final class Test extends PrintingCommand {
        @Mixin
        ClusterOptions cluster;

        @Option(names = {"-l", "--label"}, paramLabel = "NAME=VALUE",
                description = "A label to add or replace (severity=critical to try the paging route); repeatable.")
        List<String> labels = new ArrayList<>();

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2m",
                description = "How long to wait for a notification: 90s, 2m (default 2m). A route's group_wait"
                        + " delays the first one.")
        String wait;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> extra = new LinkedHashMap<>();
            for (String label : labels) {
                int eq = label.indexOf('=');
                if (eq <= 0 || !label.substring(0, eq).matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw new UsageException("cannot read the label '" + label + "': write name=value.");
                }
                extra.put(label.substring(0, eq), label.substring(eq + 1));
            }
            Duration patience = SilenceCommand.duration(wait);
            TestAlert.Request request = TestAlert.Request.of(System.getProperty("user.name", "monitoring-console"))
                    .withLabels(extra).withPatience(patience);
            PrintWriter err = spec.commandLine().getErr();
            TestAlert.Result result = SilenceCommand.withApi(cluster, api -> {
                try {
                    return new TestAlert(api).send(request, step -> {
                        if (!output.json()) {
                            err.println(step);
                            err.flush();
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConsoleException("Interrupted while waiting for the test alert.", e);
                }
            });
            return print(result, out -> {
                out.println("Alert:     " + TestAlert.ALERT_NAME + " " + result.id() + " on " + result.replica());
                out.println("Receiver:  " + (result.receivers().isEmpty() ? "-" : String.join(", ",
                        result.receivers())));
                for (TestAlert.Delivery d : result.deliveries()) {
                    out.println("Requests:  " + d.integration() + " " + d.requests() + " (" + d.failed() + " failed)");
                }
                out.println(result.message());
            }, result.delivered() ? OperationRunner.OK : OperationRunner.FAILED);
        }
    }
}

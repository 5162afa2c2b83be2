package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Silence;
import io.neurectomy.console.core.health.HealthChecker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code silence add|list|expire}: Alertmanager's silences, what {@code amtool silence} does. */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = "Create, list and expire Alertmanager silences (the cluster's gossip gives them to every"
                + " replica).",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
public final class SilenceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name what to do: silence add, silence list or silence expire.");
    }

    /** Connects, waits for the first listing, and asks Alertmanager (also for {@code alerts}). */
    static <T> T withApi(ClusterOptions cluster, java.util.function.Function<AlertmanagerApi, T> work)
            throws InterruptedException {
        try (ClusterSession session = cluster.connect()) {
            HealthChecker.awaitSync(session, Duration.ofSeconds(20));
            return work.apply(new AlertmanagerApi(session, Duration.ofSeconds(10)));
        }
    }

    /** {@code silence add MATCHER... --duration D --comment TEXT}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Silence the alerts that match every MATCHER (label=value, label!=value, label=~regex,"
                    + " label!~regex) from now for --duration. Prints the silence's id.",
                    "Exit codes: 0 created, 1 refused or Alertmanager could not be asked, 2 usage."})
    public static final class Add extends PrintingCommand {
        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "MATCHER", arity = "1..*", description = "e.g. alertname=PrometheusTargetDown")
        List<String> matchers;

        @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "2h",
                description = "How long it lasts: 30m, 2h, 1d, or ISO-8601 (default 2h).")
        String duration;

        @Option(names = {"-c", "--comment"}, required = true, paramLabel = "TEXT", description = "Why.")
        String comment;

        @Option(names = "--author", paramLabel = "NAME", description = "Who (default: your user name).")
        String author;

        @Override
        public Integer call() throws InterruptedException {
            Duration length = duration(duration);
            String by = author != null ? author : System.getProperty("user.name", "monitoring-console");
            String id = withApi(cluster, api -> api.silence(matchers, length, by, comment));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", id);
            doc.put("matchers", matchers);
            doc.put("durationSeconds", length.toSeconds());
            doc.put("createdBy", by);
            return print(doc, out -> out.println(id), OperationRunner.OK);
        }
    }

    /** {@code silence list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the silences: id, state, until when, matchers, author and comment.",
                    "Exit codes: 0 listed, 1 Alertmanager could not be asked, 2 usage."})
    public static final class ListSilences extends PrintingCommand {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--expired", description = "Also the expired silences Alertmanager still keeps.")
        boolean expired;

        @Override
        public Integer call() throws InterruptedException {
            List<Silence> silences = withApi(cluster, api -> api.silences()).stream()
                    .filter(s -> expired || !s.state().equals("expired")).toList();
            return print(Map.of("silences", silences), out -> {
                out.printf("%-36s %-8s %-21s %-40s %-16s %s%n", "ID", "STATE", "ENDS", "MATCHERS", "AUTHOR",
                        "COMMENT");
                for (Silence s : silences) {
                    out.printf("%-36s %-8s %-21s %-40s %-16s %s%n", s.id(), s.state(),
                            s.endsAt() == null ? "-" : s.endsAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                            String.join(",", s.matchers()), s.createdBy(), s.comment());
                }
            }, OperationRunner.OK);
        }
    }

    /** {@code silence expire ID...}. */
    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = {"Expire silences at once.", "Exit codes: 0 expired, 1 refused, 2 usage."})
    public static final class Expire extends PrintingCommand {
        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "The silences' ids (silence list).")
        List<String> ids;

        @Override
        public Integer call() throws InterruptedException {
            withApi(cluster, api -> {
                ids.forEach(api::expire);
                return null;
            });
            return print(Map.of("expired", ids), out -> ids.forEach(id -> out.println("Expired " + id)),
                    OperationRunner.OK);
        }
    }

    /** {@code 30m}, {@code 2h}, {@code 1d}, {@code 90s}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        try {
            return AlertmanagerApi.duration(text);
        } catch (ConsoleException e) {
            throw new UsageException(e.getMessage());
        }
    }
}

package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.AgeFormat;
import io.neurectomy.console.core.util.MetricsText;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** The Prometheus checks, each asked of every replica through its own API. */
final class PrometheusProbes {
    private static final StackComponent PROMETHEUS = StackComponent.PROMETHEUS;
    private static final int PORT = PROMETHEUS.port();
    /** The scrape jobs of the stack's own components: each must find its pods. */
    /** How long after a config reload a replica may still be discovering its Alertmanagers. */
    private static final Duration DISCOVERY_GRACE = Duration.ofSeconds(30);
    /** The container serving Prometheus in its pods. */
    private static final String CONTAINER = "prometheus";
    /**
     * How much later than its data claim's creation (or its retention horizon) a replica's oldest sample may be:
     * the time between the claim's creation and the server's first scrape (the pod scheduled, the volume attached,
     * the image pulled, the server started). More than that is data lost, not data not yet written.
     */
    static final Duration LOST_DATA_SLACK = Duration.ofMinutes(2);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    /** Prometheus's retention time when {@code --storage.tsdb.retention.time} is not set. */
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
    private static final List<String> STACK_JOBS = StackComponent.all().stream().map(StackComponent::id).toList();

    private PrometheusProbes() {
    }

    static HealthProbe ready() {
        return Replicas.readinessProbe(PROMETHEUS,
                "kubectl exec -n NS prometheus-0 -- wget -qO- localhost:9090/-/ready");
    }

    static HealthProbe reload() {
        return Replicas.probe("prometheus-config-reload", PROMETHEUS, false, "Last config reload succeeded",
                "curl localhost:9090/api/v1/status/runtimeinfo (through a port-forward)",
                PrometheusProbes::reload);
    }

    static HealthProbe targets() {
        return Replicas.probe("prometheus-targets", PROMETHEUS, false, "Scrape targets up",
                "curl localhost:9090/api/v1/targets?state=active (through a port-forward)",
                PrometheusProbes::targets);
    }

    static HealthProbe discovery() {
        return Replicas.probe("prometheus-discovery", PROMETHEUS, false, "Service discovery finds the stack's pods",
                "curl localhost:9090/api/v1/targets (activeTargets and droppedTargets per job)",
                PrometheusProbes::discovery);
    }

    static HealthProbe rules() {
        return Replicas.probe("prometheus-rules", PROMETHEUS, false, "Rule groups evaluate",
                "curl localhost:9090/api/v1/rules (health and lastError of each rule)",
                PrometheusProbes::rules);
    }

    static HealthProbe tsdb() {
        return Replicas.probe("prometheus-tsdb", PROMETHEUS, false, "TSDB without corruption or failed"
                + " compactions", "curl localhost:9090/api/v1/status/tsdb; curl localhost:9090/metrics | grep"
                + " prometheus_tsdb_",
                PrometheusProbes::tsdb);
    }

    static HealthProbe alertmanagers() {
        return Replicas.probe("prometheus-alertmanagers", PROMETHEUS, false,
                "Every Alertmanager discovered, notifications delivered",
                "curl localhost:9090/api/v1/alertmanagers; curl localhost:9090/metrics | grep"
                        + " prometheus_notifications_errors_total",
                PrometheusProbes::alertmanagers);
    }

    static HealthProbe agree() {
        return new HealthProbe("prometheus-replicas-agree", HealthArea.PROMETHEUS,
                "Replicas run the same config and rules",
                "diff the /api/v1/status/config and /api/v1/rules of prometheus-0 and prometheus-1",
                PrometheusProbes::agree);
    }

    private static List<Finding> reload(HealthContext c, PodInfo pod) throws IOException {
        JsonNode info = c.api(pod.name(), PORT, "/api/v1/status/runtimeinfo");
        boolean success = info.path("reloadConfigSuccess").asBoolean(false);
        String last = info.path("lastConfigTime").asString("");
        String evidence = "reloadConfigSuccess: " + success + "\nlastConfigTime: " + last;
        if (!success) {
            return List.of(Finding.of(Severity.ERROR, "prometheus-config-reload", pod.name(),
                            "the last config reload failed; it still runs the config loaded at " + last)
                    .withEvidence(evidence)
                    .withFix("Validate prometheus.yml and the rules in the Config section, fix the error its log"
                            + " names, and reload.")
                    .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
        }
        return List.of(Finding.of(Severity.OK, "prometheus-config-reload", pod.name(),
                "config loaded at " + last).withEvidence(evidence));
    }

    private static List<Finding> targets(HealthContext c, PodInfo pod) throws IOException {
        JsonNode data = c.api(pod.name(), PORT, "/api/v1/targets");
        Map<String, int[]> perJob = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        for (JsonNode t : data.path("activeTargets")) {
            String job = t.path("labels").path("job").asString(t.path("scrapePool").asString(""));
            String instance = t.path("labels").path("instance").asString("");
            String targetPod = t.path("labels").path("pod").asString("");
            String health = t.path("health").asString("");
            if ("unknown".equals(health)) {
                continue; // discovered, not scraped yet
            }
            boolean up = "up".equals(health);
            var none = up || targetPod.isEmpty() ? java.util.Optional.<String>empty() : c.noProcess(targetPod);
            int[] counts = perJob.computeIfAbsent(job, j -> new int[3]);
            counts[up ? 0 : none.isPresent() ? 2 : 1]++;
            if (up) {
                continue;
            }
            String subject = pod.name() + " → " + job + "/" + instance;
            String error = t.path("lastError").asString("");
            String evidence = "scrapeUrl: " + t.path("scrapeUrl").asString("") + "\nhealth: "
                    + t.path("health").asString("") + "\nlastScrape: " + t.path("lastScrape").asString("")
                    + "\nlastError: " + error;
            if (none.isPresent()) {
                findings.add(Finding.of(Severity.UNKNOWN, "prometheus-targets", subject,
                        "not scraped: " + none.get()).withEvidence(evidence));
            } else {
                findings.add(Finding.of(Severity.WARNING, "prometheus-targets", subject,
                                "target down" + (targetPod.isEmpty() ? "" : " (pod " + targetPod + ")") + ": "
                                        + (error.isEmpty() ? "health " + t.path("health").asString("") : error))
                        .withEvidence(evidence)
                        .withFix("Check that the target's pod runs and serves /metrics on the scraped port, and"
                                + " that a NetworkPolicy lets Prometheus in."));
            }
        }
        String summary = perJob.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()[0] + " up, "
                + e.getValue()[1] + " down" + (e.getValue()[2] == 0 ? "" : ", " + e.getValue()[2]
                + " with no process to scrape")).collect(Collectors.joining("\n"));
        int up = perJob.values().stream().mapToInt(v -> v[0]).sum();
        int down = perJob.values().stream().mapToInt(v -> v[1]).sum();
        int unscraped = perJob.values().stream().mapToInt(v -> v[2]).sum();
        String others = unscraped == 0 ? "" : " (" + unscraped + " with no process to scrape)";
        if (down == 0) {
            findings.add(Finding.of(Severity.OK, "prometheus-targets", pod.name(), up + " targets up in "
                    + perJob.size() + " jobs" + others).withEvidence(summary));
        } else {
            findings.add(Finding.of(Severity.INFO, "prometheus-targets", pod.name(), up + " targets up, " + down
                    + " down" + others).withEvidence(summary));
        }
        return findings;
    }

    private static List<Finding> discovery(HealthContext c, PodInfo pod) throws IOException {
        JsonNode data = c.api(pod.name(), PORT, "/api/v1/targets");
        Map<String, int[]> perJob = new TreeMap<>();
        for (JsonNode t : data.path("activeTargets")) {
            perJob.computeIfAbsent(t.path("scrapePool").asString(""), j -> new int[2])[0]++;
        }
        for (JsonNode t : data.path("droppedTargets")) {
            perJob.computeIfAbsent(t.path("discoveredLabels").path("job").asString(""), j -> new int[2])[1]++;
        }
        perJob.remove("");
        String evidence = perJob.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()[0] + " active, "
                + e.getValue()[1] + " dropped").collect(Collectors.joining("\n"));
        List<Finding> findings = new ArrayList<>();
        for (String job : STACK_JOBS) {
            int[] counts = perJob.getOrDefault(job, new int[2]);
            int expected = StackComponent.named(job).flatMap(c::workload).map(WorkloadInfo::desired).orElse(0);
            if (counts[0] == 0 && expected > 0) {
                findings.add(Finding.of(Severity.ERROR, "prometheus-discovery", pod.name() + " → " + job,
                                "service discovery finds no " + job + " target (" + counts[1]
                                        + " dropped by relabelling)")
                        .withEvidence(evidence)
                        .withFix("Check the job's kubernetes_sd_configs and relabel rules against the pods' labels,"
                                + " and that Prometheus's service account may list pods and endpoints."));
            } else if (counts[0] < expected) {
                findings.add(Finding.of(Severity.WARNING, "prometheus-discovery", pod.name() + " → " + job,
                        "service discovery finds " + counts[0] + " of " + expected + " " + job + " pods")
                        .withEvidence(evidence));
            }
        }
        if (findings.isEmpty()) {
            int active = perJob.values().stream().mapToInt(v -> v[0]).sum();
            int dropped = perJob.values().stream().mapToInt(v -> v[1]).sum();
            findings.add(Finding.of(Severity.OK, "prometheus-discovery", pod.name(), active + " active and "
                    + dropped + " dropped targets in " + perJob.size() + " jobs").withEvidence(evidence));
        }
        return findings;
    }

    private static List<Finding> rules(HealthContext c, PodInfo pod) throws IOException {
        JsonNode data = c.api(pod.name(), PORT, "/api/v1/rules");
        List<Finding> findings = new ArrayList<>();
        int groups = 0;
        int rules = 0;
        for (JsonNode group : data.path("groups")) {
            groups++;
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!"err".equals(rule.path("health").asString(""))) {
                    continue;
                }
                String name = group.path("name").asString("") + "/" + rule.path("name").asString("");
                findings.add(Finding.of(Severity.ERROR, "prometheus-rules", pod.name() + " → " + name,
                                "the rule fails to evaluate: " + rule.path("lastError").asString(""))
                        .withEvidence("file: " + group.path("file").asString("") + "\nquery: "
                                + rule.path("query").asString("") + "\nlastEvaluation: "
                                + rule.path("lastEvaluation").asString(""))
                        .withFix("Fix the expression in the rules editor (Config section) and reload; until then"
                                + " the alert cannot fire."));
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, "prometheus-rules", pod.name(), rules + " rules in " + groups
                    + " groups evaluate"));
        }
        return findings;
    }

    private static List<Finding> tsdb(HealthContext c, PodInfo pod) throws IOException {
        JsonNode head = c.api(pod.name(), PORT, "/api/v1/status/tsdb").path("headStats");
        String metrics = c.get(pod.name(), PORT, "/metrics").body();
        double corruptions = MetricsText.sum(metrics, "prometheus_tsdb_wal_corruptions_total").orElse(0);
        double compactions = MetricsText.sum(metrics, "prometheus_tsdb_compactions_failed_total").orElse(0);
        long series = head.path("numSeries").asLong(0);
        String evidence = "head series: " + series + "\nprometheus_tsdb_wal_corruptions_total: " + (long) corruptions
                + "\nprometheus_tsdb_compactions_failed_total: " + (long) compactions;
        List<Finding> findings = new ArrayList<>();
        if (corruptions > 0) {
            findings.add(Finding.of(Severity.ERROR, "prometheus-tsdb", pod.name(), (long) corruptions
                            + " WAL corruptions since it started: samples were lost on replay")
                    .withEvidence(evidence)
                    .withFix("Look at the volume (full, or failing); the other replica still holds the data."));
        }
        if (compactions > 0) {
            findings.add(Finding.of(Severity.WARNING, "prometheus-tsdb", pod.name(), (long) compactions
                            + " failed compactions since it started")
                    .withEvidence(evidence)
                    .withFix("Failed compactions usually mean a full volume: check the disk use."));
        }
        TsdbClaim.of(c.client(), c.namespace(), pod.name()).flatMap(claim -> lostData(c.namespace(), pod.name(),
                claim.name(), claim.created(), MetricsText.value(metrics, "prometheus_tsdb_lowest_timestamp_seconds"),
                retentionFlag(c, pod), MetricsText.sum(metrics, "prometheus_tsdb_size_retentions_total").orElse(0),
                Instant.now())).ifPresent(findings::add);
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, "prometheus-tsdb", pod.name(), series + " head series, no WAL"
                    + " corruption or failed compaction").withEvidence(evidence));
        }
        return findings;
    }

    /** The replica's {@code storage.tsdb.retention.time} flag; empty when it cannot be read. */
    private static String retentionFlag(HealthContext c, PodInfo pod) {
        try {
            return c.api(pod.name(), PORT, "/api/v1/status/flags").path("storage.tsdb.retention.time").asString("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The lost-data rule: a replica should hold data from the later of its data claim's creation and now minus its
     * retention time; an oldest sample more than {@link #LOST_DATA_SLACK} after that means the data before it is gone
     * (the volume was wiped or replaced under the claim). Skipped when size retention has deleted blocks, which moves
     * the oldest sample forward legitimately.
     *
     * @param lowest          {@code prometheus_tsdb_lowest_timestamp_seconds}: the oldest sample, in seconds
     *                        ("now", or later, when the TSDB is empty); empty when the replica does not say
     * @param retentionTime   the {@code storage.tsdb.retention.time} flag; {@code 0s} or empty for the default 15d
     * @param sizeRetentions  {@code prometheus_tsdb_size_retentions_total}
     * @return the ERROR finding, or empty when no data is missing or the rule does not apply
     */
    static Optional<Finding> lostData(String namespace, String pod, String claim, Instant claimCreated,
                                      OptionalDouble lowest, String retentionTime, double sizeRetentions,
                                      Instant now) {
        if (lowest.isEmpty() || sizeRetentions > 0) {
            return Optional.empty();
        }
        Duration retention = StorageProbes.retentionTime(retentionTime);
        String keeps = retention.isZero() ? "15d (the default)" : retentionTime.strip();
        if (retention.isZero()) {
            retention = DEFAULT_RETENTION;
        }
        Instant horizon = now.minus(retention);
        Instant expected = claimCreated.isAfter(horizon) ? claimCreated : horizon;
        Instant oldest = Instant.ofEpochMilli((long) Math.min(lowest.getAsDouble() * 1000, now.toEpochMilli()));
        Duration gone = Duration.between(expected, oldest);
        if (gone.compareTo(LOST_DATA_SLACK) <= 0) {
            return Optional.empty();
        }
        String evidence = "prometheus_tsdb_lowest_timestamp_seconds: " + (long) lowest.getAsDouble() + " ("
                + oldest.truncatedTo(ChronoUnit.SECONDS) + ")\nclaim " + claim + " created: " + claimCreated
                + "\nstorage.tsdb.retention.time: " + keeps + " (horizon " + horizon.truncatedTo(ChronoUnit.SECONDS)
                + ")\nprometheus_tsdb_size_retentions_total: " + (long) sizeRetentions
                + "\nshould hold data since: " + expected.truncatedTo(ChronoUnit.SECONDS);
        return Optional.of(Finding.of(Severity.ERROR, "prometheus-tsdb", pod, "holds data only since "
                        + clockTime(oldest, now) + ", though its volume dates from " + clockTime(claimCreated, now)
                        + " and the retention keeps " + keeps + ": about " + AgeFormat.format(gone)
                        + " of data is gone (a wiped or replaced volume)")
                .withEvidence(evidence)
                .withFix("Restore its TSDB from the newest archive: the storage-failure runbook (Health → Runbooks),"
                        + " or monitoring-console restore --latest s3://BUCKET/PREFIX/ --components tsdb --pod " + pod
                        + " -n " + namespace));
    }

    /** {@code 13:05:12 UTC}, with the date in front when it is not the day of {@code now}. */
    private static String clockTime(Instant t, Instant now) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        boolean today = z.toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return (today ? "" : z.toLocalDate() + " ") + CLOCK_TIME.format(z) + " UTC";
    }

    private static List<Finding> alertmanagers(HealthContext c, PodInfo pod) throws IOException {
        JsonNode data = c.api(pod.name(), PORT, "/api/v1/alertmanagers");
        int active = data.path("activeAlertmanagers").size();
        int expected = c.workload(StackComponent.ALERTMANAGER).map(WorkloadInfo::desired).orElse(0);
        // Errors to an Alertmanager it no longer sends to (a pod replaced or scaled away) are what a rollout leaves
        // behind: only those to the Alertmanagers it sends to now count.
        Set<String> current = data.path("activeAlertmanagers").valueStream()
                .map(a -> a.path("url").asString("")).collect(Collectors.toSet());
        String query = URLEncoder.encode("sum by (alertmanager) (increase(prometheus_notifications_errors_total[10m]))",
                StandardCharsets.UTF_8);
        double errors = 0;
        for (JsonNode series : c.api(pod.name(), PORT, "/api/v1/query?query=" + query).path("result")) {
            if (current.contains(series.path("metric").path("alertmanager").asString(""))) {
                errors += Double.parseDouble(series.path("value").get(1).asString("0"));
            }
        }
        String evidence = "active Alertmanagers: " + active + "\n" + data.path("activeAlertmanagers").valueStream()
                .map(a -> "  " + a.path("url").asString("")).collect(Collectors.joining("\n"))
                + "\nAlertmanager replicas asked for: " + expected
                + "\nnotification errors in the last 10 minutes: " + Math.round(errors);
        List<Finding> findings = new ArrayList<>();
        Duration sinceReload = sinceReload(c, pod);
        if (active < expected && sinceReload.compareTo(DISCOVERY_GRACE) < 0) {
            // A reload restarts discovery: for a few seconds the replica knows no Alertmanager yet.
            findings.add(Finding.of(Severity.UNKNOWN, "prometheus-alertmanagers", pod.name(),
                    "discovering Alertmanagers again: its config was reloaded " + sinceReload.toSeconds()
                            + " s ago (" + active + " of " + expected + " found so far)").withEvidence(evidence));
        } else if (active == 0 && expected > 0) {
            findings.add(Finding.of(Severity.CRITICAL, "prometheus-alertmanagers", pod.name(),
                    "discovers no Alertmanager: alerts go nowhere").withEvidence(evidence)
                    .withFix("Check the alerting section of prometheus.yml and that the Alertmanager pods run."));
        } else if (active < expected) {
            findings.add(Finding.of(Severity.WARNING, "prometheus-alertmanagers", pod.name(),
                    "sends alerts to " + active + " of " + expected + " Alertmanagers").withEvidence(evidence)
                    .withFix("See which Alertmanager pods are not ready."));
        }
        if (errors > 0) {
            findings.add(Finding.of(Severity.WARNING, "prometheus-alertmanagers", pod.name(),
                    Math.round(errors) + " alert notifications to Alertmanager failed in the last 10 minutes")
                    .withEvidence(evidence)
                    .withFix("Read this replica's log for 'Error sending alert'."));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, "prometheus-alertmanagers", pod.name(), "sends alerts to "
                    + active + " Alertmanagers, no notification errors").withEvidence(evidence));
        }
        return findings;
    }

    /** How long ago the replica loaded its config; long ago when it does not say. */
    private static Duration sinceReload(HealthContext c, PodInfo pod) throws IOException {
        String last = c.api(pod.name(), PORT, "/api/v1/status/runtimeinfo").path("lastConfigTime").asString("");
        try {
            return Duration.between(Instant.parse(last), Instant.now());
        } catch (DateTimeParseException e) {
            return Duration.ofDays(1);
        }
    }

    private static List<Finding> agree(HealthContext c) {
        List<PodInfo> pods = c.pods(PROMETHEUS).stream().filter(p -> c.unreachable(p).isEmpty()).toList();
        if (pods.size() < 2) {
            return List.of(Finding.of(Severity.UNKNOWN, "prometheus-replicas-agree", PROMETHEUS.workload(),
                    pods.size() + " replica" + (pods.size() == 1 ? "" : "s") + " can be asked; nothing to compare"));
        }
        Map<String, String> configs = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> rules = new LinkedHashMap<>();
        for (PodInfo pod : pods) {
            try {
                String yaml = c.api(pod.name(), PORT, "/api/v1/status/config").path("yaml").asString("");
                // Each replica names itself (external label, paths): compare what is left.
                String own = yaml.replace(pod.name(), "$POD");
                configs.put(pod.name(), digest(own));
                texts.put(pod.name(), own);
                TreeSet<String> names = new TreeSet<>();
                for (JsonNode group : c.api(pod.name(), PORT, "/api/v1/rules").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        names.add(group.path("name").asString("") + "/" + rule.path("name").asString("") + " = "
                                + rule.path("query").asString(""));
                    }
                }
                rules.put(pod.name(), digest(String.join("\n", names)) + " (" + names.size() + " rules)");
            } catch (IOException e) {
                return List.of(Finding.of(Severity.UNKNOWN, "prometheus-replicas-agree", pod.name(),
                        "could not ask: " + e.getMessage()));
            }
        }
        String evidence = "config: " + configs + "\nrules: " + rules;
        List<Finding> findings = new ArrayList<>();
        if (configs.values().stream().distinct().count() > 1) {
            findings.add(Finding.of(Severity.WARNING, "prometheus-replicas-agree", PROMETHEUS.workload(),
                            "the replicas run different configs")
                    .withEvidence(evidence + "\n" + differentLines(texts))
                    .withFix("One replica did not reload the last change: reload it from the Config section."));
        }
        if (rules.values().stream().distinct().count() > 1) {
            findings.add(Finding.of(Severity.WARNING, "prometheus-replicas-agree", PROMETHEUS.workload(),
                            "the replicas evaluate different rules")
                    .withEvidence(evidence)
                    .withFix("One replica did not reload the last rules change: reload it from the Config"
                            + " section."));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, "prometheus-replicas-agree", PROMETHEUS.workload(),
                    pods.size() + " replicas run the same config and rules").withEvidence(evidence));
        }
        return findings;
    }

    /** The lines of each replica's config that the other replicas' configs lack (at most 10 per replica). */
    static String differentLines(Map<String, String> texts) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            Set<String> others = new HashSet<>();
            texts.forEach((pod, text) -> {
                if (!pod.equals(e.getKey())) {
                    others.addAll(List.of(text.split("\n")));
                }
            });
            List<String> own = Stream.of(e.getValue().split("\n")).filter(l -> !others.contains(l)).toList();
            out.append("only in ").append(e.getKey()).append(':');
            own.stream().limit(10).forEach(l -> out.append("\n  ").append(l.strip()));
            if (own.size() > 10) {
                out.append("\n  … ").append(own.size() - 10).append(" more lines");
            }
            out.append('\n');
        }
        return out.toString().strip();
    }

    static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

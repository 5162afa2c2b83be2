package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The scrape targets of the stack's Prometheus replicas, as each reports them ({@code /api/v1/targets?state=any}):
 * every active target with its health, last scrape, scrape duration and last error, and per job how many targets
 * service discovery found and how many relabelling dropped. What {@code curl localhost:9090/api/v1/targets} shows by
 * hand on each replica.
 */
public final class PrometheusTargets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StackComponent PROMETHEUS = StackComponent.PROMETHEUS;
    /** Down first, then not scraped yet, then up. */
    private static final List<String> HEALTH_ORDER = List.of("down", "unknown", "up");

    /**
     * One active target as one replica scrapes it.
     *
     * @param replica        the Prometheus pod that scrapes it
     * @param job            its {@code job} label (the scrape pool when it has none)
     * @param instance       its {@code instance} label
     * @param pod            its {@code pod} label (the pod scraped, where relabelling keeps it), or empty
     * @param health         {@code up}, {@code down} or {@code unknown} (not scraped yet)
     * @param lastScrape     when it was last scraped, or null
     * @param scrapeDuration how long the last scrape took, or null
     * @param lastError      what the last scrape failed with, or empty
     * @param scrapeUrl      the URL scraped
     */
    public record Target(String replica, String job, String instance, String pod, String health, Instant lastScrape,
                         Duration scrapeDuration, String lastError, String scrapeUrl) {
        /** Whether its last scrape failed. */
        public boolean down() {
            return "down".equals(health);
        }
    }

    /**
     * Service discovery of one job on one replica.
     *
     * @param replica the Prometheus pod
     * @param job     the job
     * @param active  targets discovered and kept
     * @param up      of those, how many are up
     * @param dropped targets discovered and dropped by relabelling
     */
    public record Job(String replica, String job, int active, int up, int dropped) {
    }

    /**
     * What the replicas reported.
     *
     * @param replicas the replicas asked
     * @param targets  the active targets, down first, then by job, instance and replica
     * @param jobs     per replica and job, by job then replica
     * @param errors   replicas that could not be asked, with why
     * @param readAt   when they were asked (the ages of the last scrapes count from here)
     */
    public record Report(List<String> replicas, List<Target> targets, List<Job> jobs, Map<String, String> errors,
                         Instant readAt) {
    }

    private final ClusterSession session;
    private final PodCalls calls;

    public PrometheusTargets(ClusterSession session, Duration timeout) {
        this.session = session;
        this.calls = new PodCalls(session.client(), session.namespace(), timeout);
    }

    /** The Prometheus replicas that run (by name): those that can be asked. */
    public List<String> replicas() {
        return session.state().snapshot().pods().stream()
                .filter(p -> PROMETHEUS.runs(p.workload()) && "Running".equals(p.status())
                        && (p.namespace().isEmpty() || p.namespace().equals(session.namespace())))
                .map(PodInfo::name).sorted().toList();
    }

    /**
     * Asks {@code replica} (null or empty: every running replica, at once) for its targets. A replica that cannot be
     * asked is named in {@link Report#errors()}; the others still count.
     */
    public Report read(String replica) {
        List<String> asked = replica == null || replica.isEmpty() ? replicas() : List.of(replica);
        Map<String, Object> answers = new LinkedHashMap<>();
        asked.parallelStream().forEach(pod -> {
            Object answer;
            try {
                answer = ask(pod);
            } catch (IOException e) {
                answer = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = "interrupted";
            }
            synchronized (answers) {
                answers.put(pod, answer);
            }
        });
        return assemble(asked, answers, Instant.now());
    }

    /**
     * The report of what each replica of {@code asked} answered: the {@code data} of its targets page, or why it
     * could not be asked.
     */
    static Report assemble(List<String> asked, Map<String, Object> answers, Instant readAt) {
        List<Target> targets = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        for (String pod : asked) {
            Object answer = answers.get(pod);
            if (answer instanceof JsonNode data) {
                read(pod, data, targets, jobs);
            } else {
                errors.put(pod, String.valueOf(answer));
            }
        }
        targets.sort(Comparator.comparingInt((Target t) -> rank(t.health())).thenComparing(Target::job)
                .thenComparing(Target::instance).thenComparing(Target::replica));
        jobs.sort(Comparator.comparing(Job::job).thenComparing(Job::replica));
        return new Report(asked, List.copyOf(targets), List.copyOf(jobs), errors, readAt);
    }

    private JsonNode ask(String pod) throws IOException, InterruptedException {
        PodCalls.Response response = calls.get(pod, PROMETHEUS.port(), "/api/v1/targets?state=any");
        if (!response.ok()) {
            throw new IOException(pod + " answered /api/v1/targets with HTTP " + response.status());
        }
        return data(pod, response.body());
    }

    /**
     * The {@code data} of {@code pod}'s answer {@code body} to {@code /api/v1/targets}.
     *
     * @throws IOException when the answer is not JSON
     */
    static JsonNode data(String pod, String body) throws IOException {
        try {
            return JSON.readTree(body == null ? "" : body).path("data");
        } catch (JacksonException e) {
            throw new IOException(pod + " answered /api/v1/targets with " + PodCalls.Response.describe(body)
                    + ". Check that the pod's port is served by Prometheus itself.", e);
        }
    }

    /** Reads one replica's answer ({@code data} of {@code /api/v1/targets?state=any}). */
    static void read(String pod, JsonNode data, List<Target> targets, List<Job> jobs) {
        Map<String, int[]> perJob = new TreeMap<>();
        for (JsonNode t : data.path("activeTargets")) {
            String job = t.path("labels").path("job").asString(t.path("scrapePool").asString(""));
            String health = t.path("health").asString("unknown");
            targets.add(new Target(pod, job, t.path("labels").path("instance").asString(""),
                    t.path("labels").path("pod").asString(""), health,
                    instant(t.path("lastScrape").asString("")), seconds(t.path("lastScrapeDuration")),
                    t.path("lastError").asString(""), t.path("scrapeUrl").asString("")));
            int[] counts = perJob.computeIfAbsent(job, j -> new int[3]);
            counts[0]++;
            if ("up".equals(health)) {
                counts[1]++;
            }
        }
        for (JsonNode t : data.path("droppedTargets")) {
            String job = t.path("discoveredLabels").path("job").asString("");
            if (!job.isEmpty()) {
                perJob.computeIfAbsent(job, j -> new int[3])[2]++;
            }
        }
        perJob.forEach((job, c) -> jobs.add(new Job(pod, job, c[0], c[1], c[2])));
    }

    private static int rank(String health) {
        int i = HEALTH_ORDER.indexOf(health);
        return i < 0 ? 0 : i;
    }

    private static Instant instant(String text) {
        try {
            Instant t = text.isEmpty() ? null : Instant.parse(text);
            // Prometheus writes the zero time for a target it has not scraped yet.
            return t == null || t.getEpochSecond() <= 0 ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration seconds(JsonNode node) {
        if (!node.isNumber()) {
            return null;
        }
        return Duration.ofNanos(Math.round(node.asDouble() * 1e9));
    }
}

package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The health gate after a change of a component's replica count: the component's own health probes over the
 * session's picture of the namespace, and what the count itself demands.
 * <ul>
 *   <li>exactly {@code replicas} pods, none leaving, each ready ({@code *-ready});</li>
 *   <li>Alertmanager: {@code alertmanager-cluster} without a finding, and every replica's {@code /api/v2/status}
 *       counting exactly {@code replicas} peers, its cluster settled ({@code ready}; a scale-down is only done
 *       when the removed ones have left);</li>
 *   <li>Prometheus: {@code prometheus-config-reload} OK on every replica, and each new replica has scraped at least
 *       one target successfully ({@code /api/v1/targets});</li>
 *   <li>Grafana: {@code grafana-health} OK on every replica.</li>
 * </ul>
 * One call is one look; the caller asks again until it passes or its time is up.
 */
public final class ScaleGate {
    /** What one look found: whether the gate passes, why not (one line), and every finding read. */
    public record Verdict(boolean passed, String summary, List<Finding> findings) {
        public Verdict {
            findings = List.copyOf(findings);
        }
    }

    private ScaleGate() {
    }

    /**
     * Looks once at {@code component} after its count was set to {@code replicas}; {@code newPods} are the replicas
     * the change added (empty for a scale-down).
     */
    public static Verdict check(ClusterSession session, StackComponent component, int replicas, Set<String> newPods,
                                Duration requestTimeout) {
        HealthContext c = HealthContext.of(session, requestTimeout);
        List<PodInfo> pods = c.pods(component);
        long ready = pods.stream().filter(PodInfo::ready).count();
        boolean leaving = pods.stream().anyMatch(p -> "Terminating".equals(p.status()));
        if (pods.size() != replicas || ready != replicas || leaving) {
            return new Verdict(false, ready + " of " + replicas + " " + component.title() + " replicas ready"
                    + (pods.size() > replicas || leaving ? ", " + pods.size() + " pods still there" : ""), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        HealthProbe readiness = switch (component) {
            case PROMETHEUS -> PrometheusProbes.ready();
            case ALERTMANAGER -> AlertmanagerProbes.ready();
            case GRAFANA -> GrafanaProbes.health();
        };
        findings.addAll(readiness.check().check(c));
        List<String> problems = new ArrayList<>();
        switch (component) {
            case ALERTMANAGER -> {
                findings.addAll(AlertmanagerProbes.cluster().check().check(c));
                for (PodInfo pod : pods) {
                    peers(c, pod, replicas, problems);
                }
            }
            case PROMETHEUS -> {
                findings.addAll(PrometheusProbes.reload().check().check(c));
                for (PodInfo pod : pods) {
                    if (newPods.contains(pod.name())) {
                        scrapes(c, pod, problems);
                    }
                }
            }
            case GRAFANA -> { }
        }
        findings.stream().filter(f -> f.severity() != Severity.OK)
                .forEach(f -> problems.add(0, f.subject() + ": " + f.message()));
        return problems.isEmpty()
                ? new Verdict(true, passed(component, replicas, newPods), findings)
                : new Verdict(false, problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1)
                + " more)" : ""), findings);
    }

    private static String passed(StackComponent component, int replicas, Set<String> newPods) {
        return switch (component) {
            case ALERTMANAGER -> replicas + " replicas ready, each seeing " + replicas + " peers on one config";
            case PROMETHEUS -> replicas + " replicas ready with their config loaded" + (newPods.isEmpty() ? ""
                    : "; " + String.join(", ", newPods.stream().sorted().toList()) + " scraping");
            case GRAFANA -> replicas + " replicas ready and healthy";
        };
    }

    private static void peers(HealthContext c, PodInfo pod, int replicas, List<String> problems) {
        try {
            var cluster = c.json(pod.name(), StackComponent.ALERTMANAGER.port(), "/api/v2/status").path("cluster");
            int peers = cluster.path("peers").size();
            String status = cluster.path("status").asString("");
            if (peers != replicas) {
                problems.add(pod.name() + " sees " + peers + " peers, not " + replicas);
            } else if (!"ready".equals(status)) {
                problems.add(pod.name() + "'s cluster is " + status + ", not ready yet");
            }
        } catch (IOException e) {
            problems.add(pod.name() + ": " + e.getMessage());
        }
    }

    private static void scrapes(HealthContext c, PodInfo pod, List<String> problems) {
        try {
            boolean up = false;
            for (var target : c.api(pod.name(), StackComponent.PROMETHEUS.port(), "/api/v1/targets")
                    .path("activeTargets")) {
                up |= "up".equals(target.path("health").asString(""));
            }
            if (!up) {
                problems.add(pod.name() + " has not scraped any target successfully yet");
            }
        } catch (IOException e) {
            problems.add(pod.name() + ": " + e.getMessage());
        }
    }
}

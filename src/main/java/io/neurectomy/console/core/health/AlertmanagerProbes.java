package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.MetricsText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The Alertmanager checks: each replica ready, one cluster of every replica on one config, notifications sent. */
final class AlertmanagerProbes {
    private static final StackComponent ALERTMANAGER = StackComponent.ALERTMANAGER;
    private static final int PORT = ALERTMANAGER.port();

    private AlertmanagerProbes() {
    }

    static HealthProbe ready() {
        return Replicas.readinessProbe(ALERTMANAGER,
                "kubectl exec -n NS alertmanager-0 -- wget -qO- localhost:9093/-/ready");
    }

    static HealthProbe cluster() {
        return new HealthProbe("alertmanager-cluster", HealthArea.ALERTMANAGER,
                "One cluster of every replica, on one config",
                "amtool cluster show --alertmanager.url=http://localhost:9093; curl localhost:9093/metrics | grep"
                        + " alertmanager_config_hash", AlertmanagerProbes::cluster);
    }

    static HealthProbe notifications() {
        return Replicas.probe("alertmanager-notifications", ALERTMANAGER, false,
                "Notifications delivered by every integration",
                "curl localhost:9093/metrics | grep alertmanager_notifications_failed_total",
                AlertmanagerProbes::notifications);
    }

    private static List<Finding> cluster(HealthContext c) {
        int expected = c.workload(ALERTMANAGER).map(WorkloadInfo::desired).orElse(0);
        Map<String, String> hashes = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>(Replicas.each(c, ALERTMANAGER, "alertmanager-cluster", pod -> {
            JsonNode status = c.json(pod.name(), PORT, "/api/v2/status");
            JsonNode cluster = status.path("cluster");
            String state = cluster.path("status").asString("");
            int peers = cluster.path("peers").size();
            OptionalDouble hash = MetricsText.value(c.get(pod.name(), PORT, "/metrics").body(),
                    "alertmanager_config_hash");
            hash.ifPresent(h -> hashes.put(pod.name(), String.format("%.0f", h)));
            String evidence = "cluster status: " + state + "\npeers: " + cluster.path("peers").valueStream()
                    .map(p -> p.path("name").asString("") + " " + p.path("address").asString(""))
                    .collect(Collectors.joining(", ")) + "\nreplicas asked for: " + expected;
            if ("disabled".equals(state)) {
                return List.of(Finding.of(Severity.ERROR, "alertmanager-cluster", pod.name(),
                                "clustering is disabled: each replica notifies on its own, so every alert is sent"
                                        + " several times").withEvidence(evidence)
                        .withFix("Start each replica with --cluster.peer for the others (the bundled"
                                + " StatefulSet does)."));
            }
            if (peers < expected) {
                return List.of(Finding.of(Severity.WARNING, "alertmanager-cluster", pod.name(),
                                "sees " + peers + " of " + expected + " peers (cluster " + state + ")")
                        .withEvidence(evidence)
                        .withFix("A peer that is missing notifies on its own: see which pod is not ready, and"
                                + " that port 9094 is open between the pods."));
            }
            return List.of(Finding.of(Severity.OK, "alertmanager-cluster", pod.name(), "cluster " + state + ", "
                    + peers + " peers").withEvidence(evidence));
        }));
        if (hashes.values().stream().distinct().count() > 1) {
            findings.add(Finding.of(Severity.WARNING, "alertmanager-cluster", ALERTMANAGER.workload(),
                            "the replicas run different configs")
                    .withEvidence("alertmanager_config_hash: " + hashes)
                    .withFix("One replica did not reload the last change: reload Alertmanager from the Config"
                            + " section."));
        }
        return findings;
    }

    private static List<Finding> notifications(HealthContext c, PodInfo pod) throws IOException {
        String metrics = c.get(pod.name(), PORT, "/metrics").body();
        Map<String, Double> sent = new LinkedHashMap<>();
        for (MetricsText.Sample s : MetricsText.samples(metrics, "alertmanager_notifications_total")) {
            sent.merge(s.label("integration"), s.value(), Double::sum);
        }
        List<Finding> findings = new ArrayList<>();
        StringBuilder evidence = new StringBuilder();
        for (MetricsText.Sample s : MetricsText.samples(metrics, "alertmanager_notifications_failed_total")) {
            String integration = s.label("integration");
            long failed = Math.round(s.value());
            long total = Math.round(sent.getOrDefault(integration, 0.0));
            evidence.append(integration).append(": ").append(failed).append(" failed of ").append(total)
                    .append('\n');
            if (failed > 0) {
                findings.add(Finding.of(Severity.WARNING, "alertmanager-notifications", pod.name() + " → "
                                + integration, failed + " of " + total + " " + integration
                                + " notifications failed since the pod started")
                        .withFix("Check the receiver's URL and credentials in alertmanager.yml, and that the"
                                + " NetworkPolicy allows egress to it; the pod's log names the error."));
            }
        }
        String text = evidence.toString().strip();
        if (findings.isEmpty()) {
            return List.of(Finding.of(Severity.OK, "alertmanager-notifications", pod.name(),
                    "no notification failed").withEvidence(text));
        }
        return findings.stream().map(f -> f.withEvidence(text)).toList();
    }
}

package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The Grafana checks: each pod's {@code /api/health}, and whether it reaches Prometheus. */
final class GrafanaProbes {
    private static final StackComponent GRAFANA = StackComponent.GRAFANA;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaProbes() {
    }

    static HealthProbe health() {
        return Replicas.probe("grafana-health", GRAFANA, false, "Each replica healthy, its database reachable",
                "kubectl exec -n NS deploy/grafana -- wget -qO- localhost:3000/api/health",
                GrafanaProbes::health);
    }

    static HealthProbe datasource() {
        return Replicas.probe("grafana-datasource", GRAFANA, false, "Grafana reaches Prometheus",
                "kubectl exec -n NS deploy/grafana -- wget -qO- http://prometheus.NS.svc:9090/-/ready",
                GrafanaProbes::datasource);
    }

    private static List<Finding> health(HealthContext c, PodInfo pod) throws IOException {
        PodCalls.Response response;
        try {
            response = c.get(pod.name(), GRAFANA.port(), GRAFANA.readinessPath());
        } catch (IOException e) {
            if (Replicas.refusedByCluster(e)) {
                throw e;
            }
            return List.of(Finding.of(Severity.CRITICAL, "grafana-health", pod.name(), "does not answer "
                            + GRAFANA.readinessPath() + ": " + e.getMessage())
                    .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
        }
        String database = "";
        try {
            JsonNode body = JSON.readTree(response.body());
            database = body.path("database").asString("");
        } catch (JacksonException e) {
            // not JSON: judged by the status alone
        }
        String evidence = "HTTP " + response.status() + "\n" + Replicas.abbreviate(response.body());
        if (!response.ok() || (!database.isEmpty() && !"ok".equals(database))) {
            return List.of(Finding.of(Severity.CRITICAL, "grafana-health", pod.name(), "unhealthy: HTTP "
                            + response.status() + (database.isEmpty() ? "" : ", database " + database))
                    .withEvidence(evidence)
                    .withFix("Grafana cannot reach its database: with several replicas they must share one"
                            + " (PostgreSQL or MySQL).")
                    .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
        }
        return List.of(Finding.of(Severity.OK, "grafana-health", pod.name(), "healthy, database " + database)
                .withEvidence(evidence));
    }

    private static List<Finding> datasource(HealthContext c, PodInfo pod) throws IOException {
        String url = "http://" + StackComponent.PROMETHEUS.service() + "." + c.namespace() + ".svc:"
                + StackComponent.PROMETHEUS.port() + StackComponent.PROMETHEUS.readinessPath();
        PodCalls.ExecResult result = c.exec(pod.name(), GRAFANA.container(),
                List.of("wget", "-q", "-T", "5", "-O", "-", url));
        String evidence = "wget " + url + "\nexit " + result.exitCode() + "\n"
                + Replicas.abbreviate(result.stdout() + result.stderr());
        if (!result.ok()) {
            return List.of(Finding.of(Severity.ERROR, "grafana-datasource", pod.name(),
                            "cannot reach Prometheus at " + url + ": dashboards show no data")
                    .withEvidence(evidence)
                    .withFix("Check the Prometheus Service and the NetworkPolicy that lets Grafana reach port"
                            + " 9090."));
        }
        return List.of(Finding.of(Severity.OK, "grafana-datasource", pod.name(), "reaches Prometheus at " + url)
                .withEvidence(evidence));
    }
}

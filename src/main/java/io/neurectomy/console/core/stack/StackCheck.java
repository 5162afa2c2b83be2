package io.neurectomy.console.core.stack;

import io.neurectomy.console.core.check.Check;
import io.neurectomy.console.core.check.Finding;
import java.util.List;

/** The consistency checks {@link StackChecks} runs on a rendered stack; each is a {@link Check} of its own. */
public enum StackCheck implements Check<RenderedStack> {
    /** Every manifest is a known Kubernetes kind with no unknown fields, in the stack's namespace. */
    TYPED_MODELS("typed-models", "Every manifest parses into a typed Kubernetes model, without unknown fields"),
    /** Workload selectors match their pods; Services and PDBs select a workload's pods. */
    SELECTORS("selectors", "Selectors of workloads, Services and disruption budgets match pod template labels"),
    /** Service target ports and Ingress backends exist. */
    SERVICE_PORTS("service-ports", "Services target ports the containers declare; Ingresses target Service ports"),
    /** Disruption budgets leave room for an eviction. */
    PDB_SATISFIABLE("pdb-satisfiable", "Disruption budgets are satisfiable with the replica counts"),
    /** Replicas are spread over nodes (and zones). */
    ANTI_AFFINITY("anti-affinity", "StatefulSets and Deployments spread their replicas over nodes and zones"),
    /** Pods meet the restricted Pod Security Standard. */
    POD_SECURITY("pod-security", "Pods meet the restricted Pod Security Standard the namespace enforces"),
    /** ConfigMaps, Secrets, service accounts, volumes and governing Services referred to exist. */
    REFERENCES("references", "Objects the pods, bindings and Ingresses refer to exist in the stack"),
    /** The NetworkPolicies allow every path the stack needs. */
    NETWORK_PATHS("network-paths", "NetworkPolicies allow every connection the stack needs"),
    /** Rule files parse and are loaded by Prometheus. */
    RULE_FILES("rule-files", "Rule files parse and rule_files loads every mounted one"),
    /** Alerts carry summary, description, runbook_url and a severity. */
    ALERT_ANNOTATIONS("alert-annotations", "Every alert has summary, description, runbook_url and a severity label"),
    /** Recording rule names follow level:metric:operations. */
    RECORDING_RULE_NAMES("recording-rule-names", "Recording rules are named level:metric:operations"),
    /** Alertmanager routes name defined receivers. */
    ALERTMANAGER_ROUTES("alertmanager-routes", "Alertmanager routes reference defined receivers"),
    /** Alertmanager replicas peer with each other. */
    ALERTMANAGER_PEERS("alertmanager-peers", "Every Alertmanager replica peers with all replicas on 9094 TCP and UDP"),
    /** Prometheus alerts every Alertmanager and drops its replica label. */
    PROMETHEUS_ALERTING("prometheus-alerting",
            "Prometheus sends alerts to every Alertmanager pod and drops its replica label from them"),
    /** Retention fits the volume. */
    PROMETHEUS_RETENTION("prometheus-retention", "Prometheus's retention size fits its volume"),
    /** Several Grafana replicas share a database. */
    GRAFANA_DATABASE("grafana-database", "Grafana replicas share a database");

    private final String id;
    private final String description;

    StackCheck(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** A short stable name, e.g. {@code network-paths}. */
    public String id() {
        return id;
    }

    /** What the check verifies, in a line. */
    public String description() {
        return description;
    }

    /** This check's findings on {@code stack} (code: {@link #id()}); empty when it passed. */
    @Override
    public List<Finding> check(RenderedStack stack) {
        return StackChecks.run(stack, this);
    }
}

package io.neurectomy.console.core.health;

/** What part of the stack a health probe looks at; the report and the window group findings by it. */
public enum HealthArea {
    WORKLOADS("Workloads"),
    PROMETHEUS("Prometheus"),
    ALERTMANAGER("Alertmanager"),
    GRAFANA("Grafana"),
    STORAGE("Storage"),
    SECURITY("Security"),
    BACKUPS("Backups"),
    /** The cluster a stack is about to be deployed on: what {@code preflight} checks. */
    CLUSTER("Cluster");

    private final String title;

    HealthArea(String title) {
        this.title = title;
    }

    /** The name for people. */
    public String title() {
        return title;
    }
}

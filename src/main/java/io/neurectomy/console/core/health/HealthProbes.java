package io.neurectomy.console.core.health;

import java.util.List;

/** Every health probe the console runs, in the order the report lists them. */
public final class HealthProbes {
    private HealthProbes() {
    }

    public static List<HealthProbe> all() {
        return List.of(
                WorkloadProbes.replicas(), WorkloadProbes.pods(), WorkloadProbes.pending(), WorkloadProbes.volumes(),
                PrometheusProbes.ready(), PrometheusProbes.reload(), PrometheusProbes.targets(),
                PrometheusProbes.discovery(), PrometheusProbes.rules(), PrometheusProbes.tsdb(),
                PrometheusProbes.alertmanagers(), PrometheusProbes.agree(),
                AlertmanagerProbes.ready(), AlertmanagerProbes.cluster(), AlertmanagerProbes.notifications(),
                GrafanaProbes.health(), GrafanaProbes.datasource(),
                StorageProbes.diskUse(), StorageProbes.growth(), StorageProbes.retention(),
                SecurityProbes.networkPolicies(), SecurityProbes.connectivity(), SecurityAccessProbes.rbac(),
                SecurityProbes.podSecurity(), SecurityAccessProbes.tls(),
                BackupProbes.age(), BackupProbes.s3(),
                FiringAlertProbes.firing());
    }
}

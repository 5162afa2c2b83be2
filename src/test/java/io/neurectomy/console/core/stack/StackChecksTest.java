package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each check passes on the bundled stack and fails on a fixture that breaks what it guards. */
class StackChecksTest {

    @ParameterizedTest
    @EnumSource(StackCheck.class)
    void theBundledStackPassesEveryCheckInBothEnvironments(StackCheck check) {
        for (String env : List.of("staging", "production")) {
            List<Finding> results = StackChecks.run(TestStacks.rendered(env), check);
            List<Finding> problems = results.stream().filter(r -> r.severity() != Severity.INFO).toList();
            if (check == StackCheck.GRAFANA_DATABASE && env.equals("production")) {
                continue; // the default sqlite3 with two replicas is a documented warning, tested below
            }
            assertThat(problems).as(check + " in " + env).isEmpty();
        }
    }

    @Test
    void everyResultNamesItsObjectWhereItIsAndWhatToDo() {
        List<Finding> results = StackChecks.run(TestStacks.broken("references-broken.yaml"));

        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.subject()).isNotBlank();
            assertThat(r.message()).isNotBlank();
            assertThat(r.severity()).isNotNull();
        });
        assertThat(results).filteredOn(r -> r.code().equals(StackCheck.REFERENCES.id())
                && r.severity() == Severity.ERROR).isNotEmpty().allSatisfy(r ->
                assertThat(r.location()).startsWith("stack/fixtures/references-broken.yaml:"));
    }

    @Test
    void eachCheckIsACheckWhoseFindingsCarryItsIdAsCode() {
        RenderedStack stack = TestStacks.broken("references-broken.yaml");

        List<Finding> references = StackCheck.REFERENCES.check(stack);

        assertThat(references).isNotEmpty().allMatch(f -> f.code().equals("references"));
        assertThat(references.get(0).toString()).startsWith(references.get(0).severity() + " [references] "
                + references.get(0).subject() + " (stack/fixtures/references-broken.yaml:");
    }

    @Test
    void typedModels() {
        List<Finding> results = run("typed-models-broken.yaml", StackCheck.TYPED_MODELS);

        assertThat(messages(results)).contains(
                "Deployment/grafana: unknown field spec.replica: the API server rejects or drops it; fix its spelling "
                        + "or remove it.",
                "Deployment/grafana: unknown field spec.template.spec.containers[0].imagePullPolcy: the API server "
                        + "rejects or drops it; fix its spelling or remove it.",
                "ConfigMap/elsewhere: is in namespace default, not monitoring; set metadata.namespace: monitoring.");
        assertThat(results).anySatisfy(r -> {
            assertThat(r.subject()).isEqualTo("NetworkPolcy/typo");
            assertThat(r.message()).contains("is not a Kubernetes type the console knows");
        });
        assertThat(results).allMatch(r -> r.severity() == Severity.ERROR);
    }

    @Test
    void selectors() {
        List<Finding> results = run("selectors-broken.yaml", StackCheck.SELECTORS);

        assertThat(messages(results)).contains(
                "Service/prometheus: selector {app=prometheus-server} matches no workload's pods, so it has no "
                        + "endpoints; use the labels of the pods it serves.",
                "PodDisruptionBudget/grafana-pdb: selector {app=grafna} matches no workload's pods, so it protects "
                        + "nothing during drains; use the labels of the pods it guards.",
                "Deployment/grafana: selector {app=grafana, tier=ui} does not match its own pod template labels "
                        + "{app=grafana}; Kubernetes rejects it. Make spec.selector match "
                        + "spec.template.metadata.labels.");
    }

    @Test
    void servicePorts() {
        List<Finding> results = run("service-ports-broken.yaml", StackCheck.SERVICE_PORTS);

        assertThat(messages(results)).containsExactlyInAnyOrder(
                "Service/alertmanager: port web targets port name 'http'/TCP, which the containers of "
                        + "StatefulSet/alertmanager do not declare; traffic would go nowhere. Target a declared "
                        + "containerPort (by name or number).",
                "Service/alertmanager-headless: port mesh-sctp targets port 9095/TCP, which the containers of "
                        + "StatefulSet/alertmanager do not declare; traffic would go nowhere. Target a declared "
                        + "containerPort (by name or number).",
                "Ingress/grafana: host grafana.example.org routes to port web of Service grafana, which it does not "
                        + "have; use one of its ports.");
    }

    @Test
    void pdbSatisfiable() {
        List<Finding> results = run("pdb-unsatisfiable.yaml", StackCheck.PDB_SATISFIABLE);

        assertThat(messages(results)).containsExactlyInAnyOrder(
                "PodDisruptionBudget/alertmanager-pdb: minAvailable 3 with 3 replicas of StatefulSet/alertmanager "
                        + "allows no eviction: node drains hang. Require fewer than 3 (or use maxUnavailable: 1).",
                "PodDisruptionBudget/prometheus-pdb: maxUnavailable 0 with 2 replicas of StatefulSet/prometheus "
                        + "allows no eviction: node drains hang. Allow at least 1.",
                "PodDisruptionBudget/grafana-pdb: minAvailable 100% with 2 replicas of Deployment/grafana allows no "
                        + "eviction: node drains hang. Require fewer than 2 (or use maxUnavailable: 1).");
    }

    @Test
    void aSingleReplicaUnderABudgetIsMentioned() {
        assertThat(StackChecks.run(TestStacks.rendered("staging"), StackCheck.PDB_SATISFIABLE)).singleElement()
                .satisfies(r -> {
                    assertThat(r.severity()).isEqualTo(Severity.INFO);
                    assertThat(r.message()).contains("Deployment/grafana runs a single replica");
                });
    }

    @Test
    void antiAffinity() {
        List<Finding> results = run("anti-affinity-missing.yaml", StackCheck.ANTI_AFFINITY);

        assertThat(results).filteredOn(r -> r.severity() == Severity.ERROR).extracting(r -> r.subject() + ": "
                + r.message()).containsExactlyInAnyOrder(
                "Deployment/grafana: has pod anti-affinity, but no term on kubernetes.io/hostname that selects its own "
                        + "pods {app=grafana}; it spreads nothing. Fix the term's topologyKey or labelSelector.",
                "StatefulSet/alertmanager: has no pod anti-affinity, so the scheduler may put every replica on one "
                        + "node and one node failure takes them all. Add podAntiAffinity on kubernetes.io/hostname "
                        + "selecting its pods.");
        assertThat(results).filteredOn(r -> r.severity() == Severity.WARNING).singleElement()
                .satisfies(r -> assertThat(r.subject() + ": " + r.message()).startsWith("Deployment/grafana: has no "
                        + "topologySpreadConstraint on topology.kubernetes.io/zone"));
    }

    @Test
    void podSecurity() {
        List<Finding> results = run("pod-security-violations.yaml", StackCheck.POD_SECURITY);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.subject()).isEqualTo("Deployment/grafana");
            assertThat(r.message()).endsWith("The namespace enforces the restricted Pod Security Standard, so the API "
                    + "server refuses these pods.");
        });
        assertThat(results).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .startsWith("Volume host is of type hostPath"))
                .anySatisfy(m -> assertThat(m).startsWith("Container chown: adds capabilities [CHOWN]"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: allowPrivilegeEscalation must be false"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: runAsNonRoot is not true"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: runs as user 0"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: seccompProfile must be RuntimeDefault"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: capabilities must drop ALL"))
                .anySatisfy(m -> assertThat(m).startsWith("Container grafana: uses hostPort 3000"))
                .noneSatisfy(m -> assertThat(m).startsWith("Container chown: runs as user 0"));
    }

    @Test
    void references() {
        List<Finding> results = run("references-broken.yaml", StackCheck.REFERENCES);

        assertThat(messages(results)).contains(
                "Deployment/grafana: runs as service account grafana-sa, which the stack does not define; its pods "
                        + "would not be created. Define the ServiceAccount or fix the name.",
                "Deployment/grafana: volume dashboards mounts ConfigMap grafana-dashbords, which the stack does not "
                        + "define; the pods would not start. Define it or fix the name.",
                "Deployment/grafana: container grafana mounts volume plugins, which is neither a volume nor a "
                        + "volumeClaimTemplate of the pod; add it or fix the name.",
                "Deployment/grafana: container grafana reads GF_SECURITY_ADMIN_PASSWORD from key password of Secret "
                        + "grafana-admin, which the stack does not define; the container would not start.",
                "StatefulSet/alertmanager: serviceName alertmanager is not headless (clusterIP: None), so its pods get "
                        + "no per-pod DNS names; govern it with a headless Service.",
                "ClusterRoleBinding/monitoring-prometheus: binds ClusterRole prometheus, which the stack does not "
                        + "define; the subjects get no permissions. Fix roleRef.name.",
                "ClusterRoleBinding/monitoring-prometheus: binds service account default/prometheus, which is not one "
                        + "of the stack's; fix the subject's name and namespace.",
                "Ingress/prometheus: basic auth reads Secret basic-auth (key auth), which the stack does not define; "
                        + "ingress-nginx would answer 503. Define it or fix the annotation.");
        assertThat(results).filteredOn(r -> r.severity() == Severity.WARNING).extracting(Finding::subject)
                .contains("ConfigMap/grafana-dashboards", "ConfigMap/grafana-datasources", "Secret/grafana-database");
    }

    @Test
    void networkPaths() {
        List<Finding> results = run("network-policies-blocking.yaml", StackCheck.NETWORK_PATHS);

        assertThat(results).filteredOn(r -> r.severity() == Severity.ERROR).extracting(Finding::subject)
                .containsExactlyInAnyOrder("path 'Alertmanagers gossip over UDP'",
                        "path 'Grafana reads Alertmanager'", "path 'Alertmanager notifies Slack and PagerDuty'");
        assertThat(results).anySatisfy(r -> {
            assertThat(r.subject()).isEqualTo("path 'Alertmanagers gossip over UDP'");
            assertThat(r.location()).startsWith("network-paths.yaml:");
            assertThat(r.message()).isEqualTo("pods {app=alertmanager} in namespace monitoring -> pods "
                    + "{app=alertmanager} in namespace monitoring port 9094/UDP is blocked: no ingress rule of "
                    + "[default-deny, alertmanager] (which select the destination) admits the source on this port. "
                    + "Add an ingress rule for it.");
        });
        assertThat(results).anySatisfy(r -> {
            assertThat(r.subject()).isEqualTo("path 'Grafana reads Alertmanager'");
            assertThat(r.message()).endsWith("is blocked: no egress rule of [default-deny, allow-dns, grafana] (which "
                    + "select the source) admits the destination on this port. Add an egress rule for it.");
        });
        assertThat(results).filteredOn(r -> r.severity() == Severity.WARNING).singleElement()
                .satisfies(r -> assertThat(r.subject()).isEqualTo("NetworkPolicy/stray"));
    }

    @Test
    void aPathToPodsNoWorkloadRunsIsReported() {
        RenderedStack stack = TestStacks.rendered("production");
        NetworkPath ghost = new NetworkPath("to nowhere", stack.networkPaths().get(0).from(),
                new NetworkPath.Endpoint("monitoring", Map.of("app", "loki"), null), 3100, "TCP", "test", 1);

        assertThat(StackChecks.run(stack.withNetworkPaths(List.of(ghost)), StackCheck.NETWORK_PATHS)).singleElement()
                .satisfies(r -> assertThat(r.message()).startsWith("names pods {app=loki} in namespace monitoring, "
                        + "which no workload of the stack runs"));
    }

    @Test
    void ruleFiles() {
        List<Finding> results = run("rule-files-broken.yaml", StackCheck.RULE_FILES);

        assertThat(results).allMatch(r -> r.severity() == Severity.ERROR);
        assertThat(results).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .startsWith("rule file broken.yml does not parse"))
                .anySatisfy(m -> assertThat(m).isEqualTo("group name stack.critical is used in duplicate.yml too; "
                        + "Prometheus refuses duplicate group names. Rename one."))
                .anySatisfy(m -> assertThat(m).isEqualTo("a rule of group stack.critical must have exactly one of "
                        + "'alert' and 'record'."))
                .anySatisfy(m -> assertThat(m).startsWith("alert Typo has unknown field 'annotation'"))
                .anySatisfy(m -> assertThat(m).isEqualTo("alert Typo has for: 5 minutes, which is not a duration; "
                        + "write e.g. 10m."))
                .anySatisfy(m -> assertThat(m).isEqualTo("record job:up:sum is a recording rule and cannot have "
                        + "'for' or 'annotations'; remove them."))
                .anySatisfy(m -> assertThat(m).isEqualTo("group empty has no rules."))
                .anySatisfy(m -> assertThat(m).isEqualTo("rule file not-loaded.rules is mounted at "
                        + "/etc/prometheus/rules/not-loaded.rules but rule_files [/etc/prometheus/rules/*.yml] "
                        + "does not "
                        + "load it, so its rules never run; name files to match the pattern or widen it."));
        assertThat(results).filteredOn(r -> r.message().startsWith("alert Typo has unknown field")).singleElement()
                .satisfies(r -> assertThat(r.location()).isEqualTo("duplicate.yml:10"));
    }

    @Test
    void alertAnnotations() {
        List<Finding> results = run("alert-annotations-broken.yaml", StackCheck.ALERT_ANNOTATIONS);

        assertThat(results).extracting(r -> r.severity() + " " + r.location() + " " + r.message())
                .containsExactlyInAnyOrder(
                        "ERROR alerts.yml:4 alert NoRunbook has no runbook_url annotation; on-call engineers need "
                                + "summary, description and a runbook_url in every notification. Add it.",
                        "ERROR alerts.yml:11 alert WrongSeverity has severity 'page'; Alertmanager routes by "
                                + "severity, so give it one of [critical, warning, info].",
                        "ERROR alerts.yml:19 alert NotCritical has runbook_url 'runbooks/x', which is not an http(s) "
                                + "URL; link the runbook.",
                        "WARNING alerts.yml:19 alert NotCritical is warning but sits in group demo.critical; move it "
                                + "to the group of its severity.");
    }

    @Test
    void recordingRuleNames() {
        List<Finding> results = run("recording-rule-names-broken.yaml", StackCheck.RECORDING_RULE_NAMES);

        assertThat(results).extracting(Finding::message).containsExactlyInAnyOrder(
                "recording rule http_requests_rate5m is not named level:metric:operations (e.g. "
                        + "job:http_requests:rate5m); rename it so that its aggregation level and operations show in "
                        + "the name.",
                "recording rule job:up is not named level:metric:operations (e.g. job:http_requests:rate5m); rename "
                        + "it so that its aggregation level and operations show in the name.");
    }

    @Test
    void theBundledRulesAreNumerousEnough() {
        List<RuleChecks.Rule> rules = RuleChecks.rules(TestStacks.rendered("production"));

        assertThat(rules.stream().filter(r -> r.alert() != null)).hasSizeGreaterThanOrEqualTo(40);
        assertThat(rules.stream().filter(r -> r.record() != null)).hasSizeGreaterThanOrEqualTo(20);
        assertThat(TestStacks.rendered("production").ruleFiles()).hasSizeGreaterThanOrEqualTo(4);
        for (String severity : List.of("critical", "warning", "info")) {
            assertThat(rules).as(severity).anyMatch(r -> r.group().endsWith("." + severity));
        }
    }

    @Test
    void alertmanagerRoutes() {
        List<Finding> results = run("alertmanager-routes-broken.yaml", StackCheck.ALERTMANAGER_ROUTES);

        assertThat(results).extracting(r -> r.severity() + " " + r.message()).containsExactlyInAnyOrder(
                "ERROR route.routes[0].routes[0] sends to receiver 'slack-critcal', which is not defined; "
                        + "Alertmanager refuses the configuration (undefined receiver). Define it under receivers or "
                        + "fix the name. Defined: [slack-warning, pagerduty-critical, email-ops].",
                "WARNING the top-level route has no group_by, so all alerts end up in one notification; group by "
                        + "alertname and cluster at least.",
                "WARNING receiver email-ops is defined but no route uses it; route to it or remove it.",
                "INFO there are no inhibit rules: a critical alert and its warning both notify. Inhibit warning by "
                        + "critical on alertname and cluster.");
        assertThat(results).first().satisfies(r -> assertThat(r.location()).isEqualTo("alertmanager.yml:7"));
    }

    @Test
    void alertmanagerPeers() {
        List<Finding> results = run("alertmanager-peers-broken.yaml", StackCheck.ALERTMANAGER_PEERS);

        assertThat(messages(results)).containsExactlyInAnyOrder(
                "StatefulSet/alertmanager: --cluster.peer=alertmanager-1.alertmanager-headless.monitoring.svc:9095 is "
                        + "not a replica of this StatefulSet through its governing Service alertmanager-headless "
                        + "on port "
                        + "9094; use alertmanager-N.alertmanager-headless.monitoring.svc:9094.",
                "StatefulSet/alertmanager: --cluster.peer=alertmanager-3.alertmanager-headless.monitoring.svc:9094 "
                        + "names replica 3, but only 3 replicas run; remove it or raise the replica count.",
                "StatefulSet/alertmanager: replica alertmanager-1 is missing from the --cluster.peer flags, so a "
                        + "restarted cluster may split; add --cluster.peer=alertmanager-1.alertmanager-headless."
                        + "monitoring.svc:9094 (one flag per replica).",
                "StatefulSet/alertmanager: replica alertmanager-2 is missing from the --cluster.peer flags, so a "
                        + "restarted cluster may split; add --cluster.peer=alertmanager-2.alertmanager-headless."
                        + "monitoring.svc:9094 (one flag per replica).",
                "StatefulSet/alertmanager: the container does not declare port 9094/UDP; gossip needs both TCP and "
                        + "UDP. Add it.",
                "Service/alertmanager-headless: does not publish not-ready addresses, so starting Alertmanagers cannot "
                        + "resolve each other and the cluster forms late; set publishNotReadyAddresses: true.");
    }

    @Test
    void alertmanagerWithoutClustering() {
        assertThat(messages(run("alertmanager-not-clustered.yaml", StackCheck.ALERTMANAGER_PEERS))).containsExactly(
                "StatefulSet/alertmanager: --cluster.listen-address is empty, which turns clustering off: the replicas "
                        + "neither share silences nor deduplicate. Use 0.0.0.0:9094.");
    }

    @Test
    void prometheusAlertingThroughTheLoadBalancedService() {
        List<Finding> results = run("prometheus-alerting-through-service.yaml", StackCheck.PROMETHEUS_ALERTING);

        assertThat(results).extracting(Finding::message).containsExactlyInAnyOrder(
                "alerts go to alertmanager.monitoring.svc:9093, the load-balanced Service alertmanager: each alert "
                        + "reaches one Alertmanager only and deduplication breaks. Send to every pod "
                        + "(kubernetes_sd_configs on the headless Service or each pod's name).",
                "external label prometheus_replica: $(POD_NAME) uses the Kubernetes $(VAR) form, which Prometheus "
                        + "never "
                        + "expands; write ${POD_NAME} with --enable-feature=expand-external-labels.",
                "alerts keep the per-replica label prometheus_replica, so the replicas' copies of an alert differ and "
                        + "Alertmanager notifies twice; add alert_relabel_configs: [{action: labeldrop, regex: "
                        + "prometheus_replica}].");
        assertThat(results).allMatch(r -> r.severity() == Severity.ERROR);
    }

    @Test
    void prometheusAlertingToTheWrongTargets() {
        List<Finding> results = run("prometheus-alerting-wrong-targets.yaml", StackCheck.PROMETHEUS_ALERTING);

        assertThat(results).extracting(Finding::message).containsExactlyInAnyOrder(
                "this alerting entry sends alerts to [Service grafana port http] and to no Alertmanager; keep the "
                        + "endpoints of the Alertmanager headless Service's web port (e.g. regex "
                        + "alertmanager-headless;web).",
                "alerts would also be sent to [Service alertmanager-headless port mesh-tcp, Service "
                        + "alertmanager-headless port mesh-udp], which are not Alertmanager's web port 9093; narrow "
                        + "the keep rule to the Alertmanager Service and its web port.",
                "external label prometheus_replica refers to $POD_NAME but the prometheus container lacks "
                        + "--enable-feature=expand-external-labels, so the label is the literal text on both replicas; "
                        + "add the flag.");
    }

    @Test
    void prometheusRetention() {
        assertThat(messages(run("prometheus-retention-too-big.yaml", StackCheck.PROMETHEUS_RETENTION)))
                .containsExactly("StatefulSet/prometheus: retention size 250GB is 125% of the 200Gi volume: the disk "
                        + "fills before retention deletes anything and Prometheus stops. Keep it at most 85% (e.g. "
                        + "80%).");
        assertThat(messages(run("prometheus-data-not-on-volume.yaml", StackCheck.PROMETHEUS_RETENTION)))
                .containsExactly("StatefulSet/prometheus: --storage.tsdb.path=/data is not where the volume is "
                        + "mounted (/prometheus), so the TSDB would live on the container's filesystem and vanish with "
                        + "the pod; point it at the volume.");
        RenderedStack nearlyFull = StackManifests.bundled().render("production", TestStacks.VALUES,
                TestStacks.resource(TestStacks.VALUES), Map.of("prometheusRetentionSize", "180GB"));
        assertThat(StackChecks.run(nearlyFull, StackCheck.PROMETHEUS_RETENTION)).singleElement().satisfies(r -> {
            assertThat(r.severity()).isEqualTo(Severity.WARNING);
            assertThat(r.message()).startsWith("retention size 180GB is 90% of the 200Gi volume");
        });
    }

    @Test
    void grafanaDatabase() {
        assertThat(StackChecks.run(TestStacks.rendered("production"), StackCheck.GRAFANA_DATABASE)).singleElement()
                .satisfies(r -> {
                    assertThat(r.severity()).isEqualTo(Severity.WARNING);
                    assertThat(r.subject()).isEqualTo("Deployment/grafana");
                    assertThat(r.message()).startsWith("2 replicas on sqlite3 do not share state");
                });
        RenderedStack shared = StackManifests.bundled().render("production", TestStacks.VALUES,
                TestStacks.resource(TestStacks.VALUES), Map.of("grafanaDatabaseType", "postgres",
                        "grafanaDatabaseHost", "postgres.databases.svc:5432", "grafanaDatabasePassword", "pw"));
        assertThat(StackChecks.run(shared, StackCheck.GRAFANA_DATABASE)).isEmpty();
        assertThat(messages(run("grafana-database-without-host.yaml", StackCheck.GRAFANA_DATABASE))).contains(
                "Secret/grafana-database: database type postgres without a host: Grafana cannot start. Set "
                        + "grafanaDatabaseHost (host:port).");
    }

    private static List<Finding> run(String fixture, StackCheck check) {
        return StackChecks.run(TestStacks.broken(fixture), check);
    }

    private static List<String> messages(List<Finding> results) {
        return results.stream().map(r -> r.subject() + ": " + r.message()).toList();
    }
}

package io.neurectomy.console.core.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Consistency checks of a rendered stack: each {@link StackCheck} looks at the objects (and the configuration files
 * inside them) together and reports what does not fit, with a severity, the object and what to do. An empty result
 * means the check passed.
 */
public final class StackChecks {
    private StackChecks() {
    }

    /** Every check's findings, most severe first within each check. */
    public static List<CheckResult> run(RenderedStack stack) {
        List<CheckResult> results = new ArrayList<>();
        for (StackCheck check : StackCheck.values()) {
            results.addAll(run(stack, check));
        }
        return results;
    }

    /** One check's findings. */
    public static List<CheckResult> run(RenderedStack stack, StackCheck check) {
        Findings findings = new Findings(check);
        switch (check) {
            case TYPED_MODELS -> ModelChecks.typedModels(stack, findings);
            case SELECTORS -> WorkloadChecks.selectors(stack, findings);
            case SERVICE_PORTS -> WorkloadChecks.servicePorts(stack, findings);
            case PDB_SATISFIABLE -> WorkloadChecks.pdbSatisfiable(stack, findings);
            case ANTI_AFFINITY -> WorkloadChecks.antiAffinity(stack, findings);
            case POD_SECURITY -> PodSecurityCheck.run(stack, findings);
            case REFERENCES -> ReferenceChecks.run(stack, findings);
            case NETWORK_PATHS -> NetworkPolicyCheck.run(stack, findings);
            case RULE_FILES -> RuleChecks.ruleFiles(stack, findings);
            case ALERT_ANNOTATIONS -> RuleChecks.alertAnnotations(stack, findings);
            case RECORDING_RULE_NAMES -> RuleChecks.recordingRuleNames(stack, findings);
            case ALERTMANAGER_ROUTES -> AlertmanagerChecks.routes(stack, findings);
            case ALERTMANAGER_PEERS -> AlertmanagerChecks.peers(stack, findings);
            case PROMETHEUS_ALERTING -> PrometheusChecks.alerting(stack, findings);
            case PROMETHEUS_RETENTION -> PrometheusChecks.retention(stack, findings);
            case GRAFANA_DATABASE -> WorkloadChecks.grafanaDatabase(stack, findings);
        }
        return findings.sorted();
    }

    /** Collects one check's findings. */
    static final class Findings {
        private final StackCheck check;
        private final List<CheckResult> results = new ArrayList<>();

        Findings(StackCheck check) {
            this.check = check;
        }

        void add(CheckResult.Severity severity, StackObject object, String message) {
            results.add(new CheckResult(check, severity, object.ref(), object.location(), message));
        }

        void add(CheckResult.Severity severity, String object, String location, String message) {
            results.add(new CheckResult(check, severity, object, location == null ? "" : location, message));
        }

        void error(StackObject object, String message) {
            add(CheckResult.Severity.ERROR, object, message);
        }

        void warning(StackObject object, String message) {
            add(CheckResult.Severity.WARNING, object, message);
        }

        List<CheckResult> sorted() {
            List<CheckResult> copy = new ArrayList<>(results);
            copy.sort(java.util.Comparator.comparing(CheckResult::severity));
            return List.copyOf(copy);
        }
    }
}

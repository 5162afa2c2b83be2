package io.neurectomy.console.core.stack;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Consistency checks of a rendered stack: each {@link StackCheck} looks at the objects (and the configuration files
 * inside them) together and reports what does not fit as {@link Finding}s: the check's id as code, the object as
 * subject, {@code file:line} as location, and what is wrong and what to do as message. An empty result means the
 * check passed.
 */
public final class StackChecks {
    private StackChecks() {
    }

    /** Every check's findings, most severe first within each check. */
    public static List<Finding> run(RenderedStack stack) {
        List<Finding> results = new ArrayList<>();
        for (StackCheck check : StackCheck.values()) {
            results.addAll(run(stack, check));
        }
        return results;
    }

    /** One check's findings. */
    public static List<Finding> run(RenderedStack stack, StackCheck check) {
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
        private final List<Finding> results = new ArrayList<>();

        Findings(StackCheck check) {
            this.check = check;
        }

        void add(Severity severity, StackObject object, String message) {
            add(severity, object.ref(), object.location(), message);
        }

        void add(Severity severity, String object, String location, String message) {
            results.add(Finding.of(severity, check.id(), object, message).withLocation(location));
        }

        void error(StackObject object, String message) {
            add(Severity.ERROR, object, message);
        }

        void warning(StackObject object, String message) {
            add(Severity.WARNING, object, message);
        }

        List<Finding> sorted() {
            List<Finding> copy = new ArrayList<>(results);
            copy.sort(Comparator.comparing(Finding::severity));
            return List.copyOf(copy);
        }
    }
}

package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Asking each replica of a component in turn, with the UNKNOWN findings for those that cannot be asked. */
final class Replicas {
    private Replicas() {
    }

    /** What a probe reads from one replica that can be asked, given the run's context. */
    @FunctionalInterface
    interface ReplicaCheck {
        List<Finding> check(HealthContext context, PodInfo pod) throws IOException;
    }

    /**
     * A probe that asks every replica of {@code component} that runs and is ready (every running one when
     * {@code askNotReady}), in the component's area.
     */
    static HealthProbe probe(String code, StackComponent component, boolean askNotReady, String title, String guide,
                             ReplicaCheck check) {
        HealthArea area = HealthArea.valueOf(component.name());
        return new HealthProbe(code, area, title, guide,
                c -> each(c, component, code, askNotReady, pod -> check.check(c, pod)));
    }

    /**
     * The readiness probe of {@code component}: every running replica is asked, ready or not, and a replica that is
     * not running (scheduled nowhere yet, starting, terminating) is not ready, which is known without asking it.
     */
    static HealthProbe readinessProbe(StackComponent component, String guide) {
        String code = component.id() + "-ready";
        return probe(code, component, true, "Each replica ready", guide,
                (c, pod) -> readiness(c, component, code, pod));
    }

    /** The readiness finding of a replica that has no running process to ask (its pod is not Running). */
    private static Finding notRunning(String code, PodInfo pod) {
        if ("Terminating".equals(pod.status())) {
            return Finding.of(Severity.INFO, code, pod.name(), pod.name() + " is Terminating: it is being removed or"
                    + " replaced, so it was not asked");
        }
        String where = pod.node().isEmpty() ? "not scheduled on any node" : "on " + pod.node();
        return Finding.of(Severity.WARNING, code, pod.name(), "not ready: " + pod.name() + " is " + pod.status()
                        + " (" + where + "), so it serves nothing")
                .withFix("Usually brief while a pod starts or stops; if it stays, see its events (Pending) or its"
                        + " log.")
                .withAction(new FixAction(FixAction.SHOW_POD, pod.key(), "Show " + pod.name()));
    }

    /** What a probe reads from one replica that can be asked. */
    @FunctionalInterface
    interface PerReplica {
        List<Finding> check(PodInfo pod) throws IOException;
    }

    /**
     * Runs {@code check} on each pod of {@code component}: a pod that cannot be asked (no process, not running) or
     * whose answer fails gets one UNKNOWN finding with the reason, under {@code code}.
     */
    static List<Finding> each(HealthContext context, StackComponent component, String code, PerReplica check) {
        return each(context, component, code, false, check);
    }

    /**
     * {@link #each(HealthContext, StackComponent, String, PerReplica)}; with {@code askNotReady} false a running pod
     * that is not ready is not asked either (UNKNOWN: the readiness check says what is wrong with it); with it true
     * (the readiness check) a pod that is not running is reported not ready (WARNING) instead of UNKNOWN, and one
     * that is being deleted as leaving (INFO).
     */
    static List<Finding> each(HealthContext context, StackComponent component, String code, boolean askNotReady,
                              PerReplica check) {
        List<PodInfo> pods = context.pods(component);
        List<Finding> findings = new ArrayList<>();
        if (pods.isEmpty()) {
            findings.add(Finding.of(Severity.UNKNOWN, code, component.workload(), "no " + component.title()
                    + " pod in " + context.namespace() + " to ask"));
            return findings;
        }
        for (PodInfo pod : pods) {
            Optional<String> unreachable = context.unreachable(pod);
            if (unreachable.isPresent() && askNotReady && context.noProcess(pod.name()).isEmpty()) {
                findings.add(notRunning(code, pod));
                continue;
            }
            if (unreachable.isPresent()) {
                findings.add(Finding.of(Severity.UNKNOWN, code, pod.name(), unreachable.get()));
                continue;
            }
            if (!askNotReady && !pod.ready()) {
                findings.add(Finding.of(Severity.UNKNOWN, code, pod.name(), pod.name() + " is not ready; it was not"
                        + " asked (see its readiness)"));
                continue;
            }
            try {
                findings.addAll(check.check(pod));
            } catch (IOException e) {
                findings.add(Finding.of(Severity.UNKNOWN, code, pod.name(), "could not ask: " + e.getMessage()));
            }
        }
        return findings;
    }

    /** Whether a failed call was refused by the cluster (RBAC, a missing pod) rather than unanswered by the server. */
    static boolean refusedByCluster(IOException e) {
        return ApiMessages.refusedByApi(e);
    }

    /** The readiness finding of one replica: OK on a 2xx, CRITICAL when it answers otherwise or not at all. */
    static List<Finding> readiness(HealthContext context, StackComponent component, String code, PodInfo pod)
            throws IOException {
        String path = component.readinessPath();
        try {
            var response = context.get(pod.name(), component.port(), path);
            if (response.ok()) {
                return List.of(Finding.of(Severity.OK, code, pod.name(), "ready (" + path + " answers "
                        + response.status() + ")"));
            }
            return List.of(Finding.of(Severity.CRITICAL, code, pod.name(), "not ready: " + path + " answers HTTP "
                            + response.status())
                    .withEvidence(abbreviate(response.body()))
                    .withFix("Read its log: a server that is not ready is replaying its WAL, lost its volume or"
                            + " refused its config.")
                    .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
        } catch (IOException e) {
            if (refusedByCluster(e)) {
                throw e;
            }
            return List.of(Finding.of(Severity.CRITICAL, code, pod.name(), "does not answer " + path + ": "
                            + e.getMessage())
                    .withFix("The process is hung or gone: read its log, and restart the pod if it does not"
                            + " recover.")
                    .withAction(new FixAction(FixAction.DELETE_POD, pod.key(), "Restart " + pod.name())));
        }
    }

    static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= 400 ? t : t.substring(0, 400) + "…";
    }
}

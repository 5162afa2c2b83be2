package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.EventInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The workload checks: replicas, pods that crash or wait, and volumes; read from the session's snapshot. */
final class WorkloadProbes {
    /** Restarts from which a running pod is worth a warning. */
    static final int RESTARTS_WARNING = 3;

    private WorkloadProbes() {
    }

    static HealthProbe replicas() {
        return new HealthProbe("workload-replicas", HealthArea.WORKLOADS, "Every replica ready",
                "kubectl get statefulsets,deployments -n NS", WorkloadProbes::replicas);
    }

    static HealthProbe pods() {
        return new HealthProbe("pod-restarts", HealthArea.WORKLOADS, "No pod crashing or restarting",
                "kubectl get pods -n NS", WorkloadProbes::pods);
    }

    static HealthProbe pending() {
        return new HealthProbe("pod-pending", HealthArea.WORKLOADS, "No pod waiting to be scheduled",
                "kubectl describe pod POD -n NS", WorkloadProbes::pending);
    }

    static HealthProbe volumes() {
        return new HealthProbe("pvc-bound", HealthArea.WORKLOADS, "Every volume claim bound",
                "kubectl get pvc -n NS", WorkloadProbes::volumes);
    }

    private static List<Finding> replicas(HealthContext context) {
        List<Finding> findings = new ArrayList<>();
        for (StackComponent component : StackComponent.all()) {
            String subject = component.workloadKind().kind() + "/" + component.workload();
            Optional<WorkloadInfo> found = context.workload(component);
            if (found.isEmpty()) {
                findings.add(Finding.of(Severity.ERROR, "workload-replicas", subject,
                                component.title() + " is not deployed in " + context.namespace())
                        .withFix("Deploy the stack (Stack section, or monitoring-console deploy ENV)."));
                continue;
            }
            WorkloadInfo w = found.get();
            String counts = w.ready() + "/" + w.desired() + " ready, " + w.current() + " current, " + w.updated()
                    + " updated";
            if (w.desired() == 0) {
                findings.add(Finding.of(Severity.CRITICAL, "workload-replicas", subject,
                        component.title() + " is scaled to zero").withEvidence(counts)
                        .withFix("Scale it back up: kubectl scale " + subject.toLowerCase(java.util.Locale.ROOT)
                                + " -n " + context.namespace() + " --replicas=N"));
            } else if (w.ready() == 0) {
                findings.add(Finding.of(Severity.CRITICAL, "workload-replicas", subject,
                        "no " + component.title() + " replica is ready (0 of " + w.desired() + ")")
                        .withEvidence(counts).withFix("See the pods below and their logs.")
                        .withAction(new FixAction(FixAction.SHOW_WORKLOAD, context.namespace() + "/" + w.name(),
                                "Show " + w.name())));
            } else if (w.ready() < w.desired()) {
                findings.add(Finding.of(Severity.WARNING, "workload-replicas", subject,
                        w.ready() + " of " + w.desired() + " " + component.title() + " replicas ready: redundancy"
                                + " is reduced").withEvidence(counts)
                        .withFix("See the pods that are not ready, their events and logs.")
                        .withAction(new FixAction(FixAction.SHOW_WORKLOAD, context.namespace() + "/" + w.name(),
                                "Show " + w.name())));
            } else if (w.desired() < component.haReplicas()) {
                findings.add(Finding.of(Severity.WARNING, "workload-replicas", subject,
                                component.title() + " runs " + w.desired() + " replica" + (w.desired() == 1 ? "" : "s")
                                        + "; the stack needs " + component.haReplicas()
                                        + " to survive the loss of a pod or node")
                        .withEvidence(counts)
                        .withFix("Scale it back: kubectl scale " + subject.toLowerCase(java.util.Locale.ROOT) + " -n "
                                + context.namespace() + " --replicas=" + component.haReplicas()));
            } else {
                findings.add(Finding.of(Severity.OK, "workload-replicas", subject,
                        w.ready() + "/" + w.desired() + " ready").withEvidence(counts));
            }
        }
        return findings;
    }

    private static List<PodInfo> stackPods(HealthContext context) {
        return StackComponent.all().stream().flatMap(c -> context.pods(c).stream()).toList();
    }

    private static List<Finding> pods(HealthContext context) {
        List<Finding> findings = new ArrayList<>();
        for (PodInfo pod : stackPods(context)) {
            String evidence = pod.containerDetails().stream().map(WorkloadProbes::describe)
                    .collect(Collectors.joining("\n"));
            Optional<ContainerInfo> crashing = pod.containerDetails().stream()
                    .filter(c -> "CrashLoopBackOff".equals(c.reason()) || "Error".equals(c.reason())
                            || "OOMKilled".equals(c.reason()) || "ImagePullBackOff".equals(c.reason())
                            || "ErrImagePull".equals(c.reason()) || "CreateContainerConfigError".equals(c.reason()))
                    .findFirst();
            if (crashing.isPresent()) {
                ContainerInfo c = crashing.get();
                String last = c.lastTerminationReason().isEmpty() ? "" : "; it last ended with "
                        + c.lastTerminationReason();
                findings.add(Finding.of(Severity.ERROR, "pod-restarts", pod.name(),
                                "container " + c.name() + " is in " + c.reason() + " after " + c.restarts()
                                        + " restarts" + last)
                        .withDetail(c.message()).withEvidence(evidence)
                        .withFix(c.reason().contains("Image") ? "Check the image name and the registry's access."
                                : "Read the log of the previous instance (logs --previous) to see why it stops.")
                        .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
            } else if (pod.restarts() >= RESTARTS_WARNING) {
                String why = pod.containerDetails().stream().map(ContainerInfo::lastTerminationReason)
                        .filter(r -> !r.isEmpty()).findFirst().map(r -> " (last ended with " + r + ")").orElse("");
                findings.add(Finding.of(Severity.WARNING, "pod-restarts", pod.name(),
                                "restarted " + pod.restarts() + " times" + why)
                        .withEvidence(evidence)
                        .withFix("Read the log of the previous instance; OOMKilled means the memory limit is too"
                                + " low for the load.")
                        .withAction(new FixAction(FixAction.SHOW_LOGS, pod.key(), "Logs of " + pod.name())));
            } else if (!"Pending".equals(pod.status())) {
                findings.add(Finding.of(Severity.OK, "pod-restarts", pod.name(), pod.status() + ", "
                        + pod.restarts() + " restarts").withEvidence(evidence));
            }
        }
        return findings;
    }

    private static String describe(ContainerInfo c) {
        return c.name() + ": " + (c.state().isEmpty() ? "state not reported" : c.state())
                + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")") + ", ready " + c.ready() + ", restarts "
                + c.restarts() + (c.lastTerminationReason().isEmpty() ? "" : ", last ended "
                + c.lastTerminationReason());
    }

    private static List<Finding> pending(HealthContext context) {
        List<Finding> findings = new ArrayList<>();
        for (PodInfo pod : stackPods(context)) {
            if (!"Pending".equals(pod.status())) {
                continue;
            }
            List<EventInfo> events = context.snapshot().events().stream()
                    .filter(e -> "Pod".equals(e.involvedKind()) && pod.name().equals(e.involvedName())
                            && (e.namespace().isEmpty() || e.namespace().equals(context.namespace())))
                    .toList();
            Optional<EventInfo> warning = events.stream().filter(e -> "Warning".equals(e.type())).findFirst();
            String why = !pod.schedulingMessage().isEmpty() ? pod.schedulingMessage()
                    : warning.map(e -> e.reason() + ": " + e.message()).orElse("no event says why yet");
            String evidence = events.stream().limit(5).map(e -> e.type() + " " + e.reason() + " (x" + e.count() + "): "
                    + e.message()).collect(Collectors.joining("\n"));
            findings.add(Finding.of(Severity.ERROR, "pod-pending", pod.name(),
                            (pod.node().isEmpty() ? "not scheduled: " : "pending on " + pod.node() + ": ") + why)
                    .withEvidence(evidence.isEmpty() ? "no events" : evidence)
                    .withFix(pod.node().isEmpty() ? "Free or add capacity on a node that fits the pod's requests"
                            + " and anti-affinity, or bind its volume claim." : "See the pod's events.")
                    .withAction(new FixAction(FixAction.SHOW_POD, pod.key(), "Show " + pod.name())));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, "pod-pending", "", "no stack pod is pending"));
        }
        return findings;
    }

    private static List<Finding> volumes(HealthContext context) {
        Set<String> claims = new LinkedHashSet<>();
        for (PodInfo pod : stackPods(context)) {
            claims.addAll(pod.claims());
        }
        List<Finding> findings = new ArrayList<>();
        for (String claim : claims) {
            Optional<PvcInfo> pvc = context.snapshot().pvcs().stream().filter(p -> p.name().equals(claim)
                    && (p.namespace().isEmpty() || p.namespace().equals(context.namespace()))).findFirst();
            if (pvc.isEmpty()) {
                findings.add(Finding.of(Severity.UNKNOWN, "pvc-bound", "PersistentVolumeClaim/" + claim,
                        "the claim is not in the session's picture (it does not exist, or listing claims is"
                                + " forbidden)"));
            } else if (!"Bound".equals(pvc.get().phase())) {
                PvcInfo p = pvc.get();
                findings.add(Finding.of(Severity.ERROR, "pvc-bound", "PersistentVolumeClaim/" + claim,
                                "the claim is " + p.phase() + ", not Bound: its pod cannot start")
                        .withEvidence("phase " + p.phase() + ", requested " + p.capacity() + ", storage class "
                                + (p.storageClass().isEmpty() ? "(default)" : p.storageClass()))
                        .withFix("Check that the storage class exists and can provision "
                                + p.capacity() + " (kubectl describe pvc " + claim + ")."));
            } else {
                PvcInfo p = pvc.get();
                findings.add(Finding.of(Severity.OK, "pvc-bound", "PersistentVolumeClaim/" + claim,
                        "Bound, " + p.capacity() + (p.storageClass().isEmpty() ? "" : " (" + p.storageClass() + ")")));
            }
        }
        return findings;
    }
}

package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks of workloads with the Services and disruption budgets around them. */
final class WorkloadChecks {
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";

    private WorkloadChecks() {
    }

    static void selectors(RenderedStack stack, StackChecks.Findings findings) {
        List<Workload> workloads = Workload.of(stack);
        for (Workload w : workloads) {
            if (w.selector() == null) {
                findings.error(w.object(), "has no spec.selector; Kubernetes requires one. Select its pod "
                        + "template's labels " + w.podLabels() + ".");
            } else if (!Selectors.matches(w.selector(), w.podLabels())) {
                findings.error(w.object(), "selector " + Selectors.describe(w.selector()) + " does not match its own "
                        + "pod template labels " + w.podLabels() + "; Kubernetes rejects it. Make spec.selector "
                        + "match spec.template.metadata.labels.");
            }
            for (Workload other : workloads) {
                if (other != w && w.selector() != null && Selectors.matches(w.selector(), other.podLabels())
                        && workloads.indexOf(other) > workloads.indexOf(w)) {
                    findings.error(w.object(), "selector " + Selectors.describe(w.selector()) + " also matches the "
                            + "pods of " + other.ref() + "; the two controllers would fight over them. Give each "
                            + "workload a distinct label.");
                }
            }
        }
        for (StackObject o : stack.objectsOf(Service.class)) {
            Service svc = (Service) o.resource();
            if (svc.getSpec() == null || svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty()) {
                findings.error(o, "has no selector, so it gets no endpoints from the stack's pods; select the pods "
                        + "it serves.");
                continue;
            }
            if (workloads.stream().noneMatch(w -> Selectors.matchesMap(svc.getSpec().getSelector(), w.podLabels()))) {
                findings.error(o, "selector " + svc.getSpec().getSelector() + " matches no workload's pods, so it has "
                        + "no endpoints; use the labels of the pods it serves.");
            }
        }
        for (StackObject o : stack.objectsOf(PodDisruptionBudget.class)) {
            LabelSelector selector = ((PodDisruptionBudget) o.resource()).getSpec() == null ? null
                    : ((PodDisruptionBudget) o.resource()).getSpec().getSelector();
            List<Workload> selected = workloads.stream().filter(w -> Selectors.matches(selector, w.podLabels()))
                    .toList();
            if (selected.isEmpty()) {
                findings.error(o, "selector " + Selectors.describe(selector) + " matches no workload's pods, so it "
                        + "protects nothing during drains; use the labels of the pods it guards.");
            } else if (selected.size() > 1) {
                findings.warning(o, "selects the pods of " + selected.stream().map(Workload::ref).toList()
                        + " together; Kubernetes then counts them as one group. Give each workload its own budget.");
            }
        }
    }

    static void servicePorts(RenderedStack stack, StackChecks.Findings findings) {
        List<Workload> workloads = Workload.of(stack);
        for (StackObject o : stack.objectsOf(Service.class)) {
            Service svc = (Service) o.resource();
            if (svc.getSpec() == null || svc.getSpec().getSelector() == null) {
                continue;
            }
            List<Workload> selected = workloads.stream()
                    .filter(w -> Selectors.matchesMap(svc.getSpec().getSelector(), w.podLabels())).toList();
            for (ServicePort port : svc.getSpec().getPorts() == null ? List.<ServicePort>of()
                    : svc.getSpec().getPorts()) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                IntOrString target = port.getTargetPort();
                String name = target != null && target.getStrVal() != null ? target.getStrVal() : null;
                Integer number = name != null ? null : target != null && target.getIntVal() != null
                        ? target.getIntVal() : port.getPort();
                for (Workload w : selected) {
                    if (w.port(name, number, protocol).isEmpty()) {
                        findings.error(o, "port " + (port.getName() == null ? port.getPort() : port.getName())
                                + " targets " + (name != null ? "port name '" + name + "'" : "port " + number) + "/"
                                + protocol + ", which the containers of " + w.ref() + " do not declare; traffic "
                                + "would go nowhere. Target a declared containerPort (by name or number).");
                    }
                }
            }
        }
        for (StackObject o : stack.objectsOf(Ingress.class)) {
            Ingress ingress = (Ingress) o.resource();
            for (IngressRule rule : ingress.getSpec() == null || ingress.getSpec().getRules() == null
                    ? List.<IngressRule>of() : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp() == null ? List.<HTTPIngressPath>of()
                        : rule.getHttp().getPaths()) {
                    IngressServiceBackend backend = path.getBackend() == null ? null : path.getBackend().getService();
                    if (backend == null) {
                        continue;
                    }
                    Optional<StackObject> svcObject = stack.find("Service", backend.getName());
                    if (svcObject.isEmpty()) {
                        findings.error(o, "host " + rule.getHost() + " routes to Service " + backend.getName()
                                + ", which the stack does not define; name one of its Services.");
                        continue;
                    }
                    Service svc = (Service) svcObject.get().resource();
                    String portName = backend.getPort() == null ? null : backend.getPort().getName();
                    Integer portNumber = backend.getPort() == null ? null : backend.getPort().getNumber();
                    boolean found = svc.getSpec().getPorts().stream().anyMatch(p -> portName != null
                            ? portName.equals(p.getName()) : portNumber != null && portNumber.equals(p.getPort()));
                    if (!found) {
                        findings.error(o, "host " + rule.getHost() + " routes to port "
                                + (portName != null ? portName : portNumber) + " of Service " + backend.getName()
                                + ", which it does not have; use one of its ports.");
                    }
                }
            }
        }
    }

    static void pdbSatisfiable(RenderedStack stack, StackChecks.Findings findings) {
        List<Workload> workloads = Workload.of(stack);
        for (StackObject o : stack.objectsOf(PodDisruptionBudget.class)) {
            PodDisruptionBudget pdb = (PodDisruptionBudget) o.resource();
            if (pdb.getSpec() == null) {
                continue;
            }
            IntOrString min = pdb.getSpec().getMinAvailable();
            IntOrString max = pdb.getSpec().getMaxUnavailable();
            if ((min == null) == (max == null)) {
                findings.error(o, "must set exactly one of minAvailable and maxUnavailable.");
                continue;
            }
            for (Workload w : workloads) {
                if (!Selectors.matches(pdb.getSpec().getSelector(), w.podLabels())) {
                    continue;
                }
                int replicas = w.replicas();
                if (min != null) {
                    int required = count(min, replicas, true);
                    if (required >= replicas) {
                        findings.error(o, "minAvailable " + value(min) + " with " + replicas + " replicas of "
                                + w.ref() + " allows no eviction: node drains hang. Require fewer than " + replicas
                                + " (or use maxUnavailable: 1).");
                    }
                } else {
                    int allowed = count(max, replicas, true);
                    if (allowed < 1) {
                        findings.error(o, "maxUnavailable " + value(max) + " with " + replicas + " replicas of "
                                + w.ref() + " allows no eviction: node drains hang. Allow at least 1.");
                    }
                }
                if (replicas == 1) {
                    findings.add(Severity.INFO, o, w.ref() + " runs a single replica, so no budget "
                            + "keeps it available during a drain.");
                }
            }
        }
    }

    private static int count(IntOrString v, int replicas, boolean roundUp) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal().trim();
        if (s.endsWith("%")) {
            try {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                double exact = pct * replicas / 100.0;
                return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String value(IntOrString v) {
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
    }

    static void antiAffinity(RenderedStack stack, StackChecks.Findings findings) {
        for (Workload w : Workload.of(stack)) {
            var affinity = w.podSpec().getAffinity();
            var anti = affinity == null ? null : affinity.getPodAntiAffinity();
            List<PodAffinityTerm> terms = new ArrayList<>();
            if (anti != null) {
                if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                    terms.addAll(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
                }
                for (WeightedPodAffinityTerm t : anti.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                        ? List.<WeightedPodAffinityTerm>of()
                        : anti.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                    terms.add(t.getPodAffinityTerm());
                }
            }
            boolean spreadsNodes = terms.stream().anyMatch(t -> t != null && HOSTNAME.equals(t.getTopologyKey())
                    && Selectors.matches(t.getLabelSelector(), w.podLabels()));
            if (!spreadsNodes) {
                findings.error(w.object(), terms.isEmpty()
                        ? "has no pod anti-affinity, so the scheduler may put every replica on one node and one node "
                                + "failure takes them all. Add podAntiAffinity on " + HOSTNAME + " selecting its pods."
                        : "has pod anti-affinity, but no term on " + HOSTNAME + " that selects its own pods "
                                + w.podLabels() + "; it spreads nothing. Fix the term's topologyKey or labelSelector.");
            }
            List<TopologySpreadConstraint> spread = w.podSpec().getTopologySpreadConstraints() == null ? List.of()
                    : w.podSpec().getTopologySpreadConstraints();
            boolean spreadsZones = spread.stream().anyMatch(c -> ZONE.equals(c.getTopologyKey())
                    && Selectors.matches(c.getLabelSelector(), w.podLabels()));
            if (!spreadsZones) {
                findings.warning(w.object(), "has no topologySpreadConstraint on " + ZONE + " selecting its pods, so "
                        + "all replicas may land in one zone. Add one (whenUnsatisfiable: ScheduleAnyway).");
            }
        }
    }

    static void grafanaDatabase(RenderedStack stack, StackChecks.Findings findings) {
        Optional<Workload> grafana = Workload.named(stack, "Deployment", "grafana");
        Optional<StackObject> secret = stack.find("Secret", "grafana-database");
        if (grafana.isEmpty() || secret.isEmpty()) {
            return;
        }
        String type = stack.secretData("grafana-database", "type").orElse("sqlite3");
        String host = stack.secretData("grafana-database", "host").orElse("");
        if (type.equals("sqlite3")) {
            if (grafana.get().replicas() > 1) {
                findings.warning(grafana.get().object(), grafana.get().replicas() + " replicas on sqlite3 do not share "
                        + "state: each keeps its own users, dashboards saved in the UI, API keys and sessions (and "
                        + "loses them with its pod). For real HA set grafanaDatabaseType to postgres or mysql, with "
                        + "grafanaDatabaseHost and its credentials.");
            }
        } else if (host.isBlank()) {
            findings.error(secret.get(), "database type " + type + " without a host: Grafana cannot start. Set "
                    + "grafanaDatabaseHost (host:port).");
        }
    }
}

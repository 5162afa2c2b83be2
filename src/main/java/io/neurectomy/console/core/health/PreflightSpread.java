package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.Preflight.Amount;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.Selectors;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.core.stack.ValueSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Preflight's {@code preflight-spread}: whether the nodes can keep each workload's replicas apart as its pod template
 * asks. For every StatefulSet and Deployment of the rendered stack, the schedulable nodes that have room for one of
 * its pods (allocatable minus what other namespaces request, as {@code preflight-resources} counts) are grouped by
 * each topology key its template names:
 * <ul>
 *   <li>required pod anti-affinity (the bundled Prometheus, on the host name): fewer domains than replicas leave
 *       replicas Pending after the deploy: CRITICAL;</li>
 *   <li>preferred pod anti-affinity (Alertmanager and Grafana, on the host name) and topology spread constraints
 *       (every workload, on the zone): fewer domains than replicas put several replicas in one domain, and losing
 *       that node or zone takes them together: WARNING. A {@code DoNotSchedule} constraint whose key no fitting node
 *       carries leaves the pods Pending: CRITICAL.</li>
 * </ul>
 * Only terms that select the workload's own pods count. The nodes are those of the cluster now; the stack's own pods
 * competing for the same room are {@code preflight-resources}'s business.
 */
final class PreflightSpread {
    static final String CODE = "preflight-spread";
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";

    private PreflightSpread() {
    }

    /** A workload of the stack as this check reads it. */
    private record Workload(String ref, String name, int replicas, PodTemplateSpec template) {
        Map<String, String> labels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        PodSpec spec() {
            return template.getSpec();
        }
    }

    /**
     * One way the template keeps replicas apart over {@code key}: {@code required} when a replica stays Pending rather
     * than share a domain (required anti-affinity); {@code labelRequired} when a node without the key cannot take the
     * pod at all (a {@code DoNotSchedule} spread constraint).
     */
    private record Rule(String key, boolean required, boolean labelRequired, String description) {
    }

    static List<Finding> check(KubernetesClient client, RenderedStack stack) {
        return check(client, workloads(stack), Preflight.templates(stack));
    }

    /**
     * The verdict for one workload of the stack at {@code replicas} replicas, on the nodes of the cluster now: what
     * a scale shows before it changes the count.
     */
    static List<Finding> check(KubernetesClient client, String kind, String name, int replicas,
                               PodTemplateSpec template) {
        return check(client, List.of(new Workload(kind + "/" + name, name, replicas, template)),
                List.of(template.getSpec()));
    }

    private static List<Finding> check(KubernetesClient client, List<Workload> workloads, List<PodSpec> templates) {
        List<Node> nodes = client.nodes().list().getItems();
        StringBuilder capacity = new StringBuilder();
        Map<String, Amount> free = Preflight.freeCapacity(client, nodes, templates, capacity);
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (Node node : nodes) {
            labels.put(node.getMetadata().getName(), node.getMetadata().getLabels() == null ? Map.of()
                    : node.getMetadata().getLabels());
        }
        if (free.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, CODE, "nodes", "no schedulable node to place the stack on"
                    + " (see preflight-nodes)"));
        }
        List<Finding> out = new ArrayList<>();
        for (Workload w : workloads) {
            out.addAll(workload(w, free, labels));
        }
        return out;
    }

    private static List<Workload> workloads(RenderedStack stack) {
        List<Workload> out = new ArrayList<>();
        for (StatefulSet s : stack.all(StatefulSet.class)) {
            out.add(new Workload("StatefulSet/" + s.getMetadata().getName(), s.getMetadata().getName(),
                    s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas(), s.getSpec().getTemplate()));
        }
        for (Deployment d : stack.all(Deployment.class)) {
            out.add(new Workload("Deployment/" + d.getMetadata().getName(), d.getMetadata().getName(),
                    d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(), d.getSpec().getTemplate()));
        }
        return out;
    }

    /** The template's anti-affinity terms and spread constraints that select its own pods. */
    private static List<Rule> rules(Workload w) {
        List<Rule> rules = new ArrayList<>();
        PodAntiAffinity anti = w.spec().getAffinity() == null ? null : w.spec().getAffinity().getPodAntiAffinity();
        if (anti != null) {
            for (PodAffinityTerm t : orEmpty(anti.getRequiredDuringSchedulingIgnoredDuringExecution())) {
                if (selectsOwn(t.getLabelSelector(), w) && t.getTopologyKey() != null) {
                    rules.add(new Rule(t.getTopologyKey(), true, false, "required podAntiAffinity on "
                            + t.getTopologyKey() + " (" + Selectors.describe(t.getLabelSelector()) + ")"));
                }
            }
            for (WeightedPodAffinityTerm wt : orEmpty(anti.getPreferredDuringSchedulingIgnoredDuringExecution())) {
                PodAffinityTerm t = wt.getPodAffinityTerm();
                if (t != null && selectsOwn(t.getLabelSelector(), w) && t.getTopologyKey() != null) {
                    rules.add(new Rule(t.getTopologyKey(), false, false, "preferred podAntiAffinity (weight "
                            + wt.getWeight() + ") on " + t.getTopologyKey() + " (" + Selectors.describe(
                            t.getLabelSelector()) + ")"));
                }
            }
        }
        for (TopologySpreadConstraint c : orEmpty(w.spec().getTopologySpreadConstraints())) {
            if (selectsOwn(c.getLabelSelector(), w) && c.getTopologyKey() != null) {
                boolean hard = "DoNotSchedule".equals(c.getWhenUnsatisfiable());
                rules.add(new Rule(c.getTopologyKey(), false, hard, "topologySpreadConstraint on " + c.getTopologyKey()
                        + ", maxSkew " + c.getMaxSkew() + ", " + c.getWhenUnsatisfiable()));
            }
        }
        return rules;
    }

    private static boolean selectsOwn(LabelSelector selector, Workload w) {
        return Selectors.matches(selector, w.labels());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<Finding> workload(Workload w, Map<String, Amount> free,
                                          Map<String, Map<String, String>> labels) {
        Amount request = Preflight.requests(w.spec());
        List<String> fitting = free.entrySet().stream().filter(e -> request.fitsIn(e.getValue()))
                .map(Map.Entry::getKey).toList();
        List<Rule> rules = rules(w);
        StringBuilder evidence = new StringBuilder();
        evidence.append(w.ref()).append(": ").append(w.replicas()).append(" replica").append(w.replicas() == 1 ? ""
                : "s").append(", each requesting ").append(request).append('\n');
        rules.forEach(r -> evidence.append(r.description()).append('\n'));
        if (rules.isEmpty()) {
            evidence.append("no pod anti-affinity or spread constraint selects its pods\n");
        }
        for (Map.Entry<String, Amount> e : free.entrySet()) {
            Map<String, String> l = labels.getOrDefault(e.getKey(), Map.of());
            evidence.append(e.getKey()).append(" (zone ").append(l.getOrDefault(ZONE, "none")).append("): free ")
                    .append(e.getValue()).append(request.fitsIn(e.getValue()) ? ", fits one pod" : ", too little")
                    .append('\n');
        }
        String ev = evidence.toString().strip();
        if (fitting.isEmpty()) {
            return List.of(Finding.of(Severity.INFO, CODE, w.ref(), "no schedulable node has room for one of its"
                    + " pods (" + request + "): see preflight-resources").withEvidence(ev));
        }
        if (w.replicas() <= 1) {
            return List.of(Finding.of(Severity.OK, CODE, w.ref(), w.replicas() + " replica: nothing to keep apart")
                    .withEvidence(ev));
        }
        List<Finding> out = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Rule rule : rules) {
            TreeSet<String> domains = new TreeSet<>();
            for (String node : fitting) {
                String value = labels.getOrDefault(node, Map.of()).get(rule.key());
                if (value == null && HOSTNAME.equals(rule.key())) {
                    value = node;
                }
                if (value != null) {
                    domains.add(value);
                }
            }
            String what = what(rule.key());
            if (domains.isEmpty()) {
                boolean hard = rule.labelRequired();
                out.add(Finding.of(hard ? Severity.CRITICAL : Severity.WARNING, CODE, w.ref(), "no node that has room"
                                + " for its pods carries the label " + rule.key() + (hard ? ": its "
                                + w.replicas() + " replicas would stay Pending" : ": its replicas cannot be spread"
                                + " over " + what + "s, and losing one " + what + " may take them all"))
                        .withDetail("Its " + rule.description() + " counts the nodes by that label.")
                        .withFix("Label the nodes with their " + what + " (kubectl label node NODE " + rule.key()
                                + "=VALUE), or acknowledge this finding on a cluster that has a single " + what + ".")
                        .withEvidence(ev));
                continue;
            }
            if (domains.size() >= w.replicas()) {
                if (!kept.contains(what)) {
                    kept.add(what);
                }
                continue;
            }
            int together = (w.replicas() + domains.size() - 1) / domains.size();
            String count = domains.size() + " " + what + (domains.size() == 1 ? "" : "s");
            if (rule.required()) {
                int pending = w.replicas() - domains.size();
                out.add(Finding.of(Severity.CRITICAL, CODE, w.ref(), w.replicas() + " replicas must each run on a"
                                + " different " + what + ", and only " + count + " with room for one ("
                                + String.join(", ", domains) + "): " + pending + " would stay Pending")
                        .withDetail("Its " + rule.description() + " is a hard rule: the scheduler leaves a replica"
                                + " Pending rather than put it beside another, so the rollout would not finish.")
                        .withFix(fix(w, domains.size(), request, what))
                        .withEvidence(ev));
            } else {
                out.add(Finding.of(Severity.WARNING, CODE, w.ref(), w.replicas() + " replicas over " + count
                                + " (" + String.join(", ", domains) + "): up to " + together + " would share one,"
                                + " and losing that " + what + " takes them together")
                        .withDetail("Its " + rule.description() + " is a preference: the scheduler gives way and"
                                + " puts replicas side by side when it cannot keep them apart.")
                        .withFix(fix(w, domains.size(), request, what))
                        .withEvidence(ev));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.of(Severity.OK, CODE, w.ref(), w.replicas() + " replicas" + (kept.isEmpty()
                    ? ", with no rule to keep them apart" : ", each on its own " + String.join(" and ", kept) + " ("
                    + fitting.size() + " of " + free.size() + " schedulable nodes have room for one)"))
                    .withEvidence(ev));
        }
        return out;
    }

    private static String what(String key) {
        return switch (key) {
            case HOSTNAME -> "node";
            case ZONE -> "zone";
            default -> key + " domain";
        };
    }

    private static String fix(Workload w, int domains, Amount request, String what) {
        String more = "Add schedulable nodes " + ("node".equals(what) ? "" : "in other " + what + "s ")
                + "with room for " + request + " until there are " + w.replicas() + " " + what + "s";
        return replicasValue(w.name()).map(v -> more + ", or lower " + v + " to " + domains + ".")
                .orElse(more + ".");
    }

    /** The value that sets the workload's replicas ({@code prometheusReplicas}), when the stack has one. */
    private static Optional<String> replicasValue(String workload) {
        String name = workload + "Replicas";
        return StackManifests.bundled().valueSpecs().stream().map(ValueSpec::name).filter(name::equals).findFirst();
    }
}

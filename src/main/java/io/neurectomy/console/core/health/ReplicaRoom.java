package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.Preflight.Amount;
import io.neurectomy.console.core.stack.Selectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether the nodes can hold every replica of one workload with the requests of a new pod template, as a resize
 * shows it before it changes anything. Room on a node is counted as preflight counts it ({@code preflight-resources}):
 * allocatable minus what the pods there request, except the workload's own pods, which the new ones replace. The
 * replicas are placed one after the other, each on the node with the most memory left that takes it, one per node
 * when the template's required pod anti-affinity keeps them on separate hosts. A replica that finds no node would
 * stay Pending and the rollout would stop there: {@link Severity#CRITICAL}.
 */
public final class ReplicaRoom {
    /** The code of the findings. */
    public static final String CODE = "resize-room";

    private ReplicaRoom() {
    }

    /**
     * The verdict for {@code replicas} replicas of workload {@code name} in {@code namespace} asking what
     * {@code template} requests: one OK finding, or one CRITICAL finding per replica that would not fit.
     *
     * @param kind {@code StatefulSet} or {@code Deployment}, for the findings' subject
     */
    public static List<Finding> check(KubernetesClient client, String namespace, String kind, String name,
                                      int replicas, PodTemplateSpec template) {
        Map<String, String> own = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        List<Node> nodes = client.nodes().list().getItems();
        StringBuilder evidence = new StringBuilder();
        Map<String, Amount> free = Preflight.freeCapacity(client, nodes, List.of(template.getSpec()), evidence,
                p -> ownPod(p, namespace, own));
        String ref = kind + "/" + name;
        if (free.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, CODE, ref, "no schedulable node to place the replicas on"));
        }
        Amount request = Preflight.requests(template.getSpec());
        boolean apart = requiredApart(template, own);
        evidence.append(ref).append(": ").append(replicas).append(" replica").append(replicas == 1 ? "" : "s")
                .append(", each requesting ").append(request).append(apart ? ", one per node (required"
                        + " podAntiAffinity on " + PreflightSpread.HOSTNAME + ")" : "").append('\n');
        Map<String, Amount> left = new TreeMap<>(free);
        Set<String> used = new HashSet<>();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String replica = name + "-" + i;
            Optional<String> node = left.entrySet().stream()
                    .filter(n -> request.fitsIn(n.getValue()) && !(apart && used.contains(n.getKey())))
                    .max(Comparator.comparing(n -> n.getValue().memory())).map(Map.Entry::getKey);
            if (node.isEmpty()) {
                evidence.append(replica).append(": no node\n");
                Amount most = left.entrySet().stream().filter(n -> !(apart && used.contains(n.getKey())))
                        .map(Map.Entry::getValue).max(Comparator.comparing(Amount::memory)).orElse(Amount.ZERO);
                out.add(Finding.of(Severity.CRITICAL, CODE, replica, "would request " + request + ", and no node"
                        + " has that free" + (i > 0 ? " beside the other replicas" : "") + " (the most: " + most
                        + ")"));
                continue;
            }
            used.add(node.get());
            left.put(node.get(), left.get(node.get()).minus(request));
            evidence.append(replica).append(": ").append(node.get()).append(", leaving ").append(left.get(node.get()))
                    .append('\n');
        }
        String ev = evidence.toString().strip();
        if (!out.isEmpty()) {
            return out.stream().map(f -> f.withDetail("The scheduler places a pod only where its requests fit in what"
                            + " the node has left: that replica would stay Pending and the rollout would stop there,"
                            + " with the other replicas already changed.")
                    .withFix("Ask for less (a smaller preset or custom values), free capacity on the nodes, or add"
                            + " nodes with room for " + request + ".")
                    .withEvidence(ev)).toList();
        }
        return List.of(Finding.of(Severity.OK, CODE, ref, replicas + " replica" + (replicas == 1 ? "" : "s")
                + " of " + request + " fit on " + free.size() + " schedulable node" + (free.size() == 1 ? "" : "s"))
                .withEvidence(ev));
    }

    private static boolean ownPod(Pod p, String namespace, Map<String, String> own) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return namespace.equals(p.getMetadata().getNamespace()) && !own.isEmpty() && labels != null
                && labels.entrySet().containsAll(own.entrySet());
    }

    private static boolean requiredApart(PodTemplateSpec template, Map<String, String> own) {
        PodAntiAffinity anti = template.getSpec().getAffinity() == null ? null
                : template.getSpec().getAffinity().getPodAntiAffinity();
        if (anti == null || anti.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return false;
        }
        for (PodAffinityTerm t : anti.getRequiredDuringSchedulingIgnoredDuringExecution()) {
            if (PreflightSpread.HOSTNAME.equals(t.getTopologyKey()) && Selectors.matches(t.getLabelSelector(), own)) {
                return true;
            }
        }
        return false;
    }
}

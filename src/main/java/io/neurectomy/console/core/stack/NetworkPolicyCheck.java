package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.neurectomy.console.core.check.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network-paths check: evaluates the stack's NetworkPolicies as Kubernetes does ({@link NetworkPolicyRules}) for
 * each connection the stack needs. Only the stack's namespace is governed by its policies; pod IPs are not known,
 * so an ipBlock never matches a pod.
 */
final class NetworkPolicyCheck {
    private NetworkPolicyCheck() {
    }

    static void run(RenderedStack stack, StackChecks.Findings findings) {
        List<StackObject> objects = stack.objectsOf(NetworkPolicy.class);
        List<NetworkPolicy> policies = objects.stream().map(o -> (NetworkPolicy) o.resource()).toList();
        List<Workload> workloads = Workload.of(stack);
        for (StackObject o : objects) {
            NetworkPolicy p = (NetworkPolicy) o.resource();
            if (workloads.stream().noneMatch(w -> Selectors.matches(p.getSpec().getPodSelector(), w.podLabels()))) {
                findings.warning(o, "podSelector " + Selectors.describe(p.getSpec().getPodSelector()) + " selects no "
                        + "pod of the stack, so it has no effect; use the labels of the pods it should govern.");
            }
        }
        for (NetworkPath path : stack.networkPaths()) {
            String location = path.file() + ":" + path.line();
            String object = "path '" + path.description() + "'";
            Optional<NetworkPolicyRules.Peer> from = resolve(stack, workloads, path.from(), path.protocol());
            Optional<NetworkPolicyRules.Peer> to = resolve(stack, workloads, path.to(), path.protocol());
            if (from.isEmpty() || to.isEmpty()) {
                findings.add(Severity.ERROR, object, location, "names "
                        + (from.isEmpty() ? path.from() : path.to()) + ", which no workload of the stack runs; fix "
                        + "the path in network-paths.yaml or the workload's labels.");
                continue;
            }
            String denial = NetworkPolicyRules.denial(policies, RenderedStack.NAMESPACE, from.get(), to.get(),
                    path.port(), path.protocol());
            if (denial != null) {
                findings.add(Severity.ERROR, object, location, path.from() + " -> " + path.to() + " port "
                        + path.port() + "/" + path.protocol() + " is blocked: " + denial);
            }
        }
    }

    private static Optional<NetworkPolicyRules.Peer> resolve(RenderedStack stack, List<Workload> workloads,
                                                             NetworkPath.Endpoint e, String protocol) {
        if (!e.pods()) {
            return Optional.of(new NetworkPolicyRules.Peer(null, Map.of(), Map.of(), null, e.cidr()));
        }
        Map<String, String> nsLabels = new HashMap<>();
        if (RenderedStack.NAMESPACE.equals(e.namespace())) {
            stack.find("Namespace", RenderedStack.NAMESPACE).map(o -> ((Namespace) o.resource()).getMetadata()
                    .getLabels()).ifPresent(nsLabels::putAll);
        }
        nsLabels.put(NetworkPolicyRules.NAME_LABEL, e.namespace());
        if (!RenderedStack.NAMESPACE.equals(e.namespace())) {
            return Optional.of(NetworkPolicyRules.Peer.pods(e.namespace(), nsLabels, e.podLabels(), null));
        }
        return workloads.stream().filter(w -> !e.podLabels().isEmpty()
                && w.podLabels().entrySet().containsAll(e.podLabels().entrySet())).findFirst()
                .map(w -> NetworkPolicyRules.Peer.pods(e.namespace(), nsLabels, w.podLabels(),
                        name -> w.port(name, null, protocol).map(ContainerPort::getContainerPort)));
    }
}

package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The network-paths check: evaluates the stack's NetworkPolicies as Kubernetes does for each connection the stack
 * needs. A connection is allowed when, if any policy selects the destination pod for ingress, one of their ingress
 * rules admits the source and port, and, if any policy selects the source pod for egress, one of their egress rules
 * admits the destination and port. Only the stack's namespace is governed by its policies; pod IPs are not known,
 * so an ipBlock never matches a pod.
 */
final class NetworkPolicyCheck {
    private static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private NetworkPolicyCheck() {
    }

    /** One side of a connection, resolved. */
    private record Peer(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
            Workload workload, Cidr cidr) {
        boolean governed() {
            return cidr == null && RenderedStack.NAMESPACE.equals(namespace);
        }
    }

    static void run(RenderedStack stack, StackChecks.Findings findings) {
        List<StackObject> policies = stack.objectsOf(NetworkPolicy.class);
        List<Workload> workloads = Workload.of(stack);
        for (StackObject o : policies) {
            NetworkPolicy p = (NetworkPolicy) o.resource();
            if (workloads.stream().noneMatch(w -> Selectors.matches(p.getSpec().getPodSelector(), w.podLabels()))) {
                findings.warning(o, "podSelector " + Selectors.describe(p.getSpec().getPodSelector()) + " selects no "
                        + "pod of the stack, so it has no effect; use the labels of the pods it should govern.");
            }
        }
        for (NetworkPath path : stack.networkPaths()) {
            String location = path.file() + ":" + path.line();
            String object = "path '" + path.description() + "'";
            Optional<Peer> from = resolve(stack, workloads, path.from());
            Optional<Peer> to = resolve(stack, workloads, path.to());
            if (from.isEmpty() || to.isEmpty()) {
                findings.add(Severity.ERROR, object, location, "names "
                        + (from.isEmpty() ? path.from() : path.to()) + ", which no workload of the stack runs; fix "
                        + "the path in network-paths.yaml or the workload's labels.");
                continue;
            }
            String denial = denial(policies, from.get(), to.get(), path.port(), path.protocol());
            if (denial != null) {
                findings.add(Severity.ERROR, object, location, path.from() + " -> " + path.to() + " port "
                        + path.port() + "/" + path.protocol() + " is blocked: " + denial);
            }
        }
    }

    private static Optional<Peer> resolve(RenderedStack stack, List<Workload> workloads, NetworkPath.Endpoint e) {
        if (!e.pods()) {
            return Optional.of(new Peer(null, Map.of(), Map.of(), null, Cidr.parse(e.cidr())));
        }
        Map<String, String> nsLabels = new HashMap<>();
        if (RenderedStack.NAMESPACE.equals(e.namespace())) {
            stack.find("Namespace", RenderedStack.NAMESPACE).map(o -> ((Namespace) o.resource()).getMetadata()
                    .getLabels()).ifPresent(nsLabels::putAll);
        }
        nsLabels.put(NAME_LABEL, e.namespace());
        if (!RenderedStack.NAMESPACE.equals(e.namespace())) {
            return Optional.of(new Peer(e.namespace(), nsLabels, e.podLabels(), null, null));
        }
        return workloads.stream().filter(w -> !e.podLabels().isEmpty()
                && w.podLabels().entrySet().containsAll(e.podLabels().entrySet())).findFirst()
                .map(w -> new Peer(e.namespace(), nsLabels, w.podLabels(), w, null));
    }

    /** Null when allowed, else why not and what to add. */
    private static String denial(List<StackObject> policies, Peer from, Peer to, int port, String protocol) {
        if (to.governed()) {
            List<String> selecting = notAdmitting(policies, to, "Ingress", NetworkPolicySpec::getIngress,
                    (NetworkPolicyIngressRule rule) -> ports(rule.getPorts(), to, port, protocol)
                            && peers(rule.getFrom(), from));
            if (!selecting.isEmpty()) {
                return "no ingress rule of " + selecting + " (which select the destination) admits the source on "
                        + "this port. Add an ingress rule for it.";
            }
        }
        if (from.governed()) {
            List<String> selecting = notAdmitting(policies, from, "Egress", NetworkPolicySpec::getEgress,
                    (NetworkPolicyEgressRule rule) -> ports(rule.getPorts(), to, port, protocol)
                            && peers(rule.getTo(), to));
            if (!selecting.isEmpty()) {
                return "no egress rule of " + selecting + " (which select the source) admits the destination on "
                        + "this port. Add an egress rule for it.";
            }
        }
        return null;
    }

    /**
     * The policies that select {@code pods} for {@code type} (Ingress or Egress) when none of their {@code rules}
     * {@code admits} the connection; empty when no policy selects them or a rule admits it.
     */
    private static <R> List<String> notAdmitting(List<StackObject> policies, Peer pods, String type,
                                                 Function<NetworkPolicySpec, List<R>> rules, Predicate<R> admits) {
        List<String> selecting = new ArrayList<>();
        boolean admitted = false;
        for (StackObject o : policies) {
            NetworkPolicy p = (NetworkPolicy) o.resource();
            if (!Selectors.matches(p.getSpec().getPodSelector(), pods.podLabels()) || !types(p).contains(type)) {
                continue;
            }
            selecting.add(o.name());
            List<R> own = rules.apply(p.getSpec());
            for (R rule : own == null ? List.<R>of() : own) {
                if (admits.test(rule)) {
                    admitted = true;
                }
            }
        }
        return admitted ? List.of() : selecting;
    }

    private static List<String> types(NetworkPolicy p) {
        if (p.getSpec().getPolicyTypes() != null && !p.getSpec().getPolicyTypes().isEmpty()) {
            return p.getSpec().getPolicyTypes();
        }
        return p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty()
                ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean ports(List<NetworkPolicyPort> ports, Peer destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!proto.equals(protocol)) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            if (value.getIntVal() != null) {
                int first = value.getIntVal();
                int last = p.getEndPort() == null ? first : p.getEndPort();
                if (port >= first && port <= last) {
                    return true;
                }
            } else if (destination.workload() != null && destination.workload().port(value.getStrVal(), null,
                    protocol).map(cp -> cp.getContainerPort() == port).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, Peer target) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer p : peers) {
            if (p.getIpBlock() != null) {
                if (target.cidr() != null && covers(p.getIpBlock(), target.cidr())) {
                    return true;
                }
                continue;
            }
            if (target.cidr() != null) {
                continue;
            }
            boolean namespaceOk = p.getNamespaceSelector() == null ? RenderedStack.NAMESPACE.equals(target.namespace())
                    : Selectors.matches(p.getNamespaceSelector(), target.namespaceLabels());
            boolean podOk = p.getPodSelector() == null || Selectors.matches(p.getPodSelector(), target.podLabels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(IPBlock block, Cidr target) {
        Cidr range = Cidr.parse(block.getCidr());
        if (range == null || !range.contains(target)) {
            return false;
        }
        for (String except : block.getExcept() == null ? List.<String>of() : block.getExcept()) {
            Cidr hole = Cidr.parse(except);
            if (hole != null && hole.overlaps(target)) {
                return false;
            }
        }
        return true;
    }
}

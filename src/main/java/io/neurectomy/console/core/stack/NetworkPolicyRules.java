package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * NetworkPolicy semantics as Kubernetes applies them, for the policies of one namespace: which pods a policy
 * selects, whether it is a default deny, and whether a connection between two peers is allowed. Used on the
 * bundled stack's rendered manifests and on a cluster's live objects alike.
 *
 * <p>A connection is allowed when, if any policy selects the destination pod for ingress, one of their ingress rules
 * admits the source and port, and, if any policy selects the source pod for egress, one of their egress rules admits
 * the destination and port. Only pods of the policies' namespace are governed by them; pod IPs are not known, so an
 * ipBlock never matches a pod.
 */
public final class NetworkPolicyRules {
    /** The label every namespace carries with its own name. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private NetworkPolicyRules() {
    }

    /**
     * One side of a connection: pods (their namespace, its labels, their labels) or an address range.
     *
     * @param namespace       the pods' namespace (null for an address range)
     * @param namespaceLabels the labels of that namespace
     * @param podLabels       the pods' labels
     * @param namedPorts      the container port a named port stands for on these pods (for a destination), if any
     * @param cidr            the address range (null for pods)
     */
    public record Peer(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
                       Function<String, Optional<Integer>> namedPorts, String cidr) {

        /** Pods with {@code podLabels} in {@code namespace}, whose labels are {@code namespaceLabels}. */
        public static Peer pods(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
                                Function<String, Optional<Integer>> namedPorts) {
            return new Peer(namespace, namespaceLabels, podLabels, namedPorts, null);
        }

        boolean governed(String policyNamespace) {
            return cidr == null && policyNamespace.equals(namespace);
        }
    }

    /** Whether {@code selector} selects an object with {@code labels} (a null selector selects nothing). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return Selectors.matches(selector, labels);
    }

    /** A readable form of a selector, for messages. */
    public static String describe(LabelSelector selector) {
        return Selectors.describe(selector);
    }

    /** Whether {@code policy} selects pods with {@code podLabels}. */
    public static boolean selects(NetworkPolicy policy, Map<String, String> podLabels) {
        return policy.getSpec() != null && Selectors.matches(policy.getSpec().getPodSelector(), podLabels);
    }

    /** The policy's types: as written, else Ingress, plus Egress when it has egress rules. */
    public static List<String> types(NetworkPolicy p) {
        if (p.getSpec().getPolicyTypes() != null && !p.getSpec().getPolicyTypes().isEmpty()) {
            return p.getSpec().getPolicyTypes();
        }
        return p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty()
                ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    /** Whether {@code p} denies all ingress to every pod of its namespace: empty podSelector, Ingress, no rules. */
    public static boolean defaultDenyIngress(NetworkPolicy p) {
        if (p.getSpec() == null || p.getSpec().getPodSelector() == null) {
            return false;
        }
        LabelSelector s = p.getSpec().getPodSelector();
        boolean everything = (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
        return everything && types(p).contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty());
    }

    /**
     * Null when {@code policies} (all of {@code policyNamespace}) allow {@code from} to reach {@code to} on
     * {@code port}/{@code protocol}; else why not and what to add.
     */
    public static String denial(List<NetworkPolicy> policies, String policyNamespace, Peer from, Peer to, int port,
                                String protocol) {
        if (to.governed(policyNamespace)) {
            List<String> selecting = notAdmitting(policies, to, "Ingress", NetworkPolicySpec::getIngress,
                    (NetworkPolicyIngressRule rule) -> ports(rule.getPorts(), to, port, protocol)
                            && peers(rule.getFrom(), from, policyNamespace));
            if (!selecting.isEmpty()) {
                return "no ingress rule of " + selecting + " (which select the destination) admits the source on "
                        + "this port. Add an ingress rule for it.";
            }
        }
        if (from.governed(policyNamespace)) {
            List<String> selecting = notAdmitting(policies, from, "Egress", NetworkPolicySpec::getEgress,
                    (NetworkPolicyEgressRule rule) -> ports(rule.getPorts(), to, port, protocol)
                            && peers(rule.getTo(), to, policyNamespace));
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
    private static <R> List<String> notAdmitting(List<NetworkPolicy> policies, Peer pods, String type,
                                                 Function<NetworkPolicySpec, List<R>> rules, Predicate<R> admits) {
        List<String> selecting = new ArrayList<>();
        boolean admitted = false;
        for (NetworkPolicy p : policies) {
            if (!selects(p, pods.podLabels()) || !types(p).contains(type)) {
                continue;
            }
            selecting.add(p.getMetadata().getName());
            List<R> own = rules.apply(p.getSpec());
            for (R rule : own == null ? List.<R>of() : own) {
                if (admits.test(rule)) {
                    admitted = true;
                }
            }
        }
        return admitted ? List.of() : selecting;
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
            } else if (destination.namedPorts() != null && destination.namedPorts().apply(value.getStrVal())
                    .map(named -> named == port).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, Peer target, String policyNamespace) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        Cidr targetRange = target.cidr() == null ? null : Cidr.parse(target.cidr());
        for (NetworkPolicyPeer p : peers) {
            if (p.getIpBlock() != null) {
                if (targetRange != null && covers(p.getIpBlock(), targetRange)) {
                    return true;
                }
                continue;
            }
            if (target.cidr() != null) {
                continue;
            }
            boolean namespaceOk = p.getNamespaceSelector() == null ? policyNamespace.equals(target.namespace())
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

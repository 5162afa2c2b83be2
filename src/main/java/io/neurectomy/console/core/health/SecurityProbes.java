package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.stack.NetworkPolicyRules;
import io.neurectomy.console.core.stack.PodSecurity;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The security checks on the live namespace: its NetworkPolicies (read, and evaluated for the paths the stack needs
 * between its own pods), connections tried from inside the pods, and Pod Security (the namespace's labels and every
 * stack pod against the restricted standard).
 */
final class SecurityProbes {
    private static final StackComponent PROMETHEUS = StackComponent.PROMETHEUS;
    private static final StackComponent ALERTMANAGER = StackComponent.ALERTMANAGER;
    private static final StackComponent GRAFANA = StackComponent.GRAFANA;

    /**
     * A connection between the stack's own pods, from {@code resources/network-paths.yaml} (allowed) or one the
     * policies must refuse (nothing in that file asks for it).
     */
    record Path(StackComponent from, StackComponent to, int port, String protocol, String urlPath, boolean allowed,
                String description) {
    }

    /** The paths inside the namespace that the network-policy check evaluates. */
    static final List<Path> PATHS = List.of(
            new Path(PROMETHEUS, PROMETHEUS, 9090, "TCP", "/-/ready", true, "Prometheus scrapes both replicas"),
            new Path(PROMETHEUS, ALERTMANAGER, 9093, "TCP", "/-/ready", true,
                    "Prometheus sends alerts to Alertmanager"),
            new Path(PROMETHEUS, GRAFANA, 3000, "TCP", "/api/health", true, "Prometheus scrapes Grafana"),
            new Path(ALERTMANAGER, ALERTMANAGER, 9094, "TCP", null, true, "Alertmanagers gossip (TCP)"),
            new Path(ALERTMANAGER, ALERTMANAGER, 9094, "UDP", null, true, "Alertmanagers gossip (UDP)"),
            new Path(GRAFANA, PROMETHEUS, 9090, "TCP", "/-/ready", true, "Grafana queries Prometheus"),
            new Path(GRAFANA, ALERTMANAGER, 9093, "TCP", "/-/ready", true, "Grafana reads Alertmanager"),
            new Path(ALERTMANAGER, PROMETHEUS, 9090, "TCP", "/-/ready", false,
                    "Alertmanager has no business with Prometheus's API"),
            new Path(ALERTMANAGER, GRAFANA, 3000, "TCP", "/api/health", false,
                    "Alertmanager has no business with Grafana"));

    /** The connections tried from inside the pods: the guide's probe, one more that must work, one that must not. */
    static final List<Path> PROBED = List.of(PATHS.get(2), PATHS.get(1), PATHS.get(7));

    private SecurityProbes() {
    }

    static HealthProbe networkPolicies() {
        return new HealthProbe("security-network-policies", HealthArea.SECURITY,
                "A default deny, each component governed, the stack's paths allowed",
                "kubectl get networkpolicies -n NS", SecurityProbes::networkPolicies);
    }

    static HealthProbe connectivity() {
        return new HealthProbe("security-connectivity", HealthArea.SECURITY,
                "Needed connections work, others are refused (tried from the pods)",
                "kubectl exec -n NS prometheus-0 -- wget -qO- -T 3 http://grafana.NS:3000/api/health",
                SecurityProbes::connectivity);
    }

    static HealthProbe podSecurity() {
        return new HealthProbe("security-pod-security", HealthArea.SECURITY,
                "The namespace enforces the restricted Pod Security Standard and every pod meets it",
                "kubectl get ns NS --show-labels; kubectl get pods -n NS"
                        + " -o jsonpath='{.items[*].spec.securityContext}'",
                SecurityProbes::podSecurity);
    }

    // ---- NetworkPolicies ------------------------------------------------------------------------------------------

    private static List<Finding> networkPolicies(HealthContext c) {
        String code = "security-network-policies";
        String ns = c.namespace();
        String namespaceSubject = "Namespace/" + ns;
        List<NetworkPolicy> policies;
        Map<String, String> namespaceLabels;
        List<Pod> pods;
        try {
            policies = c.client().network().v1().networkPolicies().inNamespace(ns).list().getItems();
            namespaceLabels = namespaceLabels(c);
            pods = livePods(c);
        } catch (KubernetesClientException e) {
            return List.of(Finding.of(Severity.UNKNOWN, code, namespaceSubject, "could not read the NetworkPolicies: "
                    + ApiMessages.status(e)));
        }
        List<Finding> findings = new ArrayList<>();
        String evidence = policies.stream().map(p -> p.getMetadata().getName() + ": podSelector "
                + NetworkPolicyRules.describe(p.getSpec().getPodSelector()) + ", " + NetworkPolicyRules.types(p)
                + ", " + size(p.getSpec().getIngress()) + " ingress / " + size(p.getSpec().getEgress())
                + " egress rules").collect(Collectors.joining("\n"));
        if (policies.isEmpty()) {
            findings.add(Finding.of(Severity.WARNING, code, namespaceSubject, "no NetworkPolicy in " + ns
                            + ": every pod accepts connections from anywhere in the cluster")
                    .withFix("Apply the stack's policies (manifests/12-network-policies.yaml): a default deny and one"
                            + " policy per component."));
            return findings;
        }
        Optional<NetworkPolicy> deny = policies.stream().filter(NetworkPolicyRules::defaultDenyIngress).findFirst();
        if (deny.isEmpty()) {
            findings.add(Finding.of(Severity.WARNING, code, namespaceSubject, "no default-deny policy (empty "
                            + "podSelector, Ingress, no rules): a pod no policy selects accepts every connection")
                    .withEvidence(evidence)
                    .withFix("Restore the default-deny policy of manifests/12-network-policies.yaml."));
        } else {
            findings.add(Finding.of(Severity.OK, code, namespaceSubject, "default deny: NetworkPolicy/"
                    + deny.get().getMetadata().getName()).withEvidence(evidence));
        }
        Map<StackComponent, Pod> samples = new HashMap<>();
        for (StackComponent component : StackComponent.all()) {
            Optional<Pod> sample = pods.stream().filter(p -> component.workload().equals(workloadOf(c, p)))
                    .findFirst();
            if (sample.isEmpty()) {
                findings.add(Finding.of(Severity.UNKNOWN, code, component.workload(), "no " + component.title()
                        + " pod to match the policies against"));
                continue;
            }
            samples.put(component, sample.get());
            Map<String, String> labels = labels(sample.get());
            List<String> own = policies.stream().filter(p -> NetworkPolicyRules.selects(p, labels)
                    && NetworkPolicyRules.types(p).contains("Ingress") && size(p.getSpec().getIngress()) > 0)
                    .map(p -> p.getMetadata().getName()).toList();
            if (own.isEmpty()) {
                findings.add(Finding.of(deny.isPresent() ? Severity.ERROR : Severity.WARNING, code,
                                component.workload(), "no NetworkPolicy admitting connections selects the "
                                        + component.title() + " pods (labels " + labels + ")" + (deny.isPresent()
                                        ? ": the default deny leaves them unreachable" : ""))
                        .withEvidence(evidence)
                        .withFix("Restore the " + component.id() + " policy of manifests/12-network-policies.yaml."));
            }
        }
        for (Path path : PATHS) {
            Pod from = samples.get(path.from());
            Pod to = samples.get(path.to());
            if (from == null || to == null) {
                continue;
            }
            String denial = NetworkPolicyRules.denial(policies, ns, peer(ns, namespaceLabels, from),
                    peer(ns, namespaceLabels, to), path.port(), path.protocol());
            String subject = path.from().id() + " → " + path.to().id() + ":" + path.port() + "/" + path.protocol();
            if (path.allowed() && denial != null) {
                findings.add(Finding.of(Severity.ERROR, code, subject, path.description() + ", but the policies "
                                + "block it: " + denial).withEvidence(evidence)
                        .withFix("Add the rule, or restore manifests/12-network-policies.yaml."));
            } else if (!path.allowed() && denial == null) {
                findings.add(Finding.of(Severity.WARNING, code, subject, "allowed by the policies, although the "
                                + "stack does not need it (" + path.description() + ")").withEvidence(evidence)
                        .withFix("Narrow the rule that admits it; the stack's policies allow only the paths of "
                                + "network-paths.yaml."));
            }
        }
        if (findings.stream().noneMatch(f -> f.severity() != Severity.OK && f.severity() != Severity.UNKNOWN)) {
            findings.add(Finding.of(Severity.OK, code, ns, "every component is governed by a policy; the "
                    + PATHS.size() + " paths between the stack's pods are allowed or refused as they should be")
                    .withEvidence(evidence));
        }
        return findings;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static NetworkPolicyRules.Peer peer(String ns, Map<String, String> namespaceLabels, Pod pod) {
        return NetworkPolicyRules.Peer.pods(ns, namespaceLabels, labels(pod), name -> namedPort(pod, name));
    }

    private static Optional<Integer> namedPort(Pod pod, String name) {
        for (Container container : pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? List.<Container>of() : pod.getSpec().getContainers()) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (name.equals(port.getName())) {
                    return Optional.of(port.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    /** The namespace's labels, with the name label a real API server always sets. */
    static Map<String, String> namespaceLabels(HealthContext c) {
        Namespace namespace = c.client().namespaces().withName(c.namespace()).get();
        Map<String, String> labels = new HashMap<>();
        if (namespace != null && namespace.getMetadata().getLabels() != null) {
            labels.putAll(namespace.getMetadata().getLabels());
        }
        labels.putIfAbsent(NetworkPolicyRules.NAME_LABEL, c.namespace());
        return labels;
    }

    /** The stack's pods as the API has them now (the snapshot's pods, by name), not being deleted. */
    private static List<Pod> livePods(HealthContext c) {
        Map<String, String> workloads = new HashMap<>();
        for (StackComponent component : StackComponent.all()) {
            c.pods(component).forEach(p -> workloads.put(p.name(), component.workload()));
        }
        return c.client().pods().inNamespace(c.namespace()).list().getItems().stream()
                .filter(p -> workloads.containsKey(p.getMetadata().getName())
                        && p.getMetadata().getDeletionTimestamp() == null)
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static String workloadOf(HealthContext c, Pod pod) {
        for (StackComponent component : StackComponent.all()) {
            if (c.pods(component).stream().anyMatch(p -> p.name().equals(pod.getMetadata().getName()))) {
                return component.workload();
            }
        }
        return "";
    }

    // ---- Connectivity ---------------------------------------------------------------------------------------------

    private static List<Finding> connectivity(HealthContext c) {
        List<Finding> findings = new ArrayList<>();
        for (Path path : PROBED) {
            findings.add(probe(c, path));
        }
        return findings;
    }

    private static Finding probe(HealthContext c, Path path) {
        String code = "security-connectivity";
        String url = "http://" + path.to().service() + "." + c.namespace() + ":" + path.port() + path.urlPath();
        String subject = path.from().id() + " → " + path.to().service() + "." + c.namespace() + ":" + path.port();
        List<PodInfo> targets = c.pods(path.to()).stream().filter(p -> p.ready()).toList();
        if (targets.isEmpty()) {
            return Finding.of(Severity.UNKNOWN, code, subject, "no ready " + path.to().title() + " pod to reach");
        }
        if (path.allowed() && targets.stream().allMatch(p -> c.noProcess(p.name()).isPresent())) {
            return Finding.of(Severity.UNKNOWN, code, subject, "not tried: " + c.noProcess(targets.get(0).name())
                    .orElseThrow());
        }
        Optional<PodInfo> source = c.pods(path.from()).stream().filter(p -> p.ready()
                && c.unreachable(p).isEmpty()).findFirst();
        if (source.isEmpty()) {
            String why = c.pods(path.from()).stream().map(p -> c.unreachable(p).orElse(p.name() + " is not ready"))
                    .findFirst().orElse("no " + path.from().title() + " pod");
            return Finding.of(Severity.UNKNOWN, code, subject, "no " + path.from().title() + " pod to try it from: "
                    + why);
        }
        String pod = source.get().name();
        PodCalls.ExecResult result;
        try {
            result = c.exec(pod, path.from().container(), List.of("wget", "-q", "-T", "3", "-O", "-", url));
        } catch (IOException e) {
            return Finding.of(Severity.UNKNOWN, code, subject, "could not run wget in " + pod + ": "
                    + e.getMessage());
        }
        String output = (result.stdout() + result.stderr()).strip();
        String evidence = "kubectl exec -n " + c.namespace() + " " + pod + " -- wget -qO- -T 3 " + url + "\nexit "
                + result.exitCode() + "\n" + Replicas.abbreviate(output);
        String lower = output.toLowerCase(Locale.ROOT);
        boolean blocked = lower.contains("timed out") || lower.contains("connection refused")
                || lower.contains("connection reset");
        if (path.allowed()) {
            if (result.ok()) {
                return Finding.of(Severity.OK, code, subject, pod + " reaches " + url + " (" + path.description()
                        + ")").withEvidence(evidence);
            }
            return Finding.of(Severity.ERROR, code, subject, pod + " cannot reach " + url + ": "
                            + path.description() + " fails")
                    .withEvidence(evidence)
                    .withFix("Check that a NetworkPolicy admits " + path.from().id() + " on port " + path.port()
                            + " (kubectl get networkpolicies -n " + c.namespace() + "), and the "
                            + path.to().service() + " Service's endpoints.");
        }
        if (result.ok()) {
            return Finding.of(Severity.WARNING, code, subject, pod + " reaches " + url + ", which the policies "
                            + "should refuse: the namespace is not isolated")
                    .withEvidence(evidence)
                    .withFix("Check that the network plugin enforces NetworkPolicies (Calico, Cilium; not flannel"
                            + " alone) and that no policy admits " + path.from().id() + " to " + path.to().id() + ".");
        }
        if (blocked) {
            return Finding.of(Severity.OK, code, subject, pod + " is refused " + url + " as it should be")
                    .withEvidence(evidence);
        }
        return Finding.of(Severity.UNKNOWN, code, subject, pod + " could not reach " + url + " for another reason"
                + " than a refusal, so whether the policies refuse it is not known: " + Replicas.abbreviate(output))
                .withEvidence(evidence);
    }

    // ---- Pod Security ---------------------------------------------------------------------------------------------

    private static List<Finding> podSecurity(HealthContext c) {
        String code = "security-pod-security";
        String ns = c.namespace();
        Map<String, String> labels;
        List<Pod> pods;
        try {
            labels = namespaceLabels(c);
            pods = livePods(c);
        } catch (KubernetesClientException e) {
            return List.of(Finding.of(Severity.UNKNOWN, code, "Namespace/" + ns, "could not read the namespace and "
                    + "its pods: " + ApiMessages.status(e)));
        }
        List<Finding> findings = new ArrayList<>();
        String podSecurityLabels = labels.entrySet().stream().filter(e -> e.getKey()
                        .startsWith("pod-security.kubernetes.io/")).sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        String enforce = labels.get(PodSecurity.ENFORCE_LABEL);
        if (enforce == null) {
            findings.add(Finding.of(Severity.WARNING, code, "Namespace/" + ns, "no " + PodSecurity.ENFORCE_LABEL
                            + " label: the API server admits privileged pods here")
                    .withEvidence(podSecurityLabels.isEmpty() ? "(no pod-security labels)" : podSecurityLabels)
                    .withFix("kubectl label ns " + ns + " " + PodSecurity.ENFORCE_LABEL + "=" + PodSecurity.RESTRICTED
                            + " (as manifests/00-namespace.yaml does)."));
        } else if (!PodSecurity.RESTRICTED.equals(enforce)) {
            findings.add(Finding.of(Severity.WARNING, code, "Namespace/" + ns, "enforces the " + enforce
                            + " Pod Security Standard, not " + PodSecurity.RESTRICTED)
                    .withEvidence(podSecurityLabels)
                    .withFix("kubectl label ns " + ns + " --overwrite " + PodSecurity.ENFORCE_LABEL + "="
                            + PodSecurity.RESTRICTED));
        } else {
            findings.add(Finding.of(Severity.OK, code, "Namespace/" + ns, "enforces the restricted Pod Security "
                    + "Standard").withEvidence(podSecurityLabels));
        }
        int compliant = 0;
        for (Pod pod : pods) {
            List<String> violations = PodSecurity.restrictedViolations(pod.getSpec());
            String name = pod.getMetadata().getName();
            if (violations.isEmpty()) {
                compliant++;
                continue;
            }
            findings.add(Finding.of(Severity.WARNING, code, name, "does not meet the restricted standard: "
                            + violations.get(0) + (violations.size() > 1 ? " (and " + (violations.size() - 1)
                            + " more)" : ""))
                    .withEvidence(String.join("\n", violations))
                    .withFix("Fix the workload's securityContext as manifests 08–10 set it, and recreate the pod.")
                    .withAction(new FixAction(FixAction.SHOW_POD, ns + "/" + name, "Show " + name)));
        }
        if (compliant > 0) {
            findings.add(Finding.of(Severity.OK, code, ns, compliant + " of " + pods.size() + " stack pods meet the "
                    + "restricted standard (non-root, no privilege escalation, capabilities dropped, RuntimeDefault "
                    + "seccomp)"));
        } else if (pods.isEmpty()) {
            findings.add(Finding.of(Severity.UNKNOWN, code, ns, "no stack pod to check"));
        }
        return findings;
    }
}

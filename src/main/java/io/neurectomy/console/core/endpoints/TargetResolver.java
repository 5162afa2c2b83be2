package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the pod a forward's streams go to, from the session's live snapshot: the named pod for a pod target; for a
 * Service, a ready pod its selector matches (the one in use while it stays ready, else the first by name).
 *
 * <p>The Service itself is read once through the client (its selector and ports rarely change); a named target
 * port is looked up in the chosen pod's spec, once per pod. Used by one forward's worker thread only.
 */
final class TargetResolver {
    private final KubernetesClient client;
    private final ForwardSpec spec;
    private ServiceView service;
    private final Map<String, Integer> namedPorts = new HashMap<>();

    /** What the resolution found: a pod and its port, or why there is none (to wait for, or for good). */
    record Resolution(PodInfo pod, int containerPort, String waiting, String fatal, boolean podMissing) {
        static Resolution found(PodInfo pod, int port) {
            return new Resolution(pod, port, "", "", false);
        }

        static Resolution waiting(String why, boolean podMissing) {
            return new Resolution(null, 0, why, "", podMissing);
        }

        static Resolution fatal(String why) {
            return new Resolution(null, 0, "", why, false);
        }
    }

    /** What a forward needs of a Service. */
    private record ServiceView(Map<String, String> selector, IntOrString targetPort) {
    }

    TargetResolver(KubernetesClient client, ForwardSpec spec) {
        this.client = client;
        this.spec = spec;
    }

    Resolution resolve(StackSnapshot snapshot, String current) {
        ForwardTarget target = spec.target();
        boolean listed = snapshot.syncState() != SyncState.SYNCING;
        List<PodInfo> pods = snapshot.pods().stream()
                .filter(p -> p.namespace().isEmpty() || p.namespace().equals(target.namespace())).toList();
        if (target.kind() == ForwardTarget.Kind.POD) {
            Optional<PodInfo> pod = pods.stream().filter(p -> p.name().equals(target.name())).findFirst();
            if (pod.isPresent()) {
                return Resolution.found(pod.get(), spec.remotePort());
            }
            return listed ? Resolution.waiting(target.describe() + " does not exist (deleted?); waiting for it to"
                    + " come back", true) : Resolution.waiting("waiting for the pod list (synchronizing)", false);
        }
        if (service == null) {
            Resolution problem = readService();
            if (problem != null) {
                return problem;
            }
        }
        List<PodInfo> matching = pods.stream().filter(p -> matches(p.labels(), service.selector())).toList();
        List<PodInfo> ready = matching.stream().filter(TargetResolver::usable)
                .sorted(Comparator.comparing(PodInfo::name)).toList();
        if (ready.isEmpty()) {
            if (!listed) {
                return Resolution.waiting("waiting for the pod list (synchronizing)", false);
            }
            return Resolution.waiting("waiting for a ready pod of " + target.describe() + " ("
                    + (matching.isEmpty() ? "no pod matches its selector " + selectorText()
                    : matching.size() + " pod" + (matching.size() == 1 ? "" : "s") + ", none ready") + ")", false);
        }
        PodInfo chosen = ready.stream().filter(p -> p.name().equals(current)).findFirst().orElse(ready.get(0));
        IntOrString tp = service.targetPort();
        if (tp == null || tp.getIntVal() != null || tp.getStrVal() == null) {
            return Resolution.found(chosen, tp == null || tp.getIntVal() == null ? spec.remotePort() : tp.getIntVal());
        }
        return namedPort(chosen, tp.getStrVal());
    }

    /** Ready, and not on its way out. */
    private static boolean usable(PodInfo p) {
        return p.ready() && !"Terminating".equals(p.status());
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private String selectorText() {
        return service.selector().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Reads the Service; null when done, else the resolution to report. */
    private Resolution readService() {
        ForwardTarget target = spec.target();
        Service svc;
        try {
            svc = client.services().inNamespace(target.namespace()).withName(target.name()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 401) {
                return Resolution.fatal("Forbidden: your account may not read " + target.describe() + " ("
                        + e.getCode() + "). Ask for 'get' on services in " + target.namespace()
                        + ", or forward to a pod instead.");
            }
            return Resolution.waiting("cannot read " + target.describe() + ": "
                    + StreamErrors.classify(e, target.namespace(), target.name()).message(), false);
        }
        if (svc == null) {
            return Resolution.fatal(target.describe() + " does not exist. Check the name (kubectl get svc -n "
                    + target.namespace() + ").");
        }
        Map<String, String> selector = svc.getSpec() == null || svc.getSpec().getSelector() == null ? Map.of()
                : Map.copyOf(svc.getSpec().getSelector());
        if (selector.isEmpty()) {
            return Resolution.fatal(target.describe() + " has no selector (its endpoints are set by hand), so it"
                    + " has no pods to forward to. Forward to a pod instead.");
        }
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        Optional<ServicePort> port = ports.stream().filter(p -> p.getPort() != null
                && p.getPort() == spec.remotePort() && !"UDP".equalsIgnoreCase(p.getProtocol())).findFirst();
        if (port.isEmpty()) {
            String known = ports.stream().map(p -> String.valueOf(p.getPort())).collect(Collectors.joining(", "));
            return Resolution.fatal(target.describe() + " has no TCP port " + spec.remotePort() + " (its ports: "
                    + (known.isEmpty() ? "none" : known) + ").");
        }
        service = new ServiceView(selector, port.get().getTargetPort());
        return null;
    }

    private Resolution namedPort(PodInfo pod, String name) {
        String key = pod.name() + "@" + pod.instance();
        Integer cached = namedPorts.get(key);
        if (cached != null) {
            return Resolution.found(pod, cached);
        }
        ForwardTarget target = spec.target();
        Pod full;
        try {
            full = client.pods().inNamespace(target.namespace()).withName(pod.name()).get();
        } catch (KubernetesClientException e) {
            return Resolution.waiting("cannot read pod " + pod.name() + " to find its port '" + name + "': "
                    + StreamErrors.classify(e, target.namespace(), pod.name()).message(), false);
        }
        if (full == null || full.getSpec() == null) {
            return Resolution.waiting("pod " + pod.name() + " went away while its port '" + name
                    + "' was looked up", false);
        }
        for (Container c : full.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (name.equals(p.getName()) && p.getContainerPort() != null) {
                    namedPorts.put(key, p.getContainerPort());
                    return Resolution.found(pod, p.getContainerPort());
                }
            }
        }
        return Resolution.fatal("Pod " + pod.name() + " of " + target.describe() + " has no container port named '"
                + name + "' (the Service's target port).");
    }
}

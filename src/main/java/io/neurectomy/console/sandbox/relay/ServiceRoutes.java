package io.neurectomy.console.sandbox.relay;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.core.stack.NetworkPolicyRules;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodRuntimes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod's connection to a Service's DNS name ({@code service}, {@code service.namespace},
 * {@code service.namespace.svc[.cluster.local]}) reaches in the sandbox: the loopback port of a ready pod behind the
 * Service, when the NetworkPolicies of both namespaces allow the connection as Kubernetes evaluates them
 * ({@link NetworkPolicyRules}: ingress policies selecting the destination pod, egress policies selecting the
 * source pod). A connection the policies drop times out, as it does on a cluster whose network plugin enforces them.
 */
final class ServiceRoutes {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Where a connection goes: a loopback port, or why it fails (wget's words, and its exit code). */
    record Route(Integer localPort, String failure) {
        static Route to(int port) {
            return new Route(port, null);
        }

        static Route fails(String message) {
            return new Route(null, message);
        }
    }

    private final Dispatcher store;
    private final PodRuntimes runtimes;

    ServiceRoutes(Dispatcher store, PodRuntimes runtimes) {
        this.store = store;
        this.runtimes = runtimes;
    }

    /**
     * The route from pod {@code sourceNamespace/sourcePod} to {@code host:port}; empty when {@code host} names no
     * Service of the sandbox (the connection is then left to this machine's resolver).
     */
    Optional<Route> route(String sourceNamespace, String sourcePod, String host, int port) {
        String[] parts = host.split("\\.");
        String name = parts[0];
        String namespace = parts.length > 1 ? parts[1] : sourceNamespace;
        if (parts.length > 2 && !(parts[2].equals("svc") && (parts.length == 3
                || (parts.length == 5 && parts[3].equals("cluster") && parts[4].equals("local"))))) {
            return Optional.empty();
        }
        Service service = get("/api/v1/namespaces/" + namespace + "/services/" + name, Service.class);
        if (service == null || service.getSpec() == null) {
            return Optional.empty();
        }
        String refused = "wget: can't connect to remote host: Connection refused";
        Optional<ServicePort> servicePort = (service.getSpec().getPorts() == null ? List.<ServicePort>of()
                : service.getSpec().getPorts()).stream().filter(p -> p.getPort() != null && p.getPort() == port)
                .findFirst();
        if (servicePort.isEmpty() || service.getSpec().getSelector() == null
                || service.getSpec().getSelector().isEmpty()) {
            return Optional.of(Route.fails(refused));
        }
        Pod source = get("/api/v1/namespaces/" + sourceNamespace + "/pods/" + sourcePod, Pod.class);
        PodList candidates = get("/api/v1/namespaces/" + namespace + "/pods", PodList.class);
        List<Pod> ready = (candidates == null ? List.<Pod>of() : candidates.getItems()).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && selected(service, p) && ready(p))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        if (source == null || ready.isEmpty()) {
            return Optional.of(Route.fails(refused));
        }
        Map<String, String> sourceLabels = namespaceLabels(sourceNamespace);
        Map<String, String> destinationLabels = namespaceLabels(namespace);
        List<NetworkPolicy> sourcePolicies = policies(sourceNamespace);
        List<NetworkPolicy> destinationPolicies = namespace.equals(sourceNamespace) ? sourcePolicies
                : policies(namespace);
        for (Pod target : ready) {
            Optional<Integer> containerPort = containerPort(target, servicePort.get().getTargetPort(), port);
            if (containerPort.isEmpty()) {
                continue;
            }
            NetworkPolicyRules.Peer from = NetworkPolicyRules.Peer.pods(sourceNamespace, sourceLabels,
                    labels(source), n -> Optional.empty());
            NetworkPolicyRules.Peer to = NetworkPolicyRules.Peer.pods(namespace, destinationLabels, labels(target),
                    n -> namedPort(target, n));
            String protocol = servicePort.get().getProtocol() == null ? "TCP" : servicePort.get().getProtocol();
            String denied = NetworkPolicyRules.denial(destinationPolicies, namespace, from, to, containerPort.get(),
                    protocol);
            if (denied == null && !namespace.equals(sourceNamespace)) {
                denied = NetworkPolicyRules.denial(sourcePolicies, sourceNamespace, from, to, containerPort.get(),
                        protocol);
            }
            if (denied != null) {
                return Optional.of(Route.fails("wget: download timed out"));
            }
            Optional<Integer> local = runtimes.find(namespace, target.getMetadata().getName())
                    .filter(PodRuntime::available).flatMap(r -> r.localPort(containerPort.get()));
            if (local.isPresent()) {
                return Optional.of(Route.to(local.get()));
            }
        }
        return Optional.of(Route.fails(refused));
    }

    private static boolean selected(Service service, Pod pod) {
        Map<String, String> labels = labels(pod);
        return service.getSpec().getSelector().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<Integer> containerPort(Pod pod, IntOrString target, int servicePort) {
        if (target == null) {
            return Optional.of(servicePort);
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        return namedPort(pod, target.getStrVal());
    }

    private static Optional<Integer> namedPort(Pod pod, String name) {
        for (Container c : pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.<Container>of()
                : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (name.equals(p.getName())) {
                    return Optional.of(p.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = get("/api/v1/namespaces/" + namespace, Namespace.class);
        Map<String, String> labels = new HashMap<>();
        if (ns != null && ns.getMetadata().getLabels() != null) {
            labels.putAll(ns.getMetadata().getLabels());
        }
        labels.putIfAbsent(NetworkPolicyRules.NAME_LABEL, namespace);
        return labels;
    }

    private List<NetworkPolicy> policies(String namespace) {
        NetworkPolicyList list = get("/apis/networking.k8s.io/v1/namespaces/" + namespace + "/networkpolicies",
                NetworkPolicyList.class);
        return list == null || list.getItems() == null ? List.of() : list.getItems();
    }

    private <T> T get(String path, Class<T> type) {
        MockResponse response = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path,
                Headers.builder().build(), new Buffer()));
        if (response.code() != 200 || response.getBody() == null) {
            return null;
        }
        return JSON.unmarshal(response.getBody().readUtf8(), type);
    }
}

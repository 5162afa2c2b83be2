package io.neurectomy.console.sandbox.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodRuntimes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP service-discovery endpoint that answers what Prometheus's {@code kubernetes_sd_configs} would
 * find in the sandbox's API: the same targets and {@code __meta_kubernetes_*} labels for the roles pod, endpoints,
 * service and node. Debian's Prometheus lacks Kubernetes discovery, so the sandbox kubelet points
 * {@code http_sd_configs} here instead.
 *
 * <p>The mock API server keeps no Endpoints objects, so endpoints are computed from Services' selectors and pods.
 * Pod IPs are not routable on this machine: a pod whose process runs locally is addressed as
 * {@code 127.0.0.1:<local port>} (its pod IP stays in {@code __meta_kubernetes_pod_ip}).
 */
final class KubernetesSdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSdServer.class);
    private static final String META = "__meta_kubernetes_";
    private static final int KUBELET_PORT = 10250;

    /** One discovered target and its labels (including {@code __address__}). */
    record Target(Map<String, String> labels) {
        String address() {
            return labels.get("__address__");
        }
    }

    private final KubernetesClient admin;
    private final PodRuntimes runtimes;
    private final HttpServer server;
    private final ExecutorService executor;

    KubernetesSdServer(KubernetesClient admin, PodRuntimes runtimes) throws IOException {
        this.admin = admin;
        this.runtimes = runtimes;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sandbox-kubernetes-sd");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/sd", this::handle);
        server.start();
    }

    /** The URL that serves the targets of one {@code kubernetes_sd_configs} entry. */
    String url(String role, List<String> namespaces) {
        StringBuilder url = new StringBuilder("http://127.0.0.1:").append(server.getAddress().getPort())
                .append("/sd?role=").append(URLEncoder.encode(role, StandardCharsets.UTF_8));
        for (String ns : namespaces) {
            url.append("&namespace=").append(URLEncoder.encode(ns, StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String role = null;
            List<String> namespaces = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("role")) {
                    role = value;
                } else if (key.equals("namespace")) {
                    namespaces.add(value);
                }
            }
            byte[] body;
            int code;
            try {
                body = toJson(targets(role, namespaces)).getBytes(StandardCharsets.UTF_8);
                code = 200;
            } catch (RuntimeException e) {
                LOG.warn("Sandbox service discovery for role {} failed: {}", role, e.getMessage());
                body = ("service discovery failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                code = 500;
            }
            exchange.getResponseHeaders().set("Content-Type", code == 200 ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** What kubernetes_sd_configs with this role and these namespaces (empty: all) would discover now. */
    List<Target> targets(String role, List<String> namespaces) {
        if (role == null) {
            throw new IllegalArgumentException("no role given");
        }
        return switch (role) {
            case "pod" -> podTargets(pods(namespaces));
            case "endpoints", "endpointslice" -> endpointTargets(services(namespaces), pods(namespaces),
                    role.equals("endpointslice"));
            case "service" -> serviceTargets(services(namespaces));
            case "node" -> nodeTargets(admin.nodes().list().getItems());
            default -> {
                LOG.warn("Sandbox service discovery does not know role '{}'; it discovers nothing", role);
                yield List.of();
            }
        };
    }

    private List<Pod> pods(List<String> namespaces) {
        return inNamespaces(admin.pods(), namespaces);
    }

    private List<Service> services(List<String> namespaces) {
        return inNamespaces(admin.services(), namespaces);
    }

    /** The objects of {@code kind} in {@code namespaces}, or in every namespace when none is named. */
    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> inNamespaces(
            MixedOperation<T, L, ?> kind, List<String> namespaces) {
        if (namespaces.isEmpty()) {
            return kind.inAnyNamespace().list().getItems();
        }
        List<T> objects = new ArrayList<>();
        for (String ns : namespaces) {
            objects.addAll(kind.inNamespace(ns).list().getItems());
        }
        return objects;
    }

    private List<Target> podTargets(List<Pod> pods) {
        List<Target> targets = new ArrayList<>();
        for (Pod pod : pods) {
            String ip = podIp(pod);
            if (ip == null) {
                continue; // like Prometheus: a pod without an IP has no targets yet
            }
            for (Container c : containers(pod)) {
                List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
                if (ports.isEmpty()) {
                    Map<String, String> labels = podLabels(pod);
                    labels.put("__address__", ip);
                    labels.putAll(containerLabels(c));
                    targets.add(new Target(labels));
                }
                for (ContainerPort port : ports) {
                    Map<String, String> labels = podLabels(pod);
                    labels.put("__address__", address(pod, port.getContainerPort()));
                    labels.putAll(containerLabels(c));
                    labels.putAll(portLabels(port));
                    targets.add(new Target(labels));
                }
            }
        }
        return targets;
    }

    private List<Target> endpointTargets(List<Service> services, List<Pod> allPods, boolean slices) {
        String ep = slices ? "endpointslice_" : "endpoint_";
        List<Target> targets = new ArrayList<>();
        for (Service svc : services) {
            Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue; // without a selector, endpoints are whatever someone wrote; the sandbox keeps none
            }
            String ns = svc.getMetadata().getNamespace();
            Map<String, String> base = new TreeMap<>();
            base.put(META + "namespace", ns);
            if (slices) {
                base.put(META + "endpointslice_name", svc.getMetadata().getName());
                base.put(META + "endpointslice_address_type", "IPv4");
            } else {
                base.put(META + "endpoints_name", svc.getMetadata().getName());
                putMap(base, "endpoints_label", svc.getMetadata().getLabels());
            }
            putService(base, svc);
            boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
            for (Pod pod : allPods) {
                if (!ns.equals(pod.getMetadata().getNamespace()) || podIp(pod) == null
                        || !matches(selector, pod.getMetadata().getLabels())
                        || pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                boolean ready = publishNotReady || podReady(pod);
                Set<String> covered = new HashSet<>();
                for (ServicePort sp : svc.getSpec().getPorts() == null ? List.<ServicePort>of()
                        : svc.getSpec().getPorts()) {
                    Optional<ContainerMatch> match = resolveTarget(pod, sp);
                    int port = match.map(m -> m.port().getContainerPort()).orElseGet(() -> numericTarget(sp));
                    if (port <= 0) {
                        continue; // a named targetPort the pod does not declare: no endpoint
                    }
                    String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
                    Map<String, String> labels = new TreeMap<>(base);
                    labels.put("__address__", address(pod, port));
                    labels.put(META + ep + "port_name", nullToEmpty(sp.getName()));
                    labels.put(META + ep + "port_protocol", protocol);
                    if (slices) {
                        labels.put(META + "endpointslice_endpoint_conditions_ready", String.valueOf(ready));
                    } else {
                        labels.put(META + "endpoint_ready", String.valueOf(ready));
                    }
                    labels.put(META + ep + "address_target_kind", "Pod");
                    labels.put(META + ep + "address_target_name", pod.getMetadata().getName());
                    if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
                        labels.put(META + (slices ? "endpointslice_endpoint_topology_kubernetes_io_hostname"
                                : "endpoint_node_name"), pod.getSpec().getNodeName());
                    }
                    if (pod.getSpec() != null && pod.getSpec().getHostname() != null) {
                        labels.put(META + ep + "hostname", pod.getSpec().getHostname());
                    }
                    labels.putAll(podLabels(pod));
                    match.ifPresent(m -> {
                        labels.putAll(containerLabels(m.container()));
                        labels.putAll(portLabels(m.port()));
                        covered.add(m.container().getName() + "/" + m.port().getContainerPort() + "/"
                                + protocolOf(m.port()));
                    });
                    targets.add(new Target(labels));
                }
                // Prometheus also lists the pod's other container ports, without endpoint labels.
                for (Container c : containers(pod)) {
                    for (ContainerPort cp : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                        if (covered.contains(c.getName() + "/" + cp.getContainerPort() + "/" + protocolOf(cp))) {
                            continue;
                        }
                        Map<String, String> labels = new TreeMap<>(base);
                        labels.put("__address__", address(pod, cp.getContainerPort()));
                        labels.putAll(podLabels(pod));
                        labels.putAll(containerLabels(c));
                        labels.putAll(portLabels(cp));
                        targets.add(new Target(labels));
                    }
                }
            }
        }
        return targets;
    }

    private record ContainerMatch(Container container, ContainerPort port) {
    }

    private static Optional<ContainerMatch> resolveTarget(Pod pod, ServicePort sp) {
        IntOrString target = sp.getTargetPort();
        String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
        for (Container c : containers(pod)) {
            for (ContainerPort cp : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (!protocol.equals(protocolOf(cp))) {
                    continue;
                }
                boolean hit;
                if (target == null) {
                    hit = Objects.equals(cp.getContainerPort(), sp.getPort());
                } else if (target.getStrVal() != null) {
                    hit = target.getStrVal().equals(cp.getName());
                } else {
                    hit = Objects.equals(cp.getContainerPort(), target.getIntVal());
                }
                if (hit) {
                    return Optional.of(new ContainerMatch(c, cp));
                }
            }
        }
        return Optional.empty();
    }

    private static int numericTarget(ServicePort sp) {
        IntOrString target = sp.getTargetPort();
        if (target == null) {
            return sp.getPort() == null ? -1 : sp.getPort();
        }
        return target.getIntVal() == null ? -1 : target.getIntVal();
    }

    private List<Target> serviceTargets(List<Service> services) {
        List<Target> targets = new ArrayList<>();
        for (Service svc : services) {
            for (ServicePort sp : svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.<ServicePort>of()
                    : svc.getSpec().getPorts()) {
                Map<String, String> labels = new TreeMap<>();
                labels.put("__address__", svc.getMetadata().getName() + "." + svc.getMetadata().getNamespace()
                        + ".svc:" + sp.getPort());
                labels.put(META + "namespace", svc.getMetadata().getNamespace());
                putService(labels, svc);
                labels.put(META + "service_port_name", nullToEmpty(sp.getName()));
                labels.put(META + "service_port_number", String.valueOf(sp.getPort()));
                labels.put(META + "service_port_protocol", sp.getProtocol() == null ? "TCP" : sp.getProtocol());
                String type = svc.getSpec().getType() == null ? "ClusterIP" : svc.getSpec().getType();
                labels.put(META + "service_type", type);
                if (!type.equals("ExternalName") && svc.getSpec().getClusterIP() != null) {
                    labels.put(META + "service_cluster_ip", svc.getSpec().getClusterIP());
                }
                if (type.equals("ExternalName") && svc.getSpec().getExternalName() != null) {
                    labels.put(META + "service_external_name", svc.getSpec().getExternalName());
                }
                targets.add(new Target(labels));
            }
        }
        return targets;
    }

    private static List<Target> nodeTargets(List<Node> nodes) {
        List<Target> targets = new ArrayList<>();
        for (Node node : nodes) {
            Map<String, String> labels = new TreeMap<>();
            String name = node.getMetadata().getName();
            labels.put("instance", name);
            labels.put(META + "node_name", name);
            putMap(labels, "node_label", node.getMetadata().getLabels());
            putMap(labels, "node_annotation", node.getMetadata().getAnnotations());
            if (node.getSpec() != null && node.getSpec().getProviderID() != null) {
                labels.put(META + "node_provider_id", node.getSpec().getProviderID());
            }
            String address = null;
            List<NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null
                    ? List.of() : node.getStatus().getAddresses();
            for (String type : List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "Hostname")) {
                for (NodeAddress a : addresses) {
                    if (type.equals(a.getType()) && address == null) {
                        address = a.getAddress();
                    }
                }
            }
            for (NodeAddress a : addresses) {
                labels.putIfAbsent(META + "node_address_" + sanitize(a.getType()), a.getAddress());
            }
            if (address == null) {
                continue;
            }
            labels.put("__address__", address + ":" + KUBELET_PORT);
            targets.add(new Target(labels));
        }
        return targets;
    }

    private String address(Pod pod, int containerPort) {
        return runtimes.find(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                .filter(PodRuntime::available)
                .flatMap(rt -> rt.localPort(containerPort))
                .map(local -> "127.0.0.1:" + local)
                .orElseGet(() -> podIp(pod) + ":" + containerPort);
    }

    private static Map<String, String> podLabels(Pod pod) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(META + "namespace", pod.getMetadata().getNamespace());
        labels.put(META + "pod_name", pod.getMetadata().getName());
        labels.put(META + "pod_ip", podIp(pod));
        putMap(labels, "pod_label", pod.getMetadata().getLabels());
        putMap(labels, "pod_annotation", pod.getMetadata().getAnnotations());
        labels.put(META + "pod_ready", String.valueOf(podReady(pod)));
        labels.put(META + "pod_phase", pod.getStatus() == null || pod.getStatus().getPhase() == null ? ""
                : pod.getStatus().getPhase());
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            labels.put(META + "pod_node_name", pod.getSpec().getNodeName());
        }
        if (pod.getStatus() != null && pod.getStatus().getHostIP() != null) {
            labels.put(META + "pod_host_ip", pod.getStatus().getHostIP());
        }
        if (pod.getMetadata().getUid() != null) {
            labels.put(META + "pod_uid", pod.getMetadata().getUid());
        }
        for (OwnerReference owner : pod.getMetadata().getOwnerReferences() == null ? List.<OwnerReference>of()
                : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController())) {
                labels.put(META + "pod_controller_kind", owner.getKind());
                labels.put(META + "pod_controller_name", owner.getName());
            }
        }
        return labels;
    }

    private static Map<String, String> containerLabels(Container c) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(META + "pod_container_name", c.getName());
        if (c.getImage() != null) {
            labels.put(META + "pod_container_image", c.getImage());
        }
        labels.put(META + "pod_container_init", "false");
        return labels;
    }

    private static Map<String, String> portLabels(ContainerPort port) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(META + "pod_container_port_name", nullToEmpty(port.getName()));
        labels.put(META + "pod_container_port_number", String.valueOf(port.getContainerPort()));
        labels.put(META + "pod_container_port_protocol", protocolOf(port));
        return labels;
    }

    private static void putService(Map<String, String> labels, Service svc) {
        labels.put(META + "service_name", svc.getMetadata().getName());
        putMap(labels, "service_label", svc.getMetadata().getLabels());
        putMap(labels, "service_annotation", svc.getMetadata().getAnnotations());
    }

    /** Adds {@code <prefix>_<name>} and {@code <prefix>present_<name>} like Prometheus does for labels. */
    private static void putMap(Map<String, String> labels, String prefix, Map<String, String> values) {
        if (values == null) {
            return;
        }
        values.forEach((k, v) -> {
            String name = sanitize(k);
            labels.put(META + prefix + "_" + name, v);
            labels.put(META + prefix + "present_" + name, "true");
        });
    }

    static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (labels == null) {
            return false;
        }
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean podReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static String podIp(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }

    private static String protocolOf(ContainerPort port) {
        return port.getProtocol() == null ? "TCP" : port.getProtocol();
    }

    private static List<Container> containers(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String toJson(List<Target> targets) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            json.append(i == 0 ? "" : ",").append("{\"targets\":[").append(quote(t.address())).append("],\"labels\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : t.labels().entrySet()) {
                if (e.getKey().equals("__address__")) {
                    continue;
                }
                json.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                first = false;
            }
            json.append("}}");
        }
        return json.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.core.util.AgeFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Server-side printing, as a real API server does it: when a client asks for {@code as=Table} (kubectl's
 * {@code get} does), a list or object of a kind the stack uses is answered as a {@code meta.k8s.io/v1} Table with
 * the columns kubectl users know ({@code READY}, {@code STATUS}, {@code RESTARTS}, {@code NODE} with {@code -o
 * wide}…). The CRUD store knows no tables, so without this kubectl prints only names and ages.
 *
 * <p>Columns and cell wording follow Kubernetes' own printers for these kinds. Kinds not listed here, and watches,
 * are answered as stored; kubectl then prints names and ages itself.
 */
final class ServerTables {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/?]+)?/([a-z]+)(?:/([^/?]+))?(?:\\?(.*))?$");
    private static final String NONE = "<none>";

    /** A column: its name as the server says it, its type, and whether kubectl shows it only with {@code -o wide}. */
    record Column(String name, String type, boolean wide) {
        static Column of(String name) {
            return new Column(name, "string", false);
        }

        static Column wide(String name) {
            return new Column(name, "string", true);
        }
    }

    /** How one kind is printed: its columns and, for one object, its cells in the same order. */
    private record Printer<T extends HasMetadata>(Class<T> type, List<Column> columns,
            BiFunction<T, Instant, List<Object>> cells) {
        Printer(Class<T> type, List<Column> columns, Function<T, List<Object>> cells) {
            this(type, columns, (object, now) -> cells.apply(object));
        }
    }

    private static final Map<String, Printer<?>> PRINTERS = Map.ofEntries(
            Map.entry("pods", new Printer<>(Pod.class, List.of(Column.of("Name"), Column.of("Ready"),
                    Column.of("Status"), Column.of("Restarts"), Column.of("Age"), Column.wide("IP"),
                    Column.wide("Node"), Column.wide("Nominated Node"), Column.wide("Readiness Gates")),
                    ServerTables::podCells)),
            Map.entry("nodes", new Printer<>(Node.class, List.of(Column.of("Name"), Column.of("Status"),
                    Column.of("Roles"), Column.of("Age"), Column.of("Version"), Column.wide("Internal-IP"),
                    Column.wide("OS-Image"), Column.wide("Kernel-Version"), Column.wide("Container-Runtime")),
                    ServerTables::nodeCells)),
            Map.entry("statefulsets", new Printer<>(StatefulSet.class, List.of(Column.of("Name"),
                    Column.of("Ready"), Column.of("Age"), Column.wide("Containers"), Column.wide("Images")),
                    ServerTables::statefulSetCells)),
            Map.entry("deployments", new Printer<>(Deployment.class, List.of(Column.of("Name"), Column.of("Ready"),
                    Column.of("Up-to-date"), Column.of("Available"), Column.of("Age"), Column.wide("Containers"),
                    Column.wide("Images"), Column.wide("Selector")), ServerTables::deploymentCells)),
            Map.entry("replicasets", new Printer<>(ReplicaSet.class, List.of(Column.of("Name"), Column.of("Desired"),
                    Column.of("Current"), Column.of("Ready"), Column.of("Age"), Column.wide("Containers"),
                    Column.wide("Images"), Column.wide("Selector")), ServerTables::replicaSetCells)),
            Map.entry("poddisruptionbudgets", new Printer<>(PodDisruptionBudget.class, List.of(Column.of("Name"),
                    Column.of("Min Available"), Column.of("Max Unavailable"), Column.of("Allowed Disruptions"),
                    Column.of("Age")), ServerTables::budgetCells)),
            Map.entry("services", new Printer<>(Service.class, List.of(Column.of("Name"), Column.of("Type"),
                    Column.of("Cluster-IP"), Column.of("External-IP"), Column.of("Port(s)"), Column.of("Age"),
                    Column.wide("Selector")), ServerTables::serviceCells)),
            Map.entry("configmaps", new Printer<>(ConfigMap.class, List.of(Column.of("Name"), Column.of("Data"),
                    Column.of("Age")), ServerTables::configMapCells)),
            Map.entry("secrets", new Printer<>(Secret.class, List.of(Column.of("Name"), Column.of("Type"),
                    Column.of("Data"), Column.of("Age")), ServerTables::secretCells)),
            Map.entry("persistentvolumeclaims", new Printer<>(PersistentVolumeClaim.class, List.of(
                    Column.of("Name"), Column.of("Status"), Column.of("Volume"), Column.of("Capacity"),
                    Column.of("Access Modes"), Column.of("StorageClass"), Column.of("Age")),
                    ServerTables::claimCells)),
            Map.entry("namespaces", new Printer<>(Namespace.class, List.of(Column.of("Name"), Column.of("Status"),
                    Column.of("Age")), ServerTables::namespaceCells)),
            Map.entry("events", new Printer<>(Event.class, List.of(Column.of("Last Seen"), Column.of("Type"),
                    Column.of("Reason"), Column.of("Object"), Column.of("Message"), Column.wide("Count"),
                    Column.wide("Name")), (BiFunction<Event, Instant, List<Object>>) ServerTables::eventCells)));

    private ServerTables() {
    }

    /**
     * The store's answer as a Table when {@code request} asks for one and its kind has a printer; otherwise the
     * answer unchanged. Errors and watches are never converted.
     */
    static MockResponse answer(RecordedRequest request, MockResponse fromStore) {
        return answer(request, fromStore, Instant.now());
    }

    @SuppressWarnings("unchecked")
    static MockResponse answer(RecordedRequest request, MockResponse fromStore, Instant now) {
        if (!"GET".equals(request.getMethod()) || !wantsTable(request) || fromStore.code() != 200
                || fromStore.getBody() == null || fromStore.getWebSocketListener() != null) {
            return fromStore;
        }
        Matcher path = PATH.matcher(request.getPath());
        if (!path.matches() || isWatch(path.group(3))) {
            return fromStore;
        }
        Printer<?> printer = PRINTERS.get(path.group(1));
        if (printer == null) {
            return fromStore;
        }
        Map<String, Object> parsed = JSON.unmarshal(new String(fromStore.getBody().getBytes(),
                StandardCharsets.UTF_8), Map.class);
        boolean list = path.group(2) == null;
        List<Object> items = list ? Optional.ofNullable((List<Object>) parsed.get("items")).orElse(List.of())
                : List.of(parsed);
        Object resourceVersion = list && parsed.get("metadata") instanceof Map<?, ?> m ? m.get("resourceVersion")
                : null;
        return fromStore.setBody(JSON.asJson(table(printer, items, resourceVersion, now)))
                .setHeader("Content-Type", "application/json");
    }

    /**
     * A watch event of the watch at {@code uri} with its object as a one-row Table, as a real server sends it to a
     * watch asked for {@code as=Table}; null when the kind has no printer or the event carries no object to print.
     */
    @SuppressWarnings("unchecked")
    static String watchEvent(String uri, String event, Instant now) {
        Matcher path = PATH.matcher(uri);
        Printer<?> printer = path.matches() ? PRINTERS.get(path.group(1)) : null;
        if (printer == null) {
            return null;
        }
        Map<String, Object> parsed = JSON.unmarshal(event, Map.class);
        Object type = parsed.get("type");
        if (!(parsed.get("object") instanceof Map<?, ?> object)
                || !("ADDED".equals(type) || "MODIFIED".equals(type) || "DELETED".equals(type))) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        out.put("object", table(printer, List.of(object), null, now));
        return JSON.asJson(out);
    }

    /** Whether the Accept header names a Table first of all (kubectl asks for a Table, then plain JSON). */
    static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String first = accept.split(",")[0];
        return first.contains("as=Table") && first.contains("g=meta.k8s.io");
    }

    private static boolean isWatch(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals("watch=true") || pair.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends HasMetadata> Map<String, Object> table(Printer<T> printer, List<?> items,
            Object resourceVersion, Instant now) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Column c : printer.columns()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", c.name());
            column.put("type", c.type());
            column.put("format", c.name().equals("Name") ? "name" : "");
            column.put("description", "");
            column.put("priority", c.wide() ? 1 : 0);
            columns.add(column);
        }
        // A real API server lists in key order: namespace, then name.
        List<T> objects = items.stream().map(item -> JSON.convertValue(item, printer.type()))
                .sorted(Comparator.comparing((T o) -> Objects.toString(o.getMetadata().getNamespace(), ""))
                        .thenComparing(o -> Objects.toString(o.getMetadata().getName(), "")))
                .toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (T object : objects) {
            List<Object> cells = new ArrayList<>(printer.cells().apply(object, now));
            int age = printer.columns().indexOf(Column.of("Age"));
            if (age >= 0) {
                cells.add(age, age(object.getMetadata(), now));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cells", cells);
            row.put("object", partialMetadata(object.getMetadata()));
            rows.add(row);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        table.put("metadata", metadata);
        table.put("columnDefinitions", columns);
        table.put("rows", rows);
        return table;
    }

    private static Map<String, Object> partialMetadata(ObjectMeta metadata) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("kind", "PartialObjectMetadata");
        object.put("apiVersion", "meta.k8s.io/v1");
        object.put("metadata", metadata);
        return object;
    }

    // ---- cells, without Age (inserted at its column) ------------------------------------------------------------

    /** Ready containers, the status kubectl shows (the waiting or terminated reason wins over the phase), restarts. */
    static List<Object> podCells(Pod pod) {
        var status = pod.getStatus();
        List<ContainerStatus> containers = status == null || status.getContainerStatuses() == null ? List.of()
                : status.getContainerStatuses();
        int total = pod.getSpec() == null || pod.getSpec().getContainers() == null ? containers.size()
                : pod.getSpec().getContainers().size();
        long ready = containers.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = containers.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount())
                .sum();
        String reason = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
        if (status != null && status.getReason() != null && !status.getReason().isEmpty()) {
            reason = status.getReason();
        }
        for (ContainerStatus c : containers) {
            var state = c.getState();
            if (state == null) {
                continue;
            }
            if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
                reason = state.getWaiting().getReason();
            } else if (state.getTerminated() != null) {
                var t = state.getTerminated();
                reason = t.getReason() != null ? t.getReason() : t.getSignal() != null && t.getSignal() != 0
                        ? "Signal:" + t.getSignal() : "ExitCode:" + t.getExitCode();
            }
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            reason = "Terminating";
        }
        String gates = pod.getSpec() == null || pod.getSpec().getReadinessGates() == null
                || pod.getSpec().getReadinessGates().isEmpty() ? NONE
                : pod.getSpec().getReadinessGates().stream().map(g -> g.getConditionType())
                        .collect(Collectors.joining(","));
        return List.of(pod.getMetadata().getName(), ready + "/" + total, reason, String.valueOf(restarts),
                orNone(status == null ? null : status.getPodIP()),
                orNone(pod.getSpec() == null ? null : pod.getSpec().getNodeName()),
                orNone(status == null ? null : status.getNominatedNodeName()), gates);
    }

    static List<Object> nodeCells(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        String status = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .map(c -> "True".equals(c.getStatus()) ? "Ready" : "False".equals(c.getStatus()) ? "NotReady"
                        : "Unknown")
                .orElse("Unknown");
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status += ",SchedulingDisabled";
        }
        Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
        String roles = labels.keySet().stream().filter(k -> k.startsWith("node-role.kubernetes.io/"))
                .map(k -> k.substring("node-role.kubernetes.io/".length())).filter(r -> !r.isEmpty()).sorted()
                .collect(Collectors.joining(","));
        var info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
        String internalIp = node.getStatus() == null || node.getStatus().getAddresses() == null ? null
                : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                        .map(a -> a.getAddress()).findFirst().orElse(null);
        return List.of(node.getMetadata().getName(), status, roles.isEmpty() ? NONE : roles,
                orNone(info == null ? null : info.getKubeletVersion()), orNone(internalIp),
                orNone(info == null ? null : info.getOsImage()),
                orNone(info == null ? null : info.getKernelVersion()),
                orNone(info == null ? null : info.getContainerRuntimeVersion()));
    }

    static List<Object> statefulSetCells(StatefulSet set) {
        int desired = set.getSpec() == null || set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int ready = set.getStatus() == null || set.getStatus().getReadyReplicas() == null ? 0
                : set.getStatus().getReadyReplicas();
        PodTemplateSpec template = set.getSpec() == null ? null : set.getSpec().getTemplate();
        return List.of(set.getMetadata().getName(), ready + "/" + desired, containers(template),
                images(template));
    }

    static List<Object> deploymentCells(Deployment deployment) {
        var spec = deployment.getSpec();
        var status = deployment.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        return List.of(deployment.getMetadata().getName(),
                count(status == null ? null : status.getReadyReplicas()) + "/" + desired,
                count(status == null ? null : status.getUpdatedReplicas()),
                count(status == null ? null : status.getAvailableReplicas()),
                containers(spec == null ? null : spec.getTemplate()), images(spec == null ? null : spec.getTemplate()),
                selector(spec == null || spec.getSelector() == null ? null : spec.getSelector().getMatchLabels()));
    }

    static List<Object> replicaSetCells(ReplicaSet set) {
        var spec = set.getSpec();
        var status = set.getStatus();
        return List.of(set.getMetadata().getName(), count(spec == null ? null : spec.getReplicas()),
                count(status == null ? null : status.getReplicas()),
                count(status == null ? null : status.getReadyReplicas()),
                containers(spec == null ? null : spec.getTemplate()), images(spec == null ? null : spec.getTemplate()),
                selector(spec == null || spec.getSelector() == null ? null : spec.getSelector().getMatchLabels()));
    }

    static List<Object> budgetCells(PodDisruptionBudget budget) {
        var spec = budget.getSpec();
        String min = spec == null || spec.getMinAvailable() == null ? "N/A" : intOrString(spec.getMinAvailable());
        String max = spec == null || spec.getMaxUnavailable() == null ? "N/A"
                : intOrString(spec.getMaxUnavailable());
        int allowed = budget.getStatus() == null || budget.getStatus().getDisruptionsAllowed() == null ? 0
                : budget.getStatus().getDisruptionsAllowed();
        return List.of(budget.getMetadata().getName(), min, max, allowed);
    }

    static List<Object> serviceCells(Service service) {
        var spec = service.getSpec();
        String type = spec == null || spec.getType() == null ? "ClusterIP" : spec.getType();
        String clusterIp = spec == null || spec.getClusterIP() == null || spec.getClusterIP().isEmpty() ? NONE
                : spec.getClusterIP();
        String externalIps = spec == null || spec.getExternalIPs() == null || spec.getExternalIPs().isEmpty()
                ? NONE : String.join(",", spec.getExternalIPs());
        List<ServicePort> ports = spec == null || spec.getPorts() == null ? List.of() : spec.getPorts();
        String portText = ports.isEmpty() ? NONE : ports.stream().map(p -> p.getPort()
                + (p.getNodePort() != null ? ":" + p.getNodePort() : "") + "/"
                + (p.getProtocol() == null ? "TCP" : p.getProtocol())).collect(Collectors.joining(","));
        return List.of(service.getMetadata().getName(), type, clusterIp, externalIps, portText,
                selector(spec == null ? null : spec.getSelector()));
    }

    static List<Object> configMapCells(ConfigMap map) {
        int data = (map.getData() == null ? 0 : map.getData().size())
                + (map.getBinaryData() == null ? 0 : map.getBinaryData().size());
        return List.of(map.getMetadata().getName(), data);
    }

    /** Names and counts only: a Secret's table never carries its values. */
    static List<Object> secretCells(Secret secret) {
        int data = secret.getData() == null ? 0 : secret.getData().size();
        return List.of(secret.getMetadata().getName(), secret.getType() == null ? "Opaque" : secret.getType(), data);
    }

    static List<Object> claimCells(PersistentVolumeClaim claim) {
        var spec = claim.getSpec();
        var status = claim.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        String capacity = status == null || status.getCapacity() == null
                || status.getCapacity().get("storage") == null ? "" : status.getCapacity().get("storage").toString();
        List<String> modes = status == null || status.getAccessModes() == null ? List.of() : status.getAccessModes();
        String shortModes = modes.stream().map(m -> switch (m) {
            case "ReadWriteOnce" -> "RWO";
            case "ReadOnlyMany" -> "ROX";
            case "ReadWriteMany" -> "RWX";
            case "ReadWriteOncePod" -> "RWOP";
            default -> m;
        }).collect(Collectors.joining(","));
        return List.of(claim.getMetadata().getName(), phase,
                spec == null || spec.getVolumeName() == null ? "" : spec.getVolumeName(), capacity, shortModes,
                spec == null || spec.getStorageClassName() == null ? "" : spec.getStorageClassName());
    }

    static List<Object> namespaceCells(Namespace namespace) {
        String phase = namespace.getStatus() == null || namespace.getStatus().getPhase() == null ? "Active"
                : namespace.getStatus().getPhase();
        return List.of(namespace.getMetadata().getName(), phase);
    }

    /** An event's last time as an age (it has no Age column of its own), what it is about, and what it says. */
    static List<Object> eventCells(Event event, Instant now) {
        String last = since(Optional.ofNullable(event.getLastTimestamp()).or(() -> Optional.ofNullable(
                event.getEventTime()).map(t -> t.getTime())).orElse(event.getMetadata().getCreationTimestamp()), now);
        var about = event.getInvolvedObject();
        String object = about == null ? "" : (about.getKind() == null ? "" : about.getKind().toLowerCase(Locale.ROOT))
                + "/" + Objects.toString(about.getName(), "");
        return List.of(last, Objects.toString(event.getType(), ""), Objects.toString(event.getReason(), ""), object,
                Objects.toString(event.getMessage(), "").strip(), event.getCount() == null ? 1 : event.getCount(),
                event.getMetadata().getName());
    }

    // ---- wording shared by the printers -------------------------------------------------------------------------

    /**
     * An age as Kubernetes words it ({@code 45s}, {@code 3m12s}, {@code 17m}, {@code 5h3m}, {@code 2d4h}, {@code
     * 40d}, {@code 3y12d}); {@code <unknown>} without a creation time.
     */
    static String age(ObjectMeta metadata, Instant now) {
        return since(metadata.getCreationTimestamp(), now);
    }

    /** The time since an RFC 3339 {@code timestamp} in Kubernetes' words; {@code <unknown>} when there is none. */
    private static String since(String timestamp, Instant now) {
        if (timestamp == null) {
            return "<unknown>";
        }
        try {
            return AgeFormat.format(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static String intOrString(io.fabric8.kubernetes.api.model.IntOrString value) {
        return value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static String containers(PodTemplateSpec template) {
        return podSpec(template).map(s -> s.getContainers().stream().map(c -> c.getName())
                .collect(Collectors.joining(","))).filter(s -> !s.isEmpty()).orElse(NONE);
    }

    private static String images(PodTemplateSpec template) {
        return podSpec(template).map(s -> s.getContainers().stream().map(c -> c.getImage()).filter(Objects::nonNull)
                .collect(Collectors.joining(","))).filter(s -> !s.isEmpty()).orElse(NONE);
    }

    private static Optional<PodSpec> podSpec(PodTemplateSpec template) {
        return Optional.ofNullable(template).map(PodTemplateSpec::getSpec).filter(s -> s.getContainers() != null);
    }

    private static String selector(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}

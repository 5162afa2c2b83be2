package io.neurectomy.console.core.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code network-paths.yaml}: the connections the stack's NetworkPolicies must allow. */
final class NetworkPaths {
    private NetworkPaths() {
    }

    static List<NetworkPath> parse(String file, List<TemplateYaml.Document> documents, List<StackProblem> problems) {
        List<NetworkPath> paths = new ArrayList<>();
        for (TemplateYaml.Document doc : documents) {
            if (!(doc.content() instanceof Map<?, ?> top) || !(top.get("paths") instanceof List<?> list)) {
                problems.add(new StackProblem(file, doc.line(), "expected 'paths:' with a list of paths"));
                continue;
            }
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> path)) {
                    problems.add(new StackProblem(file, doc.line(), "a path must be a mapping with description, from, "
                            + "to and port"));
                    continue;
                }
                String description = String.valueOf(path.get("description"));
                Endpoints to = endpoints(path.get("to"));
                Endpoints from = endpoints(path.get("from"));
                Object port = path.get("port");
                String protocol = path.get("protocol") == null ? "TCP" : String.valueOf(path.get("protocol"));
                if (to.problem != null || from.problem != null || !(port instanceof Integer)
                        || to.list.size() != 1 || !(protocol.equals("TCP") || protocol.equals("UDP"))) {
                    problems.add(new StackProblem(file, doc.line(), "path '" + description + "' is malformed: "
                            + (from.problem != null ? "from " + from.problem : to.problem != null ? "to " + to.problem
                            : to.list.size() != 1 ? "'to' must be one endpoint" : !(port instanceof Integer)
                            ? "port must be a number" : "protocol must be TCP or UDP")));
                    continue;
                }
                for (NetworkPath.Endpoint source : from.list) {
                    paths.add(new NetworkPath(description, source, to.list.get(0), (Integer) port, protocol, file,
                            doc.line()));
                }
            }
        }
        return paths;
    }

    private record Endpoints(List<NetworkPath.Endpoint> list, String problem) {
    }

    private static Endpoints endpoints(Object value) {
        List<NetworkPath.Endpoint> list = new ArrayList<>();
        for (Object item : value instanceof List<?> l ? l : List.of(value == null ? "" : value)) {
            if (!(item instanceof Map<?, ?> m)) {
                return new Endpoints(list, "must be {pods: {labels}, namespace: name} or {cidr: range}");
            }
            if (m.get("cidr") != null) {
                String cidr = String.valueOf(m.get("cidr"));
                if (Cidr.parse(cidr) == null) {
                    return new Endpoints(list, "has an invalid cidr " + cidr);
                }
                list.add(new NetworkPath.Endpoint(null, null, cidr));
            } else if (m.get("pods") instanceof Map<?, ?> labels) {
                Map<String, String> podLabels = new LinkedHashMap<>();
                labels.forEach((k, v) -> podLabels.put(String.valueOf(k), String.valueOf(v)));
                String namespace = m.get("namespace") == null ? RenderedStack.NAMESPACE
                        : String.valueOf(m.get("namespace"));
                list.add(new NetworkPath.Endpoint(namespace, Map.copyOf(podLabels), null));
            } else {
                return new Endpoints(list, "must be {pods: {labels}, namespace: name} or {cidr: range}");
            }
        }
        return new Endpoints(list, null);
    }
}

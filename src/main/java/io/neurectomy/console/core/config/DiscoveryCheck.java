package io.neurectomy.console.core.config;

import static io.neurectomy.console.core.config.Values.BOOL;
import static io.neurectomy.console.core.config.Values.DURATION_VALUE;
import static io.neurectomy.console.core.config.Values.STRING;
import static io.neurectomy.console.core.config.Values.STRINGS;
import static io.neurectomy.console.core.config.Values.UINT;
import static io.neurectomy.console.core.config.Values.listOf;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The service discovery blocks whose settings Prometheus checks when it loads the file (discovery/kubernetes, dns,
 * file, ec2, marathon, openstack): the fields each kind knows, and the combinations its loader refuses.
 */
final class DiscoveryCheck {
    /** file_sd: a glob only in the last path element, and a JSON or YAML extension (discovery/file: patFileSDName). */
    private static final Pattern FILE_SD_NAME = Pattern.compile("[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)");
    private static final Set<String> K8S_ROLES = Set.of("pod", "service", "endpoints", "endpointslice", "node",
            "ingress");
    /** Which selector roles each Kubernetes role accepts (discovery/kubernetes: allowedSelectors). */
    private static final Map<String, List<String>> K8S_SELECTORS = Map.of("pod", List.of("pod"), "service",
            List.of("service"), "endpointslice", List.of("pod", "service", "endpointslice"), "endpoints",
            List.of("pod", "service", "endpoints"), "node", List.of("node"), "ingress", List.of("ingress"));
    private static final Set<String> DNS_TYPES = Set.of("SRV", "A", "AAAA", "MX", "NS");
    private static final Set<String> OPENSTACK_ROLES = Set.of("hypervisor", "instance", "loadbalancer");

    static final Shape KUBERNETES = new Shape().field("api_server", Values.URL).field("role", STRING)
            .field("kubeconfig_file", STRING)
            .field("namespaces", new Shape().field("own_namespace", BOOL).field("names", STRINGS))
            .field("selectors", listOf(new Shape().fields(STRING, "role", "label", "field")))
            .field("attach_metadata", new Shape().fields(BOOL, "node", "namespace"))
            .include(PrometheusConfigCheck.HTTP_CLIENT);
    static final Shape DNS = new Shape().field("names", STRINGS).field("type", STRING).field("port", UINT)
            .field("refresh_interval", DURATION_VALUE);
    static final Shape FILE = new Shape().field("files", STRINGS).field("refresh_interval", DURATION_VALUE);

    /**
     * Settings other discovery kinds cannot do without: kind → groups of alternative fields, one of each group must be
     * set (a list field: non-empty).
     */
    private static final Map<String, List<List<String>>> REQUIRED = Map.ofEntries(
            Map.entry("azure", List.of(List.of("subscription_id"))),
            Map.entry("docker", List.of(List.of("host"))),
            Map.entry("dockerswarm", List.of(List.of("host"), List.of("role"))),
            Map.entry("eureka", List.of(List.of("server"))),
            Map.entry("gce", List.of(List.of("project"), List.of("zone"))),
            Map.entry("ionos", List.of(List.of("datacenter_id"))),
            Map.entry("nerve", List.of(List.of("servers"), List.of("paths"))),
            Map.entry("serverset", List.of(List.of("servers"), List.of("paths"))),
            Map.entry("ovhcloud", List.of(List.of("application_key"), List.of("application_secret"),
                    List.of("consumer_key"), List.of("service"))),
            Map.entry("puppetdb", List.of(List.of("url"), List.of("query"))),
            Map.entry("scaleway", List.of(List.of("project_id"), List.of("access_key"),
                    List.of("secret_key", "secret_key_file"))),
            Map.entry("triton", List.of(List.of("account"), List.of("dns_suffix"), List.of("endpoint"))),
            Map.entry("uyuni", List.of(List.of("server"))));
    /** The values an enumerated setting of a discovery kind may take: kind.field → values. */
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "azure.authentication_method", Set.of("OAuth", "ManagedIdentity", "SDK"),
            "dockerswarm.role", Set.of("tasks", "services", "nodes"),
            "hetzner.role", Set.of("robot", "hcloud"),
            "ovhcloud.service", Set.of("vps", "dedicated_server"),
            "scaleway.role", Set.of("baremetal", "instance"),
            "triton.role", Set.of("container", "cn"));

    private DiscoveryCheck() {
    }

    /** The required settings and enumerations of the kinds in {@link #REQUIRED} and {@link #ENUMS}. */
    private static void requiredAndEnums(Node block, String where, Findings findings) {
        for (String kind : PrometheusConfigCheck.SD_KINDS) {
            for (Node sd : YamlTree.items(YamlTree.get(block, kind + "_sd_configs"))) {
                if (!(sd instanceof MappingNode)) {
                    continue;
                }
                String at = where + ": a " + kind + "_sd_configs entry";
                for (List<String> group : REQUIRED.getOrDefault(kind, List.of())) {
                    if (group.stream().noneMatch(f -> Values.set(sd, f) && !(YamlTree.get(sd, f) instanceof
                            SequenceNode q && q.getValue().isEmpty()))) {
                        findings.error(sd, at + " needs " + String.join(" or ", group) + "; add it");
                    }
                }
                if (kind.equals("scaleway") && Values.set(sd, "secret_key") && Values.set(sd, "secret_key_file")) {
                    findings.error(YamlTree.keyNode(sd, "secret_key_file"), at + " sets both secret_key and "
                            + "secret_key_file; keep one");
                }
                if (kind.equals("azure") && "OAuth".equals(YamlTree.string(sd, "authentication_method") == null
                        ? "OAuth" : YamlTree.string(sd, "authentication_method"))) {
                    for (String f : List.of("tenant_id", "client_id", "client_secret")) {
                        if (!Values.set(sd, f)) {
                            findings.error(sd, at + " authenticates with OAuth and needs " + f + "; add it");
                        }
                    }
                }
                for (String f : List.of("url", "server")) {
                    String url = (kind.equals("eureka") && f.equals("server")) || (kind.equals("puppetdb")
                            && f.equals("url")) ? YamlTree.string(sd, f) : null;
                    if (url != null && !url.isEmpty() && Values.urlProblem(url).isPresent()) {
                        findings.error(YamlTree.get(sd, f), at + ": " + f + " " + Values.urlProblem(url).get());
                    }
                }
                for (Map.Entry<String, Set<String>> e : ENUMS.entrySet()) {
                    if (!e.getKey().startsWith(kind + ".")) {
                        continue;
                    }
                    String field = e.getKey().substring(kind.length() + 1);
                    String v = YamlTree.string(sd, field);
                    if (v != null && !v.isEmpty() && !e.getValue().contains(v)) {
                        findings.error(YamlTree.get(sd, field), at + " has " + field + " '" + v + "'; use one of "
                                + new java.util.TreeSet<>(e.getValue()));
                    }
                }
            }
        }
    }

    /** Checks the discovery blocks of one scrape config or Alertmanager entry. */
    static void check(Node block, String where, Findings findings) {
        requiredAndEnums(block, where, findings);
        for (Node k : YamlTree.items(YamlTree.get(block, "kubernetes_sd_configs"))) {
            kubernetes(k, where + " kubernetes_sd_configs", findings);
        }
        for (Node f : YamlTree.items(YamlTree.get(block, "file_sd_configs"))) {
            if (!(f instanceof MappingNode)) {
                continue;
            }
            List<Node> files = YamlTree.items(YamlTree.get(f, "files"));
            if (files.isEmpty()) {
                findings.error(f, where + ": a file_sd_configs entry lists no files; name at least one file (a * is "
                        + "allowed in the file name)");
            }
            for (Node n : files) {
                String name = YamlTree.scalar(n);
                if (name != null && !FILE_SD_NAME.matcher(name).matches()) {
                    findings.error(n, where + ": file_sd_configs file '" + name + "' is not valid for file "
                            + "discovery; it must end in .json, .yml or .yaml, with a * only in the file name");
                }
            }
        }
        for (Node d : YamlTree.items(YamlTree.get(block, "dns_sd_configs"))) {
            if (!(d instanceof MappingNode)) {
                continue;
            }
            if (YamlTree.items(YamlTree.get(d, "names")).isEmpty()) {
                findings.error(d, where + ": a dns_sd_configs entry has no names; list at least one DNS name to "
                        + "query");
            }
            String type = YamlTree.string(d, "type");
            String upper = type == null || type.isEmpty() ? "SRV" : type.toUpperCase(Locale.ROOT);
            String port = YamlTree.string(d, "port");
            if (!DNS_TYPES.contains(upper)) {
                findings.error(YamlTree.get(d, "type"), where + ": dns_sd_configs type '" + type + "' is unknown; "
                        + "use SRV, A, AAAA, MX or NS");
            } else if (!upper.equals("SRV") && (port == null || port.equals("0"))) {
                findings.error(d, where + ": dns_sd_configs of type " + upper + " need a port (only SRV records "
                        + "carry one); add port: 9100, say");
            }
        }
        for (Node e : YamlTree.items(YamlTree.get(block, "ec2_sd_configs"))) {
            for (Node f : YamlTree.items(YamlTree.get(e, "filters"))) {
                if (f instanceof MappingNode && YamlTree.items(YamlTree.get(f, "values")).isEmpty()) {
                    findings.error(f, where + ": an ec2_sd_configs filter has no values; list the values to match");
                }
            }
        }
        for (Node m : YamlTree.items(YamlTree.get(block, "marathon_sd_configs"))) {
            if (m instanceof MappingNode && YamlTree.items(YamlTree.get(m, "servers")).isEmpty()) {
                findings.error(m, where + ": a marathon_sd_configs entry has no servers; list at least one "
                        + "Marathon server URL");
            }
        }
        for (Node o : YamlTree.items(YamlTree.get(block, "openstack_sd_configs"))) {
            if (!(o instanceof MappingNode)) {
                continue;
            }
            String role = YamlTree.string(o, "role");
            if (role == null || role.isEmpty()) {
                findings.error(o, where + ": an openstack_sd_configs entry has no role; use instance, hypervisor or "
                        + "loadbalancer");
            } else if (!OPENSTACK_ROLES.contains(role)) {
                findings.error(YamlTree.get(o, "role"), where + ": openstack_sd_configs role '" + role + "' is "
                        + "unknown; use instance, hypervisor or loadbalancer");
            }
            String availability = YamlTree.string(o, "availability");
            if (availability != null && !availability.isEmpty()
                    && !Set.of("public", "admin", "internal").contains(availability)) {
                findings.error(YamlTree.get(o, "availability"), where + ": openstack_sd_configs availability '"
                        + availability + "' is unknown; use public, admin or internal");
            }
        }
    }

    private static void kubernetes(Node k, String where, Findings findings) {
        if (!(k instanceof MappingNode)) {
            return;
        }
        String role = YamlTree.string(k, "role");
        if (role == null || role.isEmpty()) {
            findings.error(k, where + ": role is missing; use one of pod, service, endpoints, endpointslice, node, "
                    + "ingress");
            return;
        }
        if (!K8S_ROLES.contains(role)) {
            findings.error(YamlTree.get(k, "role"), where + ": unknown role '" + role + "'"
                    + io.neurectomy.console.core.config.promql.EditDistance.closest(role, K8S_ROLES)
                    .map(c -> "; did you mean '" + c + "'?").orElse("; use one of " + new java.util.TreeSet<>(
                            K8S_ROLES)));
            return;
        }
        PrometheusConfigCheck.httpClient(k, where, findings);
        boolean apiServer = Values.set(k, "api_server");
        boolean kubeconfig = Values.set(k, "kubeconfig_file");
        boolean customHttp = customHttpClient(k);
        boolean ownNamespace = "true".equals(YamlTree.string(YamlTree.get(k, "namespaces"), "own_namespace"));
        if (apiServer && kubeconfig) {
            findings.error(YamlTree.keyNode(k, "kubeconfig_file"), where + ": api_server and kubeconfig_file cannot "
                    + "be used together; keep one");
        } else if (kubeconfig && customHttp) {
            findings.error(YamlTree.keyNode(k, "kubeconfig_file"), where + ": kubeconfig_file cannot be combined "
                    + "with HTTP client settings (authentication, TLS, proxy); the kubeconfig carries them");
        } else if (!apiServer && customHttp) {
            findings.error(k, where + ": HTTP client settings (authentication, TLS, proxy) need an explicit "
                    + "api_server; add it, or remove them to use the pod's service account");
        }
        if (ownNamespace && apiServer) {
            findings.error(YamlTree.get(k, "namespaces"), where + ": namespaces.own_namespace cannot be used with "
                    + "api_server (only in the cluster Prometheus runs in); remove one");
        } else if (ownNamespace && kubeconfig) {
            findings.error(YamlTree.get(k, "namespaces"), where + ": namespaces.own_namespace cannot be used with "
                    + "kubeconfig_file; remove one");
        }
        Set<String> seen = new HashSet<>();
        for (Node s : YamlTree.items(YamlTree.get(k, "selectors"))) {
            if (!(s instanceof MappingNode)) {
                continue;
            }
            String selectorRole = YamlTree.string(s, "role");
            String shown = selectorRole == null ? "" : selectorRole;
            if (!seen.add(shown)) {
                findings.error(s, where + ": selector role '" + shown + "' is listed twice; merge the selectors");
                continue;
            }
            List<String> allowed = K8S_SELECTORS.get(role);
            if (!allowed.contains(shown)) {
                findings.error(YamlTree.get(s, "role") != null ? YamlTree.get(s, "role") : s, where + ": role "
                        + role + " supports only " + String.join(", ", allowed) + " selectors, not '" + shown + "'");
                continue;
            }
            String field = YamlTree.string(s, "field");
            if (field != null && !field.isBlank()) {
                for (String term : field.split(",", -1)) {
                    if (!term.contains("=")) {
                        findings.error(YamlTree.get(s, "field"), where + ": field selector '" + field + "' cannot "
                                + "be understood at '" + term.strip() + "'; write field=value or field!=value");
                        break;
                    }
                }
            }
            String label = YamlTree.string(s, "label");
            if (label != null && !label.isBlank() && !validLabelSelector(label)) {
                findings.error(YamlTree.get(s, "label"), where + ": label selector '" + label + "' does not parse; "
                        + "write e.g. app=api, tier!=cache, env in (prod,staging), !canary");
            }
        }
    }

    /** Whether the block sets any HTTP client setting to other than the default. */
    private static boolean customHttpClient(Node block) {
        for (String key : PrometheusConfigCheck.HTTP_CLIENT.names()) {
            Node v = YamlTree.get(block, key);
            if (YamlTree.isNull(v)) {
                continue;
            }
            if ((key.equals("follow_redirects") || key.equals("enable_http2")) && "true".equals(YamlTree.scalar(v))) {
                continue;
            }
            if (v instanceof MappingNode m && m.getValue().isEmpty() || v instanceof SequenceNode q
                    && q.getValue().isEmpty() || "".equals(YamlTree.scalar(v))) {
                continue;
            }
            return true;
        }
        return false;
    }

    /**
     * Whether a Kubernetes label selector parses (apimachinery labels.Parse): comma-separated requirements
     * {@code key}, {@code !key}, {@code key=v}, {@code key==v}, {@code key!=v}, {@code key in (v, ...)},
     * {@code key notin (v, ...)}, {@code key>n}, {@code key<n}. A hand-written scan, linear in the text (a regex over
     * a long pasted selector could backtrack or overflow the stack).
     */
    static boolean validLabelSelector(String selector) {
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= selector.length(); i++) {
            char c = i < selector.length() ? selector.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            } else if (c == ',' && depth == 0) {
                if (!validRequirement(selector.substring(start, i).strip())) {
                    return false;
                }
                start = i + 1;
            }
        }
        return depth == 0;
    }

    private static boolean validRequirement(String r) {
        if (r.startsWith("!")) {
            return validKey(r.substring(1).strip());
        }
        int end = 0;
        while (end < r.length() && (Character.isLetterOrDigit(r.charAt(end)) || "-_./".indexOf(r.charAt(end)) >= 0)) {
            end++;
        }
        String key = r.substring(0, end);
        String rest = r.substring(end).strip();
        if (!validKey(key)) {
            return false;
        }
        if (rest.isEmpty()) {
            return true;
        }
        for (String op : List.of("==", "!=", "=")) {
            if (rest.startsWith(op)) {
                return validValue(rest.substring(op.length()).strip());
            }
        }
        if (rest.startsWith(">") || rest.startsWith("<")) {
            String n = rest.substring(1).strip();
            return !n.isEmpty() && n.chars().allMatch(Character::isDigit);
        }
        for (String op : List.of("notin", "in")) {
            if (rest.startsWith(op)) {
                String set = rest.substring(op.length()).strip();
                if (!set.startsWith("(") || !set.endsWith(")")) {
                    return false;
                }
                for (String v : set.substring(1, set.length() - 1).split(",", -1)) {
                    if (!validValue(v.strip())) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    private static boolean validKey(String key) {
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !prefix.chars().allMatch(c -> c < 128
                    && (Character.isLetterOrDigit(c) || c == '-' || c == '.'))) {
                return false;
            }
            key = key.substring(slash + 1);
        }
        return !key.isEmpty() && validValue(key);
    }

    /** A label value: empty, or at most 63 letters, digits, '-', '_', '.', starting and ending alphanumeric. */
    private static boolean validValue(String v) {
        if (v.isEmpty()) {
            return true;
        }
        if (v.length() > 63 || !isAlnum(v.charAt(0)) || !isAlnum(v.charAt(v.length() - 1))) {
            return false;
        }
        return v.chars().allMatch(c -> isAlnum(c) || c == '-' || c == '_' || c == '.');
    }

    private static boolean isAlnum(int c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }
}

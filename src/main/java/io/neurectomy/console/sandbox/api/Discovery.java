package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The API discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/GROUP/VERSION}) for the
 * kinds the stack uses, so that real kubectl can talk to the sandbox, and for the resources of the
 * CustomResourceDefinitions created in it (e.g. cert-manager's Certificate), from their creation to their deletion.
 */
public final class Discovery {
    private static final List<String> RW = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** group/version → resources (the core group is "v1"). */
    private static final Map<String, List<APIResource>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("v1", List.of(
                resource("namespaces", "namespace", "Namespace", false, "ns"),
                resource("nodes", "node", "Node", false, "no"),
                inAll("pods", "pod", "Pod", true, "po"),
                // kubectl drain evicts only where discovery lists this subresource; otherwise it deletes pods.
                new APIResourceBuilder().withName("pods/eviction").withSingularName("").withNamespaced(true)
                        .withGroup("policy").withVersion("v1").withKind("Eviction").withVerbs("create").build(),
                inAll("services", "service", "Service", true, "svc"),
                resource("endpoints", "endpoints", "Endpoints", true, "ep"),
                resource("configmaps", "configmap", "ConfigMap", true, "cm"),
                resource("secrets", "secret", "Secret", true),
                resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, "pvc"),
                resource("persistentvolumes", "persistentvolume", "PersistentVolume", false, "pv"),
                resource("events", "event", "Event", true, "ev")));
        RESOURCES.put("apps/v1", List.of(
                inAll("statefulsets", "statefulset", "StatefulSet", true, "sts"),
                inAll("deployments", "deployment", "Deployment", true, "deploy"),
                inAll("replicasets", "replicaset", "ReplicaSet", true, "rs"),
                inAll("daemonsets", "daemonset", "DaemonSet", true, "ds"),
                // kubectl rollout history / undo of a StatefulSet read its ControllerRevisions.
                resource("controllerrevisions", "controllerrevision", "ControllerRevision", true)));
        RESOURCES.put("policy/v1", List.of(
                resource("poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, "pdb")));
        RESOURCES.put("networking.k8s.io/v1", List.of(
                resource("networkpolicies", "networkpolicy", "NetworkPolicy", true, "netpol"),
                resource("ingresses", "ingress", "Ingress", true, "ing"),
                resource("ingressclasses", "ingressclass", "IngressClass", false)));
        RESOURCES.put("storage.k8s.io/v1", List.of(
                resource("storageclasses", "storageclass", "StorageClass", false, "sc")));
        RESOURCES.put("rbac.authorization.k8s.io/v1", List.of(
                resource("roles", "role", "Role", true),
                resource("rolebindings", "rolebinding", "RoleBinding", true),
                resource("clusterroles", "clusterrole", "ClusterRole", false),
                resource("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false)));
        RESOURCES.put("authorization.k8s.io/v1", List.of(
                createOnly("selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
                createOnly("subjectaccessreviews", "SubjectAccessReview", false),
                createOnly("localsubjectaccessreviews", "LocalSubjectAccessReview", true)));
        RESOURCES.put("discovery.k8s.io/v1", List.of(
                resource("endpointslices", "endpointslice", "EndpointSlice", true)));
        RESOURCES.put("apiextensions.k8s.io/v1", List.of(
                resource("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
                        "crd", "crds")));
    }

    /** group/version → the resources installed CustomResourceDefinitions serve, by the CRD's name. */
    private final Map<String, Map<String, APIResource>> custom = new ConcurrentHashMap<>();

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final Supplier<String> serverAddress;

    /** @param serverAddress host:port clients should use, asked for when {@code /api} is served */
    public Discovery(Supplier<String> serverAddress) {
        this.serverAddress = serverAddress;
    }

    /**
     * Serves the resource {@code crd} defines, in each of its served versions, as an API server does once the CRD is
     * created (its plural, singular, kind, scope, short names and categories).
     */
    void serve(CustomResourceDefinition crd) {
        CustomResourceDefinitionSpec spec = crd.getSpec();
        if (spec == null || spec.getNames() == null || spec.getVersions() == null) {
            return;
        }
        CustomResourceDefinitionNames names = spec.getNames();
        withdraw(crd.getMetadata().getName());
        for (CustomResourceDefinitionVersion version : spec.getVersions()) {
            if (!Boolean.FALSE.equals(version.getServed())) {
                APIResource r = resource(names.getPlural(), names.getSingular() == null ? "" : names.getSingular(),
                        names.getKind(), "Namespaced".equals(spec.getScope()),
                        names.getShortNames() == null ? new String[0] : names.getShortNames().toArray(String[]::new));
                if (names.getCategories() != null && !names.getCategories().isEmpty()) {
                    r.setCategories(names.getCategories());
                }
                custom.computeIfAbsent(spec.getGroup() + "/" + version.getName(), k -> new ConcurrentHashMap<>())
                        .put(crd.getMetadata().getName(), r);
            }
        }
    }

    /** Stops serving what the CRD {@code name} defined, as when it is deleted. */
    void withdraw(String name) {
        custom.values().forEach(m -> m.remove(name));
        custom.values().removeIf(Map::isEmpty);
    }

    /**
     * Whether {@code groupVersion} is served: a built-in API the sandbox stores, or one an installed CRD defines.
     * Groups of the Kubernetes project (without a dot, or under {@code k8s.io}) count as served: the store keeps
     * whatever is written to them, as it always did.
     */
    boolean serves(String groupVersion) {
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        return RESOURCES.containsKey(groupVersion) || custom.containsKey(groupVersion) || !group.contains(".")
                || group.endsWith(".k8s.io");
    }

    private static final java.util.regex.Pattern COLLECTION = java.util.regex.Pattern.compile(
            "^/(?:api/(v1)|apis/([^/]+/[^/]+))(?:/namespaces/[^/]+)?/([a-z]+)(?:\\?(.*))?$");

    /**
     * The store's answer to a list request with the list's own kind ({@code ControllerRevisionList},
     * {@code apps/v1}) where the store wrote a generic {@code v1 List}: client-go's typed clients (kubectl's
     * {@code rollout history}) decode a generic List as an empty list of the kind they asked for.
     */
    static MockResponse typedList(RecordedRequest request, MockResponse response) {
        java.util.regex.Matcher m = COLLECTION.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || response.code() != 200 || response.getBody() == null
                || !m.matches() || (m.group(4) != null && m.group(4).contains("watch="))) {
            return response;
        }
        String gv = m.group(1) != null ? m.group(1) : m.group(2);
        Optional<APIResource> resource = RESOURCES.getOrDefault(gv, List.of()).stream()
                .filter(r -> r.getName().equals(m.group(3))).findFirst();
        if (resource.isEmpty()) {
            return response;
        }
        String body = new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> list;
        try {
            list = StrategicMergePatch.read(body);
        } catch (RuntimeException e) {
            return response;
        }
        if (!"List".equals(list.get("kind"))) {
            return response;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("apiVersion", gv);
        typed.put("kind", resource.get().getKind() + "List");
        list.forEach((k, v) -> {
            if (!"kind".equals(k) && !"apiVersion".equals(k)) {
                typed.put(k, v);
            }
        });
        return response.setBody(StrategicMergePatch.write(typed));
    }

    /** Every served group/version with its resources, built-in ones first. */
    private Map<String, List<APIResource>> all() {
        Map<String, List<APIResource>> all = new LinkedHashMap<>(RESOURCES);
        custom.forEach((gv, byCrd) -> all.merge(gv, List.copyOf(byCrd.values()), (a, b) -> {
            List<APIResource> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return all;
    }

    /** The discovery document for a request path (query string ignored), if it is one. */
    Optional<String> document(String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/api")) {
            return Optional.of(json.asJson(new APIVersionsBuilder().withVersions("v1")
                    .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress.get()).build()));
        }
        if (p.equals("/apis")) {
            List<APIGroup> groups = new ArrayList<>();
            Map<String, List<APIResource>> all = all();
            for (String gv : all.keySet()) {
                if (gv.contains("/")) {
                    groups.add(group(gv));
                }
            }
            return Optional.of(json.asJson(new APIGroupListBuilder().withGroups(groups).build()));
        }
        String gv = p.startsWith("/api/") ? p.substring("/api/".length())
                : p.startsWith("/apis/") ? p.substring("/apis/".length()) : null;
        if (gv == null) {
            return Optional.empty();
        }
        Map<String, List<APIResource>> all = all();
        if (all.containsKey(gv) && (p.startsWith("/apis/") == gv.contains("/"))) {
            return Optional.of(json.asJson(new APIResourceListBuilder().withGroupVersion(gv)
                    .withResources(all.get(gv)).build()));
        }
        // /apis/GROUP alone describes the group.
        for (String known : all.keySet()) {
            if (p.startsWith("/apis/") && known.startsWith(gv + "/") && !gv.contains("/")) {
                return Optional.of(json.asJson(group(known)));
            }
        }
        return Optional.empty();
    }

    private static APIGroup group(String groupVersion) {
        String name = groupVersion.substring(0, groupVersion.indexOf('/'));
        var version = new GroupVersionForDiscoveryBuilder().withGroupVersion(groupVersion)
                .withVersion(groupVersion.substring(groupVersion.indexOf('/') + 1)).build();
        return new APIGroupBuilder().withName(name).withVersions(version).withPreferredVersion(version).build();
    }

    private static APIResource createOnly(String plural, String kind, boolean namespaced) {
        return new APIResourceBuilder().withName(plural).withSingularName(kind.toLowerCase(java.util.Locale.ROOT))
                .withKind(kind).withNamespaced(namespaced).withVerbs("create").build();
    }

    /**
     * A resource in the {@code all} category, as real API servers list the workload kinds and services, so that
     * {@code kubectl get all} lists them (kubectl asks discovery which resources the category holds). Real servers
     * also put jobs, cronjobs, replicationcontrollers and horizontalpodautoscalers in it; the sandbox serves none of
     * those, and a category that names a resource the server does not serve fails the whole command.
     */
    private static APIResource inAll(String plural, String singular, String kind, boolean namespaced,
                                     String... shortNames) {
        APIResource r = resource(plural, singular, kind, namespaced, shortNames);
        r.setCategories(List.of("all"));
        return r;
    }

    private static APIResource resource(String plural, String singular, String kind, boolean namespaced,
                                        String... shortNames) {
        return new APIResourceBuilder().withName(plural).withSingularName(singular).withKind(kind)
                .withNamespaced(namespaced).withVerbs(RW).withShortNames(shortNames).build();
    }
}

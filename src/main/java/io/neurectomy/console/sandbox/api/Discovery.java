package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/GROUP/VERSION}) for the
 * kinds the stack uses, so that real kubectl can talk to the sandbox.
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
                resource("pods", "pod", "Pod", true, "po"),
                // kubectl drain evicts only where discovery lists this subresource; otherwise it deletes pods.
                new APIResourceBuilder().withName("pods/eviction").withSingularName("").withNamespaced(true)
                        .withGroup("policy").withVersion("v1").withKind("Eviction").withVerbs("create").build(),
                resource("services", "service", "Service", true, "svc"),
                resource("endpoints", "endpoints", "Endpoints", true, "ep"),
                resource("configmaps", "configmap", "ConfigMap", true, "cm"),
                resource("secrets", "secret", "Secret", true),
                resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, "pvc"),
                resource("persistentvolumes", "persistentvolume", "PersistentVolume", false, "pv"),
                resource("events", "event", "Event", true, "ev")));
        RESOURCES.put("apps/v1", List.of(
                resource("statefulsets", "statefulset", "StatefulSet", true, "sts"),
                resource("deployments", "deployment", "Deployment", true, "deploy"),
                resource("replicasets", "replicaset", "ReplicaSet", true, "rs"),
                resource("daemonsets", "daemonset", "DaemonSet", true, "ds")));
        RESOURCES.put("policy/v1", List.of(
                resource("poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, "pdb")));
        RESOURCES.put("networking.k8s.io/v1", List.of(
                resource("networkpolicies", "networkpolicy", "NetworkPolicy", true, "netpol"),
                resource("ingresses", "ingress", "Ingress", true, "ing")));
        RESOURCES.put("rbac.authorization.k8s.io/v1", List.of(
                resource("roles", "role", "Role", true),
                resource("rolebindings", "rolebinding", "RoleBinding", true),
                resource("clusterroles", "clusterrole", "ClusterRole", false),
                resource("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false)));
        RESOURCES.put("discovery.k8s.io/v1", List.of(
                resource("endpointslices", "endpointslice", "EndpointSlice", true)));
    }

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final Supplier<String> serverAddress;

    /** @param serverAddress host:port clients should use, asked for when {@code /api} is served */
    public Discovery(Supplier<String> serverAddress) {
        this.serverAddress = serverAddress;
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
            for (String gv : RESOURCES.keySet()) {
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
        if (RESOURCES.containsKey(gv) && (p.startsWith("/apis/") == gv.contains("/"))) {
            return Optional.of(json.asJson(new APIResourceListBuilder().withGroupVersion(gv)
                    .withResources(RESOURCES.get(gv)).build()));
        }
        // /apis/GROUP alone describes the group.
        for (String known : RESOURCES.keySet()) {
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

    private static APIResource resource(String plural, String singular, String kind, boolean namespaced,
                                        String... shortNames) {
        return new APIResourceBuilder().withName(plural).withSingularName(singular).withKind(kind)
                .withNamespaced(namespaced).withVerbs(RW).withShortNames(shortNames).build();
    }
}

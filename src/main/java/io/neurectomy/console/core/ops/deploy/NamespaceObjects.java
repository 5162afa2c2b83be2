package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The stack's objects as the cluster has them: everything of the kinds the stack is made of in its namespace
 * (without what Kubernetes itself puts in every namespace), and the cluster-wide RBAC objects of the stack that
 * refer to that namespace.
 */
final class NamespaceObjects {
    /** Label every object of the bundled stack carries. */
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String STACK = "monitoring-stack";
    private static final Set<String> KUBERNETES_OWN = Set.of("ConfigMap/kube-root-ca.crt", "ServiceAccount/default");

    private NamespaceObjects() {
    }

    /** Every object of the namespace of the stack's kinds (and PVCs), plus the stack's cluster RBAC, apply order. */
    static List<HasMetadata> list(ClusterSession session, String ns, Cancellation cancellation) {
        KubernetesClient c = session.client();
        List<HasMetadata> out = new ArrayList<>();
        List<Function<KubernetesClient, List<? extends HasMetadata>>> listers = List.of(
                k -> k.serviceAccounts().inNamespace(ns).list().getItems(),
                k -> k.rbac().roles().inNamespace(ns).list().getItems(),
                k -> k.rbac().roleBindings().inNamespace(ns).list().getItems(),
                k -> k.configMaps().inNamespace(ns).list().getItems(),
                k -> k.secrets().inNamespace(ns).list().getItems(),
                k -> k.services().inNamespace(ns).list().getItems(),
                k -> k.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems(),
                k -> k.network().v1().networkPolicies().inNamespace(ns).list().getItems(),
                k -> k.apps().statefulSets().inNamespace(ns).list().getItems(),
                k -> k.apps().deployments().inNamespace(ns).list().getItems(),
                k -> k.network().v1().ingresses().inNamespace(ns).list().getItems(),
                k -> k.persistentVolumeClaims().inNamespace(ns).list().getItems());
        List<String> kinds = List.of("serviceaccounts", "roles", "rolebindings", "configmaps", "secrets", "services",
                "poddisruptionbudgets", "networkpolicies", "statefulsets", "deployments", "ingresses",
                "persistentvolumeclaims");
        for (int i = 0; i < listers.size(); i++) {
            cancellation.check();
            try {
                for (HasMetadata o : listers.get(i).apply(c)) {
                    if (!ownedByKubernetes(o)) {
                        out.add(o);
                    }
                }
            } catch (RuntimeException e) {
                throw ApiFailures.map(session, e, "list", kinds.get(i), ns, List.of(), List.of());
            }
        }
        try {
            List<ClusterRoleBinding> bindings = c.rbac().clusterRoleBindings().withLabel(PART_OF, STACK).list()
                    .getItems().stream().filter(b -> b.getSubjects() != null && b.getSubjects().stream()
                            .map(Subject::getNamespace).anyMatch(ns::equals)).toList();
            for (ClusterRoleBinding b : bindings) {
                out.add(b);
                var role = b.getRoleRef() == null ? null : c.rbac().clusterRoles().withName(b.getRoleRef().getName())
                        .get();
                if (role != null && role.getMetadata().getLabels() != null
                        && STACK.equals(role.getMetadata().getLabels().get(PART_OF))
                        && out.stream().noneMatch(o -> o.getKind().equals("ClusterRole")
                        && o.getMetadata().getName().equals(role.getMetadata().getName()))) {
                    out.add(role);
                }
            }
        } catch (RuntimeException e) {
            throw ApiFailures.map(session, e, "list", "clusterrolebindings", null, List.of(), List.of());
        }
        out.sort(Comparator.comparingInt(o -> StackDeployer.rank(o.getKind())));
        return out;
    }

    private static boolean ownedByKubernetes(HasMetadata o) {
        String kind = o.getKind() == null ? o.getClass().getSimpleName() : o.getKind();
        if (KUBERNETES_OWN.contains(kind + "/" + o.getMetadata().getName())) {
            return true;
        }
        return o instanceof Secret s && "kubernetes.io/service-account-token".equals(s.getType());
    }
}

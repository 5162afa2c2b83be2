package io.neurectomy.console.core.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Finds the pods of the stack's Prometheus and Alertmanager StatefulSets. */
final class StackPods {
    static final String PROMETHEUS = "prometheus";
    static final String ALERTMANAGER = "alertmanager";
    static final int PROMETHEUS_PORT = 9090;
    static final int ALERTMANAGER_PORT = 9093;

    private StackPods() {
    }

    /** Pods of StatefulSet {@code name} (by its selector, else by label app=name), sorted by name. */
    static List<Pod> of(KubernetesClient client, String namespace, String name) {
        try {
            StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            Map<String, String> selector = sts != null && sts.getSpec() != null && sts.getSpec().getSelector() != null
                    && sts.getSpec().getSelector().getMatchLabels() != null
                    ? sts.getSpec().getSelector().getMatchLabels() : Map.of("app", name);
            return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "list", "pods", namespace, "finding the " + name + " replicas");
        }
    }

    static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The first ready replica of {@code name}, or an error saying none is ready. */
    static Pod firstReady(KubernetesClient client, String namespace, String name) {
        List<Pod> pods = of(client, namespace, name);
        return pods.stream().filter(StackPods::ready).findFirst().orElseThrow(() -> new BackupException(
                "No ready " + name + " replica in " + namespace + " (" + pods.size() + " pods, none ready). Wait"
                + " until one is ready (topology view), or leave this component out."));
    }

    /** The container named like the StatefulSet, or null for the pod's only container. */
    static String container(Pod pod, String name) {
        return pod.getSpec() != null && pod.getSpec().getContainers() != null && pod.getSpec().getContainers()
                .stream().anyMatch(c -> name.equals(c.getName())) ? name : null;
    }
}

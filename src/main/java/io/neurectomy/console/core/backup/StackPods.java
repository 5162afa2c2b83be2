package io.neurectomy.console.core.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ops.StatefulSetPods;
import java.util.List;

/** Finds the pods of the stack's Prometheus and Alertmanager StatefulSets. */
final class StackPods {
    static final String PROMETHEUS = "prometheus";
    static final String ALERTMANAGER = "alertmanager";
    static final int PROMETHEUS_PORT = 9090;
    static final int ALERTMANAGER_PORT = 9093;

    private StackPods() {
    }

    /** Pods of StatefulSet {@code name}, in ordinal order (see {@link StatefulSetPods#of}). */
    static List<Pod> of(KubernetesClient client, String namespace, String name) {
        try {
            return StatefulSetPods.of(client, namespace, name);
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "list", "pods", namespace, "finding the " + name + " replicas");
        }
    }

    /** The first ready replica of {@code name}, or an error saying none is ready. */
    static Pod firstReady(KubernetesClient client, String namespace, String name) {
        List<Pod> pods = of(client, namespace, name);
        return pods.stream().filter(StatefulSetPods::ready).findFirst().orElseThrow(() -> new BackupException(
                "No ready " + name + " replica in " + namespace + " (" + pods.size() + " pods, none ready). Wait"
                + " until one is ready (topology view), or leave this component out."));
    }

    /** The container named like the StatefulSet, or null for the pod's only container. */
    static String container(Pod pod, String name) {
        return pod.getSpec() != null && pod.getSpec().getContainers() != null && pod.getSpec().getContainers()
                .stream().anyMatch(c -> name.equals(c.getName())) ? name : null;
    }
}

package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;

/** Finds the pods of the stack's Prometheus and Alertmanager StatefulSets. */
final class StackPods {
    private StackPods() {
    }

    /**
     * Pods of {@code component}'s workload (the one its Service selects: see {@link ServingWorkload}), in ordinal
     * order (see {@link StatefulSetPods#of}).
     */
    static List<Pod> of(KubernetesClient client, String namespace, StackComponent component) {
        try {
            return StatefulSetPods.of(client, namespace, ServingWorkload.name(client, namespace, component));
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "list", "pods", namespace, "finding the " + component.workload() + " replicas");
        }
    }

    /** The first ready replica of {@code component}, or an error saying none is ready. */
    static Pod firstReady(KubernetesClient client, String namespace, StackComponent component) {
        return ready(client, namespace, component).get(0);
    }

    /** The ready replicas of {@code component}, in ordinal order; an error saying none is ready when empty. */
    static List<Pod> ready(KubernetesClient client, String namespace, StackComponent component) {
        List<Pod> pods = of(client, namespace, component);
        List<Pod> ready = pods.stream().filter(StatefulSetPods::ready).toList();
        if (ready.isEmpty()) {
            throw new BackupException("No ready " + component.workload() + " replica in " + namespace + " ("
                    + pods.size() + " pods, none ready). Wait until one is ready (topology view), or leave this"
                    + " component out.");
        }
        return ready;
    }

    /** The component's container, or null for the pod's only container. */
    static String container(Pod pod, StackComponent component) {
        String name = component.container();
        return pod.getSpec() != null && pod.getSpec().getContainers() != null && pod.getSpec().getContainers()
                .stream().anyMatch(c -> name.equals(c.getName())) ? name : null;
    }
}

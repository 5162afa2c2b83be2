package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replicas of a StatefulSet as the operations that work one replica at a time see them (reload, rollout
 * restart, backup, restore): found by the StatefulSet's selector, without pods being deleted, in ordinal order.
 */
public final class StatefulSetPods {
    private static final Pattern ORDINAL = Pattern.compile("-(\\d+)$");

    private StatefulSetPods() {
    }

    /**
     * The pods of StatefulSet {@code name}: by its selector, or by label {@code app=NAME} when the StatefulSet or its
     * selector is missing. A StatefulSet's own pods are {@code NAME-ORDINAL}: pods of another StatefulSet that its
     * selector also picks (the other side of a blue-green upgrade, whose selector only adds a version) are left
     * out. Sorted by ordinal ({@code prometheus-2} before {@code prometheus-10}). Throws fabric8's
     * exceptions for the caller to explain.
     */
    public static List<Pod> of(KubernetesClient client, String namespace, String name) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        Map<String, String> selector = sts != null && sts.getSpec() != null && sts.getSpec().getSelector() != null
                && sts.getSpec().getSelector().getMatchLabels() != null
                && !sts.getSpec().getSelector().getMatchLabels().isEmpty()
                ? sts.getSpec().getSelector().getMatchLabels() : Map.of("app", name);
        Pattern own = Pattern.compile(Pattern.quote(name) + "-\\d+");
        return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> sts == null || own.matcher(p.getMetadata().getName()).matches())
                .sorted(Comparator.comparingInt(StatefulSetPods::ordinal)
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** Whether the pod's Ready condition is True. */
    public static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Whether every container of the pod is running (its process is up, whatever its readiness says): a process that
     * runs keeps the config it loaded until it is told to reload.
     */
    public static boolean running(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && !pod.getStatus().getContainerStatuses().isEmpty() && pod.getStatus().getContainerStatuses()
                .stream().allMatch(c -> c.getState() != null && c.getState().getRunning() != null);
    }

    /** The ordinal at the end of a StatefulSet pod's name, or {@link Integer#MAX_VALUE} for another name. */
    public static int ordinal(Pod pod) {
        Matcher m = ORDINAL.matcher(pod.getMetadata().getName());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}

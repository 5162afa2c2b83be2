package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which workload runs a component now: the one its Service sends traffic to. That is the workload named after the
 * component ({@code StatefulSet/prometheus}) until a blue-green upgrade switches the Service to a second StatefulSet
 * ({@code prometheus-v2-55-1}) and, later, removes the first. From then on the component lives in the second one,
 * and every operation on it (scale, resize, storage, upgrade, rollback, reload, backup, the health checks) must find
 * it there.
 *
 * <p>The rule, in order: the Service has no selector or cannot be read (a Role without {@code get services}), or
 * it selects the pods of the workload of the component's own name: that name. Otherwise the one workload of the
 * component's kind whose pods it selects. No such workload: the component's own name (its absence is the caller's
 * message). Several: a {@link ConsoleException}, since no operation can know which one is meant.
 */
public final class ServingWorkload {
    private ServingWorkload() {
    }

    /** The name of the workload that runs {@code component} in {@code namespace} now. */
    public static String name(KubernetesClient client, String namespace, StackComponent component) {
        String own = component.workload();
        Map<String, String> selector;
        try {
            Service service = client.services().inNamespace(namespace).withName(component.service()).get();
            selector = service == null || service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                return own;
            }
            HasMetadata byName = component.stateful()
                    ? client.apps().statefulSets().inNamespace(namespace).withName(own).get()
                    : client.apps().deployments().inNamespace(namespace).withName(own).get();
            if (byName != null && selects(selector, templateLabels(byName))) {
                return own;
            }
            List<? extends HasMetadata> all = component.stateful()
                    ? client.apps().statefulSets().inNamespace(namespace).list().getItems()
                    : client.apps().deployments().inNamespace(namespace).list().getItems();
            Map<String, String> s = selector;
            List<String> matching = all.stream().filter(w -> selects(s, templateLabels(w)))
                    .map(w -> w.getMetadata().getName()).sorted(Comparator.naturalOrder()).toList();
            if (matching.size() > 1) {
                throw new ConsoleException("Service/" + component.service() + " in " + namespace + " sends traffic"
                        + " to the pods of " + matching.size() + " " + component.workloadKind().kind() + "s ("
                        + String.join(", ", matching) + "), so it is not clear which one runs "
                        + component.title() + ". Finish the blue-green upgrade (monitoring-console blue-green"
                        + " switch-forward or switch-back), or fix the Service's selector by hand.");
            }
            return matching.isEmpty() ? own : matching.get(0);
        } catch (KubernetesClientException e) {
            // Without 'get services' or 'list' the workload of the component's own name is all one can know; the
            // caller's own read of it reports a refusal that matters.
            return own;
        }
    }

    /** Whether {@code selector} picks pods labelled {@code labels}. */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The labels of the pods {@code workload} (a StatefulSet or Deployment) makes; empty when it names none. */
    public static Map<String, String> templateLabels(HasMetadata workload) {
        PodTemplateSpec t = workload instanceof StatefulSet sts ? sts.getSpec() == null ? null
                : sts.getSpec().getTemplate() : workload instanceof Deployment d && d.getSpec() != null
                ? d.getSpec().getTemplate() : null;
        return t == null || t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of()
                : t.getMetadata().getLabels();
    }
}

package io.neurectomy.console.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an outside observer reads of a namespace through the API, for tests that judge workload operations by it: a
 * StatefulSet's pods by name and their UIDs, the claims, and which pods a Service's selector picks.
 */
public final class PodsObserved {
    private final KubernetesClient client;
    private final String namespace;

    public PodsObserved(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The pods of StatefulSet {@code sts} ({@code NAME-ORDINAL}) not being deleted, by name. */
    public List<Pod> pods(String sts) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().matches(sts + "-\\d+")
                        && p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    /** Pod name to UID for the pods of StatefulSet {@code sts}. */
    public Map<String, String> uids(String sts) {
        Map<String, String> out = new TreeMap<>();
        pods(sts).forEach(p -> out.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return out;
    }

    /** Every pod's name in the namespace. */
    public List<String> podNames() {
        return client.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getMetadata().getName())
                .toList();
    }

    /** Every volume claim's name in the namespace. */
    public List<String> claimNames() {
        return client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
    }

    /** The selectors of {@code services}, by name. */
    public Map<String, Map<String, String>> selectors(List<String> services) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String s : services) {
            out.put(s, Map.copyOf(client.services().inNamespace(namespace).withName(s).get().getSpec()
                    .getSelector()));
        }
        return out;
    }

    /** The pods the Service's selector picks now (not being deleted), by name. */
    public List<String> selectedPods(String service) {
        Map<String, String> selector = client.services().inNamespace(namespace).withName(service).get().getSpec()
                .getSelector();
        return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getName()).distinct().sorted().toList();
    }
}

package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a cluster says that it is the console's embedded sandbox: a ConfigMap {@value #NAME} in {@value #NAMESPACE}
 * (world-readable there on real clusters too). The console labels such a connection "Sandbox" and shows its
 * notice, e.g. that it runs API only because Prometheus and Alertmanager are not installed.
 *
 * @param apiOnly true when no real processes stand behind the pods
 * @param notice  a plain sentence for the user, or empty
 */
public record SandboxMarker(boolean apiOnly, String notice) {
    public static final String NAMESPACE = "kube-public";
    public static final String NAME = "monitoring-console-sandbox";
    public static final String MODE_KEY = "mode";
    public static final String NOTICE_KEY = "notice";
    public static final String MODE_API_ONLY = "api-only";
    public static final String MODE_FULL = "full";
    /**
     * Set to {@code "true"} on a sandbox node to simulate its failure (it goes NotReady and its pods stop); removed,
     * or any other value, to recover it. Only the sandbox acts on it.
     */
    public static final String NODE_FAILED_ANNOTATION = "sandbox.monitoring-console.io/failed";
    /**
     * Set to {@code "true"} on a sandbox pod to simulate a hung server: its process is held (SIGSTOP), its port still
     * accepts connections and nothing answers, until the pod is deleted (its replacement runs normally).
     */
    public static final String POD_HUNG_ANNOTATION = "sandbox.monitoring-console.io/hung";
    /**
     * Set to {@code "true"} on a sandbox pod to simulate a storage failure: its container stops, the files of its
     * persistent volumes are deleted (the claims stay bound), and it starts again on the empty volumes. The sandbox
     * removes the annotation once it has done so.
     */
    public static final String VOLUME_WIPED_ANNOTATION = "sandbox.monitoring-console.io/wipe-volumes";
    /**
     * Set by the sandbox on a pod that has no process behind it (no package provides the server); the value says
     * why. Checks that would ask such a pod report UNKNOWN with that reason instead of calling it.
     */
    public static final String NO_PROCESS_ANNOTATION = "sandbox.monitoring-console.io/no-process";
    /**
     * Set by the sandbox on a workload it is deleting with the Orphan policy, before its dependents are freed: the
     * sandbox's controllers no longer adopt for it (what a deletion timestamp means to a real cluster's).
     */
    public static final String ORPHANING_ANNOTATION = "sandbox.monitoring-console.io/orphaning";

    /**
     * What a cluster marked this way offers: the sandbox acts on {@link #NODE_FAILED_ANNOTATION},
     * {@link #POD_HUNG_ANNOTATION} and {@link #VOLUME_WIPED_ANNOTATION}, and another sandbox can be started beside it.
     */
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.NODE_FAULTS, Capability.POD_FAULTS, Capability.STORAGE_FAULTS,
                Capability.NEW_CLUSTERS);
    }

    /**
     * The pods of {@code namespace} that the cluster marks with {@link #NO_PROCESS_ANNOTATION}, each with the reason;
     * empty on an ordinary cluster, or when listing pods is refused.
     */
    public static Map<String, String> podsWithoutProcess(KubernetesClient client, String namespace) {
        Map<String, String> pods = new TreeMap<>();
        try {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                Map<String, String> annotations = pod.getMetadata().getAnnotations();
                String reason = annotations == null ? null : annotations.get(NO_PROCESS_ANNOTATION);
                if (reason != null && !reason.isBlank()) {
                    pods.put(pod.getMetadata().getName(), reason.strip());
                }
            }
        } catch (KubernetesClientException e) {
            return Map.of();
        }
        return pods;
    }

    /** Reads the marker; a real cluster has none (or forbids reading it), and then the answer is empty. */
    public static Optional<SandboxMarker> read(KubernetesClient client) {
        try {
            ConfigMap map = client.configMaps().inNamespace(NAMESPACE).withName(NAME).get();
            if (map == null) {
                return Optional.empty();
            }
            Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
            return Optional.of(new SandboxMarker(MODE_API_ONLY.equals(data.get(MODE_KEY)),
                    data.getOrDefault(NOTICE_KEY, "")));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }
}

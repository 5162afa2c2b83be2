package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.ClaimMounts;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * The claim a Prometheus replica keeps its TSDB on, and when it was created: where the replica's data should begin.
 * The health check's lost-data rule and the storage-failure drill's wait read it the same way.
 *
 * @param name    the claim's name
 * @param created its creation time
 */
public record TsdbClaim(String name, Instant created) {
    private static final String CONTAINER = "prometheus";
    private static final String TSDB_PATH_ARG = "--storage.tsdb.path=";

    /** The TSDB claim of {@code pod} in the session's namespace; empty when it cannot be read now. */
    public static Optional<TsdbClaim> of(ClusterSession session, String pod) {
        return of(session.client(), session.namespace(), pod);
    }

    /**
     * The claim mounted at the {@code --storage.tsdb.path} of the pod's spec (or above it) with its creation time;
     * empty when the pod, its mounts or the claim cannot be read, so that callers skip rather than guess. The spec,
     * not the server's flags: the path as the pod sees it is what its mounts are named in.
     */
    static Optional<TsdbClaim> of(KubernetesClient client, String namespace, String pod) {
        try {
            Pod spec = client.pods().inNamespace(namespace).withName(pod).get();
            String path = spec == null ? "data/" : spec.getSpec().getContainers().stream()
                    .filter(k -> k.getName().equals(CONTAINER) && k.getArgs() != null)
                    .flatMap(k -> k.getArgs().stream()).filter(a -> a.startsWith(TSDB_PATH_ARG))
                    .map(a -> a.substring(TSDB_PATH_ARG.length())).reduce((a, b) -> b).orElse("data/");
            String dataPath = path.startsWith("/") ? path : "/prometheus/" + path; // the image's working directory
            Optional<String> claim = ClaimMounts.of(client, namespace, pod, CONTAINER).stream()
                    .filter(m -> (dataPath + "/").startsWith(m.mountPath().replaceAll("/+$", "") + "/"))
                    .max(Comparator.comparingInt(m -> m.mountPath().length())).map(ClaimMounts.ClaimMount::claim);
            if (claim.isEmpty()) {
                return Optional.empty();
            }
            PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(namespace).withName(claim.get())
                    .get();
            if (pvc == null || pvc.getMetadata().getCreationTimestamp() == null) {
                return Optional.empty();
            }
            return Optional.of(new TsdbClaim(claim.get(), Instant.parse(pvc.getMetadata().getCreationTimestamp())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

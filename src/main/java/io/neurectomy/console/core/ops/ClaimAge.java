package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.ClaimMounts;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** When the volume a pod's container keeps its data on was created: the oldest of the claims it mounts. */
public final class ClaimAge {
    private ClaimAge() {
    }

    /**
     * The creation time of the oldest claim {@code container} of {@code pod} mounts; empty when it mounts none, or
     * when the pod or its claims cannot be read now.
     */
    public static Optional<Instant> created(ClusterSession session, String pod, String container) {
        try {
            Instant oldest = null;
            for (ClaimMounts.ClaimMount m : ClaimMounts.of(session.client(), session.namespace(), pod, container)) {
                PersistentVolumeClaim claim = session.client().persistentVolumeClaims()
                        .inNamespace(session.namespace()).withName(m.claim()).get();
                if (claim == null || claim.getMetadata().getCreationTimestamp() == null) {
                    continue;
                }
                Instant at = Instant.parse(claim.getMetadata().getCreationTimestamp());
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
            }
            return Optional.ofNullable(oldest);
        } catch (IOException | KubernetesClientException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

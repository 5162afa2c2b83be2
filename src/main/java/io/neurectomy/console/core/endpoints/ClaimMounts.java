package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a pod's container mounts PersistentVolumeClaims, read from the pod's spec. */
public final class ClaimMounts {
    /** A claim mounted by a container. */
    public record ClaimMount(String claim, String mountPath) {
    }

    private ClaimMounts() {
    }

    /**
     * The claims {@code container} of pod {@code name} in {@code namespace} mounts, in the order of its mounts.
     *
     * @throws IOException when the pod cannot be read or is gone
     */
    public static List<ClaimMount> of(KubernetesClient client, String namespace, String name, String container)
            throws IOException {
        Pod pod;
        try {
            pod = client.pods().inNamespace(namespace).withName(name).get();
        } catch (RuntimeException e) {
            throw new IOException("cannot read pod " + name + ": " + e.getMessage(), e);
        }
        if (pod == null || pod.getSpec() == null) {
            throw new IOException("pod " + name + " is gone");
        }
        List<Volume> volumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        List<ClaimMount> mounts = new ArrayList<>();
        for (Container c : Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())) {
            if (!c.getName().equals(container)) {
                continue;
            }
            for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
                volumes.stream().filter(v -> v.getName().equals(m.getName()) && v.getPersistentVolumeClaim() != null)
                        .findFirst().ifPresent(v -> mounts.add(new ClaimMount(
                                v.getPersistentVolumeClaim().getClaimName(), m.getMountPath())));
            }
        }
        return mounts;
    }
}

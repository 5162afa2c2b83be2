package io.neurectomy.console.core.cluster;

/**
 * Something a cluster offers beyond the Kubernetes API that every cluster has. The window offers an action when its
 * session has the capability, and the operation behind it refuses to run without it; nothing asks which cluster it
 * is.
 */
public enum Capability {
    /**
     * Node faults can be injected: annotation {@value SandboxMarker#NODE_FAILED_ANNOTATION} on a node makes it fail
     * (NotReady, its pods stop) until the annotation is removed.
     */
    NODE_FAULTS,
    /**
     * Pod faults can be injected: annotation {@value SandboxMarker#POD_HUNG_ANNOTATION} on a pod holds its server
     * (it accepts connections and answers nothing) until the pod is deleted.
     */
    POD_FAULTS,
    /**
     * Storage faults can be injected: annotation {@value SandboxMarker#VOLUME_WIPED_ANNOTATION} on a pod empties its
     * persistent volumes (the claims stay, their files go) and restarts its container on the empty volumes.
     */
    STORAGE_FAULTS,
    /**
     * Another, empty cluster of the same kind can be started on this workstation to recover onto, so that the loss
     * of a whole cluster can be drilled without losing one.
     */
    NEW_CLUSTERS
}

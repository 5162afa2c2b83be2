package io.neurectomy.console.sandbox;

/**
 * A persistent volume as a pod sees it, for {@code df} in the pod: where it is mounted, the claim behind it, the
 * claim's capacity, and how much of it is used.
 *
 * @param mountPath     where the container mounts it ({@code /prometheus})
 * @param claim         the PersistentVolumeClaim's name
 * @param capacityBytes the claim's capacity
 * @param usedBytes     what the pod's files on it take, plus any fill the sandbox was asked to simulate
 */
public record PodVolume(String mountPath, String claim, long capacityBytes, long usedBytes) {
    /** What is left, never below zero. */
    public long availableBytes() {
        return Math.max(0, capacityBytes - usedBytes);
    }
}

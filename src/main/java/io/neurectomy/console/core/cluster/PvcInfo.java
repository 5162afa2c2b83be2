package io.neurectomy.console.core.cluster;

/**
 * A PersistentVolumeClaim of the watched namespace(s).
 *
 * @param namespace    namespace
 * @param name         claim name
 * @param phase        {@code Bound}, {@code Pending} or {@code Lost}
 * @param capacity     the bound capacity (or the requested size while pending), as written, e.g. {@code 200Gi}
 * @param storageClass storage class name, or empty
 */
public record PvcInfo(String namespace, String name, String phase, String capacity, String storageClass) {
}

package io.neurectomy.console.core.cluster;

/**
 * One container of a pod: what it runs, what it asks for, and how it is doing.
 *
 * @param name                  container name
 * @param image                 image reference from the spec
 * @param requests              resource requests ({@link Resources#NONE} parts when unset)
 * @param limits                resource limits ({@link Resources#NONE} parts when unset)
 * @param ready                 whether the container reports ready
 * @param restarts              restart count
 * @param state                 {@code running}, {@code waiting}, {@code terminated}, or empty when not reported
 * @param reason                reason of the waiting or terminated state (CrashLoopBackOff, ImagePullBackOff,
 *                              OOMKilled, …), or empty
 * @param message               message that goes with the reason, or empty
 * @param lastTerminationReason why the previous instance ended (OOMKilled, Error, …), or empty
 */
public record ContainerInfo(String name, String image, Resources requests, Resources limits, boolean ready,
                            int restarts, String state, String reason, String message, String lastTerminationReason) {
}

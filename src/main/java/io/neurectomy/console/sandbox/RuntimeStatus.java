package io.neurectomy.console.sandbox;

/**
 * What the sandbox kubelet reports about a pod's process, for the reconciler to write into the pod's status.
 *
 * @param running  the process is alive (always true for pods without a stand-in process, e.g. Grafana)
 * @param ready    the last readiness probe ({@code GET /-/ready}) answered 200
 * @param restarts how many times the process was restarted after it exited on its own
 * @param reason   why it is not running or not ready (e.g. "exited with status 1"), or null
 */
public record RuntimeStatus(boolean running, boolean ready, int restarts, String reason) {
}

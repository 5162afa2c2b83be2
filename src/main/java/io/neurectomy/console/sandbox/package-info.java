/**
 * The embedded sandbox cluster for demos, screenshots and tests: {@link io.neurectomy.console.sandbox.SandboxCluster}
 * starts it and wires its rooms together, and this package holds what the rooms share (a pod's local stand-in and how
 * to find it, the stand-ins' status, their log files, Status answers, label selectors, and the sandbox-only image
 * tags that make a version fail on purpose, {@link io.neurectomy.console.sandbox.SandboxImages}).
 *
 * <p>The rooms: {@code api} (the mock API server), {@code relay} (the kubelet's exec, port-forward and log relays),
 * {@code kubelet} (the processes that stand in for pods) and {@code controller} (the reconciler). Only the API server
 * reaches into another room (the relays). Core never imports the sandbox; the window and the command line reach it
 * only through what the Launcher hands them.
 */
package io.neurectomy.console.sandbox;

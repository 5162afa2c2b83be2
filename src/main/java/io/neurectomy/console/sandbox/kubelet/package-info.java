/**
 * The sandbox's kubelet: one real {@code prometheus} or {@code prometheus-alertmanager} process per pod, its
 * ConfigMap and Secret volumes projected as files, its Prometheus configuration translated to run outside a cluster
 * (Kubernetes service discovery served over HTTP), readiness probes and restarts.
 *
 * <p><b>Sandbox only:</b> an image tag ending in {@code -sandbox-crash-loop} starts the real process with an argument
 * it refuses, so it exits at every start and crash-loops; one ending in {@code -sandbox-never-ready} runs but never
 * passes its readiness probe ({@link io.neurectomy.console.sandbox.SandboxImages}). Product code never knows them.
 */
package io.neurectomy.console.sandbox.kubelet;

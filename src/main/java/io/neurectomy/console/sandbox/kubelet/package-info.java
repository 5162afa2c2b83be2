/**
 * The sandbox's kubelet: one real {@code prometheus} or {@code prometheus-alertmanager} process per pod, its
 * ConfigMap and Secret volumes projected as files, its Prometheus configuration translated to run outside a cluster
 * (Kubernetes service discovery served over HTTP), readiness probes and restarts.
 */
package io.neurectomy.console.sandbox.kubelet;

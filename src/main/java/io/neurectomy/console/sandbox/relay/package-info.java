/**
 * The kubelet's side of {@code exec}, {@code portforward} and {@code log}: {@link
 * io.neurectomy.console.sandbox.relay.PodRelay} bridges them to the local process that stands in for the pod, over
 * the websocket subprotocols kubectl and fabric8 speak.
 */
package io.neurectomy.console.sandbox.relay;

package io.neurectomy.console.sandbox;

import java.util.Optional;

/** Looks up the local stand-in of a pod; empty when the pod is not running (not scheduled, stopped, node failed). */
@FunctionalInterface
public interface PodRuntimes {
    Optional<PodRuntime> find(String namespace, String pod);
}

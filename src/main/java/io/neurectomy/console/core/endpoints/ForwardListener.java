package io.neurectomy.console.core.endpoints;

/**
 * Told of every change of a forward's status (state, pod, connections, bytes, probe). Called on the forward's own
 * background threads, never concurrently for one forward; it must return quickly (a view model hands the value to
 * its UI thread).
 */
@FunctionalInterface
public interface ForwardListener {
    void statusChanged(ForwardStatus status);
}

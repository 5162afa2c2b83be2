package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.HashMap;
import java.util.Map;

/**
 * Sets the annotation through which a cluster offering a fault {@link Capability} injects it into a pod, with the
 * errors a person can act on: refused (nothing changed) where the cluster does not offer the fault.
 */
final class FaultAnnotation {
    private FaultAnnotation() {
    }

    /**
     * Sets {@code annotation: "true"} on {@code pod} in the session's namespace.
     *
     * @param capability what the cluster must offer
     * @param refusal    what is refused where it does not ("Making a pod hang is only possible on a cluster that
     *                   offers pod fault injection")
     * @param what       the action, for messages ("hang pod prometheus-0")
     * @throws ConsoleException when the cluster does not offer it, refuses the write, or the pod is gone
     */
    static void set(ClusterSession session, String pod, String annotation, Capability capability,
                    String refusal, String what) {
        if (!session.capabilities().contains(capability)) {
            throw new ConsoleException(refusal + " (the console's sandbox); context " + session.context()
                    + " does not, and nothing was changed.");
        }
        ApiErrors.requireOpen(session, what);
        try {
            ConflictRetry.write(what, () -> session.client().pods().inNamespace(session.namespace())
                    .withName(pod).edit(p -> {
                        Map<String, String> a = p.getMetadata().getAnnotations() == null ? new HashMap<>()
                                : new HashMap<>(p.getMetadata().getAnnotations());
                        a.put(annotation, "true");
                        p.getMetadata().setAnnotations(a);
                        return p;
                    }));
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, what, "The cluster refused to change pod " + pod + " (403): "
                    + ApiMessages.status(e), "Pod " + pod + " does not exist in " + session.namespace() + ".");
        } catch (IllegalStateException e) {
            throw ApiErrors.closed(session, what, e);
        }
    }
}

package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Cancellation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl rollout restart statefulset/NAME} and {@code rollout status}: restarts every replica (the
 * controller replaces them one at a time, each new pod reading the current config on start), reporting how many
 * replicas are new and ready, until all are or the time is up.
 */
public final class RolloutRestart {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutRestart.class);

    private RolloutRestart() {
    }

    /** The end state: how many of the desired replicas were replaced and are ready. */
    public record Result(String workload, int replaced, int desired, Duration took) {
        public boolean complete() {
            return replaced >= desired;
        }
    }

    /**
     * Restarts StatefulSet {@code name} and waits until every replica was replaced and is ready. Throws a
     * {@link ConsoleException} when the restart is refused or does not finish within {@code timeout}; cancelling
     * stops the waiting (the controller goes on replacing pods).
     */
    public static Result statefulSet(KubernetesClient client, String namespace, String name, Duration timeout,
                                     Duration poll, Progress progress, Cancellation cancel) {
        Instant started = Instant.now();
        StatefulSet sts;
        try {
            sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            if (sts == null) {
                throw new ConsoleException("StatefulSet " + name + " does not exist in " + namespace + ".");
            }
            client.apps().statefulSets().inNamespace(namespace).withName(name).rolling().restart();
        } catch (KubernetesClientException e) {
            throw new ConsoleException(e.getCode() == 403
                    ? "Forbidden: your account may not patch statefulsets in " + namespace + ", which a rollout"
                    + " restart needs. Ask for a Role that allows 'patch' on statefulsets."
                    : "The rollout restart of " + name + " failed: " + e.getMessage(), e);
        }
        LOG.info("Rollout restart of statefulset {}/{} started", namespace, name);
        int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        long deadline = System.nanoTime() + timeout.toNanos();
        // Pod times have a resolution of one second: a pod created in the second of the restart counts as new
        // only once the old pods are gone, which the uid check below covers.
        List<String> oldUids = StatefulSetPods.of(client, namespace, name).stream()
                .map(p -> p.getMetadata().getUid()).toList();
        int replaced = 0;
        while (true) {
            cancel.check();
            List<Pod> pods = StatefulSetPods.of(client, namespace, name);
            replaced = (int) pods.stream().filter(p -> !oldUids.contains(p.getMetadata().getUid()))
                    .filter(StatefulSetPods::ready)
                    .count();
            progress.step(Math.min(replaced, desired), desired, name + ": " + replaced + " of " + desired
                    + " replicas restarted and ready");
            if (replaced >= desired) {
                return new Result(name, replaced, desired, Duration.between(started, Instant.now()));
            }
            if (System.nanoTime() > deadline) {
                throw new ConsoleException("The rollout restart of " + name + " did not finish within "
                        + timeout.toSeconds() + " s: " + replaced + " of " + desired + " replicas restarted and"
                        + " ready. Look at the pods in the topology view (pending, crash-looping?).");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }
}

package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl rollout restart statefulset/NAME} and {@code rollout status} as an operation: step {@code restart}
 * asks the controller to replace every replica (one at a time, each new pod reading the current config on start),
 * step {@code rollout} waits until every replica is new and ready, or the time is up. Cancelling stops the waiting;
 * the controller goes on replacing pods.
 */
public final class RolloutRestart extends PlannedOperation<RolloutRestart.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutRestart.class);

    /** The end state: how many of the desired replicas were replaced and are ready. */
    public record Result(String workload, int replaced, int desired, Duration took) {
        public boolean complete() {
            return replaced >= desired;
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final StackComponent component;
    private final Duration timeout;
    private final Duration poll;
    private int desired;

    /** The restart of {@code component}'s StatefulSet, waiting up to {@code timeout}, looking every {@code poll}. */
    public RolloutRestart(KubernetesClient client, String namespace, StackComponent component, Duration timeout,
                          Duration poll) {
        if (!component.stateful()) {
            throw new IllegalArgumentException(component.title() + " does not run as a StatefulSet");
        }
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.component = component;
        this.timeout = timeout;
        this.poll = poll;
    }

    /** The StatefulSet restarted: the component's own, or one a blue-green upgrade left it in (set by the plan). */
    private String name;

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        name = ServingWorkload.name(client, namespace, component);
        StatefulSet sts;
        try {
            sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new ConsoleException("Could not read StatefulSet " + name + " in " + namespace + ": "
                    + e.getMessage(), e);
        }
        if (sts == null) {
            throw new ConsoleException("StatefulSet " + name + " does not exist in " + namespace + ".");
        }
        desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        return Plan.of("restart", "Rollout restart of StatefulSet " + name + " in " + namespace, List.of(
                        new Step("restart", "Restart StatefulSet/" + name + " (rollout restart)"),
                        new Step("rollout", "Wait until all " + desired + " replica(s) are replaced and ready")))
                .withChanges(List.of(new Change(Change.Action.RESTART, "StatefulSet/" + name, desired
                        + " replica(s), replaced one at a time; each reads the current config when it starts")))
                .withConfirmation(Confirmation.yes("Restart every " + component.title() + " replica in " + namespace
                        + "?"));
    }

    @Override
    protected Result execute(Execution ex) {
        Instant started = Instant.now();
        // Pod times have a resolution of one second: pods are told apart from their replacements by uid.
        List<String> oldUids = ex.step("restart", () -> {
            List<String> uids = StatefulSetPods.of(client, namespace, name).stream()
                    .map(p -> p.getMetadata().getUid()).toList();
            try {
                client.apps().statefulSets().inNamespace(namespace).withName(name).rolling().restart();
            } catch (KubernetesClientException e) {
                throw new ConsoleException(e.getCode() == 403
                        ? "Forbidden: your account may not patch statefulsets in " + namespace + ", which a"
                        + " rollout restart needs. Ask for a Role that allows 'patch' on statefulsets."
                        : "The rollout restart of " + name + " failed: " + e.getMessage(), e);
            }
            LOG.info("Rollout restart of statefulset {}/{} started", namespace, name);
            return uids;
        });
        int replaced = ex.step("rollout", () -> {
            // Said when the wait is cancelled: stopping the wait does not stop the controller.
            ex.detail("the controller goes on replacing pods");
            return await(ex, oldUids, ex.cancellation());
        });
        return new Result(name, replaced, desired, Duration.between(started, Instant.now()));
    }

    private int await(Execution ex, List<String> oldUids, Cancellation cancellation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (true) {
            cancellation.check();
            List<Pod> pods = StatefulSetPods.of(client, namespace, name);
            int replaced = (int) pods.stream().filter(p -> !oldUids.contains(p.getMetadata().getUid()))
                    .filter(StatefulSetPods::ready)
                    .count();
            if (replaced != last) {
                last = replaced;
                ex.note(name + ": " + replaced + " of " + desired + " replicas restarted and ready");
            }
            if (replaced >= desired) {
                ex.detail(replaced + " of " + desired + " replicas restarted and ready");
                return replaced;
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

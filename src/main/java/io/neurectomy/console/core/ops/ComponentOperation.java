package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.ScaleGate;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the operations on one component's workload share (scale, resize, storage expansion): the component's
 * StatefulSet or Deployment read with a message a person can act on, its pods, a wait that notes what it sees and
 * gives up after the operation's timeout, and the health gate ({@link ScaleGate}) looked at until it passes.
 *
 * @param <R> what a successful run produces
 */
abstract class ComponentOperation<R> extends PlannedOperation<R> {
    protected final ClusterSession session;
    protected final KubernetesClient client;
    protected final String namespace;
    protected final StackComponent component;
    protected final Duration timeout;
    protected final Duration poll;

    ComponentOperation(ClusterSession session, StackComponent component, Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.client = session.client();
        this.namespace = session.namespace();
        this.component = Objects.requireNonNull(component, "component");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /** {@code StatefulSet/alertmanager}. */
    protected String ref() {
        return component.workloadKind().kind() + "/" + component.workload();
    }

    /** The component's StatefulSet or Deployment; a missing one or a refusal is a {@link ConsoleException}. */
    protected HasMetadata read() {
        String name = component.workload();
        HasMetadata w;
        try {
            w = component.stateful() ? client.apps().statefulSets().inNamespace(namespace).withName(name).get()
                    : client.apps().deployments().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read " + ref(), "Forbidden: your account may not read "
                    + ref() + " in " + namespace + ".", ref() + " does not exist in " + namespace + ".");
        }
        if (w == null) {
            throw new ConsoleException(ref() + " does not exist in " + namespace + ": deploy the stack first.");
        }
        return w;
    }

    /** The pod template of {@code workload} (a StatefulSet or Deployment read by {@link #read}). */
    protected static PodTemplateSpec template(HasMetadata workload) {
        return workload instanceof StatefulSet s ? s.getSpec().getTemplate()
                : ((Deployment) workload).getSpec().getTemplate();
    }

    /** The replica count {@code workload} asks for (1 when it names none, as the API server defaults it). */
    protected static int replicas(HasMetadata workload) {
        Integer n = workload instanceof StatefulSet s ? s.getSpec().getReplicas()
                : ((Deployment) workload).getSpec().getReplicas();
        return n == null ? 1 : n;
    }

    /** The component's pods that are not being deleted, in ordinal order. */
    protected List<Pod> pods() {
        try {
            return StatefulSetPods.of(client, namespace, component.workload());
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the pods of " + ref(), "Forbidden: your account may not list"
                    + " pods in " + namespace + ".", namespace + " is gone.");
        }
    }

    /**
     * Looks every poll until {@code done}, noting each change of {@code state}; after the operation's timeout fails
     * with the state and {@code advice} (what is left as it is and what to do next).
     */
    protected void await(Execution ex, String what, BooleanSupplier done, Supplier<String> state, String advice) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            ex.cancellation().check();
            if (done.getAsBoolean()) {
                return;
            }
            String now = state.get();
            if (!now.equals(last)) {
                ex.note(component.title() + ": " + now);
                last = now;
            }
            if (System.nanoTime() > deadline) {
                throw new ConsoleException("Waited " + timeout.toSeconds() + " s for " + what + " of " + ref()
                        + ": " + now + ". " + advice);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }

    /**
     * Looks at the health gate until it passes for {@code replicas} replicas ({@code added} are the pods the
     * change created, which must scrape); sets the step's detail and returns the gate's summary.
     */
    protected String gate(Execution ex, int replicas, Set<String> added, String advice) {
        ScaleGate.Verdict[] last = new ScaleGate.Verdict[1];
        await(ex, "the health gate", () -> {
            last[0] = ScaleGate.check(session, component, replicas, added, Duration.ofSeconds(5));
            return last[0].passed();
        }, () -> last[0] == null ? "not asked yet" : last[0].summary(), advice);
        ex.detail(last[0].summary());
        return last[0].summary();
    }
}

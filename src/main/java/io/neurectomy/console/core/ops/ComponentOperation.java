package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.ScaleGate;
import io.neurectomy.console.core.operation.Execution;
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
    private final ComponentWorkload workload;

    ComponentOperation(ClusterSession session, StackComponent component, Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.client = session.client();
        this.namespace = session.namespace();
        this.component = Objects.requireNonNull(component, "component");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.workload = new ComponentWorkload(session, component);
    }

    /** The name of the component's workload now: its own, or the one a blue-green upgrade left it in. */
    protected String name() {
        return workload.name();
    }

    /** {@code StatefulSet/alertmanager}. */
    protected String ref() {
        return workload.ref();
    }

    /** The component's StatefulSet or Deployment; a missing one or a refusal is a {@link ConsoleException}. */
    protected HasMetadata read() {
        return workload.read();
    }

    /** The pod template of {@code workload} (a StatefulSet or Deployment read by {@link #read}). */
    protected static PodTemplateSpec template(HasMetadata workload) {
        return ComponentWorkload.template(workload);
    }

    /** The replica count {@code workload} asks for (1 when it names none, as the API server defaults it). */
    protected static int replicas(HasMetadata workload) {
        return ComponentWorkload.replicas(workload);
    }

    /** The component's pods that are not being deleted, in ordinal order. */
    protected List<Pod> pods() {
        return workload.pods();
    }

    /**
     * Looks every poll until {@code done}, noting each change of {@code state}; after the operation's timeout fails
     * with the state and {@code advice} (what is left as it is and what to do next).
     */
    protected void await(Execution ex, String what, BooleanSupplier done, Supplier<String> state, String advice) {
        workload.await(ex, timeout, poll, what, done, state, advice);
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

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
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The workload of one stack component (a StatefulSet, or Grafana's Deployment) as the operations that change it see
 * it (scale, upgrade, rollback): read with errors a person can act on, its pods, and the wait for a state to hold.
 */
final class ComponentWorkload {
    private final ClusterSession session;
    private final KubernetesClient client;
    private final String namespace;
    private final StackComponent component;
    private String name;

    ComponentWorkload(ClusterSession session, StackComponent component) {
        this.session = Objects.requireNonNull(session, "session");
        this.client = session.client();
        this.namespace = session.namespace();
        this.component = Objects.requireNonNull(component, "component");
    }

    /**
     * The name of the workload, as the component's Service finds it ({@link ServingWorkload}): {@code prometheus},
     * or the StatefulSet a blue-green upgrade left it in. Asked once, on first use.
     */
    String name() {
        if (name == null) {
            name = ServingWorkload.name(client, namespace, component);
        }
        return name;
    }

    /** {@code StatefulSet/prometheus}. */
    String ref() {
        return component.workloadKind().kind() + "/" + name();
    }

    /** The workload now; throws when it cannot be read or does not exist. */
    HasMetadata read() {
        String name = name();
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

    /** The pod template of {@code workload}. */
    static PodTemplateSpec template(HasMetadata workload) {
        return workload instanceof StatefulSet sts ? sts.getSpec().getTemplate()
                : ((Deployment) workload).getSpec().getTemplate();
    }

    /** The replica count {@code workload} asks for. */
    static int replicas(HasMetadata workload) {
        Integer r = workload instanceof StatefulSet sts ? sts.getSpec().getReplicas()
                : ((Deployment) workload).getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    /** The pods of the workload that are not being deleted, in ordinal order. */
    List<Pod> pods() {
        try {
            return StatefulSetPods.of(client, namespace, name());
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the pods of " + ref(), "Forbidden: your account may not list"
                    + " pods in " + namespace + ".", namespace + " is gone.");
        }
    }

    /**
     * Looks every {@code poll} until {@code done}, noting each change of {@code state}; after {@code timeout} fails
     * with the state then and {@code advice} (what stays, where to look). A cancel stops the wait.
     */
    void await(Execution ex, Duration timeout, Duration poll, String what, BooleanSupplier done,
               Supplier<String> state, String advice) {
        ex.await(timeout, poll, done, state, now -> ex.note(component.title() + ": " + now),
                now -> "Waited " + timeout.toSeconds() + " s for " + what + " of " + ref() + ": " + now + ". "
                        + advice);
    }
}

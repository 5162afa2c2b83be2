package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A StatefulSet or Deployment of the stack, seen through what the checks need. */
record Workload(StackObject object, int replicas, LabelSelector selector, PodTemplateSpec template,
        List<PersistentVolumeClaim> claimTemplates, String serviceName) {

    /** Every StatefulSet and Deployment of the stack. */
    static List<Workload> of(RenderedStack stack) {
        List<Workload> workloads = new ArrayList<>();
        for (StackObject o : stack.objects()) {
            if (o.resource() instanceof StatefulSet s && s.getSpec() != null) {
                workloads.add(new Workload(o, replicas(s.getSpec().getReplicas()), s.getSpec().getSelector(),
                        s.getSpec().getTemplate(), s.getSpec().getVolumeClaimTemplates() == null ? List.of()
                        : s.getSpec().getVolumeClaimTemplates(), s.getSpec().getServiceName()));
            } else if (o.resource() instanceof Deployment d && d.getSpec() != null) {
                workloads.add(new Workload(o, replicas(d.getSpec().getReplicas()), d.getSpec().getSelector(),
                        d.getSpec().getTemplate(), List.of(), null));
            }
        }
        return workloads;
    }

    /** The workload named so, if any. */
    static Optional<Workload> named(RenderedStack stack, String kind, String name) {
        return of(stack).stream().filter(w -> w.object.kind().equals(kind) && Objects.equals(w.object.name(), name))
                .findFirst();
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas; // the API's default
    }

    /** The pod template's labels (never null). */
    Map<String, String> podLabels() {
        return template == null || template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
    }

    /** The pod spec (never null). */
    PodSpec podSpec() {
        return template == null || template.getSpec() == null ? new PodSpec() : template.getSpec();
    }

    /** The pod's containers (init containers excluded). */
    List<Container> containers() {
        return podSpec().getContainers() == null ? List.of() : podSpec().getContainers();
    }

    /** The port a Service's target port (name or number) resolves to on this pod, with that protocol. */
    Optional<ContainerPort> port(String name, Integer number, String protocol) {
        for (Container c : containers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                String pp = p.getProtocol() == null ? "TCP" : p.getProtocol();
                boolean hit = name != null ? name.equals(p.getName()) : Objects.equals(number, p.getContainerPort());
                if (hit && pp.equals(protocol)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code Kind/name}. */
    String ref() {
        return object.ref();
    }
}

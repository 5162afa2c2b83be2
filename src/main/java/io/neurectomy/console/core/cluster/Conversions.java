package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fabric8 objects into the plain values of a {@link StackSnapshot}. Each object is converted once, when the
 * informer reports it, so that a snapshot only copies finished values.
 */
final class Conversions {
    /** The node label that names the node's zone, and the label older clusters use. */
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String LEGACY_ZONE_LABEL = "failure-domain.beta.kubernetes.io/zone";

    private Conversions() {
    }

    // ---- pods ---------------------------------------------------------------------------------------------------

    static PodInfo pod(Pod p) {
        ObjectMeta meta = p.getMetadata();
        var spec = p.getSpec();
        var status = p.getStatus();
        List<ContainerStatus> statuses = status == null || status.getContainerStatuses() == null
                ? List.of() : status.getContainerStatuses();
        List<Container> specContainers = spec == null || spec.getContainers() == null
                ? List.of() : spec.getContainers();
        int containers = specContainers.isEmpty() ? statuses.size() : specContainers.size();
        int ready = (int) statuses.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = statuses.stream().mapToInt(c -> orZero(c.getRestartCount())).sum();
        String node = spec == null || spec.getNodeName() == null ? "" : spec.getNodeName();
        List<PodCondition> podConditions = status == null || status.getConditions() == null
                ? List.of() : status.getConditions();
        return new PodInfo(meta.getName(), node, podStatus(p, statuses), ready, containers, restarts,
                parseTime(meta.getCreationTimestamp()), owner(p), orEmpty(meta.getNamespace()), labels(meta),
                containers(specContainers, statuses), conditions(podConditions), claims(p),
                schedulingMessage(podConditions), orEmpty(meta.getUid()));
    }

    /** The STATUS column of {@code kubectl get pods}, in its simple form. */
    static String podStatus(Pod p, List<ContainerStatus> statuses) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        var status = p.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        if (status != null && status.getReason() != null && !status.getReason().isBlank()) {
            return status.getReason();
        }
        for (ContainerStatus c : statuses) {
            if (c.getState() == null) {
                continue;
            }
            ContainerStateWaiting waiting = c.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && !waiting.getReason().isBlank()) {
                return waiting.getReason();
            }
            ContainerStateTerminated terminated = c.getState().getTerminated();
            if (terminated != null && terminated.getReason() != null && !"Completed".equals(terminated.getReason())) {
                return terminated.getReason();
            }
        }
        return phase;
    }

    private static List<ContainerInfo> containers(List<Container> spec, List<ContainerStatus> statuses) {
        Map<String, ContainerStatus> byName = new HashMap<>();
        for (ContainerStatus s : statuses) {
            byName.put(s.getName(), s);
        }
        List<ContainerInfo> result = new ArrayList<>(Math.max(spec.size(), statuses.size()));
        if (spec.isEmpty()) {
            for (ContainerStatus s : statuses) {
                result.add(container(s.getName(), orEmpty(s.getImage()), null, s));
            }
            return result;
        }
        for (Container c : spec) {
            result.add(container(c.getName(), orEmpty(c.getImage()), c.getResources(), byName.get(c.getName())));
        }
        return result;
    }

    private static ContainerInfo container(String name, String image, ResourceRequirements resources,
                                           ContainerStatus status) {
        Resources requests = resources == null ? Resources.NONE : Quantities.resources(resources.getRequests());
        Resources limits = resources == null ? Resources.NONE : Quantities.resources(resources.getLimits());
        if (status == null) {
            return new ContainerInfo(orEmpty(name), image, requests, limits, false, 0, "", "", "", "");
        }
        String state = "";
        String reason = "";
        String message = "";
        ContainerState s = status.getState();
        if (s != null) {
            if (s.getRunning() != null) {
                state = "running";
            } else if (s.getWaiting() != null) {
                state = "waiting";
                reason = orEmpty(s.getWaiting().getReason());
                message = orEmpty(s.getWaiting().getMessage());
            } else if (s.getTerminated() != null) {
                state = "terminated";
                reason = orEmpty(s.getTerminated().getReason());
                message = orEmpty(s.getTerminated().getMessage());
            }
        }
        ContainerState last = status.getLastState();
        String lastReason = last == null || last.getTerminated() == null ? ""
                : orEmpty(last.getTerminated().getReason());
        return new ContainerInfo(orEmpty(name), image, requests, limits, Boolean.TRUE.equals(status.getReady()),
                orZero(status.getRestartCount()), state, reason, message, lastReason);
    }

    private static List<ConditionInfo> conditions(List<PodCondition> conditions) {
        List<ConditionInfo> result = new ArrayList<>(conditions.size());
        for (PodCondition c : conditions) {
            result.add(new ConditionInfo(orEmpty(c.getType()), orEmpty(c.getStatus()), orEmpty(c.getReason()),
                    orEmpty(c.getMessage()), parseTime(c.getLastTransitionTime())));
        }
        return result;
    }

    /** Claims the pod's volumes mount, including the claims Kubernetes creates for ephemeral volumes. */
    private static List<String> claims(Pod p) {
        if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
            return List.of();
        }
        List<String> claims = new ArrayList<>();
        for (Volume v : p.getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                claims.add(v.getPersistentVolumeClaim().getClaimName());
            } else if (v.getEphemeral() != null) {
                claims.add(p.getMetadata().getName() + "-" + v.getName());
            }
        }
        return claims;
    }

    private static String schedulingMessage(List<PodCondition> conditions) {
        for (PodCondition c : conditions) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                String message = orEmpty(c.getMessage());
                return message.isBlank() ? orEmpty(c.getReason()) : message;
            }
        }
        return "";
    }

    private static String owner(Pod p) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return "";
        }
        OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(refs.get(0));
        if ("ReplicaSet".equals(ref.getKind())) {
            // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>.
            Map<String, String> labels = p.getMetadata().getLabels();
            String hash = labels == null ? null : labels.get("pod-template-hash");
            if (hash != null && ref.getName().endsWith("-" + hash)) {
                return ref.getName().substring(0, ref.getName().length() - hash.length() - 1);
            }
        }
        return orEmpty(ref.getName());
    }

    // ---- nodes --------------------------------------------------------------------------------------------------

    static NodeInfo node(Node n) {
        NodeCondition readyCondition = null;
        if (n.getStatus() != null && n.getStatus().getConditions() != null) {
            for (NodeCondition c : n.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    readyCondition = c;
                }
            }
        }
        boolean ready = readyCondition != null && "True".equals(readyCondition.getStatus());
        boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
        Map<String, String> labels = labels(n.getMetadata());
        String zone = labels.getOrDefault(ZONE_LABEL, labels.getOrDefault(LEGACY_ZONE_LABEL, ""));
        Resources allocatable = n.getStatus() == null ? Resources.NONE
                : Quantities.resources(n.getStatus().getAllocatable());
        return new NodeInfo(n.getMetadata().getName(), ready, cordoned, zone, allocatable,
                ready ? "" : readyMessage(readyCondition), labels);
    }

    private static String readyMessage(NodeCondition c) {
        if (c == null) {
            return "The node reports no Ready condition.";
        }
        String reason = orEmpty(c.getReason());
        String message = orEmpty(c.getMessage());
        if (reason.isEmpty()) {
            return message.isEmpty() ? "Ready is " + orEmpty(c.getStatus()) : message;
        }
        return message.isEmpty() ? reason : reason + ": " + message;
    }

    // ---- workloads ----------------------------------------------------------------------------------------------

    static WorkloadInfo statefulSet(StatefulSet s, boolean stack) {
        var spec = s.getSpec();
        var st = s.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        return new WorkloadInfo("StatefulSet", s.getMetadata().getName(), desired,
                st == null ? 0 : orZero(st.getCurrentReplicas() != null ? st.getCurrentReplicas() : st.getReplicas()),
                st == null ? 0 : orZero(st.getReadyReplicas()),
                st == null ? 0 : orZero(st.getUpdatedReplicas()),
                stack, true, orEmpty(s.getMetadata().getNamespace()),
                images(spec == null ? null : spec.getTemplate()), matchLabels(spec == null ? null : spec
                        .getSelector()));
    }

    static WorkloadInfo deployment(Deployment d, boolean stack) {
        var spec = d.getSpec();
        var st = d.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        return new WorkloadInfo("Deployment", d.getMetadata().getName(), desired,
                st == null ? 0 : orZero(st.getReplicas()),
                st == null ? 0 : orZero(st.getReadyReplicas()),
                st == null ? 0 : orZero(st.getUpdatedReplicas()),
                stack, true, orEmpty(d.getMetadata().getNamespace()),
                images(spec == null ? null : spec.getTemplate()), matchLabels(spec == null ? null : spec
                        .getSelector()));
    }

    static WorkloadInfo daemonSet(DaemonSet d) {
        var spec = d.getSpec();
        var st = d.getStatus();
        return new WorkloadInfo("DaemonSet", d.getMetadata().getName(),
                st == null ? 0 : orZero(st.getDesiredNumberScheduled()),
                st == null ? 0 : orZero(st.getCurrentNumberScheduled()),
                st == null ? 0 : orZero(st.getNumberReady()),
                st == null ? 0 : orZero(st.getUpdatedNumberScheduled()),
                false, true, orEmpty(d.getMetadata().getNamespace()),
                images(spec == null ? null : spec.getTemplate()), matchLabels(spec == null ? null : spec
                        .getSelector()));
    }

    private static List<String> images(PodTemplateSpec template) {
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null) {
            return List.of();
        }
        List<String> images = new ArrayList<>();
        for (Container c : template.getSpec().getContainers()) {
            images.add(orEmpty(c.getImage()));
        }
        return images;
    }

    private static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : withoutNulls(selector
                .getMatchLabels());
    }

    // ---- PDBs, PVCs, events -------------------------------------------------------------------------------------

    static PdbInfo pdb(PodDisruptionBudget pdb) {
        var spec = pdb.getSpec();
        var st = pdb.getStatus();
        return new PdbInfo(orEmpty(pdb.getMetadata().getNamespace()), pdb.getMetadata().getName(),
                matchLabels(spec == null ? null : spec.getSelector()),
                intOrString(spec == null ? null : spec.getMinAvailable()),
                intOrString(spec == null ? null : spec.getMaxUnavailable()),
                st == null ? 0 : orZero(st.getCurrentHealthy()),
                st == null ? 0 : orZero(st.getDesiredHealthy()),
                st == null ? 0 : orZero(st.getDisruptionsAllowed()),
                st == null ? 0 : orZero(st.getExpectedPods()));
    }

    static PvcInfo pvc(PersistentVolumeClaim pvc) {
        var spec = pvc.getSpec();
        var st = pvc.getStatus();
        String phase = st == null || st.getPhase() == null ? "Pending" : st.getPhase();
        Quantity capacity = st == null || st.getCapacity() == null ? null : st.getCapacity().get("storage");
        if (capacity == null && spec != null && spec.getResources() != null
                && spec.getResources().getRequests() != null) {
            capacity = spec.getResources().getRequests().get("storage");
        }
        return new PvcInfo(orEmpty(pvc.getMetadata().getNamespace()), pvc.getMetadata().getName(), phase,
                capacity == null ? "" : Quantities.text(capacity),
                spec == null ? "" : orEmpty(spec.getStorageClassName()));
    }

    static EventInfo event(Event e) {
        var involved = e.getInvolvedObject();
        String namespace = involved != null && involved.getNamespace() != null && !involved.getNamespace().isEmpty()
                ? involved.getNamespace() : orEmpty(e.getMetadata().getNamespace());
        int count = e.getCount() != null ? e.getCount()
                : e.getSeries() != null && e.getSeries().getCount() != null ? e.getSeries().getCount() : 1;
        return new EventInfo(namespace, involved == null ? "" : orEmpty(involved.getKind()),
                involved == null ? "" : orEmpty(involved.getName()), orEmpty(e.getType()), orEmpty(e.getReason()),
                orEmpty(e.getMessage()), count, lastSeen(e));
    }

    /** When an event last happened: its series, last timestamp, event time, first timestamp or creation. */
    static Instant lastSeen(Event e) {
        Instant t = null;
        if (e.getSeries() != null) {
            t = microTime(e.getSeries().getLastObservedTime());
        }
        if (t == null) {
            t = parseTime(e.getLastTimestamp());
        }
        if (t == null) {
            t = microTime(e.getEventTime());
        }
        if (t == null) {
            t = parseTime(e.getFirstTimestamp());
        }
        if (t == null && e.getMetadata() != null) {
            t = parseTime(e.getMetadata().getCreationTimestamp());
        }
        return t;
    }

    private static Instant microTime(MicroTime time) {
        return time == null ? null : parseTime(time.getTime());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String intOrString(IntOrString value) {
        if (value == null) {
            return "";
        }
        if (value.getIntVal() != null) {
            return String.valueOf(value.getIntVal());
        }
        return orEmpty(value.getStrVal());
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : withoutNulls(meta.getLabels());
    }

    /** Map.copyOf refuses null values, which a hand-written object may carry. */
    private static Map<String, String> withoutNulls(Map<String, String> map) {
        if (!map.containsValue(null) && !map.containsKey(null)) {
            return map;
        }
        Map<String, String> copy = new HashMap<>();
        map.forEach((k, v) -> {
            if (k != null) {
                copy.put(k, v == null ? "" : v);
            }
        });
        return copy;
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** RFC 3339 times as the API server writes them (UTC "Z" or with an offset); null when absent or unreadable. */
    static Instant parseTime(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}

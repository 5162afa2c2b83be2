package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.ConditionInfo;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.EventInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.topology.NodeLane;
import io.neurectomy.console.core.topology.Topology;
import io.neurectomy.console.core.topology.WorkloadStrip;
import io.neurectomy.console.core.util.AgeFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a {@link Topology} into the rows the view shows: lanes of pod chips (filtered by the search), workload
 * cards and the pod detail. Pure functions of their arguments, run off the FX thread.
 */
final class TopologyRows {
    /** Statuses that mean the pod is broken rather than on its way. */
    private static final Set<String> BROKEN = Set.of("CrashLoopBackOff", "OOMKilled", "ImagePullBackOff",
            "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError",
            "RunContainerError", "StartError", "Error", "Failed", "Evicted", "NodeLost", "Unknown",
            "ContainerStatusUnknown", "NodeAffinity", "OutOfcpu", "OutOfmemory");
    private static final int MAX_EVENTS = 6;

    private TopologyRows() {
    }

    /**
     * What a search text selects: {@code key=value} matches that label (the value ignoring case; {@code key=} any
     * value); other text matches, ignoring case, a part of the pod's name, workload, status, or of one of its
     * labels written {@code key=value}.
     */
    static Predicate<PodInfo> matcher(String search) {
        String text = search == null ? "" : search.strip();
        if (text.isEmpty()) {
            return p -> true;
        }
        int eq = text.indexOf('=');
        if (eq > 0) {
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            return p -> {
                String v = p.labels().get(key);
                return v != null && (value.isEmpty() || v.equalsIgnoreCase(value));
            };
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return p -> contains(p.name(), needle) || contains(p.workload(), needle) || contains(p.status(), needle)
                || p.labels().entrySet().stream().anyMatch(e -> contains(e.getKey() + "=" + e.getValue(), needle));
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** PVCs by {@code namespace/name}. */
    static Map<String, PvcInfo> pvcIndex(List<PvcInfo> pvcs) {
        Map<String, PvcInfo> index = new HashMap<>(pvcs.size() * 2);
        for (PvcInfo pvc : pvcs) {
            index.put(pvc.namespace() + "/" + pvc.name(), pvc);
        }
        return index;
    }

    /**
     * The lanes: one per node in the topology's order, then the unscheduled pods. With a search, a lane whose node
     * name matches shows all its pods, others show only matching pods, and lanes without a match are left out;
     * the unscheduled lane is always there without a search.
     */
    static List<LaneRow> lanes(Topology topology, String search, Map<String, PvcInfo> pvcs, Instant now) {
        String text = search == null ? "" : search.strip();
        Predicate<PodInfo> match = matcher(text);
        String lowerText = text.toLowerCase(Locale.ROOT);
        List<LaneRow> rows = new ArrayList<>(topology.lanes().size() + 1);
        for (NodeLane lane : topology.lanes()) {
            boolean nodeMatches = text.isEmpty() || text.indexOf('=') < 0 && contains(lane.node().name(), lowerText);
            LaneRow row = lane(lane, nodeMatches ? p -> true : match, pvcs, now);
            if (nodeMatches || !row.pods().isEmpty()) {
                rows.add(row);
            }
        }
        LaneRow unscheduled = unscheduledLane(topology.unscheduled(), match, pvcs, now);
        if (text.isEmpty() || !unscheduled.pods().isEmpty()) {
            rows.add(unscheduled);
        }
        return rows;
    }

    /** One node's lane, showing the pods that {@code show} accepts. */
    static LaneRow lane(NodeLane lane, Predicate<PodInfo> show, Map<String, PvcInfo> pvcs, Instant now) {
        List<PodChip> chips = new ArrayList<>(lane.pods().size());
        for (PodInfo pod : lane.pods()) {
            if (show.test(pod)) {
                chips.add(chip(pod, pvcs, now));
            }
        }
        var node = lane.node();
        return new LaneRow(node.name(), node.name(), false, node.ready(), node.unschedulable(), node.zone(),
                node.readyMessage(), node.allocatable(), lane.stackRequests(), lane.podRequests(), chips,
                lane.pods().size() - chips.size());
    }

    private static LaneRow unscheduledLane(List<PodInfo> pods, Predicate<PodInfo> show, Map<String, PvcInfo> pvcs,
                                           Instant now) {
        List<PodChip> chips = new ArrayList<>();
        Resources stack = Resources.NONE;
        Resources all = Resources.NONE;
        for (PodInfo pod : pods) {
            Resources r = Topology.requests(pod);
            all = all.plus(r);
            if (StackComponent.ofWorkload(pod.workload()).isPresent()) {
                stack = stack.plus(r);
            }
            if (show.test(pod)) {
                chips.add(chip(pod, pvcs, now));
            }
        }
        return new LaneRow(LaneRow.UNSCHEDULED_KEY, "", true, true, false, "", "", Resources.NONE, stack, all,
                chips, pods.size() - chips.size());
    }

    /** A pod's chip. */
    static PodChip chip(PodInfo pod, Map<String, PvcInfo> pvcs, Instant now) {
        String status = pod.status();
        if ("CrashLoopBackOff".equals(status)) {
            String last = pod.containerDetails().stream().map(ContainerInfo::lastTerminationReason)
                    .filter(r -> !r.isEmpty() && !"Completed".equals(r)).findFirst().orElse("");
            if (!last.isEmpty()) {
                status = status + " (" + last + ")";
            }
        }
        String detail = pod.schedulingMessage();
        if (detail.isEmpty()) {
            detail = pod.containerDetails().stream().filter(c -> !c.message().isEmpty())
                    .map(c -> c.name() + ": " + c.message()).findFirst().orElse("");
        }
        String storage = "";
        Health storageHealth = Health.NEUTRAL;
        if (!pod.claims().isEmpty()) {
            int bound = 0;
            String worst = "";
            for (String claim : pod.claims()) {
                PvcInfo pvc = pvcs.get(pod.namespace() + "/" + claim);
                String phase = pvc == null ? "not found" : pvc.phase();
                if ("Bound".equals(phase)) {
                    bound++;
                } else if (worst.isEmpty() || "Lost".equals(phase)) {
                    worst = phase;
                }
            }
            String noun = pod.claims().size() == 1 ? "PVC" : pod.claims().size() + " PVCs";
            if (worst.isEmpty()) {
                storage = noun + " Bound";
                storageHealth = Health.OK;
            } else {
                storage = pod.claims().size() == 1 ? "PVC " + worst : bound + "/" + pod.claims().size() + " PVCs Bound";
                storageHealth = "Lost".equals(worst) ? Health.ERROR : Health.WARNING;
            }
        }
        return new PodChip(pod.key(), pod.name(), pod.workload(), StackComponent.ofWorkload(pod.workload()), status,
                detail,
                health(pod), pod.readyContainers() + "/" + pod.containers(), pod.restarts(),
                AgeFormat.age(pod.created(), now), storage, storageHealth);
    }

    /** Green when running and ready (or done), red when broken, yellow while on its way. */
    static Health health(PodInfo pod) {
        String status = pod.status();
        if (BROKEN.contains(status)) {
            return Health.ERROR;
        }
        if ("Succeeded".equals(status) || "Completed".equals(status) || "Running".equals(status) && pod.ready()) {
            return Health.OK;
        }
        return Health.WARNING;
    }

    /** The workload strip's cards. */
    static List<StripRow> strips(Topology topology) {
        List<StripRow> rows = new ArrayList<>(topology.strips().size());
        for (WorkloadStrip strip : topology.strips()) {
            rows.add(strip(strip));
        }
        return rows;
    }

    static StripRow strip(WorkloadStrip strip) {
        WorkloadInfo w = strip.workload();
        String key = w.namespace().isEmpty() ? w.name() : w.namespace() + "/" + w.name();
        List<String> images = strip.podImages().isEmpty() ? w.images() : strip.podImages();
        String pdb = "no PDB";
        boolean blocks = false;
        if (strip.pdb().isPresent()) {
            PdbInfo p = strip.pdb().get();
            String rule = !p.minAvailable().isEmpty() ? "minAvailable " + p.minAvailable()
                    : !p.maxUnavailable().isEmpty() ? "maxUnavailable " + p.maxUnavailable() : p.name();
            pdb = "PDB " + rule + " · " + p.disruptionsAllowed()
                    + (p.disruptionsAllowed() == 1 ? " disruption allowed" : " disruptions allowed");
            blocks = p.disruptionsAllowed() <= 0;
        }
        Health health;
        if (!w.present()) {
            health = Health.NEUTRAL;
        } else if (w.ready() >= w.desired()) {
            health = Health.OK;
        } else {
            health = w.ready() == 0 ? Health.ERROR : Health.WARNING;
        }
        return new StripRow(key, w.name(), w.kind(), strip.component(), w.present(), w.desired(), w.current(),
                w.ready(), w.updated(), images, strip.mixedVersions(), pdb, blocks, health);
    }

    /** The pod panel's content. */
    static PodDetail detail(PodInfo pod, StackSnapshot snapshot, Map<String, PvcInfo> pvcs, Instant now) {
        Optional<StackComponent> component = StackComponent.ofWorkload(pod.workload());
        List<PodDetail.ContainerRow> containers = new ArrayList<>();
        for (ContainerInfo c : pod.containerDetails()) {
            containers.add(container(c, component, pod.containerDetails().size()));
        }
        List<PodDetail.ConditionRow> conditions = new ArrayList<>();
        for (ConditionInfo c : pod.conditions()) {
            String reason = c.reason().isEmpty() ? c.message()
                    : c.message().isEmpty() ? c.reason() : c.reason() + ": " + c.message();
            // A DisruptionTarget condition that is True means the pod is about to go: the only "bad True".
            boolean healthy = "DisruptionTarget".equals(c.type()) != "True".equals(c.status());
            conditions.add(new PodDetail.ConditionRow(c.type(), c.status(), reason, healthy));
        }
        List<PodDetail.ClaimRow> claims = new ArrayList<>();
        for (String claim : pod.claims()) {
            PvcInfo pvc = pvcs.get(pod.namespace() + "/" + claim);
            if (pvc == null) {
                claims.add(new PodDetail.ClaimRow(claim, "not found", "", Health.WARNING));
            } else {
                String capacity = pvc.capacity() + (pvc.storageClass().isEmpty() ? "" : " · " + pvc.storageClass());
                Health h = "Bound".equals(pvc.phase()) ? Health.OK
                        : "Lost".equals(pvc.phase()) ? Health.ERROR : Health.WARNING;
                claims.add(new PodDetail.ClaimRow(claim, pvc.phase(), capacity, h));
            }
        }
        List<PodDetail.EventRow> events = new ArrayList<>();
        for (EventInfo e : snapshot.events()) {
            if (events.size() == MAX_EVENTS) {
                break;
            }
            if ("Pod".equals(e.involvedKind()) && pod.name().equals(e.involvedName())
                    && (e.namespace().isEmpty() || pod.namespace().isEmpty()
                    || e.namespace().equals(pod.namespace()))) {
                events.add(new PodDetail.EventRow("Warning".equals(e.type()), e.reason(),
                        e.message() + (e.count() > 1 ? " (×" + e.count() + ")" : ""),
                        AgeFormat.age(e.lastSeen(), now)));
            }
        }
        PodChip chip = chip(pod, pvcs, now);
        return new PodDetail(pod.key(), pod.name(), pod.namespace(), pod.node(), pod.workload(), component,
                chip.status(),
                chip.health(), chip.ready(), pod.restarts(), chip.age(), pod.schedulingMessage(), containers,
                conditions,                claims, events, false);
    }

    private static PodDetail.ContainerRow container(ContainerInfo c, Optional<StackComponent> component,
                                                    int containerCount) {
        StringBuilder state = new StringBuilder(c.state().isEmpty() ? "state unknown" : c.state());
        if (!c.reason().isEmpty()) {
            state.append(": ").append(c.reason());
        }
        state.append(c.ready() ? ", ready" : ", not ready");
        if (c.restarts() > 0) {
            state.append(", ").append(c.restarts()).append(c.restarts() == 1 ? " restart" : " restarts");
        }
        if (!c.lastTerminationReason().isEmpty()) {
            state.append(", last ended: ").append(c.lastTerminationReason());
        }
        Health health = BROKEN.contains(c.reason()) || "OOMKilled".equals(c.lastTerminationReason()) ? Health.ERROR
                : c.ready() ? Health.OK : Health.WARNING;
        String seed = "";
        boolean differs = false;
        // The guide's table is per component: it describes the component's own container (named like it).
        boolean main = containerCount == 1
                || component.filter(s -> c.name().equalsIgnoreCase(s.container())).isPresent();
        if (main && component.isPresent()) {
            StackComponent.Defaults d = component.get().defaults();
            seed = "requests " + ResourceText.both(d.requests()) + " · limits " + ResourceText.both(d.limits());
            differs = !d.requests().equals(c.requests()) || !d.limits().equals(c.limits());
        }
        return new PodDetail.ContainerRow(c.name(), c.image(), state.toString(), health,
                ResourceText.both(c.requests()), ResourceText.both(c.limits()), seed, differs);
    }
}

package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Why a pod is not serving, in words for the on-call engineer: the cause, a sentence saying why, and a sentence
 * saying what to do.
 *
 * @param cause what keeps it from serving
 * @param why   a sentence naming the pod and the reason
 * @param fix   a sentence saying what to do about it
 */
record PodTrouble(Cause cause, String why, String fix) {

    /** What keeps a pod from serving, roughly in the order a person would look. */
    enum Cause {
        /** Not placed on a node. */
        UNSCHEDULED("pod-pending"),
        /** On a node that is NotReady. */
        NODE_NOT_READY("pod-not-ready"),
        /** A container was killed for using more memory than its limit. */
        OOM_KILLED("pod-oom-killed"),
        /** A container keeps exiting and is restarted with a growing delay. */
        CRASH_LOOP("pod-crashloop"),
        /** Its image cannot be pulled. */
        IMAGE_PULL("pod-image-pull"),
        /** Running (or starting) but not ready: a readiness probe fails, or it is still starting. */
        NOT_READY("pod-not-ready");

        /** The finding code for a pod with this cause. */
        final String code;

        Cause(String code) {
            this.code = code;
        }
    }

    private static final Set<String> IMAGE_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull");

    /** Why a pod that is not ready is not ready. */
    static PodTrouble of(PodInfo pod, NodeInfo node, String name) {
        if (pod.node().isEmpty()) {
            return unscheduled(pod, name);
        }
        if (!node.ready()) {
            String detail = node.readyMessage().isEmpty() ? "" : " (" + trimStop(node.readyMessage()) + ")";
            return new PodTrouble(Cause.NODE_NOT_READY,
                    "Pod " + name + " is on node " + node.name() + ", which is NotReady" + detail + ".",
                    "Bring node " + node.name() + " back; if it stays down, delete the pod so that its controller "
                            + "recreates it on another node.");
        }
        Optional<ContainerInfo> oom = pod.containerDetails().stream()
                .filter(c -> !c.ready() && ("OOMKilled".equals(c.reason()) || "OOMKilled".equals(c
                        .lastTerminationReason())))
                .findFirst();
        if (oom.isPresent() || "OOMKilled".equals(pod.status())) {
            String container = oom.map(c -> "Container " + c.name() + " of pod ").orElse("Pod ");
            return new PodTrouble(Cause.OOM_KILLED,
                    container + name + " was killed for running out of memory (OOMKilled)"
                            + restarts(pod) + ".",
                    "Raise its memory limit, or lower its load (fewer series, shorter retention, lighter queries).");
        }
        Optional<ContainerInfo> crash = waitingWith(pod, "CrashLoopBackOff");
        if (crash.isPresent() || "CrashLoopBackOff".equals(pod.status())) {
            String container = crash.map(c -> "Container " + c.name() + " of pod ").orElse("Pod ");
            String last = crash.map(ContainerInfo::lastTerminationReason).filter(r -> !r.isEmpty())
                    .map(r -> ", last exit: " + r).orElse("");
            return new PodTrouble(Cause.CRASH_LOOP,
                    container + name + " keeps crashing (CrashLoopBackOff" + last + ")"
                            + restarts(pod) + ".",
                    "Read the logs of its previous run: a bad configuration, a full or corrupt volume, or a "
                            + "missing secret are the usual causes.");
        }
        Optional<ContainerInfo> image = pod.containerDetails().stream()
                .filter(c -> IMAGE_REASONS.contains(c.reason())).findFirst();
        if (image.isPresent() || IMAGE_REASONS.contains(pod.status())) {
            String which = image.map(c -> " " + c.image()).orElse("");
            String reason = image.map(ContainerInfo::reason).orElse(pod.status());
            return new PodTrouble(Cause.IMAGE_PULL,
                    "Pod " + name + " cannot pull its image" + which + " (" + reason + ").",
                    "Check the image name and tag, and that the node can reach the registry with the right pull "
                            + "secret.");
        }
        Optional<ContainerInfo> waiting = pod.containerDetails().stream()
                .filter(c -> !c.ready() && !c.reason().isEmpty()).findFirst();
        String state = waiting.map(c -> "container " + c.name() + " is " + c.state() + ": " + c.reason()
                        + (c.message().isEmpty() ? "" : " (" + trimStop(c.message()) + ")"))
                .orElse("status " + pod.status() + ", " + pod.readyContainers() + " of " + pod.containers()
                        + " containers ready");
        return new PodTrouble(Cause.NOT_READY,
                "Pod " + name + " is not ready (" + state + ").",
                "Open the pod: if it is still starting (a long WAL replay, for Prometheus) wait; otherwise its "
                        + "readiness probe fails, and its logs and events say why.");
    }

    private static PodTrouble unscheduled(PodInfo pod, String name) {
        String message = pod.schedulingMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        String why = message.isEmpty()
                ? "Pod " + name + " is not scheduled on any node yet."
                : "Pod " + name + " cannot be scheduled: " + trimStop(message) + ".";
        String fix;
        if (lower.contains("insufficient")) {
            fix = "Free capacity (or add a node), or lower the pod's requests.";
        } else if (lower.contains("anti-affinity")) {
            fix = "Every node that fits already runs a replica: add a node, or uncordon one.";
        } else if (lower.contains("volume node affinity") || lower.contains("persistentvolumeclaim")) {
            fix = "Its volume ties it to a zone or node that cannot take it: bring that node back, or check the "
                    + "volume claim and its storage class.";
        } else if (lower.contains("taint")) {
            fix = "The free nodes carry taints it does not tolerate: remove the taint or add a toleration.";
        } else if (lower.contains("unschedulable")) {
            fix = "The nodes it could use are cordoned: uncordon one, or add a node.";
        } else {
            fix = "Look at the pod's events for the scheduler's reason, and free or add a node that fits it.";
        }
        return new PodTrouble(Cause.UNSCHEDULED, why, fix);
    }

    /** The container that last ended with OOMKilled, if any (also for a pod that is ready again). */
    static Optional<ContainerInfo> oomKilled(PodInfo pod) {
        for (ContainerInfo c : pod.containerDetails()) {
            if ("OOMKilled".equals(c.reason()) || "OOMKilled".equals(c.lastTerminationReason())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static Optional<ContainerInfo> waitingWith(PodInfo pod, String reason) {
        return pod.containerDetails().stream().filter(c -> reason.equals(c.reason())).findFirst();
    }

    private static String restarts(PodInfo pod) {
        return pod.restarts() == 1 ? ", restarted once" : pod.restarts() > 1 ? ", restarted " + pod.restarts()
                + " times" : "";
    }

    static String trimStop(String s) {
        String t = s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}

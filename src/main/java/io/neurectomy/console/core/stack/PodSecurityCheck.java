package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The pod-security check: the "restricted" Pod Security Standard that the namespace's Pod Security Admission labels
 * enforce; a pod that fails it is refused by the API server.
 */
final class PodSecurityCheck {
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** A volume's source by its name in the pod spec, looked for in this order; one that is set names the type. */
    private static final List<Map.Entry<String, Function<Volume, Object>>> VOLUME_TYPES = List.of(
            Map.entry("configMap", Volume::getConfigMap),
            Map.entry("secret", Volume::getSecret),
            Map.entry("emptyDir", Volume::getEmptyDir),
            Map.entry("persistentVolumeClaim", Volume::getPersistentVolumeClaim),
            Map.entry("projected", Volume::getProjected),
            Map.entry("downwardAPI", Volume::getDownwardAPI),
            Map.entry("csi", Volume::getCsi),
            Map.entry("ephemeral", Volume::getEphemeral),
            Map.entry("hostPath", Volume::getHostPath),
            Map.entry("nfs", Volume::getNfs));

    private PodSecurityCheck() {
    }

    static void run(RenderedStack stack, StackChecks.Findings findings) {
        for (Workload w : Workload.of(stack)) {
            List<String> violations = violations(w.podSpec());
            for (String v : violations) {
                findings.error(w.object(), v + " The namespace enforces the restricted Pod Security Standard, so "
                        + "the API server refuses these pods.");
            }
        }
    }

    static List<String> violations(PodSpec pod) {
        List<String> out = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            out.add("The pod shares the host's network, PID or IPC namespace; remove hostNetwork/hostPID/hostIPC.");
        }
        for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            String type = volumeType(v);
            if (type != null && !ALLOWED_VOLUMES.contains(type)) {
                out.add("Volume " + v.getName() + " is of type " + type + "; only " + ALLOWED_VOLUMES + " are "
                        + "allowed.");
            }
        }
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSecurityContext();
        List<Container> containers = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        if (pod.getContainers() != null) {
            containers.addAll(pod.getContainers());
        }
        for (Container c : containers) {
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            String who = "Container " + c.getName() + ":";
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                out.add(who + " privileged: true; remove it.");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                out.add(who + " allowPrivilegeEscalation must be false; set securityContext.allowPrivilegeEscalation:"
                        + " false.");
            }
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                out.add(who + " runAsNonRoot is not true; set runAsNonRoot: true (pod or container).");
            }
            Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
            if (user != null && user == 0) {
                out.add(who + " runs as user 0; use a non-root UID (e.g. 65534).");
            }
            SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile()
                    : podContext.getSeccompProfile();
            if (seccomp == null || !("RuntimeDefault".equals(seccomp.getType())
                    || "Localhost".equals(seccomp.getType()))) {
                out.add(who + " seccompProfile must be RuntimeDefault or Localhost; set securityContext."
                        + "seccompProfile.type: RuntimeDefault on the pod.");
            }
            var caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                out.add(who + " capabilities must drop ALL; set capabilities.drop: [ALL].");
            }
            if (caps != null && caps.getAdd() != null && caps.getAdd().stream()
                    .anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
                out.add(who + " adds capabilities " + caps.getAdd() + "; only NET_BIND_SERVICE is allowed.");
            }
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    out.add(who + " uses hostPort " + p.getHostPort() + "; remove it.");
                }
            }
        }
        return out;
    }

    private static String volumeType(Volume v) {
        return VOLUME_TYPES.stream().filter(t -> t.getValue().apply(v) != null).map(Map.Entry::getKey).findFirst()
                .orElse("an unlisted type");
    }
}

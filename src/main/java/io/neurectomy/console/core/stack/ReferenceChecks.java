package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The references check: what pods, bindings and Ingresses name must exist in the stack. */
final class ReferenceChecks {
    private static final String AUTH_SECRET = "nginx.ingress.kubernetes.io/auth-secret";

    private ReferenceChecks() {
    }

    static void run(RenderedStack stack, StackChecks.Findings findings) {
        for (Workload w : Workload.of(stack)) {
            String sa = w.podSpec().getServiceAccountName();
            if (sa != null && stack.find("ServiceAccount", sa).isEmpty()) {
                findings.error(w.object(), "runs as service account " + sa + ", which the stack does not define; "
                        + "its pods would not be created. Define the ServiceAccount or fix the name.");
            }
            Set<String> volumes = new HashSet<>();
            for (Volume v : w.podSpec().getVolumes() == null ? List.<Volume>of() : w.podSpec().getVolumes()) {
                volumes.add(v.getName());
                if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())
                        && stack.find("ConfigMap", v.getConfigMap().getName()).isEmpty()) {
                    findings.error(w.object(), "volume " + v.getName() + " mounts ConfigMap "
                            + v.getConfigMap().getName() + ", which the stack does not define; the pods would not "
                            + "start. Define it or fix the name.");
                }
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
                        && stack.find("Secret", v.getSecret().getSecretName()).isEmpty()) {
                    findings.error(w.object(), "volume " + v.getName() + " mounts Secret "
                            + v.getSecret().getSecretName() + ", which the stack does not define; the pods would not "
                            + "start. Define it or fix the name.");
                }
            }
            for (PersistentVolumeClaim claim : w.claimTemplates()) {
                volumes.add(claim.getMetadata().getName());
            }
            for (Container c : w.containers()) {
                for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                    if (!volumes.contains(m.getName())) {
                        findings.error(w.object(), "container " + c.getName() + " mounts volume " + m.getName()
                                + ", which is neither a volume nor a volumeClaimTemplate of the pod; add it or fix "
                                + "the name.");
                    }
                }
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var secretRef = e.getValueFrom().getSecretKeyRef();
                    if (secretRef != null && !Boolean.TRUE.equals(secretRef.getOptional())) {
                        if (stack.secretData(secretRef.getName(), secretRef.getKey()).isEmpty()) {
                            findings.error(w.object(), "container " + c.getName() + " reads " + e.getName()
                                    + " from key " + secretRef.getKey() + " of Secret " + secretRef.getName()
                                    + ", which the stack does not define; the container would not start.");
                        }
                    }
                    var configRef = e.getValueFrom().getConfigMapKeyRef();
                    if (configRef != null && !Boolean.TRUE.equals(configRef.getOptional())
                            && stack.configMapData(configRef.getName(), configRef.getKey()).isEmpty()) {
                        findings.error(w.object(), "container " + c.getName() + " reads " + e.getName()
                                + " from key " + configRef.getKey() + " of ConfigMap " + configRef.getName()
                                + ", which the stack does not define; the container would not start.");
                    }
                }
            }
            if (w.object().kind().equals("StatefulSet")) {
                Optional<StackObject> governing = w.serviceName() == null ? Optional.empty()
                        : stack.find("Service", w.serviceName());
                if (governing.isEmpty()) {
                    findings.error(w.object(), "serviceName " + w.serviceName() + " names no Service of the stack; "
                            + "its pods get no stable DNS names (pod.service). Name its headless Service.");
                } else if (!"None".equals(((Service) governing.get().resource()).getSpec().getClusterIP())) {
                    findings.error(w.object(), "serviceName " + w.serviceName() + " is not headless (clusterIP: "
                            + "None), so its pods get no per-pod DNS names; govern it with a headless Service.");
                }
            }
        }
        for (StackObject o : stack.objectsOf(ClusterRoleBinding.class)) {
            ClusterRoleBinding binding = (ClusterRoleBinding) o.resource();
            if ("ClusterRole".equals(binding.getRoleRef().getKind())
                    && stack.find("ClusterRole", binding.getRoleRef().getName()).isEmpty()) {
                findings.error(o, "binds ClusterRole " + binding.getRoleRef().getName() + ", which the stack does not "
                        + "define; the subjects get no permissions. Fix roleRef.name.");
            }
            for (Subject s : binding.getSubjects() == null ? List.<Subject>of() : binding.getSubjects()) {
                if ("ServiceAccount".equals(s.getKind()) && (stack.find("ServiceAccount", s.getName()).isEmpty()
                        || !RenderedStack.NAMESPACE.equals(s.getNamespace()))) {
                    findings.error(o, "binds service account " + s.getNamespace() + "/" + s.getName() + ", which is "
                            + "not one of the stack's; fix the subject's name and namespace.");
                }
            }
        }
        for (StackObject o : stack.objectsOf(Ingress.class)) {
            var annotations = o.resource().getMetadata().getAnnotations();
            String authSecret = annotations == null ? null : annotations.get(AUTH_SECRET);
            if (authSecret != null && stack.secretData(authSecret, "auth").isEmpty()) {
                findings.error(o, "basic auth reads Secret " + authSecret + " (key auth), which the stack does not "
                        + "define; ingress-nginx would answer 503. Define it or fix the annotation.");
            }
        }
        // ConfigMaps and Secrets nobody uses are harmless but usually a renamed reference.
        Set<String> used = new HashSet<>();
        for (Workload w : Workload.of(stack)) {
            for (Volume v : w.podSpec().getVolumes() == null ? List.<Volume>of() : w.podSpec().getVolumes()) {
                if (v.getConfigMap() != null) {
                    used.add("ConfigMap/" + v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    used.add("Secret/" + v.getSecret().getSecretName());
                }
            }
            for (Container c : w.containers()) {
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        used.add("Secret/" + e.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        used.add("ConfigMap/" + e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
        }
        for (StackObject o : stack.objectsOf(Ingress.class)) {
            var annotations = o.resource().getMetadata().getAnnotations();
            if (annotations != null && annotations.get(AUTH_SECRET) != null) {
                used.add("Secret/" + annotations.get(AUTH_SECRET));
            }
        }
        for (StackObject o : stack.objects()) {
            if ((o.resource() instanceof ConfigMap || o.resource() instanceof Secret) && !used.contains(o.ref())) {
                findings.warning(o, "no pod or Ingress of the stack uses it; a reference to it was probably renamed.");
            }
        }
    }
}

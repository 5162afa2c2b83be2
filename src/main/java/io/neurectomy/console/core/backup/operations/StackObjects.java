package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.util.BoundedYaml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stack's Kubernetes objects as YAML, without what the server fills in (status, resourceVersion, uid,
 * managedFields, ...), and their re-creation: create when missing, update on the live resourceVersion otherwise.
 *
 * <p>Entry names: {@code objects/<plural>/<name>.yaml} for everything but Secrets, {@code secrets/<name>.yaml} for
 * Secrets (sealed by the archive writer). The values of Secrets never leave this class except into the writer.
 */
public final class StackObjects {
    /** A kind the backup covers: its plural (folder) and its fabric8 class. */
    public record Kind(String plural, Class<? extends HasMetadata> type) {
    }

    /** Every kind backed up, in the order a restore creates them (config before the workloads that mount it). */
    public static final List<Kind> KINDS = List.of(
            new Kind("configmaps", ConfigMap.class),
            new Kind("secrets", Secret.class),
            new Kind("persistentvolumeclaims", PersistentVolumeClaim.class),
            new Kind("services", Service.class),
            new Kind("statefulsets", StatefulSet.class),
            new Kind("deployments", Deployment.class),
            new Kind("poddisruptionbudgets", PodDisruptionBudget.class),
            new Kind("networkpolicies", NetworkPolicy.class),
            new Kind("ingresses", Ingress.class));

    /** One exported object. {@code yaml} holds Secret values for Secrets: never log it. */
    public record Exported(Kind kind, String name, byte[] yaml) {
        public boolean secret() {
            return kind.type() == Secret.class;
        }

        /** Its entry name in the archive. */
        public String entryName() {
            return StackObjects.entryName(kind, name);
        }
    }

    private final KubernetesClient client;
    private final String namespace;

    public StackObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The entry name of an object of {@code kind} named {@code name}. */
    public static String entryName(Kind kind, String name) {
        return kind.type() == Secret.class ? "secrets/" + name + ".yaml" : "objects/" + kind.plural() + "/" + name
                + ".yaml";
    }

    /** The kind and object name of an entry, if it is an object entry. */
    public static Optional<Map.Entry<Kind, String>> parseEntry(String entry) {
        if (!entry.endsWith(".yaml")) {
            return Optional.empty();
        }
        String base = entry.substring(0, entry.length() - ".yaml".length());
        for (Kind k : KINDS) {
            String prefix = k.type() == Secret.class ? "secrets/" : "objects/" + k.plural() + "/";
            if (base.startsWith(prefix) && base.indexOf('/', prefix.length()) < 0) {
                return Optional.of(Map.entry(k, base.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    /**
     * Lists every object of the backed-up kinds in the namespace ({@code secrets}: whether to include Secrets;
     * {@code others}: whether to include the rest), cleaned of server-filled fields.
     */
    public List<Exported> export(boolean others, boolean secrets) {
        List<Exported> out = new ArrayList<>();
        for (Kind kind : KINDS) {
            boolean isSecret = kind.type() == Secret.class;
            if (isSecret ? !secrets : !others) {
                continue;
            }
            List<? extends HasMetadata> items;
            try {
                items = client.resources(kind.type()).inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                throw ClusterErrors.of(e, "list", kind.plural(), namespace, "a backup");
            }
            for (HasMetadata item : items) {
                if (skipped(item)) {
                    continue;
                }
                Map<String, Object> clean = clean(toMap(item));
                out.add(new Exported(kind, item.getMetadata().getName(), toYaml(clean)));
            }
        }
        return out;
    }

    /** Whether the namespace holds any object of the backed-up kinds (the cluster's own left out). */
    public boolean holdsAny() {
        for (Kind kind : KINDS) {
            if (client.resources(kind.type()).inNamespace(namespace).list().getItems().stream()
                    .anyMatch(item -> !skipped(item))) {
                return true;
            }
        }
        return false;
    }

    /** Objects the cluster makes by itself, which a restore must not write back. */
    private static boolean skipped(HasMetadata item) {
        if (item instanceof Secret s && s.getType() != null && (s.getType().equals(
                "kubernetes.io/service-account-token") || s.getType().startsWith("helm.sh/"))) {
            return true;
        }
        return item instanceof ConfigMap && "kube-root-ca.crt".equals(item.getMetadata().getName());
    }

    /** What a restore would do with one archived object. */
    public enum Action {
        CREATE, REPLACE, UNCHANGED, KEEP_IMMUTABLE
    }

    /** What a restore would do with an object, and which fields (paths only, never values) differ. */
    public record Comparison(Action action, List<String> changed) {
    }

    /** Compares an archived object with the live one. */
    public Comparison plan(Kind kind, byte[] yaml) {
        Map<String, Object> archived = clean(fromYaml(yaml));
        HasMetadata live = live(kind, nameOf(archived));
        if (live == null) {
            return new Comparison(Action.CREATE, List.of());
        }
        Map<String, Object> current = clean(toMap(live));
        if (current.equals(archived)) {
            return new Comparison(Action.UNCHANGED, List.of());
        }
        List<String> changed = new ArrayList<>();
        differences(current, archived, "", 3, changed);
        // A bound claim's spec cannot change; recreating it would lose the volume.
        return new Comparison(kind.type() == PersistentVolumeClaim.class ? Action.KEEP_IMMUTABLE : Action.REPLACE,
                changed);
    }

    /** The paths (down to {@code depth} levels) where {@code a} and {@code b} differ. */
    static void differences(Object a, Object b, String path, int depth, List<String> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (depth > 0 && a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            java.util.Set<Object> keys = new java.util.LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object k : keys) {
                differences(ma.get(k), mb.get(k), path.isEmpty() ? k.toString() : path + "." + k, depth - 1, out);
            }
            return;
        }
        out.add(path.isEmpty() ? "(whole object)" : path);
    }

    /** Creates or updates one archived object (on the live resourceVersion); returns what was done. */
    public Action apply(Kind kind, byte[] yaml) {
        Map<String, Object> archived = clean(fromYaml(yaml));
        String name = nameOf(archived);
        HasMetadata live = live(kind, name);
        if (live != null && clean(toMap(live)).equals(archived)) {
            return Action.UNCHANGED;
        }
        if (live != null && kind.type() == PersistentVolumeClaim.class) {
            return Action.KEEP_IMMUTABLE;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) archived.get("metadata");
        metadata.put("namespace", namespace);
        if (live != null) {
            metadata.put("resourceVersion", live.getMetadata().getResourceVersion());
            if (live instanceof Service s && s.getSpec() != null) {
                // clusterIP is immutable and was left out of the archive: keep the live one.
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) archived.computeIfAbsent("spec",
                        k -> new LinkedHashMap<>());
                if (s.getSpec().getClusterIP() != null) {
                    spec.put("clusterIP", s.getSpec().getClusterIP());
                }
                if (s.getSpec().getClusterIPs() != null) {
                    spec.put("clusterIPs", s.getSpec().getClusterIPs());
                }
            }
        }
        HasMetadata object = client.getKubernetesSerialization().convertValue(archived, kind.type());
        String verb = live == null ? "create" : "update";
        try {
            if (live == null) {
                client.resource(object).inNamespace(namespace).create();
                return Action.CREATE;
            }
            client.resource(object).inNamespace(namespace).update();
            return Action.REPLACE;
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, verb, kind.plural(), namespace, "the restore of " + kind.plural() + "/" + name);
        }
    }

    private HasMetadata live(Kind kind, String name) {
        try {
            return client.resources(kind.type()).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "get", kind.plural(), namespace, "a restore");
        }
    }

    @SuppressWarnings("unchecked")
    private static String nameOf(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (name == null) {
            throw new BackupException("An object in the archive has no metadata.name: the archive was edited by"
                    + " hand or is not a console backup.");
        }
        return name.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(HasMetadata item) {
        return client.getKubernetesSerialization().convertValue(item, LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fromYaml(byte[] yaml) {
        String text = new String(yaml, StandardCharsets.UTF_8);
        try {
            BoundedYaml.check(text);
            return client.getKubernetesSerialization().unmarshal(text, LinkedHashMap.class);
        } catch (BoundedYaml.LimitException e) {
            throw new BackupException("An object in the archive is refused: " + e.getMessage()
                    + ". The archive is damaged or not a console backup.", e);
        } catch (RuntimeException e) {
            throw new BackupException("An object in the archive is not valid YAML (" + e.getClass().getSimpleName()
                    + "); the archive is damaged or not a console backup.", e);
        }
    }

    private byte[] toYaml(Map<String, Object> object) {
        return client.getKubernetesSerialization().asYaml(object).getBytes(StandardCharsets.UTF_8);
    }

    /** Removes what the server fills in, so that the YAML can be created anywhere and compared with the live one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> clean(Map<String, Object> object) {
        Map<String, Object> copy = deepCopy(object);
        copy.remove("status");
        Object m = copy.get("metadata");
        if (m instanceof Map<?, ?> raw) {
            Map<String, Object> metadata = (Map<String, Object>) raw;
            for (String field : List.of("resourceVersion", "uid", "managedFields", "creationTimestamp", "generation",
                    "selfLink", "ownerReferences", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds",
                    "finalizers")) {
                metadata.remove(field);
            }
            Object a = metadata.get("annotations");
            if (a instanceof Map<?, ?> annotations) {
                // last-applied holds the whole object again (Secret values too); bind/provisioner notes are the
                // cluster's, not the stack's.
                annotations.keySet().removeIf(k -> k.toString().equals(
                        "kubectl.kubernetes.io/last-applied-configuration") || k.toString()
                                .startsWith("pv.kubernetes.io/")
                        || k.toString().startsWith("volume.kubernetes.io/")
                        || k.toString().startsWith("volume.beta.kubernetes.io/")
                        || k.toString().equals("deployment.kubernetes.io/revision"));
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
            if (metadata.get("labels") instanceof Map<?, ?> labels && labels.isEmpty()) {
                metadata.remove("labels");
            }
        }
        String kind = Objects.toString(copy.get("kind"), "");
        if (copy.get("spec") instanceof Map<?, ?> raw) {
            Map<String, Object> spec = (Map<String, Object>) raw;
            if (kind.equals("Service")) {
                if (!"None".equals(spec.get("clusterIP"))) {
                    spec.remove("clusterIP");
                    spec.remove("clusterIPs");
                }
            } else if (kind.equals("PersistentVolumeClaim")) {
                spec.remove("volumeName");
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            copy.put(e.getKey(), copyValue(e.getValue()));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copyValue(x)));
            return out;
        }
        // A typed object gives int64 fields as Long, parsed YAML gives small numbers as Integer: compare as Long.
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }
}

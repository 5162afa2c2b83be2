package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two sides of a blue-green upgrade of Prometheus as the cluster records them, for {@link BlueGreenOperation},
 * {@link BlueGreenSwitchOperation} and {@link BlueGreenRemoveOperation}.
 *
 * <p>Each side is a StatefulSet whose pods carry the label {@value #VERSION_LABEL} (the guide's label) with the
 * version they run; the Services that select Prometheus pods select one side by adding that label to their
 * selector. Each switched Service keeps, in annotation {@value #ANNOTATION}, the two sides and the selector it had
 * before the first switch, so that a switch back (from another process, days later) and the removal find them.
 */
final class BlueGreen {
    /** The pod label that tells the sides apart: the version the side runs. */
    static final String VERSION_LABEL = "version";
    /** On each switched Service: the {@link Sides} as JSON. */
    static final String ANNOTATION = "monitoring-console.neurectomy.io/blue-green";
    /** On the new StatefulSet: the StatefulSet it was made from. */
    static final String SOURCE_ANNOTATION = "monitoring-console.neurectomy.io/blue-green-of";
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

    /**
     * The two sides of a blue-green upgrade.
     *
     * @param old        the StatefulSet that ran before ({@code prometheus})
     * @param oldVersion its version label value
     * @param created    the StatefulSet the upgrade created ({@code prometheus-v3-0-1})
     * @param newVersion its version label value
     * @param selector   the Service's selector before the first switch
     */
    record Sides(String old, String oldVersion, String created, String newVersion, Map<String, String> selector) {
        Sides {
            selector = Map.copyOf(selector);
        }

        String json() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("old", old);
            doc.put("oldVersion", oldVersion);
            doc.put("new", created);
            doc.put("newVersion", newVersion);
            doc.put("selector", new LinkedHashMap<>(selector));
            return Serialization.asJson(doc);
        }

        static Optional<Sides> of(Service service) {
            Map<String, String> a = service.getMetadata().getAnnotations();
            String text = a == null ? null : a.get(ANNOTATION);
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            try {
                Map<?, ?> doc = Serialization.unmarshal(text, Map.class);
                Map<String, String> selector = new LinkedHashMap<>();
                if (doc.get("selector") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
                }
                return Optional.of(new Sides(String.valueOf(doc.get("old")), String.valueOf(doc.get("oldVersion")),
                        String.valueOf(doc.get("new")), String.valueOf(doc.get("newVersion")), selector));
            } catch (RuntimeException e) {
                throw new ConsoleException("Service/" + service.getMetadata().getName() + " has an annotation "
                        + ANNOTATION + " the console cannot read (" + e.getMessage() + "). Fix or remove it by"
                        + " hand (kubectl annotate service " + service.getMetadata().getName() + " " + ANNOTATION
                        + "-), then retry.", e);
            }
        }

        /** The selector that picks the side running {@code version}. */
        Map<String, String> selectorFor(String version) {
            Map<String, String> s = new LinkedHashMap<>(selector);
            s.put(VERSION_LABEL, version);
            return s;
        }

        /** The StatefulSet of the side labelled {@code version}. */
        String statefulSetOf(String version) {
            return version.equals(newVersion) ? created : old;
        }
    }

    private final ClusterSession session;
    private final KubernetesClient client;
    private final String namespace;

    BlueGreen(ClusterSession session) {
        this.session = session;
        this.client = session.client();
        this.namespace = session.namespace();
    }

    /** A tag as a label value; throws {@link IllegalArgumentException} when it cannot be one. */
    static String labelValue(String version) {
        if (!LABEL_VALUE.matcher(version).matches()) {
            throw new IllegalArgumentException("'" + version + "' cannot be a label value (at most 63 letters,"
                    + " digits, '.', '-', '_', beginning and ending with a letter or digit), which a blue-green"
                    + " upgrade needs for its " + VERSION_LABEL + " label; upgrade in place (--strategy rolling).");
        }
        return version;
    }

    /** The name of the StatefulSet running {@code version} next to the one now serving. */
    static String nameFor(String version) {
        return StackComponent.PROMETHEUS.sideName(version);
    }

    /** Whether {@code selector} picks pods labelled {@code labels}. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return ServingWorkload.selects(selector, labels);
    }

    static Map<String, String> templateLabels(StatefulSet sts) {
        return ServingWorkload.templateLabels(sts);
    }

    /** The Services that select {@code component}'s pods (those labelled {@code labels}), by name. */
    List<Service> servicesSelecting(Map<String, String> labels) {
        try {
            return client.services().inNamespace(namespace).list().getItems().stream()
                    .filter(s -> s.getSpec() != null && selects(s.getSpec().getSelector(), labels))
                    .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the Services", "Forbidden: your account may not list services"
                    + " in " + namespace + ", which a blue-green upgrade switches.", namespace + " is gone.");
        }
    }

    /** The Services a blue-green upgrade switched (those with the annotation), by name. */
    List<Service> switchedServices() {
        try {
            return client.services().inNamespace(namespace).list().getItems().stream()
                    .filter(s -> s.getMetadata().getAnnotations() != null
                            && s.getMetadata().getAnnotations().containsKey(ANNOTATION))
                    .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the Services", "Forbidden: your account may not list services"
                    + " in " + namespace + ".", namespace + " is gone.");
        }
    }

    /**
     * The sides recorded on the switched Services; throws when none records them, or when they disagree.
     */
    Sides recorded() {
        List<Service> switched = switchedServices();
        if (switched.isEmpty()) {
            throw new ConsoleException("No blue-green upgrade of Prometheus is in progress in " + namespace + ": no"
                    + " Service carries " + ANNOTATION + ". Start one with: monitoring-console upgrade prometheus"
                    + " VERSION --strategy blue-green");
        }
        Sides first = Sides.of(switched.get(0)).orElseThrow();
        for (Service s : switched) {
            if (!first.equals(Sides.of(s).orElseThrow())) {
                throw new ConsoleException("Service/" + switched.get(0).getMetadata().getName() + " and Service/"
                        + s.getMetadata().getName() + " record different blue-green upgrades in " + ANNOTATION
                        + "; fix their selectors and annotations by hand.");
            }
        }
        return first;
    }

    /** The version label value the Service selects now, or null. */
    static String selectedVersion(Service s) {
        return s.getSpec() == null || s.getSpec().getSelector() == null ? null
                : s.getSpec().getSelector().get(VERSION_LABEL);
    }

    StatefulSet statefulSet(String name) {
        try {
            return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read StatefulSet/" + name, "Forbidden: your account may not read"
                    + " statefulsets in " + namespace + ".", namespace + " is gone.");
        }
    }

    /** The pods of StatefulSet {@code name} (by its selector), not being deleted, in ordinal order. */
    List<Pod> pods(String name) {
        try {
            StatefulSet sts = statefulSet(name);
            if (sts == null) {
                return List.of();
            }
            return client.pods().inNamespace(namespace).withLabels(sts.getSpec().getSelector().getMatchLabels())
                    .list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getMetadata().getName()
                            .matches(Pattern.quote(name) + "-\\d+"))
                    .sorted(Comparator.comparingInt(StatefulSetPods::ordinal)).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the pods of StatefulSet/" + name, "Forbidden: your account may"
                    + " not list pods in " + namespace + ".", namespace + " is gone.");
        }
    }

    /** Puts {@code version} as the {@value #VERSION_LABEL} label on the pods of {@code name} that lack it. */
    int labelPods(String name, String version) {
        int labelled = 0;
        for (Pod p : pods(name)) {
            Map<String, String> labels = p.getMetadata().getLabels();
            if (labels != null && version.equals(labels.get(VERSION_LABEL))) {
                continue;
            }
            try {
                ConflictRetry.write("label pod " + p.getMetadata().getName(), () -> client.pods()
                        .inNamespace(namespace).withName(p.getMetadata().getName()).edit(pod -> {
                            pod.getMetadata().getLabels().put(VERSION_LABEL, version);
                            return pod;
                        }));
                labelled++;
            } catch (KubernetesClientException e) {
                throw ApiErrors.failure(session, e, "label pod " + p.getMetadata().getName(), "Forbidden: your"
                        + " account may not patch pods in " + namespace + ".", p.getMetadata().getName()
                        + " is gone; retry.");
            }
        }
        return labelled;
    }

    /** Sets the selector of Service {@code name} to {@code selector}, and its annotation to {@code sides} (or none). */
    void select(String name, Map<String, String> selector, Sides sides) {
        try {
            ConflictRetry.write("switch Service/" + name, () -> client.services().inNamespace(namespace)
                    .withName(name).edit(s -> {
                        s.getSpec().setSelector(new LinkedHashMap<>(selector));
                        Map<String, String> a = s.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                                : new LinkedHashMap<>(s.getMetadata().getAnnotations());
                        if (sides == null) {
                            a.remove(ANNOTATION);
                        } else {
                            a.put(ANNOTATION, sides.json());
                        }
                        s.getMetadata().setAnnotations(a);
                        return s;
                    }));
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "switch Service/" + name, "Forbidden: your account may not patch"
                    + " services in " + namespace + ". Ask for a Role that allows 'patch' on services.", "Service/"
                    + name + " is gone.");
        }
    }

    /** The claims of StatefulSet {@code sts}'s pods ({@code TEMPLATE-NAME-ORDINAL}) that exist. */
    List<PersistentVolumeClaim> claims(StatefulSet sts) {
        String name = sts.getMetadata().getName();
        List<String> templates = sts.getSpec().getVolumeClaimTemplates() == null ? List.of()
                : sts.getSpec().getVolumeClaimTemplates().stream().map(t -> t.getMetadata().getName()).toList();
        try {
            return client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                    .filter(c -> templates.stream().anyMatch(t -> c.getMetadata().getName()
                            .matches(Pattern.quote(t + "-" + name) + "-\\d+")))
                    .sorted(Comparator.comparing(c -> c.getMetadata().getName())).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the volume claims", "Forbidden: your account may not list"
                    + " persistentvolumeclaims in " + namespace + ".", namespace + " is gone.");
        }
    }

    /**
     * Deletes StatefulSet {@code sts} with its pods and waits until they are gone; then its claims when
     * {@code claims}. Returns what it deleted.
     */
    List<String> delete(Execution ex, StatefulSet sts, boolean claims, Duration timeout, Duration poll) {
        String name = sts.getMetadata().getName();
        List<String> deleted = new ArrayList<>();
        try {
            client.apps().statefulSets().inNamespace(namespace).withName(name).delete();
            deleted.add("StatefulSet/" + name);
            // a real garbage collector deletes the pods; delete them now too so the wait ends soon
            for (Pod p : pods(name)) {
                client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw ApiErrors.failure(session, e, "delete StatefulSet/" + name, "Forbidden: your account may not"
                        + " delete statefulsets or pods in " + namespace + "; delete StatefulSet/" + name + " by hand"
                        + " (kubectl delete statefulset " + name + " -n " + namespace + ").", name + " is gone.");
            }
        }
        new ComponentWorkload(session, StackComponent.PROMETHEUS).await(ex, timeout, poll, "the pods of StatefulSet/"
                + name + " to be gone", () -> podsNamed(name).isEmpty(), () -> String.join(", ", podsNamed(name))
                + " still there", "Delete them by hand: kubectl delete pod -n " + namespace + " " + String.join(" ",
                podsNamed(name)));
        if (claims) {
            // listed only now: the controller may have made a claim for a pod it was creating as the set went
            for (PersistentVolumeClaim c : claims(sts)) {
                deleteClaim(c.getMetadata().getName());
                deleted.add("PersistentVolumeClaim/" + c.getMetadata().getName());
            }
        }
        return deleted;
    }

    /** Deletes claim {@code name} (gone already is fine). */
    void deleteClaim(String name) {
        try {
            client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw ApiErrors.failure(session, e, "delete PersistentVolumeClaim/" + name, "Forbidden: your account"
                        + " may not delete persistentvolumeclaims in " + namespace + ".", name + " is gone.");
            }
        }
    }

    private List<String> podsNamed(String sts) {
        try {
            return client.pods().inNamespace(namespace).list().getItems().stream()
                    .map(HasMetadata::getMetadata).filter(m -> m.getName().matches(Pattern.quote(sts) + "-\\d+"))
                    .map(m -> m.getName()).sorted().toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list pods", "Forbidden: your account may not list pods in "
                    + namespace + ".", namespace + " is gone.");
        }
    }

    /** The claim names of {@code sts}, for plans. */
    List<String> claimNames(StatefulSet sts) {
        return claims(sts).stream().map(c -> c.getMetadata().getName()).toList();
    }

    /** Whether a pod is ready, as {@link StatefulSetPods#ready}. */
    static boolean ready(Pod p) {
        return StatefulSetPods.ready(p);
    }

    String namespace() {
        return namespace;
    }
}

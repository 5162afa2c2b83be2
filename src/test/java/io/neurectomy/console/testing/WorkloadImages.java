package io.neurectomy.console.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;

/**
 * What image a StatefulSet's replicas run, read through the admin client as an outside observer, and the way back
 * to the image a test started from (the tests of upgrades and rollbacks put the stack back after each test).
 */
public final class WorkloadImages {
    private final KubernetesClient admin;
    private final String namespace;
    private final String name;
    private final int replicas;

    /** The {@code replicas} replicas of StatefulSet {@code name}, whose container is also called {@code name}. */
    public WorkloadImages(KubernetesClient admin, String namespace, String name, int replicas) {
        this.admin = admin;
        this.namespace = namespace;
        this.name = name;
        this.replicas = replicas;
    }

    /** The image in the StatefulSet's pod template. */
    public String templateImage() {
        return admin.apps().statefulSets().inNamespace(namespace).withName(name).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    /** The pods (label {@code app=NAME}) not being deleted. */
    public List<Pod> pods() {
        return admin.pods().inNamespace(namespace).withLabel("app", name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    public Pod pod(String pod) {
        return admin.pods().inNamespace(namespace).withName(pod).get();
    }

    public static String image(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    public static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Whether every replica runs {@code image} and is ready. */
    public boolean allOn(String image) {
        List<Pod> pods = pods();
        return pods.size() == replicas && pods.stream().allMatch(p -> image.equals(image(p)) && ready(p));
    }

    /** Waits until every replica runs {@code image} and is ready. */
    public void awaitAllOn(String image, Duration wait) {
        Poll.until(wait, "every " + name + " replica ready on " + image, () -> allOn(image));
    }

    /** Sets the template's image (a strategic merge, as kubectl set image does); the controller rolls it out. */
    public void setImage(String image) {
        admin.apps().statefulSets().inNamespace(namespace).withName(name).patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                        + "[{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}]}}}}");
    }

    /**
     * Puts the StatefulSet back on {@code image} without a partition, deleting the pods stuck (not ready) on another
     * image, and waits until every replica runs it and is ready.
     */
    public void putBack(String image, Duration wait) {
        admin.apps().statefulSets().inNamespace(namespace).withName(name).patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":"
                        + "{\"partition\":0}}}}");
        setImage(image);
        Poll.until(wait, "every " + name + " replica back on " + image, () -> {
            for (Pod p : pods()) {
                if (!ready(p) && !image.equals(image(p))) {
                    admin.pods().inNamespace(namespace).withName(p.getMetadata().getName()).delete();
                }
            }
            return allOn(image);
        });
    }

    /** {@code image} with its tag replaced. */
    public static String withTag(String image, String tag) {
        return image.substring(0, image.lastIndexOf(':') + 1) + tag;
    }

    /** The tag of {@code image}. */
    public static String tag(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }
}

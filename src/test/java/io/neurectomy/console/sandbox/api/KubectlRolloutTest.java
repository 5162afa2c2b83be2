package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SandboxImages;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollouts on the sandbox (API only), driven by real kubectl and the fabric8 client as a user or an upgrade would:
 * {@code set image} and strategic-merge {@code patch}, ControllerRevisions and the StatefulSet's revision status,
 * {@code rollout history} and {@code undo}, partitions, a version that never becomes ready, and the Deployment's
 * ReplicaSet revisions.
 */
class KubectlRolloutTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final String REVISION_LABEL = "controller-revision-hash";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    private static Kubectl.Result kubectl(String... args) throws Exception {
        Kubectl.Result result = CLUSTER.kubectl().run(args);
        assertThat(result.code()).as("kubectl %s: %s", String.join(" ", args), result.err()).isZero();
        return result;
    }

    private static StatefulSet sts(String name) {
        return admin().apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private static List<Pod> pods(String app) {
        return admin().pods().inNamespace(NS).withLabel("app", app).list().getItems();
    }

    private static Pod pod(String name) {
        return admin().pods().inNamespace(NS).withName(name).get();
    }

    private static String image(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean readyOn(String name, String image) {
        Pod pod = pod(name);
        return pod != null && ready(pod) && image.equals(image(pod));
    }

    private static Map<String, String> uids(String app) {
        return pods(app).stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
    }

    private static boolean allOn(String app, int count, String image) {
        List<Pod> pods = pods(app);
        return pods.size() == count && pods.stream().allMatch(p -> image.equals(image(p)) && ready(p));
    }

    private static List<ControllerRevision> revisions(StatefulSet sts) {
        return admin().apps().controllerRevisions().inNamespace(NS).list().getItems().stream()
                .filter(r -> r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> sts.getMetadata().getUid().equals(o.getUid())
                                && Boolean.TRUE.equals(o.getController())))
                .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
    }

    /**
     * Waits for a reconciler pass that started after this call: scales Grafana up by one and waits for its new pod.
     * A pass handles every StatefulSet before any Deployment, so whatever a pass would do to a StatefulSet has been
     * done once the new Grafana pod exists.
     */
    private static void awaitLaterPass() {
        Deployment grafana = admin().apps().deployments().inNamespace(NS).withName("grafana").get();
        int replicas = grafana.getSpec().getReplicas();
        admin().apps().deployments().inNamespace(NS).withName("grafana").scale(replicas + 1);
        Poll.until(WAIT, "a Grafana pod for the extra replica", () -> pods("grafana").size() == replicas + 1);
        admin().apps().deployments().inNamespace(NS).withName("grafana").scale(replicas);
        Poll.until(WAIT, "Grafana back to its replicas", () -> pods("grafana").size() == replicas);
    }

    /** Pod events in arrival order: "ADDED prometheus-1 image", "DELETED prometheus-0 image", with readiness. */
    private static final class PodEvents implements Watcher<Pod> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, Pod> latest = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        private final String newImage;

        PodEvents(String newImage) {
            this.newImage = newImage;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.DELETED) {
                latest.remove(name);
                if (!newImage.equals(image(pod))) {
                    // One at a time: when an old pod goes, every other pod is ready.
                    latest.values().stream().filter(p -> !ready(p)).forEach(p -> violations.add(name
                            + " deleted while " + p.getMetadata().getName() + " was not ready"));
                }
            } else {
                latest.put(name, pod);
            }
            if (action != Action.MODIFIED) {
                events.add(action + " " + name + " " + image(pod));
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    @Test
    void setImageRollsOutHighestOrdinalFirstAndRolloutUndoRestoresTheRevision() throws Exception {
        Poll.until(WAIT, "two ready prometheus pods", () -> pods("prometheus").size() == 2
                && pods("prometheus").stream().allMatch(KubectlRolloutTest::ready));
        StatefulSet before = sts("prometheus");
        String oldImage = before.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String newImage = "quay.io/prometheus/prometheus:v9.9.9";
        Map<String, String> oldUids = uids("prometheus");
        Poll.until(WAIT, "the first revision", () -> revisions(sts("prometheus")).size() == 1);
        String firstRevision = revisions(sts("prometheus")).get(0).getMetadata().getName();
        assertThat(pods("prometheus")).allMatch(p -> firstRevision.equals(p.getMetadata().getLabels()
                .get(REVISION_LABEL)));

        PodEvents events = new PodEvents(newImage);
        Watch watch = admin().pods().inNamespace(NS).withLabel("app", "prometheus").watch(events);
        try {
            Kubectl.Result set = kubectl("set", "image", "statefulset/prometheus", "prometheus=" + newImage,
                    "-n", NS);
            assertThat(set.out()).contains("statefulset.apps/prometheus image updated");
            Poll.until(WAIT, "both prometheus pods on the new image", () -> allOn("prometheus", 2, newImage));
        } finally {
            watch.close();
        }

        List<String> added = events.events.stream().filter(e -> e.startsWith("ADDED") && e.endsWith(newImage))
                .toList();
        assertThat(added).containsExactly("ADDED prometheus-1 " + newImage, "ADDED prometheus-0 " + newImage);
        assertThat(events.violations).isEmpty();
        assertThat(uids("prometheus")).allSatisfy((name, uid) -> assertThat(uid).isNotEqualTo(oldUids.get(name)));
        // The container was patched by name: its other fields are the StatefulSet's as before.
        assertThat(sts("prometheus").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .isEqualTo(before.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());

        List<ControllerRevision> history = revisions(sts("prometheus"));
        assertThat(history).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
        String secondRevision = history.get(1).getMetadata().getName();
        Poll.until(WAIT, "the rollout to complete in status", () -> {
            var status = sts("prometheus").getStatus();
            return secondRevision.equals(status.getUpdateRevision())
                    && secondRevision.equals(status.getCurrentRevision()) && status.getUpdatedReplicas() == 2
                    && status.getCurrentReplicas() == 2;
        });
        assertThat(pods("prometheus")).allMatch(p -> secondRevision.equals(p.getMetadata().getLabels()
                .get(REVISION_LABEL)));
        assertThat(history.get(1).getMetadata().getLabels()).containsEntry("app", "prometheus");

        Kubectl.Result rolloutHistory = kubectl("rollout", "history", "statefulset/prometheus", "-n", NS);
        assertThat(rolloutHistory.out()).contains("REVISION").containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        Kubectl.Result revisionTwo = kubectl("rollout", "history", "statefulset/prometheus", "-n", NS,
                "--revision=2");
        assertThat(revisionTwo.out()).contains(newImage);

        Kubectl.Result undo = kubectl("rollout", "undo", "statefulset/prometheus", "-n", NS);
        assertThat(undo.out()).contains("statefulset.apps/prometheus rolled back");
        Poll.until(WAIT, "both prometheus pods back on the old image", () -> allOn("prometheus", 2, oldImage));
        Poll.until(WAIT, "the first revision moved to the top", () -> {
            List<ControllerRevision> now = revisions(sts("prometheus"));
            return now.size() == 2 && now.get(1).getMetadata().getName().equals(firstRevision)
                    && now.get(1).getRevision() == 3L && firstRevision.equals(sts("prometheus").getStatus()
                            .getCurrentRevision());
        });
        assertThat(kubectl("rollout", "history", "statefulset/prometheus", "-n", NS).out())
                .containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
        assertThat(kubectl("get", "controllerrevisions", "-n", NS).out()).contains(firstRevision)
                .contains(secondRevision);
    }

    @Test
    void aPartitionLimitsTheRolloutAndANeverReadyVersionStopsItUntilItsPodIsDeleted() throws Exception {
        Poll.until(WAIT, "three ready alertmanager pods", () -> pods("alertmanager").size() == 3
                && pods("alertmanager").stream().allMatch(KubectlRolloutTest::ready));
        StatefulSet before = sts("alertmanager");
        String oldImage = before.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String goodImage = "quay.io/prometheus/alertmanager:v0.99.0";
        Map<String, String> oldUids = uids("alertmanager");

        kubectl("patch", "statefulset", "alertmanager", "-n", NS, "-p",
                "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}}}");
        kubectl("patch", "statefulset", "alertmanager", "-n", NS, "--type", "strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"alertmanager\",\"image\":\""
                        + goodImage + "\"}]}}}}");

        Poll.until(WAIT, "alertmanager-2 on the new image", () -> readyOn("alertmanager-2", goodImage));
        Poll.until(WAIT, "the status of a partitioned rollout", () -> {
            var status = sts("alertmanager").getStatus();
            return status.getUpdatedReplicas() == 1 && status.getReadyReplicas() == 3
                    && status.getCurrentReplicas() == 2 && !status.getCurrentRevision()
                            .equals(status.getUpdateRevision());
        });
        awaitLaterPass();
        assertThat(pod("alertmanager-1").getMetadata().getUid()).isEqualTo(oldUids.get("alertmanager-1"));
        assertThat(pod("alertmanager-0").getMetadata().getUid()).isEqualTo(oldUids.get("alertmanager-0"));
        assertThat(image(pod("alertmanager-1"))).isEqualTo(oldImage);
        assertThat(sts("alertmanager").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .as("the strategic patch merged the container by name")
                .isEqualTo(before.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());

        // A version that never becomes ready: alertmanager-2 is replaced, and nothing below it.
        String brokenImage = "quay.io/prometheus/alertmanager:v0.99.1" + SandboxImages.NEVER_READY;
        kubectl("set", "image", "statefulset/alertmanager", "alertmanager=" + brokenImage, "-n", NS);
        Poll.until(WAIT, "alertmanager-2 on the broken image, not ready", () -> {
            Pod pod = pod("alertmanager-2");
            return pod != null && brokenImage.equals(image(pod)) && pod.getStatus() != null
                    && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus())
                                    && String.valueOf(c.getMessage()).contains("never-ready"));
        });
        kubectl("patch", "statefulset", "alertmanager", "-n", NS, "-p",
                "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
        awaitLaterPass();
        assertThat(pod("alertmanager-1").getMetadata().getUid())
                .as("no pod is replaced while another is not ready").isEqualTo(oldUids.get("alertmanager-1"));

        // Roll back: the pod stuck on the broken revision stays until it is deleted, then comes back on the old one.
        kubectl("rollout", "undo", "statefulset/alertmanager", "-n", NS, "--to-revision=1");
        Poll.until(WAIT, "the template back on the old image", () -> oldImage.equals(sts("alertmanager").getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()));
        awaitLaterPass();
        assertThat(image(pod("alertmanager-2"))).isEqualTo(brokenImage);
        kubectl("delete", "pod", "alertmanager-2", "-n", NS);
        Poll.until(WAIT, "every alertmanager pod on the old image", () -> allOn("alertmanager", 3, oldImage));
        assertThat(pod("alertmanager-1").getMetadata().getUid()).isEqualTo(oldUids.get("alertmanager-1"));
        assertThat(pod("alertmanager-0").getMetadata().getUid()).isEqualTo(oldUids.get("alertmanager-0"));
        Poll.until(WAIT, "one revision in use again", () -> {
            var status = sts("alertmanager").getStatus();
            return status.getCurrentRevision().equals(status.getUpdateRevision()) && status.getUpdatedReplicas() == 3;
        });
    }

    @Test
    void aDeploymentRecordsRevisionsOnItsReplicaSetsAndRollsBack() throws Exception {
        Poll.until(WAIT, "the grafana deployment at revision 1", () -> "1".equals(annotation(
                admin().apps().deployments().inNamespace(NS).withName("grafana").get())));
        Deployment grafana = admin().apps().deployments().inNamespace(NS).withName("grafana").get();
        String oldImage = grafana.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String newImage = "docker.io/grafana/grafana:99.0.0";
        int replicas = grafana.getSpec().getReplicas();

        kubectl("set", "image", "deployment/grafana", "grafana=" + newImage, "-n", NS);
        Poll.until(WAIT, "grafana on the new image", () -> allOn("grafana", replicas, newImage));
        Poll.until(WAIT, "revision 2 on the deployment", () -> "2".equals(annotation(
                admin().apps().deployments().inNamespace(NS).withName("grafana").get())));
        Map<String, String> byRevision = new HashMap<>();
        for (ReplicaSet rs : admin().apps().replicaSets().inNamespace(NS).list().getItems()) {
            byRevision.put(annotation(rs), rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        }
        assertThat(byRevision).containsEntry("1", oldImage).containsEntry("2", newImage);
        Kubectl.Result history = kubectl("rollout", "history", "deployment/grafana", "-n", NS);
        assertThat(history.out()).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");

        kubectl("rollout", "undo", "deployment/grafana", "-n", NS);
        Poll.until(WAIT, "grafana back on the old image", () -> allOn("grafana", replicas, oldImage));
        Poll.until(WAIT, "the old ReplicaSet at revision 3", () -> "3".equals(annotation(
                admin().apps().deployments().inNamespace(NS).withName("grafana").get())));
        List<String> revisions = new ArrayList<>();
        for (ReplicaSet rs : admin().apps().replicaSets().inNamespace(NS).list().getItems()) {
            if (Objects.equals(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), oldImage)) {
                revisions.add(annotation(rs));
            }
        }
        assertThat(revisions).containsExactly("3");
    }

    private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getAnnotations() == null ? null
                : object.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }
}

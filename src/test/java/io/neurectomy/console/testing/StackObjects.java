package io.neurectomy.console.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.neurectomy.console.core.cluster.ClusterState;
import java.time.Instant;

/**
 * Kubernetes objects for UI tests. Kept out of the ui packages so that UI code and its tests never name a fabric8
 * type; the methods take and return plain values.
 */
public final class StackObjects {
    private StackObjects() {
    }

    public static void putPod(ClusterState state, String name, String node, boolean ready, int restarts,
                              Instant created) {
        state.put(pod(name, node, ready, restarts, created));
    }

    public static void removePod(ClusterState state, String name) {
        state.remove(pod(name, "", false, 0, null));
    }

    public static void putStatefulSet(ClusterState state, String name, int desired, int ready) {
        state.put(statefulSet(name, desired, ready));
    }

    public static void putNode(ClusterState state, String name, boolean ready) {
        state.put(node(name, ready));
    }

    public static Pod pod(String name, String node, boolean ready, int restarts, Instant created) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("monitoring")
                .withCreationTimestamp(created == null ? null : created.toString()).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("main").withImage("prom/prometheus:v2.53.0").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("main").withReady(ready).withRestartCount(restarts)
                .endContainerStatus()
                .endStatus()
                .build();
    }

    /** A ready, running pod owned by a StatefulSet, named {@code <statefulSet>-<ordinal>}. */
    public static Pod statefulSetPod(String statefulSet, int ordinal, String node) {
        return new PodBuilder(pod(statefulSet + "-" + ordinal, node, true, 0, null))
                .editMetadata().addToLabels("app", statefulSet)
                .addNewOwnerReference().withKind("StatefulSet").withName(statefulSet).withController(true)
                .withApiVersion("apps/v1").withUid("uid-" + statefulSet).endOwnerReference()
                .endMetadata().build();
    }

    public static StatefulSet statefulSet(String name, int desired, int ready) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace("monitoring").endMetadata()
                .withNewSpec().withReplicas(desired).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("img").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(desired).withCurrentReplicas(desired).withReadyReplicas(ready)
                .withUpdatedReplicas(desired).endStatus()
                .build();
    }

    public static Deployment deployment(String name, int desired, int ready) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("monitoring").endMetadata()
                .withNewSpec().withReplicas(desired)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("img").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(desired).withReadyReplicas(ready).withUpdatedReplicas(desired)
                .endStatus()
                .build();
    }

    public static Node node(String name, boolean ready) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus()
                .build();
    }
}

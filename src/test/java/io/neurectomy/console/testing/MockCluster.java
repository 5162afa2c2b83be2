package io.neurectomy.console.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** Builders for the objects tests put into a fabric8 mock server in CRUD mode. */
public final class MockCluster {
    public static final String NS = "monitoring";

    private MockCluster() {
    }

    /** A mock API server in CRUD mode (plain HTTP), not yet started: call {@code init()} or {@code init(addr, port)}. */
    public static KubernetesMockServer crudServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
    }

    public static void createNamespace(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    public static Node node(String name, boolean ready) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }

    /** A running pod of a StatefulSet with one ready container. */
    public static Pod statefulSetPod(String statefulSet, int ordinal, String node) {
        return new PodBuilder().withNewMetadata().withName(statefulSet + "-" + ordinal).withNamespace(NS)
                .addToLabels("app", statefulSet)
                .withCreationTimestamp("2026-11-26T06:00:00Z")
                .addNewOwnerReference().withKind("StatefulSet").withName(statefulSet).withController(true)
                .withApiVersion("apps/v1").withUid("uid-" + statefulSet).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(statefulSet)
                .withImage("prom/" + statefulSet + ":v2.49.0").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                        .withName(statefulSet).withReady(true).withRestartCount(0).build()).endStatus()
                .build();
    }

    public static StatefulSet statefulSet(String name, int desired, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(desired).withServiceName(name).withNewSelector()
                .addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName(name)
                .withImage("prom/" + name + ":v2.49.0").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(ready).withCurrentReplicas(ready).withReadyReplicas(ready)
                .withUpdatedReplicas(ready).endStatus()
                .build();
    }
}

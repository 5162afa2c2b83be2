package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodRuntimes;
import io.neurectomy.console.sandbox.SeededApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesSdServerTest {
    private static final String NS = "monitoring";
    private SeededApi sandbox;
    private KubernetesClient admin;
    private KubernetesSdServer sd;

    @BeforeEach
    void start() throws Exception {
        sandbox = SeededApi.start();
        admin = sandbox.adminClient();
        createAlertmanagerPod(0, true);
        createAlertmanagerPod(1, false);
        // alertmanager-0 runs locally; alertmanager-1 has no local process
        PodRuntimes runtimes = (ns, pod) -> pod.equals("alertmanager-0")
                ? Optional.of(new PodRuntime(ns, pod, Path.of("/x"), Map.of(9093, 40001, 9094, 40002),
                        Path.of("/x.log"), null))
                : Optional.empty();
        sd = new KubernetesSdServer(admin, runtimes);
    }

    @AfterEach
    void stop() {
        sd.close();
        admin.close();
        sandbox.close();
    }

    @Test
    void podRoleGivesOneTargetPerContainerPortWithPodLabels() throws Exception {
        List<Map<String, Object>> groups = fetch(sd.url("pod", List.of(NS)));

        Map<String, String> web0 = target(groups, "127.0.0.1:40001");
        assertThat(web0).containsEntry("__meta_kubernetes_pod_name", "alertmanager-0")
                .containsEntry("__meta_kubernetes_namespace", NS)
                .containsEntry("__meta_kubernetes_pod_ip", "10.42.0.1")
                .containsEntry("__meta_kubernetes_pod_label_app", "alertmanager")
                .containsEntry("__meta_kubernetes_pod_labelpresent_app", "true")
                .containsEntry("__meta_kubernetes_pod_container_name", "alertmanager")
                .containsEntry("__meta_kubernetes_pod_container_port_name", "web")
                .containsEntry("__meta_kubernetes_pod_container_port_number", "9093")
                .containsEntry("__meta_kubernetes_pod_container_port_protocol", "TCP")
                .containsEntry("__meta_kubernetes_pod_ready", "true")
                .containsEntry("__meta_kubernetes_pod_phase", "Running")
                .containsEntry("__meta_kubernetes_pod_node_name", "sandbox-node-a")
                .containsEntry("__meta_kubernetes_pod_controller_kind", "StatefulSet");
        assertThat(target(groups, "10.42.1.1:9093")).containsEntry("__meta_kubernetes_pod_ready", "false");
        assertThat(groups).hasSize(2 * 3); // web, mesh-tcp, mesh-udp per pod
    }

    @Test
    void endpointsRoleFollowsServiceSelectorsAndPorts() throws Exception {
        List<Map<String, Object>> groups = fetch(sd.url("endpoints", List.of(NS)));

        Map<String, String> headless = groups.stream().map(KubernetesSdServerTest::labels)
                .filter(l -> "alertmanager-headless".equals(l.get("__meta_kubernetes_service_name")))
                .filter(l -> "web".equals(l.get("__meta_kubernetes_endpoint_port_name")))
                .filter(l -> "127.0.0.1:40001".equals(l.get("__address__")))
                .findFirst().orElseThrow();
        assertThat(headless).containsEntry("__meta_kubernetes_endpoints_name", "alertmanager-headless")
                .containsEntry("__meta_kubernetes_endpoint_ready", "true")
                .containsEntry("__meta_kubernetes_endpoint_port_protocol", "TCP")
                .containsEntry("__meta_kubernetes_endpoint_address_target_kind", "Pod")
                .containsEntry("__meta_kubernetes_endpoint_address_target_name", "alertmanager-0")
                .containsEntry("__meta_kubernetes_service_label_app", "alertmanager")
                .containsEntry("__meta_kubernetes_pod_name", "alertmanager-0")
                .containsEntry("__meta_kubernetes_pod_container_port_name", "web");
        // the not-ready pod: listed by the headless service (publishNotReadyAddresses), not ready elsewhere
        assertThat(groups.stream().map(KubernetesSdServerTest::labels)
                .filter(l -> "10.42.1.1:9093".equals(l.get("__address__")))
                .filter(l -> l.containsKey("__meta_kubernetes_endpoint_ready"))
                .map(l -> l.get("__meta_kubernetes_service_name") + "=" + l.get("__meta_kubernetes_endpoint_ready")))
                .containsExactlyInAnyOrder("alertmanager-headless=true", "alertmanager=false");
    }

    @Test
    void namespacesNotNamedAreNotSearched() throws Exception {
        assertThat(fetch(sd.url("pod", List.of("elsewhere")))).isEmpty();
        assertThat(fetch(sd.url("pod", List.of()))).hasSize(6);
    }

    @Test
    void serviceRoleAddressesServicesByTheirDnsName() throws Exception {
        Map<String, String> prometheus = target(fetch(sd.url("service", List.of(NS))),
                "prometheus.monitoring.svc:9090");

        assertThat(prometheus).containsEntry("__meta_kubernetes_service_port_name", "web")
                .containsEntry("__meta_kubernetes_service_port_number", "9090")
                .containsEntry("__meta_kubernetes_service_type", "ClusterIP");
    }

    private void createAlertmanagerPod(int ordinal, boolean ready) {
        PodTemplateSpec template = admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get()
                .getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("alertmanager-" + ordinal).withNamespace(NS)
                .withLabels(template.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName("alertmanager")
                .withController(true).endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec().withNodeName("sandbox-node-a").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.42." + ordinal + ".1")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                        .build())
                .endStatus()
                .build();
        admin.pods().resource(pod).create();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fetch(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new KubernetesSerialization().unmarshal(response.body(), List.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> group) {
        Map<String, String> labels = new java.util.HashMap<>((Map<String, String>) group.get("labels"));
        labels.put("__address__", ((List<String>) group.get("targets")).get(0));
        return labels;
    }

    private static Map<String, String> target(List<Map<String, Object>> groups, String address) {
        return groups.stream().map(KubernetesSdServerTest::labels).filter(l -> address.equals(l.get("__address__")))
                .findFirst().orElseThrow(() -> new AssertionError("no target " + address + " in " + groups));
    }
}

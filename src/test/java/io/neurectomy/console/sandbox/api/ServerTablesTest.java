package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTablesTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String KUBECTL_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void aPodsStatusIsItsContainersWaitingOrTerminatedReasonAndTerminatingWhenDeleted() {
        Pod crashing = pod("prometheus-0", "node-a", false, 4);
        crashing.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model
                .ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build());
        Pod killed = pod("prometheus-1", "node-b", false, 0);
        killed.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model
                .ContainerStateBuilder().withNewTerminated().withExitCode(137).withSignal(9).endTerminated()
                .build());
        Pod leaving = pod("alertmanager-0", "node-c", true, 1);
        leaving.getMetadata().setDeletionTimestamp("2026-11-26T11:59:00Z");

        assertThat(ServerTables.podCells(crashing)).containsExactly("prometheus-0", "0/1", "CrashLoopBackOff", "4",
                "10.0.0.1", "node-a", "<none>", "<none>");
        assertThat(ServerTables.podCells(killed)).element(2).isEqualTo("Signal:9");
        assertThat(ServerTables.podCells(leaving)).containsSequence("alertmanager-0", "1/1", "Terminating", "1");
    }

    @Test
    void kubectlsListIsAnsweredAsATableInNameOrderWithAgeInItsColumn() {
        PodList list = new PodListBuilder().withNewMetadata().withResourceVersion("42").endMetadata()
                .withItems(pod("prometheus-1", "node-b", true, 0), pod("alertmanager-0", "node-a", true, 2))
                .build();

        Map<String, Object> table = asMap(ServerTables.answer(get("/api/v1/namespaces/monitoring/pods",
                KUBECTL_ACCEPT), stored(JSON.asJson(list)), NOW));

        assertThat(table).containsEntry("kind", "Table").containsEntry("apiVersion", "meta.k8s.io/v1");
        assertThat(table.get("metadata")).isEqualTo(Map.of("resourceVersion", "42"));
        List<Map<String, Object>> columns = cast(table.get("columnDefinitions"));
        assertThat(columns).extracting(c -> c.get("name")).containsExactly("Name", "Ready", "Status", "Restarts",
                "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(columns).extracting(c -> c.get("priority")).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        List<Map<String, Object>> rows = cast(table.get("rows"));
        assertThat(rows).extracting(r -> r.get("cells")).containsExactly(
                List.of("alertmanager-0", "1/1", "Running", "2", "5m", "10.0.0.1", "node-a", "<none>", "<none>"),
                List.of("prometheus-1", "1/1", "Running", "0", "5m", "10.0.0.1", "node-b", "<none>", "<none>"));
        Map<String, Object> object = cast(rows.get(0).get("object"));
        assertThat(object).containsEntry("kind", "PartialObjectMetadata");
        assertThat(ServerTablesTest.<Map<String, Object>>cast(object.get("metadata")))
                .containsEntry("name", "alertmanager-0");
    }

    @Test
    void withoutTableInAcceptOrForAnErrorOrAWatchTheStoresAnswerIsUnchanged() {
        String body = JSON.asJson(new PodListBuilder().withItems(pod("prometheus-0", "n", true, 0)).build());

        assertThat(text(ServerTables.answer(get("/api/v1/namespaces/monitoring/pods", "application/json"),
                stored(body), NOW))).isEqualTo(body);
        assertThat(text(ServerTables.answer(get("/api/v1/namespaces/monitoring/pods?watch=true", KUBECTL_ACCEPT),
                stored(body), NOW))).isEqualTo(body);
        MockResponse notFound = new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\"}");
        assertThat(text(ServerTables.answer(get("/api/v1/namespaces/monitoring/pods/x", KUBECTL_ACCEPT), notFound,
                NOW))).isEqualTo("{\"kind\":\"Status\"}");
        // A kind without a printer: kubectl prints names and ages itself.
        String roles = "{\"kind\":\"List\",\"items\":[]}";
        assertThat(text(ServerTables.answer(get("/apis/rbac.authorization.k8s.io/v1/namespaces/monitoring/roles",
                KUBECTL_ACCEPT), stored(roles), NOW))).isEqualTo(roles);
    }

    @Test
    void aSecretsTableHasItsTypeAndCountButNeverItsValues() {
        String secret = JSON.asJson(new SecretBuilder().withNewMetadata().withName("alertmanager-config")
                .withNamespace("monitoring").withCreationTimestamp("2026-11-26T11:00:00Z").endMetadata()
                .withType("Opaque").addToData("alertmanager.yml", "c2VjcmV0LXdlYmhvb2stdG9rZW4=").build());

        String table = text(ServerTables.answer(get("/api/v1/namespaces/monitoring/secrets/alertmanager-config",
                KUBECTL_ACCEPT), stored(secret), NOW));

        List<Map<String, Object>> rows = cast(asMap(table).get("rows"));
        assertThat(rows.get(0).get("cells")).isEqualTo(List.of("alertmanager-config", "Opaque", 1, "60m"));
        assertThat(table).doesNotContain("c2VjcmV0LXdlYmhvb2stdG9rZW4=");
    }

    @Test
    void aWatchEventCarriesItsObjectAsAOneRowTable() {
        String event = "{\"type\":\"MODIFIED\",\"object\":" + JSON.asJson(pod("prometheus-0", "node-a", false, 1))
                + "}";

        Map<String, Object> converted = JSON.unmarshal(ServerTables.watchEvent(
                "/api/v1/namespaces/monitoring/pods?watch=true&resourceVersion=7", event, NOW), Map.class);

        assertThat(converted).containsEntry("type", "MODIFIED");
        Map<String, Object> table = cast(converted.get("object"));
        assertThat(table).containsEntry("kind", "Table");
        List<Map<String, Object>> rows = cast(table.get("rows"));
        assertThat(rows).singleElement().extracting(r -> ((List<?>) r.get("cells")).subList(0, 5))
                .isEqualTo(List.of("prometheus-0", "0/1", "Running", "1", "5m"));
        assertThat(ServerTables.watchEvent("/api/v1/namespaces/monitoring/pods?watch=true",
                "{\"type\":\"BOOKMARK\",\"object\":{}}", NOW)).isNull();
        assertThat(ServerTables.watchEvent("/apis/rbac.authorization.k8s.io/v1/roles?watch=true", event, NOW))
                .isNull();
    }

    private static Pod pod(String name, String node, boolean ready, int restarts) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("monitoring")
                .withCreationTimestamp("2026-11-26T11:55:00Z").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0.1").addNewContainerStatus().withName("c")
                .withReady(ready).withRestartCount(restarts).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().endStatus()
                .build();
    }

    private static RecordedRequest get(String path, String accept) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().add("Accept", accept).build(),
                new Buffer());
    }

    private static MockResponse stored(String body) {
        return new MockResponse().setResponseCode(200).setBody(body);
    }

    private static String text(MockResponse response) {
        return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> asMap(MockResponse response) {
        return asMap(text(response));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(String json) {
        return JSON.unmarshal(json, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}

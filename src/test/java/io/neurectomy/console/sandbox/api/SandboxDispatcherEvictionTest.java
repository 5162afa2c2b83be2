package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.neurectomy.console.sandbox.SeededApi;
import io.neurectomy.console.testing.MockCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox dispatcher's Eviction API and the other requests {@code kubectl drain} makes, against the API alone:
 * no reconciler runs, so each budget's status is exactly what the test writes, as if the disruption controller had.
 */
class SandboxDispatcherEvictionTest {
    private static final String NS = "monitoring";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new SandboxDispatcher(new KubernetesMixedDispatcher(responses), new Discovery(() -> "127.0.0.1:1"),
                        (ns, pod) -> Optional.empty()), false);
        server.init();
        client = server.createClient();
        SeededApi.seed(client, "sandbox/nodes.yaml");
    }

    @AfterEach
    void stop() {
        client.close();
        MockCluster.stopQuietly(server);
    }

    // ---- arranging ----------------------------------------------------------------------------------------------

    private Pod pod(String name, String app, String node, boolean ready, String phase) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", app)
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i")
                .endContainer().endSpec().withNewStatus().withPhase(phase).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        return client.pods().resource(pod).create();
    }

    private Pod readyPod(String name, String app) {
        return pod(name, app, "sandbox-node-a", true, "Running");
    }

    /** A budget over {@code app} whose status says what the disruption controller would have written. */
    private PodDisruptionBudget budget(String name, String app, int healthy, int desired, int allowed) {
        PodDisruptionBudget created = client.policy().v1().podDisruptionBudget().resource(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                        .withNewSpec().withMinAvailable(new IntOrString(desired)).withNewSelector()
                        .addToMatchLabels("app", app).endSelector().endSpec().build()).create();
        return writeStatus(created, healthy, desired, allowed, created.getMetadata().getGeneration());
    }

    private PodDisruptionBudget writeStatus(PodDisruptionBudget pdb, int healthy, int desired, int allowed,
                                            Long observedGeneration) {
        PodDisruptionBudget withStatus = new PodDisruptionBudgetBuilder(pdb).withStatus(
                new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(healthy).withDesiredHealthy(desired)
                        .withExpectedPods(healthy).withDisruptionsAllowed(allowed)
                        .withObservedGeneration(observedGeneration).build()).build();
        return client.policy().v1().podDisruptionBudget().resource(withStatus).updateStatus();
    }

    /**
     * The client as a drain loop should use it: fabric8 retries a 429 with exponential back-off (ten times by
     * default, some 20 s) before {@code evict()} answers false.
     */
    private KubernetesClient noRetries() {
        return client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
    }

    private PodDisruptionBudget budgetNow(String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
    }

    private boolean exists(String pod) {
        return client.pods().inNamespace(NS).withName(pod).get() != null;
    }

    // ---- raw HTTP, to see codes and bodies as kubectl does -----------------------------------------------------

    private record Answer(int code, Status status) {
    }

    private HttpRequest evictionRequest(String pod, String body) {
        return HttpRequest.newBuilder(URI.create(server.url("/api/v1/namespaces/" + NS + "/pods/" + pod
                + "/eviction"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String eviction(String pod) {
        return "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod
                + "\",\"namespace\":\"" + NS + "\"}}";
    }

    private Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.unmarshal(response.body(), Status.class));
    }

    private Answer evict(String pod) throws Exception {
        return send(evictionRequest(pod, eviction(pod)));
    }

    // ---- the Eviction API ---------------------------------------------------------------------------------------

    @Test
    void anEvictionTheBudgetAllowsSpendsItRecordsThePodAndDeletesThePod() throws Exception {
        readyPod("web-0", "web");
        readyPod("web-1", "web");
        budget("web-pdb", "web", 2, 1, 1);

        Answer answer = evict("web-0");

        assertThat(answer.code()).isEqualTo(201);
        assertThat(answer.status().getStatus()).isEqualTo("Success");
        assertThat(exists("web-0")).as("evicted pod deleted").isFalse();
        PodDisruptionBudget after = budgetNow("web-pdb");
        assertThat(after.getStatus().getDisruptionsAllowed()).isZero();
        assertThat(after.getStatus().getDisruptedPods()).containsOnlyKeys("web-0");
    }

    @Test
    void aBudgetAtItsLimitRefusesWith429AsAKubernetesApiServerDoes() throws Exception {
        readyPod("web-0", "web");
        readyPod("web-1", "web");
        budget("web-pdb", "web", 2, 2, 0);

        Answer answer = evict("web-0");

        assertThat(answer.code()).isEqualTo(429);
        assertThat(answer.status().getReason()).isEqualTo("TooManyRequests");
        assertThat(answer.status().getMessage())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(answer.status().getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("DisruptionBudget");
            assertThat(c.getMessage()).isEqualTo("The disruption budget web-pdb needs 2 healthy pods and has 2 "
                    + "currently");
        });
        assertThat(noRetries().pods().inNamespace(NS).withName("web-1").evict()).as("fabric8 evict() on 429")
                .isFalse();
        assertThat(exists("web-0")).isTrue();
        assertThat(exists("web-1")).isTrue();
        assertThat(budgetNow("web-pdb").getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void evictionsSentAtOnceSpendTheLastDisruptionOnlyOnce() throws Exception {
        List<String> pods = List.of("web-0", "web-1", "web-2", "web-3", "web-4");
        pods.forEach(p -> readyPod(p, "web"));
        budget("web-pdb", "web", 5, 4, 1);

        List<CompletableFuture<HttpResponse<String>>> sent = pods.stream()
                .map(p -> http.sendAsync(evictionRequest(p, eviction(p)), HttpResponse.BodyHandlers.ofString()))
                .toList();
        Map<Integer, Long> codes = sent.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(codes).as("HTTP codes of five simultaneous evictions").isEqualTo(Map.of(201, 1L, 429, 4L));
        assertThat(pods.stream().filter(this::exists)).hasSize(4);
        assertThat(budgetNow("web-pdb").getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void aMissingPodIs404AndFabric8SaysSo() throws Exception {
        Answer answer = evict("no-such-pod");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.status().getReason()).isEqualTo("NotFound");
        assertThat(answer.status().getMessage()).isEqualTo("pods \"no-such-pod\" not found");
        assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("no-such-pod").evict())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void fabric8EvictUsesTheApiAndReportsSuccess() {
        readyPod("web-0", "web");
        budget("web-pdb", "web", 1, 0, 1);

        assertThat(client.pods().inNamespace(NS).withName("web-0").evict()).isTrue();

        assertThat(exists("web-0")).isFalse();
        assertThat(budgetNow("web-pdb").getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void anUnreadyPodGoesWithoutSpendingWhileItsBudgetIsMetButNotWhileItIsBroken() throws Exception {
        readyPod("web-0", "web");
        readyPod("web-1", "web");
        pod("web-2", "web", "sandbox-node-b", false, "Running");
        PodDisruptionBudget met = budget("web-pdb", "web", 2, 2, 0);

        assertThat(evict("web-2").code()).as("unready pod, budget met (2 of 2)").isEqualTo(201);
        assertThat(exists("web-2")).isFalse();
        assertThat(budgetNow("web-pdb").getStatus().getDisruptedPods()).as("nothing spent").isNullOrEmpty();
        assertThat(budgetNow("web-pdb").getMetadata().getResourceVersion())
                .isEqualTo(met.getMetadata().getResourceVersion());

        pod("web-2", "web", "sandbox-node-b", false, "Running");
        writeStatus(budgetNow("web-pdb"), 1, 2, 0, met.getStatus().getObservedGeneration());

        Answer broken = evict("web-2");
        assertThat(broken.code()).as("unready pod, budget broken (1 of 2)").isEqualTo(429);
        assertThat(broken.status().getDetails().getCauses().get(0).getMessage()).contains("needs 2 healthy pods "
                + "and has 1 currently");
        assertThat(exists("web-2")).isTrue();
    }

    @Test
    void aBudgetRequiringNoHealthyPodLetsAnUnreadyPodGoOnlyAgainstAnAllowedDisruption() throws Exception {
        pod("web-0", "web", "sandbox-node-a", false, "Running");
        pod("web-1", "web", "sandbox-node-b", false, "Running");
        PodDisruptionBudget none = budget("web-pdb", "web", 0, 0, 0);

        Answer refused = evict("web-0");
        assertThat(refused.code()).as("no ready pod, so no disruption allowed").isEqualTo(429);
        assertThat(refused.status().getDetails().getCauses().get(0).getMessage())
                .isEqualTo("The disruption budget web-pdb needs 0 healthy pods and has 0 currently");

        readyPod("web-2", "web");
        writeStatus(none, 1, 0, 1, none.getStatus().getObservedGeneration());
        assertThat(evict("web-0").code()).as("one disruption allowed").isEqualTo(201);
        assertThat(budgetNow("web-pdb").getStatus().getDisruptionsAllowed()).as("and spent").isZero();
        assertThat(budgetNow("web-pdb").getStatus().getDisruptedPods()).containsOnlyKeys("web-0");
    }

    @Test
    void aBudgetWithAnEmptySelectorCoversNothing() throws Exception {
        readyPod("web-0", "web");
        PodDisruptionBudget everything = client.policy().v1().podDisruptionBudget().resource(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("all-pdb").withNamespace(NS)
                        .endMetadata().withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector()
                        .endSelector().endSpec().build()).create();
        writeStatus(everything, 1, 1, 0, everything.getMetadata().getGeneration());

        assertThat(evict("web-0").code()).isEqualTo(201);
    }

    @Test
    void alwaysAllowLetsAnUnreadyPodGoEvenFromABrokenBudget() throws Exception {
        pod("web-0", "web", "sandbox-node-a", false, "Running");
        budget("web-pdb", "web", 0, 1, 0);
        PodDisruptionBudget edited = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web-pdb")
                .edit(b -> new PodDisruptionBudgetBuilder(b).editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow")
                        .endSpec().build());
        writeStatus(edited, 0, 1, 0, edited.getMetadata().getGeneration());

        assertThat(evict("web-0").code()).isEqualTo(201);
        assertThat(exists("web-0")).isFalse();
    }

    @Test
    void aBudgetWhoseNewSpecIsNotYetObservedRefuses() throws Exception {
        readyPod("web-0", "web");
        PodDisruptionBudget pdb = budget("web-pdb", "web", 1, 0, 1);
        writeStatus(pdb, 1, 0, 1, pdb.getMetadata().getGeneration() - 1);

        HttpResponse<String> response = http.send(evictionRequest("web-0", eviction("web-0")),
                HttpResponse.BodyHandlers.ofString());
        Status status = JSON.unmarshal(response.body(), Status.class);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(status.getDetails().getCauses().get(0).getMessage())
                .isEqualTo("The disruption budget web-pdb is still being processed by the server.");
        assertThat(status.getDetails().getRetryAfterSeconds()).isEqualTo(10);
        assertThat(response.headers().firstValue("Retry-After")).contains("10");
        assertThat(exists("web-0")).isTrue();
    }

    @Test
    void podsThatNeverStartedOrHaveFinishedIgnoreTheirBudget() throws Exception {
        pod("web-0", "web", null, false, "Pending");
        pod("web-1", "web", "sandbox-node-a", false, "Succeeded");
        readyPod("web-2", "web");
        budget("web-pdb", "web", 1, 1, 0);

        assertThat(evict("web-0").code()).isEqualTo(201);
        assertThat(evict("web-1").code()).isEqualTo(201);
        assertThat(evict("web-2").code()).isEqualTo(429);
    }

    @Test
    void withoutABudgetThePodGoesAndWithTwoTheEvictionFails() throws Exception {
        readyPod("lonely-0", "lonely");
        readyPod("web-0", "web");
        budget("web-pdb", "web", 1, 0, 1);
        budget("web-pdb-2", "web", 1, 0, 1);

        assertThat(evict("lonely-0").code()).isEqualTo(201);
        assertThat(exists("lonely-0")).isFalse();

        Answer twoBudgets = evict("web-0");
        assertThat(twoBudgets.code()).isEqualTo(500);
        assertThat(twoBudgets.status().getMessage()).isEqualTo("This pod has more than one PodDisruptionBudget, "
                + "which the eviction subresource does not support.");
        assertThat(exists("web-0")).isTrue();
    }

    @Test
    void aDryRunChecksWithoutChangingAnything() throws Exception {
        readyPod("web-0", "web");
        PodDisruptionBudget pdb = budget("web-pdb", "web", 1, 0, 1);

        Answer answer = send(evictionRequest("web-0", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"web-0\"},\"deleteOptions\":{\"dryRun\":[\"All\"]}}"));

        assertThat(answer.code()).isEqualTo(201);
        assertThat(exists("web-0")).isTrue();
        assertThat(budgetNow("web-pdb").getMetadata().getResourceVersion())
                .isEqualTo(pdb.getMetadata().getResourceVersion());
    }

    @Test
    void aBodyForAnotherPodOrAnotherMethodIsRefused() throws Exception {
        readyPod("web-0", "web");

        Answer mismatch = send(evictionRequest("web-0", eviction("web-1")));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/api/v1/namespaces/" + NS + "/pods/web-0/eviction"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(mismatch.code()).isEqualTo(400);
        assertThat(mismatch.status().getMessage()).isEqualTo("name in URL does not match name in Eviction object");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(exists("web-0")).isTrue();
    }

    // ---- what else kubectl drain needs -------------------------------------------------------------------------

    @Test
    void discoveryOffersTheEvictionSubresourceSoKubectlEvictsRatherThanDeletes() {
        assertThat(client.getApiResources("v1").getResources())
                .anySatisfy(r -> {
                    assertThat(r.getName()).isEqualTo("pods/eviction");
                    assertThat(r.getGroup()).isEqualTo("policy");
                    assertThat(r.getVersion()).isEqualTo("v1");
                    assertThat(r.getKind()).isEqualTo("Eviction");
                });
    }

    @Test
    void podsAreListedByNodeNameAsKubectlDrainAsks() throws Exception {
        readyPod("a-0", "web");
        pod("b-0", "web", "sandbox-node-b", true, "Running");
        pod("pending-0", "web", null, false, "Pending");

        assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", "sandbox-node-a").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly("a-0");
        assertThat(client.pods().inNamespace(NS).withoutField("spec.nodeName", "sandbox-node-a").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("b-0", "pending-0");
        assertThat(client.pods().inNamespace(NS).withField("spec.nodeName", "sandbox-node-b")
                .withField("metadata.name", "a-0").list().getItems()).as("other terms still apply").isEmpty();
        HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/api/v1/pods?fieldSelector=spec.nodeName%3Dsandbox-node-b&limit=500"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).as("typed list, as kubectl's typed client needs").contains("\"kind\":\"PodList\"");
    }

    @Test
    void strategicMergePatchesCordonTheNodeAndReplaceListsWithoutAMergeKey() {
        Node cordoned = client.nodes().withName("sandbox-node-a").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"unschedulable\":true}}");
        assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
        Node uncordoned = client.nodes().withName("sandbox-node-a").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"unschedulable\":null}}");
        assertThat(uncordoned.getSpec().getUnschedulable()).isNull();

        // A node's taints have no merge key: a strategic patch replaces the list, as the API server does.
        client.nodes().withName("sandbox-node-a").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]}}");
        Node tainted = client.nodes().withName("sandbox-node-a").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"taints\":[{\"key\":\"j\",\"effect\":\"NoExecute\"}]}}");
        assertThat(tainted.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactly("j");
    }
}

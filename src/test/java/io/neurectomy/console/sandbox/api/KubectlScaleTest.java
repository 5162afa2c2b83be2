package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The scale subresource, through real kubectl and through fabric8, on the sandbox (API only). */
class KubectlScaleTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    private static Kubectl.Result kubectl(String... args) throws Exception {
        return CLUSTER.kubectl().run(args);
    }

    private static int replicas(String statefulSet) {
        return admin().apps().statefulSets().inNamespace(NS).withName(statefulSet).get().getSpec().getReplicas();
    }

    private static long pods(String app) {
        return admin().pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    @Test
    void kubectlScaleChangesTheReplicasAndTheControllerFollows() throws Exception {
        Poll.until(WAIT, "three alertmanager pods", () -> pods("alertmanager") == 3);

        Kubectl.Result down = kubectl("scale", "statefulset", "alertmanager", "-n", NS, "--replicas=1");

        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains("statefulset.apps/alertmanager scaled");
        assertThat(replicas("alertmanager")).isEqualTo(1);
        Poll.until(WAIT, "one alertmanager pod left", () -> pods("alertmanager") == 1);

        Kubectl.Result scale = kubectl("get", "--raw", "/apis/apps/v1/namespaces/" + NS
                + "/statefulsets/alertmanager/scale");
        assertThat(scale.code()).as(scale.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(scale.out());
        assertThat(doc.path("kind").asString()).isEqualTo("Scale");
        assertThat(doc.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(doc.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(doc.path("status").path("selector").asString()).contains("app=alertmanager");

        admin().apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(3);
        assertThat(replicas("alertmanager")).isEqualTo(3);
        Poll.until(WAIT, "three alertmanager pods again", () -> pods("alertmanager") == 3);
    }

    @Test
    void aScaleOfAWorkloadThatDoesNotExistIsNotFound() throws Exception {
        Kubectl.Result result = kubectl("scale", "statefulset", "no-such-set", "-n", NS, "--replicas=1");

        assertThat(result.code()).isNotZero();
        assertThat(result.err()).contains("could not find the requested resource")
                .contains("statefulsets.apps no-such-set");
    }
}

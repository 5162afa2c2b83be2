package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The scale subresource, through real kubectl and through fabric8, on the sandbox (API only). */
class KubectlScaleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static Path kubectl;

    @BeforeAll
    static void start() {
        kubectl = RealServers.require(RealServers.KUBECTL);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                sandbox.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static int replicas(String statefulSet) {
        return admin.apps().statefulSets().inNamespace(NS).withName(statefulSet).get().getSpec().getReplicas();
    }

    private static long pods(String app) {
        return admin.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    @Test
    void kubectlScaleChangesTheReplicasAndTheControllerFollows() throws Exception {
        Poll.until(WAIT, "three alertmanager pods", () -> pods("alertmanager") == 3);

        Result down = kubectl("scale", "statefulset", "alertmanager", "-n", NS, "--replicas=1");

        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains("statefulset.apps/alertmanager scaled");
        assertThat(replicas("alertmanager")).isEqualTo(1);
        Poll.until(WAIT, "one alertmanager pod left", () -> pods("alertmanager") == 1);

        Result scale = kubectl("get", "--raw", "/apis/apps/v1/namespaces/" + NS + "/statefulsets/alertmanager/scale");
        assertThat(scale.code()).as(scale.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(scale.out());
        assertThat(doc.path("kind").asString()).isEqualTo("Scale");
        assertThat(doc.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(doc.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(doc.path("status").path("selector").asString()).contains("app=alertmanager");

        admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(3);
        assertThat(replicas("alertmanager")).isEqualTo(3);
        Poll.until(WAIT, "three alertmanager pods again", () -> pods("alertmanager") == 3);
    }

    @Test
    void aScaleOfAWorkloadThatDoesNotExistIsNotFound() throws Exception {
        Result result = kubectl("scale", "statefulset", "no-such-set", "-n", NS, "--replicas=1");

        assertThat(result.code()).isNotZero();
        assertThat(result.err()).contains("could not find the requested resource")
                .contains("statefulsets.apps no-such-set");
    }
}

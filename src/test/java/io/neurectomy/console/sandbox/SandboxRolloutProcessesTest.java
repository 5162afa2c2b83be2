package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.testing.Kubectl;
import io.neurectomy.console.testing.KubectlSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failing upgrade on the sandbox with real Prometheus processes, driven by kubectl: a partitioned image change
 * re-creates only the highest ordinal, the sandbox's crash-loop tag ({@link SandboxImages#CRASH_LOOP}) makes its real
 * process exit at every start, and a rollback plus the deletion of the stuck pod bring back the old version in a new
 * pod while the other replica is never touched.
 */
class SandboxRolloutProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    @RegisterExtension
    static final KubectlSandbox CLUSTER = KubectlSandbox.withProcesses(SandboxCluster.Options.defaults()
            .withPropagationDelay(Duration.ofSeconds(1)), RealServers.PROMETHEUS);

    private static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    private static Pod pod(String name) {
        return admin().pods().inNamespace(NS).withName(name).get();
    }

    private static ContainerStatus prometheus(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream().filter(c -> "prometheus".equals(c.getName()))
                .findFirst().orElse(new ContainerStatus());
    }

    private static boolean readyOn(String name, String image) {
        Pod pod = pod(name);
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && image.equals(pod.getSpec().getContainers().get(0).getImage())
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Kubectl.Result kubectl(String... args) throws Exception {
        Kubectl.Result result = CLUSTER.kubectl().run(args);
        assertThat(result.code()).as("kubectl %s: %s", String.join(" ", args), result.err()).isZero();
        return result;
    }

    @Test
    void aCrashLoopingVersionIsRolledBackAndTheOtherReplicaIsNeverTouched() throws Exception {
        String oldImage = admin().apps().statefulSets().inNamespace(NS).withName("prometheus").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage();
        Poll.until(WAIT, "both prometheus processes ready", () -> readyOn("prometheus-0", oldImage)
                && readyOn("prometheus-1", oldImage));
        Pod zero = pod("prometheus-0");
        Pod one = pod("prometheus-1");
        String broken = "quay.io/prometheus/prometheus:v2.99.0" + SandboxImages.CRASH_LOOP;

        kubectl("patch", "statefulset", "prometheus", "-n", NS, "-p",
                "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":1}}}}");
        kubectl("set", "image", "statefulset/prometheus", "prometheus=" + broken, "-n", NS);

        Pod crashing = Poll.until(WAIT, () -> pod("prometheus-1"), p -> p != null
                && broken.equals(p.getSpec().getContainers().get(0).getImage()) && p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && prometheus(p).getRestartCount() != null
                && prometheus(p).getRestartCount() >= 2 && prometheus(p).getState() != null
                && prometheus(p).getState().getWaiting() != null
                && "CrashLoopBackOff".equals(prometheus(p).getState().getWaiting().getReason()),
                "prometheus-1 crash-looping on the broken version");
        assertThat(crashing.getMetadata().getUid()).isNotEqualTo(one.getMetadata().getUid());
        Kubectl.Result logs = kubectl("logs", "prometheus-1", "-c", "prometheus", "-n", NS);
        assertThat(logs.out() + logs.err()).contains("sandbox-crash-loop-image");
        assertThat(pod("prometheus-0").getMetadata().getUid()).isEqualTo(zero.getMetadata().getUid());

        kubectl("rollout", "undo", "statefulset/prometheus", "-n", NS);
        Poll.until(WAIT, "the template back on the old version", () -> oldImage.equals(admin().apps().statefulSets()
                .inNamespace(NS).withName("prometheus").get().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()));
        kubectl("delete", "pod", "prometheus-1", "-n", NS);
        Poll.until(WAIT, "prometheus-1 ready on the old version", () -> readyOn("prometheus-1", oldImage));

        Pod restored = pod("prometheus-1");
        assertThat(restored.getMetadata().getUid()).isNotIn(one.getMetadata().getUid(),
                crashing.getMetadata().getUid());
        assertThat(restored.getStatus().getStartTime()).isNotEqualTo(one.getStatus().getStartTime());
        assertThat(prometheus(restored).getRestartCount()).isZero();
        Pod untouched = pod("prometheus-0");
        assertThat(untouched.getMetadata().getUid()).isEqualTo(zero.getMetadata().getUid());
        assertThat(untouched.getStatus().getStartTime()).isEqualTo(zero.getStatus().getStartTime());
        assertThat(prometheus(untouched).getRestartCount()).isZero();
    }
}

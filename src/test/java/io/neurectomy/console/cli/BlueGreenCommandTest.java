package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.WorkloadImages;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code upgrade prometheus VERSION --strategy blue-green} and {@code blue-green switch-back | remove-old} on the
 * sandbox with real Prometheus processes, in the order an admin goes: the plan alone, the upgrade with the TSDB
 * seeded, the switch back,
 * and the removal of the side not in use (the new one, after the switch back) with its volumes. Each test starts
 * where the previous one left the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenCommandTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = "monitoring";
    private static final String GREEN = "prometheus-v2-55-1";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static WorkloadImages prometheus;
    private static String original;
    private static List<String> oldUids;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        prometheus = new WorkloadImages(admin, NS, "prometheus", 2);
        original = prometheus.templateImage();
        prometheus.awaitAllOn(original, WAIT);
        oldUids = prometheus.pods().stream().map(p -> p.getMetadata().getUid()).toList();
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

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    private static Map<String, String> selector() {
        return admin.services().inNamespace(NS).withName("prometheus").get().getSpec().getSelector();
    }

    @Test
    @Order(1)
    void withoutYesItPrintsThePlanAndCreatesNothing() {
        int code = run("upgrade", "prometheus", "v2.55.1", "--strategy", "blue-green");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Blue-green upgrade of Prometheus in monitoring from "
                        + WorkloadImages.tag(original) + " (prometheus) to v2.55.1 (" + GREEN + ", 2 replicas)",
                "Create StatefulSet/" + GREEN, "Switch Service/prometheus, Service/prometheus-headless to " + GREEN,
                "Nothing was changed. Run again with --yes to go ahead.");
        assertThat(cli.out()).doesNotContain("Seed the TSDB");
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get()).isNull();
        assertThat(selector()).isEqualTo(Map.of("app", "prometheus"));

        code = run("upgrade", "prometheus", "v2.55.1", "--strategy", "blue-green", "--seed-tsdb");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).containsPattern("Seed the TSDB of every replica of " + GREEN + " from a snapshot of"
                + " prometheus \\(about [0-9.]+ [KMG]iB from prometheus-[01] into each replica\\)");
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get()).isNull();
        assertThat(uidsNow()).isEqualTo(oldUids);
    }

    /** Whether {@code pod} answers {@code up} with at least one series (false while it does not answer). */
    private static boolean holdsSamples(String pod) {
        try {
            PodCalls.Response r = new PodCalls(admin, NS, Duration.ofSeconds(10)).send(pod, 9090, "GET",
                    "/api/v1/query?query=up");
            return r.status() == 200 && r.body().contains("\"result\":[{");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> uidsNow() {
        return prometheus.pods().stream().map(p -> p.getMetadata().getUid()).toList();
    }

    @Test
    @Order(2)
    void blueGreenOfAnotherComponentAndWithADirectoryAreUsageErrors() {
        assertThat(run("upgrade", "alertmanager", "v0.28.1", "--strategy", "blue-green", "--yes"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--strategy blue-green is for prometheus only");
        assertThat(run("upgrade", "prometheus", "v2.55.1", "--strategy", "blue-green", "--dir", "/tmp", "--yes"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("takes no backup");
        assertThat(run("upgrade", "prometheus", "v2.55.1", "--seed-tsdb", "--yes")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--seed-tsdb is for --strategy blue-green only");
        assertThat(run("upgrade", "prometheus", "v2.55.1", "--strategy", "rolling", "--seed-tsdb", "--yes"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--seed-tsdb is for --strategy blue-green only");
        assertThat(prometheus.templateImage()).as("a usage error upgrades nothing").isEqualTo(original);
        assertThat(run("blue-green", "switch-back", "--yes")).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.err()).contains("No blue-green upgrade of Prometheus is in progress");
    }

    @Test
    @Order(3)
    void theSeededUpgradeSwitchesTheServicesToTheNewSideAndSaysWhatItCopied() {
        // the seed is a snapshot of what the old side holds: it must have scraped something first
        Poll.until(WAIT, "prometheus-0 and prometheus-1 hold samples of up", () -> holdsSamples("prometheus-0")
                && holdsSamples("prometheus-1"));
        int code = run("upgrade", "prometheus", "v2.55.1", "--strategy", "blue-green", "--seed-tsdb", "--yes");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("Service/prometheus, Service/prometheus-headless: StatefulSet/prometheus ("
                + WorkloadImages.tag(original) + ") → StatefulSet/" + GREEN + " (v2.55.1)");
        assertThat(cli.out()).containsPattern("Seeded " + GREEN + "-0: [1-9]\\d* blocks, [1-9]\\d* bytes")
                .containsPattern("Seeded " + GREEN + "-1: [1-9]\\d* blocks, [1-9]\\d* bytes");
        assertThat(selector()).isEqualTo(Map.of("app", "prometheus", "version", "v2.55.1"));
        assertThat(admin.pods().inNamespace(NS).withLabels(selector()).list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder(GREEN + "-0", GREEN + "-1");
    }

    @Test
    @Order(4)
    void switchBackSelectsTheOldPodsUntouched() {
        int code = run("blue-green", "switch-back", "--yes");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(selector()).isEqualTo(Map.of("app", "prometheus", "version", WorkloadImages.tag(original)));
        assertThat(admin.pods().inNamespace(NS).withLabels(selector()).list().getItems())
                .extracting(p -> p.getMetadata().getUid()).containsExactlyInAnyOrderElementsOf(oldUids);
    }

    @Test
    @Order(5)
    void removeOldAfterASwitchBackRemovesTheNewSideOnlyWithYesAndItsVolumesWhenAsked() {
        int code = run("blue-green", "remove-old", "--delete-volumes");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Remove StatefulSet/" + GREEN, "Nothing was changed");
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get()).isNotNull();

        code = run("blue-green", "remove-old", "--delete-volumes", "--yes");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get()).isNull();
        Poll.until(WAIT, "the new side's pods gone", () -> admin.pods().inNamespace(NS).list().getItems().stream()
                .noneMatch(p -> p.getMetadata().getName().startsWith(GREEN)));
        assertThat(admin.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .noneMatch(c -> c.getMetadata().getName().contains(GREEN));
        assertThat(prometheus.pods()).extracting(p -> p.getMetadata().getUid())
                .containsExactlyInAnyOrderElementsOf(oldUids);
    }
}

package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.sandbox.SandboxImages;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.WorkloadImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code upgrade} and {@code rollback} on the sandbox with real Prometheus processes: the plan alone with the
 * Prometheus 3 findings, usage errors, a listed version with --yes, a failing version that
 * rolls back by itself and exits non-zero with the reason, and a rollback on its own. Each test puts the stack back.
 */
class UpgradeCommandTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static WorkloadImages prometheus;
    private static String original;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        prometheus = new WorkloadImages(admin, NS, "prometheus", 2);
        original = prometheus.templateImage();
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

    @BeforeEach
    void stackAsDeployed() {
        prometheus.awaitAllOn(original, WAIT);
    }

    @AfterEach
    void putBack() {
        prometheus.putBack(original, WAIT);
    }

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    @Test
    void withoutYesItPrintsThePlanWithThePrometheus3FindingsAndChangesNothing() {
        String uid = prometheus.pod("prometheus-1").getMetadata().getUid();

        int code = run("upgrade", "prometheus", "v3.0.1");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Upgrade Prometheus in monitoring from " + WorkloadImages.tag(original)
                        + " to v3.0.1 (2 replicas)", "Back up the configs and the TSDB",
                "Move prometheus-1 to v3.0.1", "Move prometheus-0 to v3.0.1",
                "--enable-feature=expand-external-labels", "Nothing was changed. Run again with --yes to go ahead.");
        assertThat(prometheus.templateImage()).isEqualTo(original);
        assertThat(prometheus.pod("prometheus-1").getMetadata().getUid()).isEqualTo(uid);
    }

    @Test
    void anUnknownStrategyABadTagAndAnUnknownComponentAreUsageErrors() {
        assertThat(run("upgrade", "prometheus", "v3.0.1", "--strategy", "canary", "--yes"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--strategy must be rolling or blue-green, not 'canary'");
        assertThat(run("upgrade", "prometheus", "v3 .0", "--yes")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("is not an image tag").contains("v2.55.1");
        assertThat(run("rollback", "loki", "--yes")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown component 'loki'");
        assertThat(prometheus.templateImage()).isEqualTo(original);
    }

    @Test
    void upgradeToAListedVersionEndsWithBothReplicasOnItAndRollbackReturns() {
        int code = run("upgrade", "prometheus", "v2.55.1", "--yes", "--no-backup");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        String upgraded = WorkloadImages.withTag(original, "v2.55.1");
        assertThat(prometheus.allOn(upgraded)).isTrue();
        assertThat(cli.out()).contains("StatefulSet/prometheus: " + WorkloadImages.tag(original) + " → v2.55.1");

        code = run("rollback", "prometheus", "--yes");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(prometheus.allOn(original)).isTrue();
    }

    @Test
    void aFailingVersionRollsBackByItselfAndExitsNonZeroWithTheReason() {
        Pod zero = prometheus.pod("prometheus-0");

        int code = run("upgrade", "prometheus", "v2.99.0" + SandboxImages.CRASH_LOOP, "--yes", "--no-backup");

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.out() + cli.err()).contains("prometheus-1 does not run on v2.99.0" + SandboxImages.CRASH_LOOP)
                .contains("CrashLoopBackOff").contains("Rolled back to " + WorkloadImages.tag(original));
        assertThat(prometheus.allOn(original)).isTrue();
        assertThat(prometheus.pod("prometheus-0").getMetadata().getUid()).isEqualTo(zero.getMetadata().getUid());
    }
}

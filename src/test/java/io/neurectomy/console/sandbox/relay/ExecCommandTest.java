package io.neurectomy.console.sandbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.PodRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecCommandTest {
    private static final Path ROOT = Path.of("/srv/sandbox/pods/prometheus-0");
    private static final PodRuntime RUNTIME = new PodRuntime("monitoring", "prometheus-0", ROOT,
            Map.of(9090, 41234), ROOT.resolve("log"), null);

    private static ExecCommand.Plan plan(String... command) {
        return ExecCommand.plan(List.of(command), RUNTIME);
    }

    @Test
    void absolutePathsAreMovedUnderThePodRoot() {
        assertThat(plan("cat", "/etc/prometheus/prometheus.yml").argv())
                .containsExactly("cat", "/srv/sandbox/pods/prometheus-0/etc/prometheus/prometheus.yml");
    }

    @Test
    void optionValuesThatArePathsAreMovedToo() {
        assertThat(plan("promtool", "check", "config", "--syntax-only=/etc/p.yml").argv())
                .containsExactly("promtool", "check", "config",
                        "--syntax-only=/srv/sandbox/pods/prometheus-0/etc/p.yml");
    }

    @Test
    void aProgramGivenByPathRunsByName() {
        assertThat(plan("/bin/ls", "-l", "/").argv()).containsExactly("ls", "-l", "/srv/sandbox/pods/prometheus-0");
    }

    @Test
    void pathsThatClimbOutOfTheRootAreRefused() {
        assertThat(plan("cat", "/etc/../../../etc/shadow").refusal()).contains("leaves the pod's filesystem");
        assertThat(plan("ls", "--directory=/../..").refused()).isTrue();
        assertThat(plan("cat", "../../etc/shadow").refused()).isTrue();
    }

    @Test
    void commandsOutsideTheAllowListAreRefusedWithExitCode126() {
        ExecCommand.Plan plan = plan("sh", "-c", "rm -rf /");

        assertThat(plan.refusal()).isEqualTo("command 'sh' is not available in the sandbox; allowed: "
                + "cat, ls, sha256sum, tar, df, promtool, amtool, wget, rm");
        assertThat(plan.refusalExitCode()).isEqualTo(126);
    }

    @Test
    void wgetToThePodsOwnPortGoesToTheLoopbackPortThatServesIt() {
        assertThat(plan("wget", "-q", "-O", "-", "http://localhost:9090/-/ready").argv())
                .containsExactly("wget", "-q", "-O", "-", "http://127.0.0.1:41234/-/ready");
        assertThat(plan("wget", "http://127.0.0.1:9090").argv()).containsExactly("wget", "http://127.0.0.1:41234");
    }

    @Test
    void wgetToAPortNothingServesIsConnectionRefused() {
        assertThat(plan("wget", "http://localhost:9093/-/ready").refusal()).contains("Connection refused");
    }

    @Test
    void tarGetsRootRelativeMemberPathsButAbsoluteDirectories() {
        assertThat(plan("tar", "-cf", "-", "/prometheus", "-C", "/etc", "x").argv())
                .containsExactly("tar", "-cf", "-", "prometheus", "-C", "/srv/sandbox/pods/prometheus-0/etc", "x");
        assertThat(plan("tar", "-xf", "-", "--directory=/data").argv())
                .containsExactly("tar", "-xf", "-", "--directory=/srv/sandbox/pods/prometheus-0/data");
    }

    @Test
    void rmRemovesOnlyInsideThePodRootAndNeverTheRootItself() {
        assertThat(plan("rm", "-r", "/prometheus/snapshots/2026").argv())
                .containsExactly("rm", "-r", "/srv/sandbox/pods/prometheus-0/prometheus/snapshots/2026");
        assertThat(plan("rm", "-rf", "/").refusal()).contains("refusing to remove '/'");
        assertThat(plan("rm", "-r", "/prometheus/../..").refused()).isTrue();
        assertThat(plan("rm", "--no-preserve-root", "/x").refused()).isTrue();
        assertThat(plan("rm", "-r").refusal()).contains("missing operand");
    }

    @Test
    void wgetToAServiceNameGoesWhereTheRoutesSay() {
        ExecCommand.Routes routes = (host, port) -> host.equals("alertmanager.monitoring") && port == 9093
                ? java.util.Optional.of(ServiceRoutes.Route.to(45000))
                : host.equals("prometheus.monitoring") ? java.util.Optional.of(ServiceRoutes.Route.fails(
                        "wget: download timed out")) : java.util.Optional.empty();

        assertThat(ExecCommand.plan(List.of("wget", "-q", "-T", "3", "-O", "-",
                "http://alertmanager.monitoring:9093/-/ready"), RUNTIME, routes).argv())
                .containsExactly("wget", "-q", "-T", "3", "-O", "-", "http://127.0.0.1:45000/-/ready");
        ExecCommand.Plan dropped = ExecCommand.plan(List.of("wget", "http://prometheus.monitoring:9090/-/ready"),
                RUNTIME, routes);
        assertThat(dropped.refusal()).isEqualTo("wget: download timed out");
        assertThat(dropped.refusalExitCode()).isEqualTo(1);
        // A name the sandbox does not know is left to this machine's resolver, as before.
        assertThat(ExecCommand.plan(List.of("wget", "http://example.org/"), RUNTIME, routes).argv())
                .containsExactly("wget", "http://example.org/");
    }
}

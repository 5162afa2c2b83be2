package io.neurectomy.console.sandbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real kubectl against the relay (skipped loudly where kubectl is not on PATH, failing when CI requires it). */
class KubectlRelayTest {
    @TempDir
    Path dir;
    private RelayFixture fixture;
    private Path kubectl;

    @BeforeEach
    void start() throws IOException {
        kubectl = RealServers.require(RealServers.KUBECTL);
        fixture = new RelayFixture(dir);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Result kubectl(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                fixture.sandbox.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("kubectl.err").toFile()).start();
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("kubectl.err")));
        } finally {
            process.destroyForcibly();
        }
    }

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void kubectlExecCatPrintsTheFileUnderThePodRoot() throws Exception {
        Files.createDirectories(fixture.root.resolve("etc/x"));
        Files.writeString(fixture.root.resolve("etc/x/file"), "rule_files: []\n");

        Result result = kubectl(null, "exec", "-n", RelayFixture.NS, RelayFixture.POD, "--", "cat", "/etc/x/file");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("rule_files: []\n");
    }

    @Test
    void kubectlExecWithStdinEndsWhenTheInputEnds() throws Exception {
        Result result = kubectl("scrape me\n", "exec", "-i", "-n", RelayFixture.NS, RelayFixture.POD, "--",
                "sha256sum");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(RelayFixture.sha256("scrape me\n".getBytes(StandardCharsets.UTF_8))
                + "  -\n");
    }

    @Test
    void kubectlExecReportsTheExitCode() throws Exception {
        Result result = kubectl(null, "exec", "-n", RelayFixture.NS, RelayFixture.POD, "--", "cat", "/missing");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("No such file or directory");
    }
}

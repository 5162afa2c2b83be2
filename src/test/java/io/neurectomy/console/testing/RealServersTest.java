package io.neurectomy.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The machine provides the real servers and tools that the real-server tests drive, kubectl among them. */
class RealServersTest {

    @ParameterizedTest
    @ValueSource(strings = {RealServers.PROMETHEUS, RealServers.ALERTMANAGER, RealServers.PROMTOOL,
        RealServers.AMTOOL})
    void binaryIsPresentAndReportsItsVersion(String name) throws IOException, InterruptedException {
        Path binary = RealServers.require(name);
        Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s --version finished", name).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsIgnoringCase("version");
    }

    @Test
    void kubectlIsPresentAndReportsItsClientVersion() throws IOException, InterruptedException {
        Path kubectl = RealServers.require(RealServers.KUBECTL);
        Process p = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("kubectl version --client finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Client Version: v1.");
    }
}

package io.neurectomy.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Signals to the server processes a sandbox runs: {@code STOP} holds a server (its port still accepts connections,
 * nothing answers) so that an operation waits on it for as long as a test needs; {@code CONT} lets it go on.
 */
public final class ServerProcesses {
    private ServerProcesses() {
    }

    /** Sends {@code SIGname} to the live processes of {@code sandbox} whose command contains {@code binary}. */
    public static void signal(SandboxCluster sandbox, String binary, String name)
            throws IOException, InterruptedException {
        send(sandbox, name, binary, p -> p.info().command().map(c -> c.contains(binary)).orElse(false));
    }

    /**
     * Sends {@code SIGname} to the live server process of one pod of {@code sandbox} ({@code prometheus-1}): the
     * process whose arguments name the pod's own directory.
     */
    public static void signalPod(SandboxCluster sandbox, String namespace, String pod, String name)
            throws IOException, InterruptedException {
        String dir = "/pods/" + namespace + "/" + pod + "/";
        send(sandbox, name, "the process of " + pod, p -> p.info().arguments()
                .map(args -> Stream.of(args).anyMatch(a -> a.contains(dir))).orElse(false));
    }

    private static void send(SandboxCluster sandbox, String name, String what,
                             Predicate<ProcessHandle> which)
            throws IOException, InterruptedException {
        List<String> pids = sandbox.startedPids().stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive).filter(which)
                .map(p -> String.valueOf(p.pid())).toList();
        assertThat(pids).as("the sandbox runs " + what).isNotEmpty();
        List<String> command = Stream.concat(Stream.of("kill", "-" + name), pids.stream()).toList();
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor()).as(String.join(" ", command)).isZero();
    }
}

package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandbox [--empty] [--propagation-delay DURATION]}: runs the embedded sandbox cluster headless until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Runs the embedded sandbox cluster until interrupted (Ctrl+C) and prints the path of a "
                + "kubeconfig file for it, so that kubectl and the console can reach it.")
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--empty", description = "Three nodes and no monitoring stack (ready for the deploy wizard).")
    boolean empty;

    @Option(names = "--propagation-delay", paramLabel = "DURATION", defaultValue = "PT3S",
            description = "How long a ConfigMap or Secret change takes to reach the pods' mounted files, as the "
                    + "kubelet's sync period does on a real cluster (ISO-8601, default PT3S; PT0S for at once).")
    Duration propagationDelay;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop;

    /** A command that waits for the JVM to be interrupted (Ctrl+C). */
    public SandboxCommand() {
        this(new CountDownLatch(1));
    }

    /** A command that returns once {@code stop} is counted down (tests). */
    SandboxCommand(CountDownLatch stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (propagationDelay.isNegative()) {
            spec.commandLine().getErr().println("error: --propagation-delay must not be negative");
            return CommandLine.ExitCode.USAGE;
        }
        SandboxCluster sandbox;
        try {
            sandbox = SandboxCluster.start(empty, SandboxCluster.Options.defaults()
                    .withPropagationDelay(propagationDelay));
        } catch (ConsoleException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        // Ctrl+C ends the JVM through shutdown hooks, not by returning from here.
        Thread hook = new Thread(() -> {
            sandbox.close();
            stop.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Sandbox cluster running at " + sandbox.url() + (empty ? " (empty)" : ""));
        out.println("kubeconfig: " + sandbox.kubeconfig());
        out.println("Try: kubectl --kubeconfig " + sandbox.kubeconfig() + " get pods -n monitoring");
        out.println("Press Ctrl+C to stop.");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sandbox.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running; it closes the sandbox itself.
            }
        }
        return CommandLine.ExitCode.OK;
    }
}

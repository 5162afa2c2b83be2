package io.neurectomy.console.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox [--empty] [--propagation-delay DURATION]}: runs the embedded sandbox cluster headless until
 * interrupted. The command line knows the sandbox only through {@link Starter}, which the Launcher hands in.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Runs the embedded sandbox cluster until interrupted (Ctrl+C) and prints the path of a "
                + "kubeconfig file for it, so that kubectl and the console can reach it.")
public final class SandboxCommand implements Callable<Integer> {

    /** Starts the embedded sandbox cluster; throws a ConsoleException with a message for people when it cannot. */
    @FunctionalInterface
    public interface Starter {
        /**
         * @param empty            three nodes and no monitoring stack
         * @param propagationDelay how long ConfigMap and Secret changes take to reach the pods' files (not negative)
         */
        Running start(boolean empty, Duration propagationDelay);
    }

    /**
     * A started sandbox cluster.
     *
     * @param url        where its API server listens
     * @param kubeconfig the kubeconfig file that reaches it (removed when it stops)
     * @param stop       stops it and removes its files; may be run more than once
     * @param values     a values file with the non-secret values its stack is rendered with (an empty sandbox's
     *                   stack, once deployed), for the bundled {@code environment}
     */
    public record Running(String url, Path kubeconfig, Runnable stop, String environment, Path values) {
    }

    @Option(names = "--empty", description = "Three nodes and no monitoring stack (ready for the deploy wizard).")
    boolean empty;

    @Option(names = "--propagation-delay", paramLabel = "DURATION", defaultValue = "PT3S",
            description = "How long a ConfigMap or Secret change takes to reach the pods' mounted files, as the "
                    + "kubelet's sync period does on a real cluster (ISO-8601, default PT3S; PT0S for at once).")
    Duration propagationDelay;

    @Spec
    CommandSpec spec;

    private final Starter starter;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** A command that starts its cluster with {@code starter} and waits for Ctrl+C (or its thread's interrupt). */
    public SandboxCommand(Starter starter) {
        this.starter = starter;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (propagationDelay.isNegative()) {
            throw new UsageException("--propagation-delay must not be negative");
        }
        Running sandbox = starter.start(empty, propagationDelay);
        // Ctrl+C ends the JVM through shutdown hooks, not by returning from here.
        Thread hook = new Thread(() -> {
            sandbox.stop().run();
            stop.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Sandbox cluster running at " + sandbox.url() + (empty ? " (empty)" : ""));
        out.println("kubeconfig: " + sandbox.kubeconfig());
        out.println("Try: kubectl --kubeconfig " + sandbox.kubeconfig() + " get pods -n monitoring");
        out.println("Press Ctrl+C to stop.");
        out.flush();
        boolean interrupted = false;
        try {
            stop.await();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // Stopped before the interrupt is restored, so that stopping's own waits are not cut short by it.
        sandbox.stop().run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running; it stops the sandbox itself.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return CommandLine.ExitCode.OK;
    }
}

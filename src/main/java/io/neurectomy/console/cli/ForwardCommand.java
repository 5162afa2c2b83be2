package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.endpoints.Forward;
import io.neurectomy.console.core.endpoints.ForwardException;
import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.ForwardStatus;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forward TARGET}: one port-forward in the foreground, with the console's reconnecting and health checks,
 * printing every change of state until Ctrl+C.
 *
 * <p>Exit codes as in {@link ConsoleCommand}: 0 stopped by the user, 1 the forward could not start or failed for
 * good (a pinned port in use, forbidden, no such Service), 2 a usage error.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forwards a local port to Prometheus, Grafana, Alertmanager, a pod or a Service, and keeps it"
                + " working while pods restart: the local port stays, new connections go to a ready pod, and every"
                + " change of state is printed (one line each). Ctrl+C stops it.",
                "",
                "TARGET is prometheus, grafana or alertmanager (their Services), POD[:PORT], pod/NAME[:PORT] or"
                + " svc/NAME[:PORT]; the port may be left out for the stack's own pods and Services."},
        footer = {"", "Examples:", "  monitoring-console forward prometheus",
                "  monitoring-console forward alertmanager-0 --port 19093",
                "  monitoring-console forward svc/grafana --context prod -n observability"})
public final class ForwardCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Parameters(index = "0", paramLabel = "TARGET", description = "What to forward to (see above).")
    String target;

    @Option(names = "--port", paramLabel = "N", description = "Local port to use; fails if it is in use (default:"
            + " the remote port when free, else the next free one).")
    Integer port;

    @Option(names = "--address", paramLabel = "A", description = "Local address to listen on (default 127.0.0.1)."
            + " Another address, such as 0.0.0.0, makes the forward reachable from other machines without any"
            + " authentication: giving it is taken as your confirmation.")
    String address;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop;
    private final Clock clock;

    /** A command that runs until the JVM is interrupted (Ctrl+C). */
    public ForwardCommand() {
        this(new CountDownLatch(1), Clock.systemDefaultZone());
    }

    /** A command that also returns once {@code stop} is counted down (tests). */
    ForwardCommand(CountDownLatch stop, Clock clock) {
        this.stop = stop;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String ns = cluster.namespace();
        ForwardSpec forwardSpec;
        try {
            forwardSpec = ForwardSpec.parse(target, ns);
            if (port != null) {
                forwardSpec = forwardSpec.withLocalPort(port);
            }
            if (address != null) {
                forwardSpec = forwardSpec.withBindAddress(address, true);
            }
        } catch (ForwardException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        if (!forwardSpec.loopback()) {
            err.println("warning: listening on " + forwardSpec.bindAddress() + ": the forward is reachable from other"
                    + " machines, without any authentication. Anyone who can reach this port reaches "
                    + forwardSpec.target() + ".");
            err.flush();
        }
        ClusterSession session;
        try {
            session = cluster.connect();
        } catch (ConnectionException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        PortForwardManager manager = new PortForwardManager(session);
        CountDownLatch ended = new CountDownLatch(1);
        Printer printer = new Printer(out);
        Thread hook = new Thread(() -> {
            manager.close();
            session.close();
            stop.countDown();
        }, "forward-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            manager.addListener(status -> {
                printer.print(status);
                if (status.state().ended()) {
                    ended.countDown();
                }
            });
            Forward forward;
            try {
                forward = manager.start(forwardSpec);
            } catch (ForwardException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
            printer.print(forward.status());
            if (!forward.status().state().ended()) {
                out.println("Equivalent without reconnecting: " + forward.kubectlCommand());
                out.println("Press Ctrl+C to stop.");
                out.flush();
                waitForEither(stop, ended);
            }
            return forward.status().state() == ForwardState.FAILED ? CommandLine.ExitCode.SOFTWARE
                    : CommandLine.ExitCode.OK;
        } finally {
            manager.close();
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the same things
            }
        }
    }

    /** Waits until the user stops (Ctrl+C, or {@code stop} in tests) or the forward ends by itself. */
    private static void waitForEither(CountDownLatch stop, CountDownLatch ended) {
        try {
            while (!stop.await(200, TimeUnit.MILLISECONDS) && ended.getCount() > 0) {
                // keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints one line per change of state, pod, reason or port (not per byte counted). */
    private final class Printer {
        private final PrintWriter out;
        private String last;

        Printer(PrintWriter out) {
            this.out = out;
        }

        synchronized void print(ForwardStatus status) {
            String key = status.state() + "|" + status.pod() + "|" + status.reason() + "|" + status.localPort();
            if (Objects.equals(key, last)) {
                return;
            }
            last = key;
            out.println(LocalTime.now(clock).format(TIME) + " " + status.summary());
            out.flush();
        }
    }
}

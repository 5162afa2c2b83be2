package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogListener;
import io.neurectomy.console.core.logs.LogRequest;
import io.neurectomy.console.core.logs.LogSource.LogSubscription;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.core.logs.PodLogs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logs POD}: a pod's log, optionally followed across restarts and pod replacement, credentials masked. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a pod's log (its last lines), with credential-shaped values (tokens, passwords, webhook"
                + " URLs) masked unless --reveal is given.",
                "With --follow, keep printing new lines, across container restarts and the replacement of a"
                + " StatefulSet pod (announced on stderr); stop with Ctrl+C.",
                "Lines go to stdout; states and the console's own remarks to stderr.",
                "Exit codes: 0 the log ended, 1 the stream failed, 2 usage; Ctrl+C ends it as a signal does (130)."})
public final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "POD", description = "The pod, e.g. prometheus-0.")
    String pod;

    @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
            description = "The container (default: the pod's first).")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;

    @Option(names = {"-p", "--previous"}, description = "The log of the container's previous (crashed) instance.")
    boolean previous;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "How many of the latest lines to start with (default 100).")
    int tail;

    @Option(names = "--reveal", description = "Show credential-shaped values instead of masking them.")
    boolean reveal;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tail < 1) {
            err.println("error: --tail must be at least 1");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        if (previous && follow) {
            err.println("error: --previous and --follow cannot be combined: the previous instance has ended");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        LogRequest request = new LogRequest(pod, container, tail, follow, previous, reveal);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        LogListener listener = new LogListener() {
            @Override
            public void lines(List<LogLine> batch) {
                for (LogLine line : batch) {
                    (line.marker() ? err : out).println(line.text());
                }
                out.flush();
                err.flush();
            }

            @Override
            public void state(LogStreamState state, String message) {
                switch (state) {
                    case FAILED -> {
                        failure.set(message == null ? "the log stream failed" : message);
                        done.countDown();
                    }
                    case ENDED -> done.countDown();
                    case RECONNECTING -> err.println(message == null ? "reconnecting…" : message);
                    default -> {
                        if (message != null) {
                            err.println(message);
                        }
                    }
                }
                err.flush();
            }
        };
        try (ClusterSession session = cluster.connect()) {
            LogSubscription subscription = PodLogs.of(session).open(request, listener);
            // Ctrl+C ends the JVM through shutdown hooks: the stream is closed on the way out.
            Thread hook = new Thread(() -> {
                subscription.close();
                done.countDown();
            }, "logs-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                subscription.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and closes the stream itself
                }
            }
            if (failure.get() != null) {
                err.println("error: " + failure.get());
                return CommandLine.ExitCode.SOFTWARE;
            }
            return CommandLine.ExitCode.OK;
        } catch (ConsoleException e) {
            err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}

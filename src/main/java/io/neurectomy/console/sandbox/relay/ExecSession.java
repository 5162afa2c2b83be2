package io.neurectomy.console.sandbox.relay;

import io.fabric8.mockwebserver.http.WebSocket;
import io.neurectomy.console.sandbox.KubeStatus;
import io.neurectomy.console.sandbox.PodRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code exec}, spoken like a kubelet: stdin arrives on channel 0, stdout goes out on 1 and stderr on 2, and
 * channel 3 carries the final Status (Success, or NonZeroExitCode with the exit code as cause) before a normal
 * close. The command runs as a real local process (no shell) planned by {@link ExecCommand}.
 *
 * <p>The v4 protocol fabric8 speaks cannot say "end of stdin", so a command that reads stdin to its end only ends
 * when the client closes; the v5 close signal (channel 255, then the channel number) ends stdin as kubectl does.
 */
final class ExecSession extends RelaySession {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int ERROR = 3;
    private static final int CLOSE_SIGNAL = 255;

    private final String pod;
    private final List<String> command;
    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;
    private final PodRuntime runtime;
    private final LinkedBlockingQueue<byte[]> toProcess = new LinkedBlockingQueue<>();
    private volatile Process process;

    private final String refusal;
    private final ExecCommand.Routes routes;

    /**
     * @param runtime the pod's stand-in (null when it has no running process)
     * @param refusal why nothing can run in the pod (unavailable stand-in, no running process), or null
     */
    ExecSession(Set<RelaySession> open, String pod, List<String> command, boolean stdin, boolean stdout,
            boolean stderr, PodRuntime runtime, String refusal) {
        this(open, pod, command, stdin, stdout, stderr, runtime, refusal, (host, port) -> Optional.empty());
    }

    /** As above; {@code routes} says where a connection from the pod to a Service's name goes. */
    ExecSession(Set<RelaySession> open, String pod, List<String> command, boolean stdin, boolean stdout,
            boolean stderr, PodRuntime runtime, String refusal, ExecCommand.Routes routes) {
        super(open);
        this.routes = routes;
        this.refusal = refusal;
        this.pod = pod;
        this.command = List.copyOf(command);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.runtime = runtime;
    }

    @Override
    protected void opened() {
        daemon("sandbox-exec-" + pod, this::run);
    }

    private void run() {
        try {
            if (refusal != null) {
                text(STDERR, refusal + "\n");
                finish(KubeStatus.execFailure(refusal));
                return;
            }
            ExecCommand.Plan plan = ExecCommand.plan(command, runtime, routes);
            if (plan.refused()) {
                text(STDERR, plan.refusal() + "\n");
                finish(KubeStatus.execResult(plan.refusalExitCode(), String.join(" ", command)));
                return;
            }
            if (plan.answered()) {
                if (stdout) {
                    text(STDOUT, plan.output());
                }
                finish(KubeStatus.execResult(0, String.join(" ", command)));
                return;
            }
            ProcessBuilder builder = new ProcessBuilder(plan.argv()).directory(runtime.root().toFile());
            if (!stdout) {
                builder.redirectOutput(Redirect.DISCARD);
            }
            if (!stderr) {
                builder.redirectError(Redirect.DISCARD);
            }
            Process p;
            try {
                p = builder.start();
            } catch (IOException e) {
                text(STDERR, "exec: \"" + plan.argv().get(0) + "\": executable file not found in $PATH\n");
                finish(KubeStatus.execResult(127, String.join(" ", command)));
                return;
            }
            process = p;
            if (isClosed()) {
                p.destroy();
                return;
            }
            if (stdin) {
                daemon("sandbox-exec-" + pod + "-stdin", () -> feed(p.getOutputStream()));
            } else {
                p.getOutputStream().close();
            }
            Thread out = stdout ? daemon("sandbox-exec-" + pod + "-stdout", () -> pump(p.getInputStream(), STDOUT))
                    : null;
            Thread err = stderr ? daemon("sandbox-exec-" + pod + "-stderr", () -> pump(p.getErrorStream(), STDERR))
                    : null;
            int exitCode = p.waitFor();
            if (out != null) {
                out.join();
            }
            if (err != null) {
                err.join();
            }
            finish(KubeStatus.execResult(exitCode, String.join(" ", command)));
        } catch (IOException e) {
            LOG.debug("Exec in {} failed: {}", pod, e.getMessage());
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private void pump(InputStream in, int channel) {
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0 && !webSocket.send(frame(channel, buffer, n))) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("Reading the output of an exec in {} ended: {}", pod, e.getMessage());
        }
    }

    private void feed(OutputStream in) {
        try (in) {
            byte[] data;
            while ((data = toProcess.take()) != END_OF_INPUT) {
                in.write(data);
                in.flush();
            }
        } catch (IOException e) {
            LOG.debug("Writing to the stdin of an exec in {} failed: {}", pod, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void text(int channel, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        webSocket.send(frame(channel, bytes, bytes.length));
    }

    private void finish(byte[] status) {
        webSocket.send(frame(ERROR, status, status.length));
        close();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        int channel = bytes[0] & 0xff;
        if (!stdin) {
            return; // nothing reads it; a kubelet drops it too
        }
        if (channel == STDIN && bytes.length > 1) {
            toProcess.add(Arrays.copyOfRange(bytes, 1, bytes.length));
        } else if (channel == CLOSE_SIGNAL && bytes.length > 1 && bytes[1] == STDIN) {
            toProcess.add(END_OF_INPUT);
        }
    }

    @Override
    protected void release() {
        toProcess.add(END_OF_INPUT);
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }
}

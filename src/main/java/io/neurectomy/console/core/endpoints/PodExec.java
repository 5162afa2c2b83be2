package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short command in a pod's container and collects what it prints (for checks such as {@code sha256sum}). */
public final class PodExec {
    /** Exit code (-1 when the server did not say), standard output and standard error of a command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;

    public PodExec(KubernetesClient client, String namespace, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /**
     * Runs {@code command} in {@code container} of {@code pod} (the pod's only container when {@code container} is
     * null). Throws {@link IOException} naming the pod when exec is refused, fails, or outlasts the timeout.
     */
    public Result run(String pod, String container, List<String> command) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var resource = client.pods().inNamespace(namespace).withName(pod);
        try (ExecWatch watch = (container == null ? resource.writingOutput(out) : resource.inContainer(container)
                .writingOutput(out)).writingError(err).exec(command.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (KubernetesClientException e) {
            throw new IOException("exec in " + namespace + "/" + pod + " was refused: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("exec in " + namespace + "/" + pod + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("'" + String.join(" ", command) + "' in " + namespace + "/" + pod
                    + " did not finish within " + timeout.toSeconds() + " s", e);
        }
    }
}

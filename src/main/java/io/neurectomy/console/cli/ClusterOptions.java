package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares ({@code --kubeconfig}, {@code --context},
 * {@code -n}), mixed into each with {@code @Mixin}, and the one way those commands connect.
 */
public final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file to use instead of KUBECONFIG / ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Context to use (default: the current one).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace of the stack (default: monitoring).")
    String namespace;

    /** The namespace given, or {@value ClusterConnector#DEFAULT_NAMESPACE}. */
    public String namespace() {
        return namespace == null || namespace.isBlank() ? ClusterConnector.DEFAULT_NAMESPACE : namespace.strip();
    }

    /**
     * Opens a session on the chosen context (informers started, not necessarily synced). Throws
     * {@link ConnectionException} with a message to print when the kubeconfig or the cluster fails.
     */
    public ClusterSession connect() {
        Kubeconfig config = KubeconfigLoader.load(kubeconfig != null ? List.of(kubeconfig)
                : KubeconfigLoader.defaultFiles());
        return new ClusterConnector(Duration.ofSeconds(15)).connect(config, context, namespace());
    }

    /**
     * The name of the context the command works on, without connecting: {@code --context}, or the kubeconfig's
     * current context. A usage error when the kubeconfig has no current context.
     */
    public String contextName() {
        if (context != null && !context.isBlank()) {
            return context.strip();
        }
        Kubeconfig config = KubeconfigLoader.load(kubeconfig != null ? List.of(kubeconfig)
                : KubeconfigLoader.defaultFiles());
        return config.currentContext().orElseThrow(() -> new UsageException("the kubeconfig has no current"
                + " context; give --context"));
    }
}

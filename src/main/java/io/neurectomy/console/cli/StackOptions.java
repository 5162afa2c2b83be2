package io.neurectomy.console.cli;

import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What validate and deploy share, mixed into each with {@code @Mixin}: the environment and the values file, the
 * bundled stack rendered from them, and its one namespace.
 */
final class StackOptions {
    @Parameters(index = "0", paramLabel = "ENV", description = "Environment: staging or production.")
    String environment;

    @Option(names = "--values", paramLabel = "FILE", description = "Your values file (name: value lines).")
    Path values;

    /**
     * Renders the bundled stack for the environment from the values file; the secret values the file leaves out
     * keep what the cluster has (Grafana's secret key above all). A stack that does not render fails the plan with a
     * message listing every problem with its file and line.
     */
    Function<Map<String, String>, RenderedStack> bundled() {
        return current -> StackManifests.bundled().render(environment, values, KeptValues.notSetIn(current, values));
    }

    /**
     * Renders the bundled stack for checking only (validate offline): secret values the file leaves out are rendered
     * as placeholders and reported as warnings, so that no production secret is needed to check the manifests.
     */
    Function<Map<String, String>, RenderedStack> checkedOnly() {
        return current -> StackManifests.bundled().renderWithPlaceholders(environment, values,
                KeptValues.notSetIn(current, values));
    }

    /** Refuses (exit 2) a {@code -n} other than the bundled stack's namespace. */
    static void requireStackNamespace(ClusterOptions cluster, String command) {
        if (!RenderedStack.NAMESPACE.equals(cluster.namespace())) {
            throw new UsageException("the bundled stack lives in namespace " + RenderedStack.NAMESPACE + "; -n "
                    + cluster.namespace() + " is not supported for " + command + ".");
        }
    }
}

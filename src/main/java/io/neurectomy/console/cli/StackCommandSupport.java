package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** What validate, deploy and destroy share: rendering, connecting before the namespace exists, printing. */
final class StackCommandSupport {
    private StackCommandSupport() {
    }

    /** Renders the bundled stack, printing every problem (file:line) on failure; null then. */
    static RenderedStack render(String environment, Path values, PrintWriter err) {
        return render(environment, values, Map.of(), err);
    }

    /**
     * Renders the bundled stack with {@code given} values under the file's (the deployed secrets a values file
     * does not set), printing every problem (file:line) on failure; null then.
     */
    static RenderedStack render(String environment, Path values, Map<String, String> given, PrintWriter err) {
        try {
            return StackManifests.bundled().render(environment, values, given);
        } catch (ConsoleException e) {
            // A StackException's message lists every problem with its file and line.
            err.println("error: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** Whether -n names the bundled stack's namespace (or nothing). */
    static boolean stackNamespace(ClusterOptions cluster, PrintWriter err) {
        if (!RenderedStack.NAMESPACE.equals(cluster.namespace())) {
            err.println("error: the bundled stack lives in namespace " + RenderedStack.NAMESPACE + "; -n "
                    + cluster.namespace() + " is not supported for validate and deploy.");
            err.flush();
            return false;
        }
        return true;
    }

    /** Prints a line each time an operation advances (not for the "starting…" report of the same step). */
    static Progress printer(PrintWriter out) {
        return new Progress() {
            private int last = -1;

            @Override
            public synchronized void step(int done, int total, String message) {
                if (done > last || done == total) {
                    last = done;
                    out.println("  [" + done + "/" + total + "] " + message);
                    out.flush();
                }
            }
        };
    }
}

package io.neurectomy.console.core.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A kubeconfig as kubectl sees it: one or more files merged. (Contract; implementation pending.) */
public final class Kubeconfig {
    private final List<Path> files;
    private final List<KubeContext> contexts;
    private final String currentContext;

    Kubeconfig(List<Path> files, List<KubeContext> contexts, String currentContext) {
        this.files = List.copyOf(files);
        this.contexts = List.copyOf(contexts);
        this.currentContext = currentContext;
    }

    /** The files merged, in precedence order. */
    public List<Path> files() {
        return files;
    }

    /** Every context, in the order kubectl lists them. */
    public List<KubeContext> contexts() {
        return contexts;
    }

    /** The current-context, when one is set. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }
}

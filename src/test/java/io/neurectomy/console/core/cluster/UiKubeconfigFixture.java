package io.neurectomy.console.core.cluster;

import java.nio.file.Path;
import java.util.List;

/** Builds {@link Kubeconfig}s for UI tests without reading files. */
public final class UiKubeconfigFixture {
    private UiKubeconfigFixture() {
    }

    /** Two contexts, {@code staging} (current) and {@code production}, as if read from {@code file}. */
    public static Kubeconfig twoContexts(Path file) {
        return of(List.of(file), List.of(
                new KubeContext("production", "prod-cluster", "https://prod.example.com:6443", "admin", "", false),
                new KubeContext("staging", "staging-cluster", "https://staging.example.com:6443", "dev",
                        "monitoring", true)), "staging");
    }

    public static Kubeconfig of(List<Path> files, List<KubeContext> contexts, String current) {
        return new Kubeconfig(files, contexts, current);
    }
}

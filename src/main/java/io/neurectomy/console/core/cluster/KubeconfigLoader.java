package io.neurectomy.console.core.cluster;

import java.nio.file.Path;
import java.util.List;

/** Reads kubeconfig files the way kubectl does. (Contract; implementation pending.) */
public final class KubeconfigLoader {
    private KubeconfigLoader() {
    }

    /** The files kubectl would read: every entry of {@code KUBECONFIG}, else {@code ~/.kube/config}. */
    public static List<Path> defaultFiles() {
        throw new UnsupportedOperationException("pending");
    }

    /** Loads and merges the given files; a missing or malformed file is a {@link ConnectionException}. */
    public static Kubeconfig load(List<Path> files) {
        throw new UnsupportedOperationException("pending");
    }
}

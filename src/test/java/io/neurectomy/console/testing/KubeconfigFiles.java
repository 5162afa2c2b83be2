package io.neurectomy.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes kubeconfig files for tests that go through the real loader. */
public final class KubeconfigFiles {
    private KubeconfigFiles() {
    }

    /**
     * Two contexts: {@code staging} (current; namespace monitoring; user dev) on {@code stagingServer}, and
     * {@code production} (user admin) on https://prod.example.com:6443.
     */
    public static Path twoContexts(Path dir, String stagingServer) {
        Path file = dir.resolve("kubeconfig");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    current-context: staging
                    clusters:
                      - name: prod-cluster
                        cluster: {server: "https://prod.example.com:6443"}
                      - name: staging-cluster
                        cluster: {server: "%s"}
                    users:
                      - name: admin
                        user: {token: "prod-token-not-used"}
                      - name: dev
                        user: {token: "dev-token-not-used"}
                    contexts:
                      - name: production
                        context: {cluster: prod-cluster, user: admin}
                      - name: staging
                        context: {cluster: staging-cluster, user: dev, namespace: monitoring}
                    """.formatted(stagingServer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}

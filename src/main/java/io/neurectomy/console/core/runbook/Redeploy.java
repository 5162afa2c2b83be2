package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.util.PassphraseCipher;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the cluster-loss runbook deploys the stack with on the new cluster: the environment and the values file the
 * stack was deployed with (its non-secret values: cluster name, domain, StorageClass, sizes), and the passphrase
 * the backups were made with, which unseals the archive's Secrets (the secret values the stack is deployed with,
 * and the Secrets the restore puts back).
 *
 * @param environment the bundled environment (staging, production)
 * @param valuesFile  the values file (null: the environment's defaults and the archive's secret values)
 * @param cipher      the backups' passphrase (null: the archive's Secrets can be neither read nor restored)
 */
public record Redeploy(String environment, Path valuesFile, PassphraseCipher cipher) {
    public Redeploy {
        Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String toString() {
        return "Redeploy[" + environment + ", " + valuesFile + (cipher == null ? ", no passphrase]"
                : ", passphrase given]");
    }
}

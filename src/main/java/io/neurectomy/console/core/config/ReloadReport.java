package io.neurectomy.console.core.config;

import java.util.List;

/**
 * The outcome of applying a config (or of a reload alone): whether every replica runs it, what happened on each,
 * and, on failure, the server's own error text and whether the old config is back everywhere.
 *
 * @param written     the object as the transaction left it (the new version, or the restored one after a
 *                    rollback); null for a reload without a write
 * @param serverError the server's words for why it refused the config, or null
 */
public record ReloadReport(boolean success, boolean rolledBack, String summary, String serverError,
                           List<ReplicaResult> replicas, ConfigObject written) {
    public ReloadReport {
        replicas = List.copyOf(replicas);
    }
}

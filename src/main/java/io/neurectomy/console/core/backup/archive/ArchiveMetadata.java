package io.neurectomy.console.core.backup.archive;

import java.util.List;
import java.util.Objects;

/**
 * What the caller knows about a backup before writing it: where it comes from and what it holds. Stored in the
 * archive's {@code archive.json} (first entry) and {@code manifest.json} (last entry).
 *
 * @param context        kubeconfig context name the backup was taken from
 * @param server         API server URL of that context
 * @param namespace      namespace of the stack ({@code monitoring})
 * @param consoleVersion version of the console that wrote the archive
 * @param components     what the archive holds, in the caller's vocabulary (e.g. {@code configs}, {@code secrets},
 *                       {@code tsdb}, {@code silences}); shown by list and used by restore to offer choices
 */
public record ArchiveMetadata(String context, String server, String namespace, String consoleVersion,
        List<String> components) {
    public ArchiveMetadata {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(consoleVersion, "consoleVersion");
        components = List.copyOf(components);
    }
}

package io.neurectomy.console.core.backup.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Outcome of {@link ArchiveReader#verify}: the manifest (when it could be read) and every problem found.
 *
 * @param file     the archive
 * @param manifest its manifest, or null when missing or invalid
 * @param problems what is wrong; empty when the archive is intact
 * @param size     file size in bytes
 * @param sha256   SHA-256 of the whole file, or null when it could not be read to the end
 */
public record VerifyResult(Path file, Manifest manifest, List<Problem> problems, long size, String sha256) {
    public VerifyResult {
        problems = List.copyOf(problems);
    }

    /** Whether the archive is intact: manifest present and valid, every entry present with its size and hash. */
    public boolean ok() {
        return problems.isEmpty() && manifest != null;
    }

    /** One line per problem, or "intact". */
    public String summary() {
        if (ok()) {
            return file.getFileName() + " is intact (" + manifest.entries().size() + " entries)";
        }
        return file.getFileName() + " is damaged:\n" + problems.stream().map(p -> "  - " + p.message())
                .collect(Collectors.joining("\n"));
    }
}

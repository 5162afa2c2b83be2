package io.neurectomy.console.core.backup.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One file of a backups directory as {@link BackupDirectory#list()} sees it.
 *
 * @param file             the file
 * @param kind             what the file is
 * @param created          creation time from the archive's header (or its name); null when unknown
 * @param size             file size in bytes
 * @param components       what the archive holds (empty when unknown)
 * @param context          kubeconfig context it was taken from (null when unknown)
 * @param server           API server (null when unknown)
 * @param secretsEncrypted whether it was written with a passphrase
 * @param verification     outcome of the last verify of this very file
 * @param problem          why the file is {@link Kind#UNREADABLE} / {@link Kind#FOREIGN} / {@link Kind#PARTIAL}, or
 *                         the last verify's findings; null otherwise
 */
public record ArchiveListing(Path file, Kind kind, Instant created, long size, List<String> components,
        String context, String server, boolean secretsEncrypted, Verification verification, String problem) {
    public ArchiveListing {
        components = List.copyOf(components);
    }

    /** What a file in the backups directory is. */
    public enum Kind {
        /** A console archive whose header reads fine. */
        ARCHIVE,
        /** Named like an archive, but its header cannot be read: corrupted or truncated at the start. */
        UNREADABLE,
        /** Not a console archive. */
        FOREIGN,
        /** A temp file left by a backup or download that was killed before it could clean up. */
        PARTIAL
    }

    /** Whether the file was verified, as it is now. */
    public enum Verification {
        VERIFIED, NOT_VERIFIED, FAILED
    }

    /** File name. */
    public String name() {
        return file.getFileName().toString();
    }
}

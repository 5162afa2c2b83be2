package io.neurectomy.console.core.backup.archive;

import java.nio.file.Path;

/**
 * An archive that {@link ArchiveWriter#commit()} has put in place.
 *
 * @param file     the archive, {@code full_YYYYMMDDhhmmss.tar.gz}
 * @param manifest what it holds
 * @param size     its size in bytes
 * @param sha256   SHA-256 of the whole file (also in its {@link CheckRecord} and, after a sync, on the S3 object)
 */
public record WrittenArchive(Path file, Manifest manifest, long size, String sha256) {
}

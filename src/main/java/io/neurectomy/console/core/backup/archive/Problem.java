package io.neurectomy.console.core.backup.archive;

/**
 * One thing wrong with an archive, found by {@link ArchiveReader#verify}.
 *
 * @param kind    what kind of damage
 * @param entry   the entry concerned, or null when it concerns the whole file
 * @param message what is wrong, for a person
 */
public record Problem(Kind kind, String entry, String message) {
    /** Kinds of damage. */
    public enum Kind {
        /** Not a gzip file, or not a tar inside. */
        NOT_AN_ARCHIVE,
        /** The file ends too early (gzip or tar end of file): cut short by an interrupted copy or a full disk. */
        TRUNCATED,
        /** The compressed data does not decompress (gzip/deflate error or gzip CRC mismatch). */
        CORRUPTED,
        /** An entry's bytes do not have the SHA-256 the manifest records. */
        HASH_MISMATCH,
        /** An entry has another size than the manifest records. */
        SIZE_MISMATCH,
        /** The manifest lists an entry the archive does not hold. */
        MISSING_ENTRY,
        /** The archive holds an entry the manifest does not list (or one after the manifest, or twice). */
        EXTRA_ENTRY,
        /** No {@code manifest.json} (or no {@code archive.json}). */
        MANIFEST_MISSING,
        /** {@code manifest.json} is not a valid manifest, or written by a newer format version. */
        MANIFEST_INVALID,
        /**
         * The archive breaks a limit of the reader: too many entries, a manifest too large, or data that expands far
         * more than a backup's does (a decompression bomb). Reading stops there.
         */
        LIMIT_EXCEEDED,
        /** The file could not be read at all (permissions, I/O error). */
        UNREADABLE
    }

    @Override
    public String toString() {
        return message;
    }
}

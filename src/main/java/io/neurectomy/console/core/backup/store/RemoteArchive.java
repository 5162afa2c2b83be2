package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.backup.archive.ArchiveNames;
import java.time.Instant;

/**
 * An archive in the S3 bucket.
 *
 * @param name         archive name ({@code full_….tar.gz})
 * @param key          object key (prefix + name)
 * @param size         bytes
 * @param lastModified when the object was stored
 * @param sha256       SHA-256 of the archive file, from the object's {@code x-amz-meta-sha256}; null for an object not
 *                     uploaded by the console (it is then re-uploaded by a sync, and a download is verified only by
 *                     the archive's own manifest)
 */
public record RemoteArchive(String name, String key, long size, Instant lastModified, String sha256) {
    /** The creation time in the archive's name. */
    public Instant created() {
        return ArchiveNames.timeOf(name).orElse(lastModified);
    }
}

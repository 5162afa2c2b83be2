package io.neurectomy.console.core.backup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bucket's archives for browsing before a restore: newest first, each with its age against the recovery point
 * objective and whether its checksum is known. An archive uploaded by a sync carries the SHA-256 of a file that was
 * verified before the upload ("verified"); one put there by other means has none, and is then checked only by its
 * own manifest when downloaded.
 *
 * @param location the bucket and prefix, for messages
 * @param archives the archives, newest first
 * @param now      when the ages are measured
 * @param rpo      the objective
 */
public record BucketListing(String location, List<RemoteArchive> archives, Instant now, Duration rpo) {
    public BucketListing {
        archives = List.copyOf(archives);
    }

    /** The newest archive, if any. */
    public Optional<RemoteArchive> newest() {
        return archives.stream().findFirst();
    }

    /** How old {@code archive} is. */
    public Duration age(RemoteArchive archive) {
        return Duration.between(archive.created(), now);
    }

    /** Whether {@code archive} is older than the objective. */
    public boolean overdue(RemoteArchive archive) {
        return age(archive).compareTo(rpo) > 0;
    }

    /** Whether {@code archive} was uploaded verified (it carries its SHA-256). */
    public static boolean verified(RemoteArchive archive) {
        return archive.sha256() != null;
    }

    /** "42 min old (within the RPO of 1 h)" or "3 h old (older than the RPO of 1 h)". */
    public String ageText(RemoteArchive archive) {
        return BackupAge.human(age(archive)) + " old (" + (overdue(archive) ? "older than" : "within") + " the RPO of "
                + BackupAge.human(rpo) + ")";
    }

    /** A sentence for the newest: what a restore from this bucket would lose at most. */
    public String describe() {
        return newest().map(a -> "Newest archive in " + location + ": " + a.name() + ", " + ageText(a)
                + (overdue(a) ? ": data newer than that is not in the bucket." : "."))
                .orElse("No archive in " + location + ".");
    }
}

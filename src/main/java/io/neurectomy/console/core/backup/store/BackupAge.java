package io.neurectomy.console.core.backup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The age of the newest backup against the recovery point objective (the seed promises 1 hour): what the Backups
 * section shows, and what a monitoring job can check.
 *
 * @param newest the newest complete archive, if any
 * @param age    how old it is (null without one)
 * @param rpo    the objective
 */
public record BackupAge(Optional<ArchiveListing> newest, Duration age, Duration rpo) {
    /** The seed's recovery point objective. */
    public static final Duration DEFAULT_RPO = Duration.ofHours(1);

    /** The newest readable archive in {@code listing} (damaged ones do not count) measured at {@code now}. */
    public static BackupAge of(List<ArchiveListing> listing, Instant now, Duration rpo) {
        Optional<ArchiveListing> newest = listing.stream()
                .filter(a -> a.kind() == ArchiveListing.Kind.ARCHIVE && a.created() != null)
                .filter(a -> a.verification() != ArchiveListing.Verification.FAILED)
                .max(Comparator.comparing(ArchiveListing::created));
        return new BackupAge(newest, newest.map(a -> Duration.between(a.created(), now)).orElse(null), rpo);
    }

    /** Whether the newest backup is older than the objective (or there is none). */
    public boolean overdue() {
        return age == null || age.compareTo(rpo) > 0;
    }

    /** A sentence for the status line, e.g. "Last backup 42 min ago (RPO 1 h)". */
    public String describe() {
        if (newest.isEmpty()) {
            return "No backup yet: the recovery point objective of " + human(rpo) + " is not met. Back up now.";
        }
        String text = "Last backup " + human(age) + " ago (RPO " + human(rpo) + ")";
        return overdue() ? text + ": older than the objective. Back up now, and check the scheduled job." : text;
    }

    static String human(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 1) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = d.toHours();
        return hours < 48 ? hours + " h" : d.toDays() + " d";
    }
}

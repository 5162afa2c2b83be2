package io.neurectomy.console.core.health;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.util.AgeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Backups checks: the age of the newest archive of the stack against the 1-hour recovery point objective, and
 * whether it reached the S3 bucket. They read the backups directory and the bucket, never the cluster.
 */
final class BackupProbes {
    /** The seed's recovery point objective. */
    static final Duration RPO = BackupAge.DEFAULT_RPO;
    /** A newest backup older than this is CRITICAL: a day of data would be lost. */
    static final Duration CRITICAL_AGE = Duration.ofHours(24);
    private static final String NOT_CONFIGURED = "no backup location is configured for this check";
    private static final String BACK_UP = "Back up now (monitoring-console backup, or Back up in the Backups"
            + " section), and schedule it at least hourly.";

    private BackupProbes() {
    }

    static HealthProbe age() {
        return new HealthProbe("backups-age", HealthArea.BACKUPS, "The newest backup is within the 1-hour RPO",
                "monitoring-console list", BackupProbes::age);
    }

    static HealthProbe s3() {
        return new HealthProbe("backups-s3", HealthArea.BACKUPS, "The newest backup is in the S3 bucket",
                "aws s3 ls s3://$S3_BACKUP_BUCKET/", BackupProbes::s3);
    }

    private static List<Finding> age(HealthContext c) {
        Optional<BackupSource> source = c.backups();
        if (source.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-age", "", NOT_CONFIGURED));
        }
        BackupSource s = source.get();
        String where = s.directory().dir().toString();
        List<ArchiveListing> listing;
        try {
            listing = s.directory().list();
        } catch (BackupException e) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-age", where, "could not read the backups"
                    + " directory: " + e.getMessage()));
        }
        List<ArchiveListing> mine = listing.stream().filter(a -> s.counts(a.context(), a.server())).toList();
        Instant now = s.clock().instant();
        BackupAge age = BackupAge.of(mine, now, RPO);
        String evidence = evidence(where, s, listing, mine);
        if (age.newest().isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-age", where, "no backup of this stack"
                            + (s.context().isEmpty() ? "" : " (" + s.context() + ")") + " in " + where
                            + ": the 1-hour RPO cannot be checked")
                    .withDetail("A stack that was never backed up cannot be restored. If backups are written"
                            + " elsewhere (another host, a CronJob), this check does not see them.")
                    .withFix(BACK_UP).withEvidence(evidence));
        }
        ArchiveListing newest = age.newest().get();
        String verified = switch (newest.verification()) {
            case VERIFIED -> "verified";
            case NOT_VERIFIED -> "not verified yet";
            case FAILED -> "failed its verification";
        };
        String text = "newest backup " + newest.name() + " is " + AgeFormat.format(age.age()) + " old ("
                + verified + ")";
        if (!age.overdue()) {
            return List.of(Finding.of(Severity.OK, "backups-age", where, text + ", within the RPO of 1 h")
                    .withEvidence(evidence));
        }
        Severity severity = age.age().compareTo(CRITICAL_AGE) > 0 ? Severity.CRITICAL : Severity.WARNING;
        return List.of(Finding.of(severity, "backups-age", where, text + ": older than the RPO of 1 h")
                .withDetail("Restoring now would lose everything since " + newest.created() + ".")
                .withFix(BACK_UP + " If a scheduled job should have written one, check it.")
                .withEvidence(evidence));
    }

    private static String evidence(String where, BackupSource s, List<ArchiveListing> all,
            List<ArchiveListing> mine) {
        StringBuilder b = new StringBuilder("directory " + where + "\n");
        if (!s.context().isEmpty() || !s.server().isEmpty()) {
            b.append("counting archives of context ").append(s.context()).append(" or server ").append(s.server())
                    .append(": ").append(mine.size()).append(" of ").append(all.size()).append(" files\n");
        }
        for (ArchiveListing a : mine.stream().limit(5).toList()) {
            b.append(a.name()).append("  ").append(a.kind().name().toLowerCase(Locale.ROOT))
                    .append("  created ").append(a.created()).append("  ")
                    .append(a.verification().name().toLowerCase(Locale.ROOT))
                    .append(a.problem() == null ? "" : "  " + a.problem()).append('\n');
        }
        return b.toString().strip();
    }

    private static List<Finding> s3(HealthContext c) {
        Optional<BackupSource> source = c.backups();
        if (source.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-s3", "", NOT_CONFIGURED));
        }
        BackupSource s = source.get();
        if (s.s3() == null) {
            return List.of(Finding.of(Severity.INFO, "backups-s3", "", "no S3 bucket is configured: the backups"
                            + " are only in " + s.directory().dir())
                    .withDetail("The deployment guide keeps them in S3 with an hourly sync, so that losing the"
                            + " cluster or this host loses no backup.")
                    .withFix("Set the bucket in the Backups section (S3) or " + BackupSource.BUCKET_VARIABLE
                            + ", then sync."));
        }
        S3Settings settings = s.s3();
        String where = settings.location();
        Optional<ArchiveListing> newest;
        try {
            newest = BackupAge.of(s.directory().list().stream().filter(a -> s.counts(a.context(), a.server()))
                    .toList(), s.clock().instant(), RPO).newest();
        } catch (BackupException e) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-s3", where, "could not read the backups"
                    + " directory: " + e.getMessage()));
        }
        List<RemoteArchive> remote;
        try (S3Store store = new S3Store(settings)) {
            remote = store.list();
        } catch (BackupException e) {
            return List.of(Finding.of(Severity.WARNING, "backups-s3", where, "cannot list the bucket: "
                            + e.getMessage())
                    .withDetail("A sync would fail the same way: the backups are not copied off this host.")
                    .withFix("Check the bucket, the region or endpoint, and the AWS credentials; then sync"
                            + " (monitoring-console s3-sync)."));
        }
        String evidence = "s3 list " + where + ": " + remote.size() + " archives"
                + remote.stream().limit(5).map(r -> "\n" + r.name() + "  " + r.size() + " bytes  stored "
                + r.lastModified()).collect(Collectors.joining());
        if (newest.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, "backups-s3", where, "no local backup of this stack to"
                    + " compare with the bucket (" + remote.size() + " archives there)").withEvidence(evidence));
        }
        ArchiveListing archive = newest.get();
        Optional<RemoteArchive> there = remote.stream().filter(r -> r.name().equals(archive.name())).findFirst();
        if (there.isPresent() && there.get().size() == archive.size()) {
            return List.of(Finding.of(Severity.OK, "backups-s3", where, "the newest backup " + archive.name()
                    + " is in the bucket").withEvidence(evidence));
        }
        String lastThere = remote.isEmpty() ? "the bucket holds no archive"
                : "the newest there is " + remote.get(0).name();
        String what = there.isPresent() ? " is in the bucket with another size (" + there.get().size() + " bytes, "
                + archive.size() + " here)" : " is not in the bucket: " + lastThere;
        return List.of(Finding.of(Severity.WARNING, "backups-s3", where, "the newest backup " + archive.name()
                        + what)
                .withDetail("The last sync is older than the newest backup, or failed: losing this host loses it.")
                .withFix("Sync now (monitoring-console s3-sync, or Sync now in the Backups section), and schedule"
                        + " the sync after each backup.")
                .withEvidence(evidence));
    }
}

package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.backup.store.ArchiveListing;
import java.nio.file.Path;

/** One archive of the backups directory as the table shows it. */
public record BackupRow(Path file, String name, String created, String size, String components, String context,
        String verified) {

    static BackupRow of(ArchiveListing a) {
        String verified = a.kind() == ArchiveListing.Kind.ARCHIVE ? switch (a.verification()) {
            case VERIFIED -> "verified";
            case NOT_VERIFIED -> "not verified";
            case FAILED -> "FAILED";
        } : a.kind().name().toLowerCase(java.util.Locale.ROOT);
        return new BackupRow(a.file(), a.name(), a.created() == null ? "—" : a.created().toString(),
                humanBytes(a.size()), String.join(", ", a.components()), a.context() == null ? "—" : a.context(),
                verified);
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}

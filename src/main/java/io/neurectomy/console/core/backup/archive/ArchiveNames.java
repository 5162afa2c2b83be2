package io.neurectomy.console.core.backup.archive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names of archives: {@code full_YYYYMMDDhhmmss.tar.gz}, the creation time in UTC (the seed's
 * {@code backup-restore.sh} names its archives the same way, so old habits and scripts keep working).
 */
public final class ArchiveNames {
    /** Suffix of every archive. */
    public static final String SUFFIX = ".tar.gz";
    private static final Pattern NAME = Pattern.compile("full_(\\d{14})\\.tar\\.gz");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private ArchiveNames() {
    }

    /** The archive name for a backup created at {@code created} (seconds are kept, the rest dropped). */
    public static String forTime(Instant created) {
        return "full_" + STAMP.format(LocalDateTime.ofInstant(created.truncatedTo(ChronoUnit.SECONDS),
                ZoneOffset.UTC)) + SUFFIX;
    }

    /** Whether {@code fileName} has the form of an archive name. */
    public static boolean isArchiveName(String fileName) {
        return timeOf(fileName).isPresent();
    }

    /** The creation time encoded in an archive name, or empty when the name is not one. */
    public static Optional<Instant> timeOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

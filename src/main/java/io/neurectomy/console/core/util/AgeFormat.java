package io.neurectomy.console.core.util;

import java.time.Duration;
import java.time.Instant;

/** Formats ages the way {@code kubectl get} prints them ("45s", "5m", "3h12m", "2d", "1y30d"). */
public final class AgeFormat {
    private AgeFormat() {
    }

    /** The age of something created at {@code created}, seen at {@code now}; empty when the time is unknown. */
    public static String age(Instant created, Instant now) {
        return created == null ? "" : format(Duration.between(created, now));
    }

    /** kubectl's {@code HumanDuration}: precise while small, coarser as it grows. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return pair(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            return pair(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (hours < 24 * 8) {
            return pair(days, "d", hours % 24, "h");
        }
        if (hours < 24 * 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        if (hours < 24 * 365 * 8) {
            return pair(years, "y", days % 365, "d");
        }
        return years + "y";
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }
}

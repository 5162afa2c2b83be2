package io.neurectomy.console.core.backup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which archives to keep: the last {@code keepLast} and/or every one newer than {@code keepNewerThan}. An archive is
 * kept when either rule keeps it; a rule left out (0 / null) keeps nothing by itself, and with both left out
 * everything is kept. The newest archive is always kept, whatever the rules say, so that retention never leaves
 * a directory or bucket without a backup.
 *
 * <p>Archives are ordered by the time in their name ({@code full_YYYYMMDDhhmmss}), not by file times, which copies
 * and downloads change.
 *
 * @param keepLast      how many of the newest archives to keep; 0 when this rule is not used
 * @param keepNewerThan keep archives younger than this; null when this rule is not used
 */
public record RetentionPolicy(int keepLast, Duration keepNewerThan) {
    public RetentionPolicy {
        if (keepLast < 0) {
            throw new IllegalArgumentException("keepLast must not be negative");
        }
        if (keepNewerThan != null && keepNewerThan.isNegative()) {
            throw new IllegalArgumentException("keepNewerThan must not be negative");
        }
    }

    /** Keep the last {@code n}. */
    public static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, null);
    }

    /** Keep what is younger than {@code days} days. */
    public static RetentionPolicy keepDays(int days) {
        return new RetentionPolicy(0, Duration.ofDays(days));
    }

    /** Whether either rule is set. */
    public boolean limits() {
        return keepLast > 0 || keepNewerThan != null;
    }

    /**
     * Computes what to keep and what to delete among {@code archives} at time {@code now}. Changes nothing: the
     * caller shows the plan, asks for confirmation, then applies it ({@link BackupDirectory#applyRetention},
     * {@link S3Store#applyRetention}).
     */
    public RetentionPlan plan(List<RetentionPlan.Item> archives, Instant now) {
        List<RetentionPlan.Item> sorted = new ArrayList<>(archives);
        sorted.sort(Comparator.comparing(RetentionPlan.Item::created).reversed()
                .thenComparing(RetentionPlan.Item::name));
        List<RetentionPlan.Item> keep = new ArrayList<>();
        List<RetentionPlan.Item> delete = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            RetentionPlan.Item item = sorted.get(i);
            boolean kept = !limits() || i == 0 || i < keepLast
                    || (keepNewerThan != null && item.created().isAfter(now.minus(keepNewerThan)));
            (kept ? keep : delete).add(item);
        }
        return new RetentionPlan(this, now, keep, delete);
    }

    /** The policy in words, e.g. "keep the last 7 and everything newer than 30 days". */
    public String describe() {
        if (!limits()) {
            return "keep everything";
        }
        List<String> parts = new ArrayList<>();
        if (keepLast > 0) {
            parts.add("the last " + keepLast);
        }
        if (keepNewerThan != null) {
            parts.add("everything newer than " + (keepNewerThan.toHours() % 24 == 0
                    ? keepNewerThan.toDays() + " days" : keepNewerThan.toHours() + " hours"));
        }
        return "keep " + String.join(" and ", parts) + " (and always the newest)";
    }
}

package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The storage checks of each Prometheus replica: how full its volume is ({@code df} in the pod), how soon it fills
 * at the rate its TSDB grows, and whether its retention fits the volume.
 */
final class StorageProbes {
    private static final StackComponent PROMETHEUS = StackComponent.PROMETHEUS;
    private static final int PORT = PROMETHEUS.port();
    private static final String CONTAINER = "prometheus";
    /** Use from which a volume is worth a warning: compaction needs room to write a block before it drops one. */
    static final double DISK_WARNING = 0.80;
    /** Use from which it is critical: a few compactions from a full disk, and a stopped Prometheus. */
    static final double DISK_CRITICAL = 0.90;
    /** Days until full below which it is worth a warning: time to order a bigger volume. */
    static final double DAYS_WARNING = 7;
    /** Days until full below which it is critical. */
    static final double DAYS_CRITICAL = 2;
    /** The share of the volume the retention size may take: compaction temporarily needs more (STACK.md). */
    static final double RETENTION_SHARE = 0.85;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTPE]I?)?B");
    private static final String SIZE_UNITS = "KMGTPE";
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private StorageProbes() {
    }

    static HealthProbe diskUse() {
        return probe("storage-disk-use", "Prometheus volume not full",
                "kubectl exec -n NS prometheus-0 -- df -h /prometheus", true, StorageProbes::diskUse);
    }

    static HealthProbe growth() {
        return probe("storage-growth", "Prometheus volume not full within a week",
                "kubectl exec -n NS prometheus-0 -- df -h /prometheus; curl localhost:9090/api/v1/query_range"
                        + "?query=prometheus_tsdb_storage_blocks_bytes+prometheus_tsdb_wal_storage_size_bytes"
                        + " (through a port-forward)", false, StorageProbes::growth);
    }

    static HealthProbe retention() {
        return probe("storage-retention", "Retention fits the volume",
                "curl localhost:9090/api/v1/status/flags (storage.tsdb.retention.*); kubectl get pvc -n NS",
                false, StorageProbes::retention);
    }

    /**
     * A storage probe over every Prometheus replica; with {@code askNotReady} a running replica that is not ready is
     * asked too ({@code df} runs in the pod whatever Prometheus's state: a full disk often makes it not ready).
     */
    private static HealthProbe probe(String code, String title, String guide, boolean askNotReady,
                                     Replicas.ReplicaCheck check) {
        return new HealthProbe(code, HealthArea.STORAGE, title, guide,
                c -> Replicas.each(c, PROMETHEUS, code, askNotReady, pod -> check.check(c, pod)));
    }

    private static List<Finding> diskUse(HealthContext c, PodInfo pod) throws IOException {
        StorageVolume volume = StorageVolume.of(c, pod, CONTAINER);
        StorageVolume.Df df = volume.df(c, pod.name(), CONTAINER);
        double share = df.usedShare();
        String evidence = "claim: " + volume.claim() + " mounted at " + volume.mountPath() + "\n$ df -k "
                + volume.mountPath() + "\n" + df.output();
        String what = percent(share) + " used (" + StorageVolume.human(df.usedBytes()) + " of "
                + StorageVolume.human(df.usedBytes() + df.availableBytes()) + ", "
                + StorageVolume.human(df.availableBytes()) + " free)";
        String subject = pod.name() + " → " + volume.mountPath();
        String fix = "Lower --storage.tsdb.retention.size (or .time) in the Config section, or grow the volume:"
                + " kubectl patch pvc " + volume.claim() + " -n " + c.namespace()
                + " -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"BIGGER\"}}}}'"
                + " (the storage class must allow expansion).";
        if (share >= DISK_CRITICAL) {
            return List.of(Finding.of(Severity.CRITICAL, "storage-disk-use", subject, "the volume is " + what
                    + ": Prometheus stops writing when it is full").withEvidence(evidence).withFix(fix));
        }
        if (share >= DISK_WARNING) {
            return List.of(Finding.of(Severity.WARNING, "storage-disk-use", subject, "the volume is " + what)
                    .withEvidence(evidence).withFix(fix));
        }
        return List.of(Finding.of(Severity.OK, "storage-disk-use", subject, what).withEvidence(evidence));
    }

    private static List<Finding> growth(HealthContext c, PodInfo pod) throws IOException {
        StorageVolume volume = StorageVolume.of(c, pod, CONTAINER);
        StorageVolume.Df df = volume.df(c, pod.name(), CONTAINER);
        StorageGrowth.Estimate estimate = StorageGrowth.ask(c, pod.name(), PORT, Instant.now());
        long retentionSize = estimate.growth().isEmpty() ? 0
                : retentionSize(flags(c, pod).path("storage.tsdb.retention.size").asString(""));
        return List.of(growth(pod.name() + " → " + volume.mountPath(), df, estimate, retentionSize));
    }

    /**
     * The growth finding for a volume with {@code df}'s figures, the TSDB's growth estimate and the retention size
     * (0 for none): UNKNOWN without an estimate; OK when it does not grow or the retention size stops it first;
     * CRITICAL when full within {@link #DAYS_CRITICAL} days, WARNING within {@link #DAYS_WARNING}.
     */
    static Finding growth(String subject, StorageVolume.Df df, StorageGrowth.Estimate estimate, long retentionSize) {
        String evidence = "free: " + StorageVolume.human(df.availableBytes()) + " of "
                + StorageVolume.human(df.sizeBytes()) + "\n" + estimate.describe();
        if (estimate.growth().isEmpty()) {
            return Finding.of(Severity.UNKNOWN, "storage-growth", subject, "no forecast: " + estimate.reason())
                    .withEvidence(evidence);
        }
        StorageGrowth g = estimate.growth().get();
        if (g.perDay() <= 0) {
            return Finding.of(Severity.OK, "storage-growth", subject, "the TSDB does not grow ("
                    + StorageVolume.human(g.perDay()) + "/day over " + StorageGrowth.hours(g.history()) + ")")
                    .withEvidence(evidence);
        }
        double room = df.availableBytes();
        if (retentionSize > 0 && retentionSize - g.lastBytes() < room) {
            // Retention deletes the oldest blocks once the TSDB reaches its size: the volume does not fill first.
            double days = Math.max(0, retentionSize - g.lastBytes()) / g.perDay();
            return Finding.of(Severity.OK, "storage-growth", subject, "grows " + StorageVolume.human(g.perDay())
                            + "/day; the retention size stops it at " + StorageVolume.human(retentionSize) + " (in "
                            + days(days) + ") before the volume is full")
                    .withEvidence(evidence + "\nretention.size: " + StorageVolume.human(retentionSize));
        }
        double days = room / g.perDay();
        String message = "at " + StorageVolume.human(g.perDay()) + "/day the volume is full in " + days(days);
        String fix = "Grow the volume, or lower the retention (Config section) so that Prometheus deletes old blocks"
                + " before it is full; look for a new source of series (head series chart).";
        if (days < DAYS_CRITICAL) {
            return Finding.of(Severity.CRITICAL, "storage-growth", subject, message).withEvidence(evidence)
                    .withFix(fix);
        }
        if (days < DAYS_WARNING) {
            return Finding.of(Severity.WARNING, "storage-growth", subject, message).withEvidence(evidence)
                    .withFix(fix);
        }
        return Finding.of(Severity.OK, "storage-growth", subject, message).withEvidence(evidence);
    }

    private static List<Finding> retention(HealthContext c, PodInfo pod) throws IOException {
        StorageVolume volume = StorageVolume.of(c, pod, CONTAINER);
        JsonNode flags = flags(c, pod);
        String sizeFlag = flags.path("storage.tsdb.retention.size").asString("");
        String timeFlag = flags.path("storage.tsdb.retention.time").asString("");
        long size = retentionSize(sizeFlag);
        Duration time = retentionTime(timeFlag);
        if (time.isZero() && size == 0) {
            time = Duration.ofDays(15); // Prometheus's default when neither limit is set
        }
        long capacity = volume.capacityBytes();
        if (capacity <= 0) {
            capacity = volume.df(c, pod.name(), CONTAINER).sizeBytes();
        }
        StorageGrowth.Estimate estimate = StorageGrowth.ask(c, pod.name(), PORT, Instant.now());
        String subject = pod.name() + " → " + volume.claim();
        String evidence = "storage.tsdb.retention.time: " + timeFlag + "\nstorage.tsdb.retention.size: " + sizeFlag
                + "\nvolume " + volume.claim() + ": " + StorageVolume.human(capacity) + "\n" + estimate.describe();
        String limits = "retention " + (time.isZero() ? "" : days(time.toSeconds() / 86_400.0) + " / ")
                + (size > 0 ? StorageVolume.human(size) : "no size");
        if (size < 0) {
            return List.of(Finding.of(Severity.UNKNOWN, "storage-retention", subject,
                    "storage.tsdb.retention.size " + sizeFlag + " is not a size this check reads")
                    .withEvidence(evidence));
        }
        if (size == 0) {
            return List.of(Finding.of(Severity.WARNING, "storage-retention", subject, "no retention size: only time ("
                            + timeFlag + ") limits the TSDB, and a burst of series can fill the "
                            + StorageVolume.human(capacity) + " volume")
                    .withEvidence(evidence)
                    .withFix("Set --storage.tsdb.retention.size to about 80 % of the volume ("
                            + StorageVolume.human(capacity * 0.8) + ") in the Config section."));
        }
        double share = (double) size / capacity;
        String fix = "Keep --storage.tsdb.retention.size at most 85 % of the volume (e.g. "
                + StorageVolume.human(capacity * 0.8) + "), or grow the volume.";
        if (share > 1) {
            return List.of(Finding.of(Severity.ERROR, "storage-retention", subject, "the retention size "
                    + StorageVolume.human(size) + " is " + percent(share) + " of the " + StorageVolume.human(capacity)
                    + " volume: the disk fills before retention deletes anything").withEvidence(evidence).withFix(fix));
        }
        if (share > RETENTION_SHARE) {
            return List.of(Finding.of(Severity.WARNING, "storage-retention", subject, "the retention size "
                    + StorageVolume.human(size) + " is " + percent(share) + " of the " + StorageVolume.human(capacity)
                    + " volume; compaction temporarily needs more room").withEvidence(evidence).withFix(fix));
        }
        if (estimate.growth().isPresent() && !time.isZero()) {
            StorageGrowth g = estimate.growth().get();
            double needed = g.perDay() * time.toSeconds() / 86_400.0;
            if (needed > size) {
                double keeps = g.perDay() <= 0 ? 0 : size / g.perDay();
                return List.of(Finding.of(Severity.WARNING, "storage-retention", subject, "at "
                                + StorageVolume.human(g.perDay()) + "/day, " + timeFlag + " of data takes "
                                + StorageVolume.human(needed) + ", more than the retention size "
                                + StorageVolume.human(size) + ": only about " + days(keeps) + " are kept")
                        .withEvidence(evidence)
                        .withFix("Grow the volume and the retention size together, or accept the shorter history"
                                + " (set retention.time to match)."));
            }
        }
        return List.of(Finding.of(Severity.OK, "storage-retention", subject, limits + " on a "
                + StorageVolume.human(capacity) + " volume (" + percent(share) + ")"
                + (estimate.growth().isEmpty() ? "; growth not known yet" : "")).withEvidence(evidence));
    }

    private static JsonNode flags(HealthContext c, PodInfo pod) throws IOException {
        return c.api(pod.name(), PORT, "/api/v1/status/flags");
    }

    /**
     * A Prometheus size flag in bytes ({@code 160GB} or {@code 160GiB}: powers of 2 either way); 0 for none, -1 when
     * it does not read.
     */
    static long retentionSize(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        int power = m.group(2) == null ? 0 : SIZE_UNITS.indexOf(m.group(2).charAt(0)) + 1;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }

    /** A Prometheus duration flag ({@code 15d}, {@code 1w2d}); zero for none or when it does not read. */
    static Duration retentionTime(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            end = m.end();
        }
        return end == text.strip().length() ? total : Duration.ZERO;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    private static String days(double days) {
        return days < 1 ? Math.round(days * 24) + " h" : String.format(Locale.ROOT, "%.1f days", days);
    }
}

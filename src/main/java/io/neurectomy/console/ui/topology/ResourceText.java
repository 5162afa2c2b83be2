package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Writes CPU and memory amounts the way Kubernetes manifests do ("500m", "2", "1.5", "512Mi", "8Gi"). */
public final class ResourceText {
    private static final long KI = 1024;
    private static final long MI = KI * 1024;
    private static final long GI = MI * 1024;
    private static final long TI = GI * 1024;

    private ResourceText() {
    }

    /** Millicores as a manifest would write them: whole cores as "2", other amounts as "500m"; "—" when unset. */
    public static String cpu(long millis) {
        if (millis < 0) {
            return "—";
        }
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        return millis + "m";
    }

    /** Millicores as cores with at most one decimal ("7.5"), for capacity figures; "—" when unset. */
    public static String cores(long millis) {
        if (millis < 0) {
            return "—";
        }
        return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(1000), 1, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** Bytes in the largest binary unit that keeps one decimal at most ("8Gi", "1.5Gi", "512Mi"); "—" when unset. */
    public static String memory(long bytes) {
        if (bytes < 0) {
            return "—";
        }
        if (bytes >= TI) {
            return scaled(bytes, TI, "Ti");
        }
        if (bytes >= GI) {
            return scaled(bytes, GI, "Gi");
        }
        if (bytes >= MI) {
            return scaled(bytes, MI, "Mi");
        }
        if (bytes >= KI) {
            return scaled(bytes, KI, "Ki");
        }
        return Long.toString(bytes);
    }

    /** "2 CPU, 8Gi", or "not set" when neither part is given. */
    public static String both(Resources r) {
        if (r.cpuMillis() < 0 && r.memoryBytes() < 0) {
            return "not set";
        }
        return cpu(r.cpuMillis()) + " CPU, " + memory(r.memoryBytes());
    }

    private static String scaled(long bytes, long unit, String suffix) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(unit), 1, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + suffix;
    }
}

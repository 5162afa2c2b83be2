package io.neurectomy.console.core.cluster;

/**
 * CPU and memory amounts, as requests, limits or node allocatable.
 *
 * @param cpuMillis   CPU in millicores, or {@link #UNSET}
 * @param memoryBytes memory in bytes, or {@link #UNSET}
 */
public record Resources(long cpuMillis, long memoryBytes) {
    /** Marks an amount that is not given. */
    public static final long UNSET = -1;
    /** Neither amount given. */
    public static final Resources NONE = new Resources(UNSET, UNSET);

    /** The sum, counting unset parts as zero (unset only when both sides are unset). */
    public Resources plus(Resources other) {
        return new Resources(add(cpuMillis, other.cpuMillis), add(memoryBytes, other.memoryBytes));
    }

    private static long add(long a, long b) {
        if (a == UNSET && b == UNSET) {
            return UNSET;
        }
        return Math.max(a, 0) + Math.max(b, 0);
    }
}

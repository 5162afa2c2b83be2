package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.PdbInfo;
import java.util.Locale;

/**
 * The arithmetic of one PodDisruptionBudget applied to a workload, done the way the disruption controller does it.
 *
 * <p>{@code minAvailable} as a number is taken as it is; as a percentage of the expected pods it is rounded up.
 * {@code maxUnavailable} (a number, or a percentage rounded up) is subtracted from the expected pods. When both are
 * absent or unreadable, the budget's reported {@code status.desiredHealthy} is used.
 *
 * @param pdb          the budget
 * @param expectedPods the replicas its workload asks for
 * @param minHealthy   ready pods the budget requires (never negative)
 */
public record DisruptionBudget(PdbInfo pdb, int expectedPods, int minHealthy) {

    /** The budget of a workload that asks for {@code expectedPods} replicas. */
    public static DisruptionBudget of(PdbInfo pdb, int expectedPods) {
        int min = minHealthy(pdb.minAvailable(), pdb.maxUnavailable(), expectedPods);
        return new DisruptionBudget(pdb, expectedPods, min >= 0 ? min : Math.max(0, pdb.desiredHealthy()));
    }

    /**
     * Ready pods a budget requires of {@code expectedPods}, from {@code spec.minAvailable} or
     * {@code spec.maxUnavailable} as written ({@code "2"}, {@code "50%"}); {@code maxUnavailable} wins when both are
     * given, as in Kubernetes. Returns -1 when neither is given or readable.
     */
    public static int minHealthy(String minAvailable, String maxUnavailable, int expectedPods) {
        int expected = Math.max(0, expectedPods);
        if (maxUnavailable != null && !maxUnavailable.isBlank()) {
            int unavailable = scaled(maxUnavailable, expected);
            if (unavailable >= 0) {
                return Math.max(0, expected - unavailable);
            }
        }
        if (minAvailable != null && !minAvailable.isBlank()) {
            return scaled(minAvailable, expected);
        }
        return -1;
    }

    /** A number as it is, or a percentage of {@code total} rounded up; -1 when unreadable. */
    static int scaled(String intOrPercent, int total) {
        String s = intOrPercent.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("%")) {
                long percent = Long.parseLong(s.substring(0, s.length() - 1).trim());
                if (percent < 0) {
                    return -1;
                }
                return (int) Math.min(Integer.MAX_VALUE, (percent * total + 99) / 100);
            }
            int value = Integer.parseInt(s);
            return value < 0 ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How many of {@code readyPods} may be evicted now: {@code readyPods - minHealthy}, at least 0. */
    public int allowedWith(int readyPods) {
        return Math.max(0, readyPods - minHealthy);
    }

    /** Whether no pod of the workload can ever be evicted, even with every replica ready. */
    public boolean blocksEveryDrain() {
        return expectedPods > 0 && minHealthy >= expectedPods;
    }

    /** The budget's rule as written, e.g. "minAvailable 1" or "maxUnavailable 0%". */
    public String rule() {
        if (pdb.maxUnavailable() != null && !pdb.maxUnavailable().isBlank()) {
            return "maxUnavailable " + pdb.maxUnavailable().trim();
        }
        if (pdb.minAvailable() != null && !pdb.minAvailable().isBlank()) {
            return "minAvailable " + pdb.minAvailable().trim();
        }
        return "desiredHealthy " + pdb.desiredHealthy();
    }
}

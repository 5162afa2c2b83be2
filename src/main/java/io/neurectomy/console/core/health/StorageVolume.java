package io.neurectomy.console.core.health;

import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.Quantities;
import io.neurectomy.console.core.endpoints.ClaimMounts;
import io.neurectomy.console.core.endpoints.PodCalls;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The persistent volume of one Prometheus replica: the claim, where the container mounts it, the claim's capacity,
 * and {@code df} of it in the pod.
 *
 * @param claim         the claim's name
 * @param mountPath     where the container mounts it
 * @param capacityBytes the claim's capacity, or -1 when the snapshot does not say
 */
record StorageVolume(String claim, String mountPath, long capacityBytes) {

    /** What {@code df -k} printed for the volume: 1K-blocks, used and available. */
    record Df(long sizeBytes, long usedBytes, long availableBytes, String output) {
        /** Used over used + available, as df's Use% (reserved blocks excluded). */
        double usedShare() {
            long total = usedBytes + availableBytes;
            return total == 0 ? 0 : (double) usedBytes / total;
        }
    }

    /**
     * The volume of {@code pod}'s {@code container} backed by a claim (its first), read from the pod's spec.
     *
     * @throws IOException when the pod cannot be read or mounts no claim (the reason)
     */
    static StorageVolume of(HealthContext c, PodInfo pod, String container) throws IOException {
        List<ClaimMounts.ClaimMount> mounts = c.claimMounts(pod.name(), container);
        if (mounts.isEmpty()) {
            throw new IOException("container " + container + " of " + pod.name() + " mounts no persistent volume"
                    + " claim: its data lives and dies with the pod");
        }
        ClaimMounts.ClaimMount mount = mounts.get(0);
        long capacity = c.snapshot().pvcs().stream().filter(p -> p.name().equals(mount.claim())
                        && (p.namespace().isEmpty() || p.namespace().equals(c.namespace())))
                .findFirst().map(PvcInfo::capacity).map(Quantities::bytes).orElse(-1L);
        return new StorageVolume(mount.claim(), mount.mountPath(), capacity);
    }

    /** {@code df -k} of the mount in the pod; throws with what the command said when it fails. */
    Df df(HealthContext c, String pod, String container) throws IOException {
        PodCalls.ExecResult result = c.exec(pod, container, List.of("df", "-k", mountPath));
        if (!result.ok()) {
            throw new IOException("df -k " + mountPath + " in " + pod + " exited with " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return parse(result.stdout());
    }

    /**
     * The numbers of {@code df -k} output for one path: the last five fields of the body are 1K-blocks, used,
     * available, use% and the mount point (busybox puts a long device name on a line of its own).
     */
    static Df parse(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        if (lines.length < 2 || !lines[0].startsWith("Filesystem")) {
            throw new IOException("df printed no filesystem: " + output.strip());
        }
        String[] fields = String.join(" ", List.of(lines).subList(1, lines.length)).trim().split("\\s+");
        if (fields.length < 5) {
            throw new IOException("df printed " + output.strip());
        }
        try {
            long size = Long.parseLong(fields[fields.length - 5]) * 1024;
            long used = Long.parseLong(fields[fields.length - 4]) * 1024;
            long available = Long.parseLong(fields[fields.length - 3]) * 1024;
            return new Df(size, used, available, output.strip());
        } catch (NumberFormatException e) {
            throw new IOException("df printed no sizes in 1K-blocks: " + output.strip(), e);
        }
    }

    /** A size for people, in binary units with one decimal ({@code 12.3 GiB}). */
    static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = Math.abs(bytes);
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (bytes < 0 ? "-" : "") + (u == 0 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }
}

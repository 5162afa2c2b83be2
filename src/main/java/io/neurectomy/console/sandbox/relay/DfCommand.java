package io.neurectomy.console.sandbox.relay;

import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code df} on a pod's persistent volumes, printed as the busybox {@code df} of the Prometheus and Alertmanager
 * images prints it: the claim's capacity as the size, and what the pod's files on the volume take (plus any fill the
 * sandbox simulates) as used. Paths on no persistent volume are left to the host's {@code df}, as before.
 *
 * <p>Options: {@code -h} (sizes with K, M, G, T and one decimal), {@code -k} (1K-blocks, the default), {@code -m}
 * (1M-blocks), {@code -P} (POSIX header). Without a path it lists every persistent volume of the pod.
 */
final class DfCommand {
    private static final long BLOCK = 4096;

    private DfCommand() {
    }

    /**
     * The output of {@code df} with {@code args} in the pod, or empty when it is not about the pod's persistent
     * volumes (the host's {@code df} then runs as for any other path).
     */
    static Optional<ExecCommand.Plan> plan(List<String> args, PodRuntime runtime, Path root) {
        boolean human = false;
        boolean posix = false;
        long unit = 1024;
        List<String> paths = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-") && arg.length() > 1) {
                for (char c : arg.substring(1).toCharArray()) {
                    switch (c) {
                        case 'h' -> human = true;
                        case 'k' -> unit = 1024;
                        case 'm' -> unit = 1024 * 1024;
                        case 'P' -> posix = true;
                        default -> {
                            return Optional.empty();
                        }
                    }
                }
            } else {
                paths.add(arg);
            }
        }
        List<PodVolume> volumes = runtime.volumes().get();
        if (volumes.isEmpty()) {
            return Optional.empty();
        }
        List<PodVolume> rows = new ArrayList<>();
        if (paths.isEmpty()) {
            rows.addAll(volumes.stream().sorted(Comparator.comparing(PodVolume::mountPath)).toList());
        }
        for (String path : paths) {
            if (!path.startsWith("/")) {
                return Optional.empty(); // relative to the working directory: not worth the guess
            }
            Optional<PodVolume> on = volumeOf(path, volumes);
            if (on.isEmpty()) {
                return Optional.empty();
            }
            Path inside = root.resolve(path.substring(1)).normalize();
            if (!inside.startsWith(root) || !Files.exists(inside)) {
                return Optional.of(new ExecCommand.Plan(List.of(), "df: " + path + ": can't find mount point", 1,
                        null));
            }
            rows.add(on.get());
        }
        StringBuilder out = new StringBuilder();
        String units = human ? "     Size" : (unit == 1024 ? "1K" : "1M") + "-blocks";
        out.append("Filesystem           ").append(String.format(Locale.ROOT, "%-15s", units))
                .append("Used Available ").append(posix ? "Capacity" : "Use%").append(" Mounted on\n");
        for (PodVolume v : rows) {
            long blocks = ceilBlocks(v.capacityBytes());
            long used = Math.min(blocks, ceilBlocks(v.usedBytes()));
            long available = blocks - used;
            long percent = used + available == 0 ? 0 : (used * 100 + (used + available) / 2) / (used + available);
            out.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %3d%% %s%n", device(v, volumes),
                    size(blocks * BLOCK, human, unit), size(used * BLOCK, human, unit),
                    size(available * BLOCK, human, unit), percent, v.mountPath()));
        }
        return Optional.of(new ExecCommand.Plan(List.of(), null, 0, out.toString()));
    }

    /** The volume whose mount holds {@code path} (the longest mount path that is a prefix of it). */
    static Optional<PodVolume> volumeOf(String path, List<PodVolume> volumes) {
        String normal = Path.of(path).normalize().toString();
        return volumes.stream().filter(v -> normal.equals(v.mountPath()) || normal.startsWith(
                        v.mountPath().endsWith("/") ? v.mountPath() : v.mountPath() + "/"))
                .max(Comparator.comparingInt(v -> v.mountPath().length()));
    }

    private static String device(PodVolume volume, List<PodVolume> all) {
        List<String> mounts = all.stream().map(PodVolume::mountPath).sorted().toList();
        return "/dev/sd" + (char) ('b' + Math.min(24, mounts.indexOf(volume.mountPath())));
    }

    private static long ceilBlocks(long bytes) {
        return (Math.max(0, bytes) + BLOCK - 1) / BLOCK;
    }

    /** As busybox's make_human_readable_str: in {@code unit}s rounded, or with a suffix and one decimal. */
    static String size(long bytes, boolean human, long unit) {
        if (bytes == 0) {
            return "0";
        }
        if (!human) {
            return Long.toString((bytes + unit / 2) / unit);
        }
        long val = bytes;
        int frac = 0;
        int suffix = 0;
        while (val >= 1024) {
            suffix++;
            frac = (int) (((val % 1024) * 10 + 512) / 1024);
            val /= 1024;
        }
        if (frac >= 10) {
            val++;
            frac = 0;
        }
        return suffix == 0 ? Long.toString(val) : val + "." + frac + " KMGTPE".charAt(suffix);
    }
}

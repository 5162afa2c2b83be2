package io.neurectomy.console.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.Directories;
import io.neurectomy.console.sandbox.PodVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The persistent volumes of the sandbox's pods as {@code df} sees them: each claim's capacity, and the size of the
 * pod's files under the mount (rounded up to 4 KiB blocks, as a filesystem allocates them) plus a fill the sandbox
 * may be asked to simulate. The fill belongs to the claim, like data on a real volume: it outlives the pod.
 */
final class VolumeUse {
    private static final long BLOCK = 4096;

    private final KubernetesClient admin;
    /** Simulated bytes per claim ({@code namespace/claim}). */
    private final Map<String, Long> fills = new ConcurrentHashMap<>();

    VolumeUse(KubernetesClient admin) {
        this.admin = admin;
    }

    /** The pod's persistent volumes now, with their use under {@code root}. */
    List<PodVolume> volumes(Pod pod, Path root) {
        List<PodVolume> volumes = new ArrayList<>();
        String ns = pod.getMetadata().getNamespace();
        for (Mount m : mounts(pod)) {
            long capacity = capacity(ns, m.claim());
            if (capacity <= 0) {
                continue;
            }
            long used = used(inside(root, m.mountPath())) + fills.getOrDefault(ns + "/" + m.claim(), 0L);
            volumes.add(new PodVolume(m.mountPath(), m.claim(), capacity, used));
        }
        return volumes;
    }

    /**
     * Makes the volume mounted at {@code mountPath} in the pod appear {@code percent} % full: the sandbox accounts
     * for the difference between that and what the pod's files take now (what they add later comes on top).
     *
     * @return the simulated bytes
     */
    long fill(Pod pod, Path root, String mountPath, double percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a volume is between 0 and 100 % full, not " + percent);
        }
        String ns = pod.getMetadata().getNamespace();
        Mount m = mounts(pod).stream().filter(x -> x.mountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(pod.getMetadata().getName()
                        + " mounts no persistent volume at " + mountPath));
        long capacity = capacity(ns, m.claim());
        long filler = Math.max(0, Math.round(capacity * percent / 100) - used(inside(root, mountPath)));
        fills.put(ns + "/" + m.claim(), filler);
        return filler;
    }

    /**
     * Deletes the files of the pod's persistent volumes under {@code root}, and any fill simulated on their claims:
     * the volumes are empty afterwards, the pod's other files (projected ConfigMaps and Secrets) stay. All or none:
     * each mount's directory is first moved aside, and those already moved go back when one cannot be.
     *
     * @return the mount paths emptied
     * @throws IOException when a directory could not be moved aside (nothing was deleted)
     */
    List<String> empty(Pod pod, Path root) throws IOException {
        Map<Path, Path> aside = new LinkedHashMap<>();
        List<Mount> mounts = mounts(pod);
        try {
            for (Mount m : mounts) {
                Path dir = inside(root, m.mountPath());
                if (Files.exists(dir) && !dir.equals(root.normalize())) {
                    Path moved = dir.resolveSibling("." + dir.getFileName() + ".wiped-" + System.nanoTime());
                    Files.move(dir, moved, StandardCopyOption.ATOMIC_MOVE);
                    aside.put(dir, moved);
                }
            }
        } catch (IOException e) {
            for (Map.Entry<Path, Path> back : aside.entrySet()) {
                Files.move(back.getValue(), back.getKey(), StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        String ns = pod.getMetadata().getNamespace();
        for (Mount m : mounts) {
            Files.createDirectories(inside(root, m.mountPath()));
            fills.remove(ns + "/" + m.claim());
        }
        aside.values().forEach(Directories::deleteQuietly);
        return mounts.stream().map(Mount::mountPath).toList();
    }

    private record Mount(String mountPath, String claim) {
    }

    /** The persistent volume claims the pod's containers mount, with where. */
    private static List<Mount> mounts(Pod pod) {
        List<Mount> mounts = new ArrayList<>();
        if (pod.getSpec() == null) {
            return mounts;
        }
        List<Volume> volumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        for (Container c : Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())) {
            for (VolumeMount vm : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
                volumes.stream().filter(v -> v.getName().equals(vm.getName()) && v.getPersistentVolumeClaim() != null)
                        .findFirst().map(v -> new Mount(vm.getMountPath().replaceAll("(.)/+$", "$1"),
                                v.getPersistentVolumeClaim().getClaimName()))
                        .filter(x -> mounts.stream().noneMatch(y -> y.mountPath().equals(x.mountPath())))
                        .ifPresent(mounts::add);
            }
        }
        return mounts;
    }

    private long capacity(String ns, String claim) {
        PersistentVolumeClaim pvc;
        try {
            pvc = admin.persistentVolumeClaims().inNamespace(ns).withName(claim).get();
        } catch (RuntimeException e) {
            return 0;
        }
        if (pvc == null) {
            return 0;
        }
        Quantity q = pvc.getStatus() != null && pvc.getStatus().getCapacity() != null
                ? pvc.getStatus().getCapacity().get("storage") : null;
        if (q == null && pvc.getSpec() != null && pvc.getSpec().getResources() != null
                && pvc.getSpec().getResources().getRequests() != null) {
            q = pvc.getSpec().getResources().getRequests().get("storage");
        }
        return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
    }

    private static Path inside(Path root, String podPath) {
        return root.resolve(podPath.substring(1)).normalize();
    }

    /** The blocks the files under {@code dir} take, in bytes; files that vanish while counted are skipped. */
    static long used(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    total[0] += BLOCK;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += (attrs.size() + BLOCK - 1) / BLOCK * BLOCK;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed by compaction meanwhile
                }
            });
        } catch (NoSuchFileException e) {
            return total[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }
}

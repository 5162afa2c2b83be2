package io.neurectomy.console.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies ConfigMap and Secret volumes into a pod's directory the way a kubelet projects them: one file per key
 * (or per {@code items} entry) below the mount path, byte-identical to the object's data, written atomically so a
 * reader never sees half a file. Other volumes (emptyDir, persistent volume claims) become plain directories.
 *
 * <p>Like a real kubelet, a {@code subPath} mount is filled once when the pod starts and never updated.
 */
final class VolumeProjector {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeProjector.class);

    /** A ConfigMap or Secret a pod's volumes read from. */
    record Source(String kind, String namespace, String name) {
    }

    /** Told about a file's new content just before it replaces the old one. */
    @FunctionalInterface
    interface BeforeWrite {
        void accept(Path file, byte[] content) throws IOException;
    }

    private final KubernetesClient admin;

    VolumeProjector(KubernetesClient admin) {
        this.admin = admin;
    }

    /** The ConfigMaps and Secrets the pod's mounted volumes read. */
    static Set<Source> sources(Pod pod) {
        Set<Source> sources = new LinkedHashSet<>();
        String ns = pod.getMetadata().getNamespace();
        for (Volume v : volumes(pod).values()) {
            if (v.getConfigMap() != null) {
                sources.add(new Source("ConfigMap", ns, v.getConfigMap().getName()));
            } else if (v.getSecret() != null) {
                sources.add(new Source("Secret", ns, v.getSecret().getSecretName()));
            }
        }
        return sources;
    }

    /**
     * Projects every mount of every container below {@code root}.
     *
     * @param initial true when the pod starts (also fills subPath mounts)
     * @param written the files each mount wrote last time, updated here so removed keys disappear
     * @return the paths (below root) whose content changed
     */
    Set<Path> project(Pod pod, Path root, boolean initial, Map<Path, Set<Path>> written) throws IOException {
        return project(pod, root, initial, written, (file, content) -> { });
    }

    /** Like {@link #project(Pod, Path, boolean, Map)}, calling {@code before} ahead of every file replacement. */
    Set<Path> project(Pod pod, Path root, boolean initial, Map<Path, Set<Path>> written, BeforeWrite before)
            throws IOException {
        Map<String, Volume> volumes = volumes(pod);
        Set<Path> changed = new LinkedHashSet<>();
        for (Container c : containers(pod)) {
            for (VolumeMount mount : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                Path target = inside(root, mount.getMountPath());
                Volume volume = volumes.get(mount.getName());
                boolean subPath = mount.getSubPath() != null && !mount.getSubPath().isEmpty();
                Optional<Map<String, byte[]>> files = volume == null ? Optional.empty() : files(pod, volume);
                if (files.isEmpty()) {
                    // emptyDir, persistent volume claims (also those a StatefulSet's claim templates add), others
                    Files.createDirectories(target);
                    continue;
                }
                if (subPath) {
                    if (initial) {
                        byte[] content = files.get().get(mount.getSubPath());
                        if (content != null && write(target, content, before)) {
                            changed.add(target);
                        }
                    }
                    continue;
                }
                Files.createDirectories(target);
                Set<Path> now = new HashSet<>();
                for (Map.Entry<String, byte[]> file : files.get().entrySet()) {
                    Path path = inside(target, file.getKey());
                    now.add(path);
                    if (write(path, file.getValue(), before)) {
                        changed.add(path);
                    }
                }
                for (Path old : written.getOrDefault(target, Set.of())) {
                    if (!now.contains(old) && Files.deleteIfExists(old)) {
                        changed.add(old);
                    }
                }
                written.put(target, now);
            }
        }
        return changed;
    }

    /** The files a ConfigMap or Secret volume holds (relative path to content), or empty for other volumes. */
    private Optional<Map<String, byte[]>> files(Pod pod, Volume volume) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, byte[]> data;
        List<KeyToPath> items;
        if (volume.getConfigMap() != null) {
            String name = volume.getConfigMap().getName();
            ConfigMap cm = admin.configMaps().inNamespace(ns).withName(name).get();
            data = cm == null ? missing(pod, "ConfigMap", name) : bytes(cm.getData(), cm.getBinaryData());
            items = volume.getConfigMap().getItems();
        } else if (volume.getSecret() != null) {
            String name = volume.getSecret().getSecretName();
            Secret secret = admin.secrets().inNamespace(ns).withName(name).get();
            // The mock API server keeps stringData as given; a real one would have merged it into data.
            data = secret == null ? missing(pod, "Secret", name) : bytes(secret.getStringData(), secret.getData());
            items = volume.getSecret().getItems();
        } else {
            return Optional.empty();
        }
        if (items == null || items.isEmpty()) {
            return Optional.of(data);
        }
        Map<String, byte[]> selected = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            byte[] content = data.get(item.getKey());
            if (content != null) {
                selected.put(item.getPath() == null ? item.getKey() : item.getPath(), content);
            }
        }
        return Optional.of(selected);
    }

    /** No files: the object {@code pod} mounts does not exist (yet). */
    private static Map<String, byte[]> missing(Pod pod, String kind, String name) {
        LOG.warn("Pod {}/{} mounts {} {}, which does not exist", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), kind, name);
        return Map.of();
    }

    /** The bytes of an object's keys: {@code text} values as UTF-8, then {@code base64} values decoded. */
    private static Map<String, byte[]> bytes(Map<String, String> text, Map<String, String> base64) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        if (text != null) {
            text.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (base64 != null) {
            base64.forEach((k, v) -> bytes.put(k, Base64.getMimeDecoder().decode(v)));
        }
        return bytes;
    }

    /** Writes through a temporary file and a rename; returns false (and writes nothing) when the content is equal. */
    static boolean write(Path file, byte[] content) throws IOException {
        return write(file, content, (f, c) -> { });
    }

    private static boolean write(Path file, byte[] content, BeforeWrite before) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        before.accept(file, content);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /** Maps an absolute path inside the pod to the pod directory, refusing paths that climb out of it. */
    static Path inside(Path root, String podPath) {
        String relative = podPath == null ? "" : podPath.replaceFirst("^/+", "");
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw new IllegalArgumentException("Path " + podPath + " leaves the pod's directory");
        }
        return resolved;
    }

    private static Map<String, Volume> volumes(Pod pod) {
        Map<String, Volume> byName = new HashMap<>();
        if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().forEach(v -> byName.put(v.getName(), v));
        }
        return byName;
    }

    private static List<Container> containers(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
    }
}

package io.neurectomy.console.core.backup.archive;

/**
 * One entry of an archive as the manifest records it.
 *
 * @param name      path inside the archive, relative, {@code /}-separated
 * @param size      bytes stored in the archive (for an encrypted entry: the sealed size)
 * @param sha256    lower-case hex SHA-256 of the stored bytes
 * @param encrypted whether the stored bytes are sealed with {@link io.neurectomy.console.core.util.PassphraseCipher}
 */
public record ManifestEntry(String name, long size, String sha256, boolean encrypted) {
}

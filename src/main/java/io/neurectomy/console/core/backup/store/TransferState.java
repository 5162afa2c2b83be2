package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What an interrupted transfer left to continue from, kept in a small hidden file beside the archive (a properties
 * file, replaced atomically): for a download the object's key, ETag, size and SHA-256 the partial file belongs to;
 * for an upload the multipart upload id and the parts done with their ETags. A state that does not describe the
 * same object (another ETag, size or checksum) is discarded and the transfer starts from zero.
 */
final class TransferState {
    private final Path file;
    private final Map<String, String> values;

    private TransferState(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** A new, empty state to be saved at {@code file}. */
    static TransferState create(Path file) {
        return new TransferState(file, new TreeMap<>());
    }

    /** The state saved at {@code file}; empty when there is none or it cannot be read (then it does not count). */
    static Optional<TransferState> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            Map<String, String> values = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
            return Optional.of(new TransferState(file, values));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String get(String key) {
        return values.get(key);
    }

    long getLong(String key) {
        try {
            return Long.parseLong(values.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    TransferState put(String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value.toString());
        }
        return this;
    }

    /** Whether {@code key} holds exactly {@code expected} (both null counts as equal). */
    boolean holds(String key, Object expected) {
        String v = values.get(key);
        return expected == null ? v == null : expected.toString().equals(v);
    }

    /** The values whose keys start with {@code prefix}, by the rest of the key. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Writes the state (atomically: a reader sees the old or the new one, never half). */
    synchronized void save() throws IOException {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, "Monitoring Console: an interrupted S3 transfer continues from here; safe to delete");
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** Removes the state file. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    Path file() {
        return file;
    }
}

package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the console knows about an archive file without reading it again, kept in a small sidecar next to it,
 * {@code full_….tar.gz.check.json}: the file's size, modification time and SHA-256 (known from writing it, or from
 * the last verify), and the outcome of the last verify.
 *
 * <p>The record only counts while the file's size and modification time are those it recorded: an archive copied
 * over, touched or changed in any way is "not verified" again, and a stale sidecar is harmless. (A hash of the
 * whole file would be the stronger key, but computing it means reading the whole archive, which is what the record
 * exists to avoid.) The file hash doubles as the S3 object checksum, so a sync does not re-read the archive either.
 *
 * @param size       archive size in bytes when recorded
 * @param modified   archive modification time (epoch millis) when recorded
 * @param sha256     SHA-256 of the whole archive file
 * @param verifiedAt when a verify last passed, or null when it never ran or failed
 * @param problems   what the last failed verify found (empty otherwise)
 */
public record CheckRecord(long size, long modified, String sha256, Instant verifiedAt, List<String> problems) {
    public static final String SUFFIX = ".check.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CheckRecord {
        problems = List.copyOf(problems);
    }

    /** Whether the last verify passed. */
    public boolean verified() {
        return verifiedAt != null;
    }

    /** Whether the last verify failed. */
    public boolean failed() {
        return !problems.isEmpty();
    }

    /** The sidecar file of {@code archive}. */
    public static Path sidecarOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + SUFFIX);
    }

    /** The record of {@code archive} if there is one and it still describes the file as it is now. */
    public static Optional<CheckRecord> read(Path archive) {
        try {
            long size = Files.size(archive);
            long modified = Files.getLastModifiedTime(archive).toMillis();
            JsonNode n = JSON.readTree(Files.readAllBytes(sidecarOf(archive)));
            if (n == null || n.path("size").asLong(-1) != size || n.path("modified").asLong(-1) != modified
                    || !n.path("sha256").asString("").matches("[0-9a-f]{64}")) {
                return Optional.empty();
            }
            List<String> problems = new ArrayList<>();
            n.path("problems").forEach(p -> problems.add(p.asString()));
            String verified = n.path("verifiedAt").asString(null);
            return Optional.of(new CheckRecord(size, modified, n.path("sha256").asString(),
                    verified == null ? null : Instant.parse(verified), problems));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // A damaged sidecar only means "not known": the archive itself is what counts.
            return Optional.empty();
        }
    }

    /** Records {@code sha256} (and the verify outcome) for {@code archive} as it is now. */
    public static CheckRecord write(Path archive, String sha256, Instant verifiedAt, List<String> problems)
            throws IOException {
        CheckRecord record = new CheckRecord(Files.size(archive), Files.getLastModifiedTime(archive).toMillis(),
                sha256, verifiedAt, problems);
        ObjectNode n = JSON.createObjectNode();
        n.put("size", record.size());
        n.put("modified", record.modified());
        n.put("sha256", sha256);
        if (verifiedAt != null) {
            n.put("verifiedAt", verifiedAt.toString());
        }
        problems.forEach(n.putArray("problems")::add);
        AtomicFiles.write(sidecarOf(archive), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        return record;
    }
}

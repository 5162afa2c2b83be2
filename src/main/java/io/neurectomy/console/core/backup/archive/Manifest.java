package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.util.BoundedJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The description of an archive: {@code manifest.json}, the last entry, lists every other entry with its size and
 * SHA-256; {@code archive.json}, the first entry, carries the same header without the entry list so that listing a
 * directory of large archives reads a few kilobytes of each instead of decompressing it all.
 *
 * <p>Why the full manifest comes last: a TSDB file's hash is known only once it has been streamed into the archive,
 * and holding back the data (or writing it twice) to put the hashes first would break the bounded-memory,
 * single-pass write. Verify reads the archive once anyway, so it meets the manifest at the end and compares.
 *
 * @param formatVersion    {@link #FORMAT_VERSION} when written by this console
 * @param created          when the backup started
 * @param metadata         where it comes from and what it holds
 * @param secretsEncrypted whether Secret entries are present, sealed under a passphrase
 * @param entries          every entry except {@code archive.json} and {@code manifest.json}, in archive order (empty
 *                         in {@code archive.json})
 */
public record Manifest(int formatVersion, Instant created, ArchiveMetadata metadata, boolean secretsEncrypted,
        List<ManifestEntry> entries) {
    /** Version of the format this console writes and the highest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Name of the last entry, the manifest with every entry's size and hash. */
    public static final String MANIFEST = "manifest.json";
    /** Name of the first entry, the header alone. */
    public static final String INFO = "archive.json";
    /** Most entries a manifest may list: a full backup has a few thousand (objects and TSDB block files). */
    public static final int MAX_ENTRIES = 50_000;
    /** Largest {@code manifest.json} or {@code archive.json} read, in bytes (a full manifest takes about 10 MiB). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Deepest nesting of a manifest's JSON (the console writes three levels). */
    public static final int MAX_DEPTH = 16;
    private static final JsonMapper JSON = BoundedJson.mapper(MAX_DEPTH, MAX_BYTES);

    public Manifest {
        entries = List.copyOf(entries);
    }

    /** The entry named {@code name}, if the manifest lists it. */
    public Optional<ManifestEntry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Total size of the listed entries (uncompressed). */
    public long totalSize() {
        return entries.stream().mapToLong(ManifestEntry::size).sum();
    }

    /** This manifest as pretty-printed UTF-8 JSON; {@code withEntries} false writes the {@code archive.json} form. */
    public byte[] toJson(boolean withEntries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("created", created.toString());
        root.put("context", metadata.context());
        root.put("server", metadata.server());
        root.put("namespace", metadata.namespace());
        root.put("consoleVersion", metadata.consoleVersion());
        ArrayNode components = root.putArray("components");
        metadata.components().forEach(components::add);
        root.put("secretsEncrypted", secretsEncrypted);
        if (withEntries) {
            ArrayNode list = root.putArray("entries");
            for (ManifestEntry e : entries) {
                ObjectNode n = list.addObject();
                n.put("name", e.name());
                n.put("size", e.size());
                n.put("sha256", e.sha256());
                if (e.encrypted()) {
                    n.put("encrypted", true);
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /**
     * Reads a manifest or an {@code archive.json}.
     *
     * @throws IllegalArgumentException saying what is wrong when the JSON is malformed or a field is missing
     */
    public static Manifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            if (BoundedJson.isLimit(e)) {
                throw new IllegalArgumentException("its JSON is " + BoundedJson.describe(e, MAX_DEPTH, MAX_BYTES)
                        + ", which no manifest the console writes is; the archive was not written by the console or"
                        + " was tampered with");
            }
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<String> components = new ArrayList<>();
        for (JsonNode c : root.path("components")) {
            if (!c.isString()) {
                throw new IllegalArgumentException("components must be a list of names, not " + c.getNodeType());
            }
            components.add(c.asString());
        }
        List<ManifestEntry> entries = new ArrayList<>();
        if (root.path("entries").size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("it lists " + root.path("entries").size() + " entries, more than the "
                    + MAX_ENTRIES + " a backup can hold");
        }
        for (JsonNode n : root.path("entries")) {
            String name = text(n, "name");
            String sha = text(n, "sha256");
            // an integer beyond a long (or an int, below) is refused, not left to the JSON library to throw on
            if (!n.path("size").isIntegralNumber() || !n.path("size").canConvertToLong() || n.path("size").asLong() < 0
                    || !sha.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("entry " + name + " has no valid size or sha256");
            }
            entries.add(new ManifestEntry(name, n.path("size").asLong(), sha, n.path("encrypted").asBoolean(false)));
        }
        if (!root.path("formatVersion").isIntegralNumber() || !root.path("formatVersion").canConvertToInt()) {
            throw new IllegalArgumentException("formatVersion is missing or not a version number");
        }
        Instant created;
        try {
            created = Instant.parse(text(root, "created"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("created is not an ISO-8601 instant");
        }
        return new Manifest(root.path("formatVersion").asInt(), created,
                new ArchiveMetadata(text(root, "context"), text(root, "server"), text(root, "namespace"),
                        text(root, "consoleVersion"), components),
                root.path("secretsEncrypted").asBoolean(false), entries);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isString()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v.asString();
    }
}

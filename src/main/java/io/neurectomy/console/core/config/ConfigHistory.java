package io.neurectomy.console.core.config;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.util.AtomicFiles;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last applied versions of each configuration object, per context, kept on this machine so that any of them
 * can be shown as a diff and applied again.
 *
 * <p>Layout: {@code DIR/CONTEXT/TARGET/yyyyMMdd'T'HHmmss.SSS'Z'.json}, one JSON file per version (time, context,
 * resourceVersion, data). Versions of a Secret are sealed ({@code .json.sealed}) with {@link PassphraseCipher} under
 * a random key kept in {@code DIR/history.key} (readable by the user only), so that the history directory alone —
 * copied, synced, attached to a ticket — does not reveal webhook URLs or passwords. Every file is written to a
 * temporary name and moved into place.
 */
public final class ConfigHistory {
    /** One stored version. {@link #toString()} leaves out the data. */
    public record Version(Instant time, String context, ConfigTarget target, String resourceVersion,
                          Map<String, String> data, Path file) {
        @Override
        public String toString() {
            return target.ref() + " @" + resourceVersion + " applied " + time + " on " + context;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int KEY_ITERATIONS = 1_000;

    private final Path dir;
    private final int keep;

    /** A history in {@code dir} keeping the last {@code keep} versions of each object per context. */
    public ConfigHistory(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.dir = dir;
        this.keep = keep;
    }

    /** The history the window and the command line share: {@code history} in the user's data directory. */
    public static ConfigHistory inDataDir() {
        return new ConfigHistory(AppDirs.current().dataDir().resolve("history"), 20);
    }

    public Path directory() {
        return dir;
    }

    /** Stores {@code applied} as the newest version for {@code context}, then drops versions beyond the limit. */
    public synchronized Version record(String context, ConfigObject applied, Instant time) {
        Path folder = folder(context, applied.target());
        ObjectNode node = JSON.createObjectNode();
        node.put("time", time.toString());
        node.put("context", context);
        node.put("target", applied.target().name());
        node.put("resourceVersion", applied.resourceVersion());
        ObjectNode data = node.putObject("data");
        applied.data().forEach(data::put);
        byte[] bytes = JSON.writeValueAsBytes(node);
        boolean sealed = applied.target().secret();
        if (sealed) {
            bytes = cipher().seal(bytes);
        }
        Path file = folder.resolve(NAME.format(time) + (sealed ? ".json.sealed" : ".json"));
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".version", ".tmp");
            try {
                Files.write(tmp, bytes);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ConsoleException("Could not record the applied version in " + folder + ": " + e.getMessage()
                    + ". The change is applied; only its local history entry is missing.", e);
        }
        prune(context, applied.target());
        return new Version(time, context, applied.target(), applied.resourceVersion(), applied.data(), file);
    }

    /** The stored versions of {@code target} for {@code context}, newest first; unreadable files are skipped. */
    public synchronized List<Version> list(String context, ConfigTarget target) {
        Path folder = folder(context, target);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        for (Path file : files(folder)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (file.getFileName().toString().endsWith(".sealed")) {
                    bytes = cipher().open(bytes);
                }
                JsonNode node = JSON.readTree(bytes);
                Map<String, String> data = new LinkedHashMap<>();
                node.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asString("")));
                out.add(new Version(Instant.parse(node.path("time").asString()), node.path("context").asString(),
                        target, node.path("resourceVersion").asString(""), data, file));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping unreadable history entry {}: {}", file, e.getMessage());
            }
        }
        return out;
    }

    private void prune(String context, ConfigTarget target) {
        List<Path> files = files(folder(context, target));
        for (Path old : files.subList(Math.min(keep, files.size()), files.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                LOG.warn("Could not remove old history entry {}: {}", old, e.getMessage());
            }
        }
    }

    /** Version files, newest first (their names sort by time). */
    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && (n.endsWith(".json") || n.endsWith(".json.sealed"));
            }).sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new ConsoleException("Could not read the config history in " + folder + ": " + e.getMessage(), e);
        }
    }

    private Path folder(String context, ConfigTarget target) {
        return dir.resolve(safe(context)).resolve(target.cliName());
    }

    /** A context name as a directory name: anything but letters, digits, dot, dash and underscore becomes '_'. */
    static String safe(String context) {
        String s = context == null || context.isBlank() ? "default" : context.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    private PassphraseCipher cipher() {
        Path keyFile = dir.resolve("history.key");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(keyFile)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(dir, ".key", ".tmp");
                try {
                    restrict(tmp);
                    Files.writeString(tmp, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
                    try {
                        Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raced) {
                        LOG.debug("history key created concurrently");
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return PassphraseCipher.of(Files.readString(keyFile, StandardCharsets.US_ASCII).strip().toCharArray(),
                    KEY_ITERATIONS);
        } catch (IOException e) {
            throw new ConsoleException("Could not prepare the key for the Secret history in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("No POSIX permissions for {}: {}", file, e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        AtomicFiles.replace(from, to);
    }
}

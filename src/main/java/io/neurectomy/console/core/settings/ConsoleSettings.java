package io.neurectomy.console.core.settings;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few things the console remembers between runs (last kubeconfig file, context, namespace, theme, favorite
 * port-forwards per context and whether to start them again), kept in a small properties file in the user's config
 * directory.
 *
 * <p>Thread-safe: getters and setters may be called from any thread; {@link #save()} does file I/O and belongs on
 * a background thread.
 */
public final class ConsoleSettings {
    /** System property that overrides the config directory (tests, portable installs). */
    public static final String CONFIG_DIR_PROPERTY = "console.configDir";
    static final String FILE_NAME = "settings.properties";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSettings.class);
    private static final String KUBECONFIG = "kubeconfig.file";
    private static final String CONTEXT = "cluster.context";
    private static final String NAMESPACE = "cluster.namespace";
    private static final String THEME = "ui.theme";
    private static final String FAVORITES = "forwards.favorites.";
    private static final String RESTORE_FAVORITES = "forwards.restoreFavorites";
    private static final String BACKUPS = "backups.";
    /** The backup settings that may be remembered; never credentials. */
    public static final java.util.Set<String> BACKUP_KEYS = java.util.Set.of("dir", "s3.bucket", "s3.prefix",
            "s3.region", "s3.endpoint");

    /** The colour themes the UI offers. */
    public enum Theme {
        LIGHT,
        DARK
    }

    private final Path file;
    private final Properties values = new Properties();

    private ConsoleSettings(Path file) {
        this.file = file;
    }

    /** The user's config directory (see {@link AppDirs#configDir()}; {@value #CONFIG_DIR_PROPERTY} overrides it). */
    public static Path defaultDirectory() {
        return AppDirs.current().configDir();
    }

    /** Loads the settings of the default directory. */
    public static ConsoleSettings load() {
        return load(defaultDirectory());
    }

    /**
     * Loads the settings kept in {@code directory}; a missing file gives empty settings, and an unreadable one is
     * logged and ignored, because losing remembered choices must never stop the console from starting.
     */
    public static ConsoleSettings load(Path directory) {
        ConsoleSettings settings = new ConsoleSettings(directory.resolve(FILE_NAME));
        try (InputStream in = Files.newInputStream(settings.file)) {
            settings.values.load(in);
        } catch (NoSuchFileException absent) {
            LOG.debug("No settings yet at {}", settings.file);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable settings file {}: {}", settings.file, e.getMessage());
            settings.values.clear();
        }
        return settings;
    }

    /** The file the settings live in. */
    public Path file() {
        return file;
    }

    /** The kubeconfig file the user chose last, if they chose one instead of the default files. */
    public synchronized Optional<Path> lastKubeconfigFile() {
        return get(KUBECONFIG).map(Path::of);
    }

    /** Remembers the chosen kubeconfig file; {@code null} means "use the default files". */
    public synchronized void setLastKubeconfigFile(Path path) {
        set(KUBECONFIG, path == null ? null : path.toString());
    }

    public synchronized Optional<String> lastContext() {
        return get(CONTEXT);
    }

    public synchronized void setLastContext(String context) {
        set(CONTEXT, context);
    }

    public synchronized Optional<String> lastNamespace() {
        return get(NAMESPACE);
    }

    public synchronized void setLastNamespace(String namespace) {
        set(NAMESPACE, namespace);
    }

    /** The theme; light unless dark was chosen. */
    public synchronized Theme theme() {
        return "dark".equalsIgnoreCase(values.getProperty(THEME, "")) ? Theme.DARK : Theme.LIGHT;
    }

    public synchronized void setTheme(Theme theme) {
        set(THEME, theme == null ? null : theme.name().toLowerCase(Locale.ROOT));
    }

    /** A remembered backup setting ({@link #BACKUP_KEYS}: directory, S3 bucket, prefix, region, endpoint). */
    public synchronized Optional<String> backupSetting(String key) {
        return get(BACKUPS + checkedBackupKey(key));
    }

    /** Remembers a backup setting; null or blank forgets it. Credentials are never stored here. */
    public synchronized void setBackupSetting(String key, String value) {
        set(BACKUPS + checkedBackupKey(key), value);
    }

    private static String checkedBackupKey(String key) {
        if (!BACKUP_KEYS.contains(key)) {
            throw new IllegalArgumentException("not a backup setting: " + key);
        }
        return key;
    }

    /**
     * The favorite port-forwards of a context, as the port-forward code wrote them (one line each), in the order
     * they were added; empty when none.
     */
    public synchronized List<String> forwardFavorites(String context) {
        return get(FAVORITES + context).map(v -> v.lines().filter(l -> !l.isBlank()).toList()).orElse(List.of());
    }

    /** Replaces the favorite port-forwards of a context (lines without line breaks); empty removes them. */
    public synchronized void setForwardFavorites(String context, List<String> favorites) {
        for (String f : favorites) {
            if (f.contains("\n") || f.contains("\r")) {
                throw new IllegalArgumentException("a favorite must be one line: " + f);
            }
        }
        set(FAVORITES + context, String.join("\n", favorites));
    }

    /** Whether favorite port-forwards start again when the console connects to their context (off by default). */
    public synchronized boolean restoreForwardFavorites() {
        return Boolean.parseBoolean(values.getProperty(RESTORE_FAVORITES, "false"));
    }

    public synchronized void setRestoreForwardFavorites(boolean restore) {
        set(RESTORE_FAVORITES, restore ? "true" : null);
    }

    /**
     * Writes the settings atomically: a temp file in the same directory moved over the old one, so a crash never
     * leaves a half-written file behind.
     */
    public void save() {
        Properties copy;
        synchronized (this) {
            copy = new Properties();
            copy.putAll(values);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    copy.store(out, "Monitoring Console settings");
                }
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ConsoleException("Could not save settings to " + file + ": " + e.getMessage()
                    + ". Check that the directory is writable.", e);
        }
    }

    private void move(Path tmp) throws IOException {
        AtomicFiles.replace(tmp, file);
    }

    private Optional<String> get(String key) {
        String v = values.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private void set(String key, String value) {
        if (value == null || value.isBlank()) {
            values.remove(key);
        } else {
            values.setProperty(key, value);
        }
    }
}

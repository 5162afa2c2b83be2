package io.neurectomy.console.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps its files, following the XDG base directory convention.
 *
 * <p>Each directory can be overridden by a system property, which tests use so they never touch the user's own.
 */
public final class AppDirs {
    static final String APP = "monitoring-console";

    private final Map<String, String> env;
    private final Path home;

    AppDirs(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** The directories for the current user and environment. */
    public static AppDirs current() {
        return new AppDirs(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** State that is not precious but should survive restarts: logs. Property {@code console.stateDir}. */
    public Path stateDir() {
        return resolve("console.stateDir", "XDG_STATE_HOME", ".local/state");
    }

    /** Log files. */
    public Path logDir() {
        return stateDir().resolve("logs");
    }

    /** User settings. Property {@code console.configDir}. */
    public Path configDir() {
        return resolve("console.configDir", "XDG_CONFIG_HOME", ".config");
    }

    /** User data such as backups. Property {@code console.dataDir}. */
    public Path dataDir() {
        return resolve("console.dataDir", "XDG_DATA_HOME", ".local/share");
    }

    private Path resolve(String property, String xdgVariable, String homeRelative) {
        String override = System.getProperty(property);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = env.get(xdgVariable);
        // The XDG spec says relative values are invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, APP);
        }
        return home.resolve(homeRelative).resolve(APP);
    }
}

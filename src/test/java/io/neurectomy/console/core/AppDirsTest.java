package io.neurectomy.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppDirsTest {
    private final Path home = Path.of("/home/ann");
    private final String savedState = System.getProperty("console.stateDir");

    @AfterEach
    void restore() {
        if (savedState == null) {
            System.clearProperty("console.stateDir");
        } else {
            System.setProperty("console.stateDir", savedState);
        }
    }

    @Test
    void followsXdgVariablesWhenSet() {
        System.clearProperty("console.stateDir");
        AppDirs dirs = new AppDirs(Map.of("XDG_STATE_HOME", "/var/state", "XDG_CONFIG_HOME", "/etc/ann"), home);
        assertThat(dirs.logDir()).isEqualTo(Path.of("/var/state/monitoring-console/logs"));
        assertThat(dirs.configDir()).isEqualTo(Path.of("/etc/ann/monitoring-console"));
    }

    @Test
    void fallsBackToHomeAndIgnoresRelativeXdgValues() {
        System.clearProperty("console.stateDir");
        AppDirs dirs = new AppDirs(Map.of("XDG_STATE_HOME", "relative/state"), home);
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/home/ann/.local/state/monitoring-console"));
        assertThat(dirs.dataDir()).isEqualTo(Path.of("/home/ann/.local/share/monitoring-console"));
    }

    @Test
    void systemPropertyOverridesEverything() {
        System.setProperty("console.stateDir", "/tmp/elsewhere");
        AppDirs dirs = new AppDirs(Map.of("XDG_STATE_HOME", "/var/state"), home);
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/tmp/elsewhere"));
    }
}

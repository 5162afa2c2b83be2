package io.neurectomy.console.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.settings.ConsoleSettings.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSettingsTest {

    @TempDir
    Path dir;

    @Test
    void missingFileGivesEmptySettingsWithLightTheme() {
        ConsoleSettings settings = ConsoleSettings.load(dir.resolve("absent"));

        assertThat(settings.lastContext()).isEmpty();
        assertThat(settings.lastNamespace()).isEmpty();
        assertThat(settings.lastKubeconfigFile()).isEmpty();
        assertThat(settings.theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void savedValuesAreReadBack() {
        ConsoleSettings settings = ConsoleSettings.load(dir.resolve("nested/config"));
        settings.setLastKubeconfigFile(Path.of("/home/me/.kube/lab.yaml"));
        settings.setLastContext("lab");
        settings.setLastNamespace("observability");
        settings.setTheme(Theme.DARK);

        settings.save();
        ConsoleSettings again = ConsoleSettings.load(dir.resolve("nested/config"));

        assertThat(again.lastKubeconfigFile()).contains(Path.of("/home/me/.kube/lab.yaml"));
        assertThat(again.lastContext()).contains("lab");
        assertThat(again.lastNamespace()).contains("observability");
        assertThat(again.theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void clearingAValueRemovesItFromTheFile() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        settings.setLastKubeconfigFile(Path.of("/tmp/k.yaml"));
        settings.save();

        settings.setLastKubeconfigFile(null);
        settings.save();

        assertThat(ConsoleSettings.load(dir).lastKubeconfigFile()).isEmpty();
    }

    @Test
    void saveLeavesNoTemporaryFilesBehind() throws Exception {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        settings.setLastContext("a");
        settings.save();
        settings.setLastContext("b");
        settings.save();

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ConsoleSettings.FILE_NAME);
        }
    }

    @Test
    void unreadableFileIsIgnored() throws Exception {
        Files.writeString(dir.resolve(ConsoleSettings.FILE_NAME), "cluster.context=\\u00zz broken");

        ConsoleSettings settings = ConsoleSettings.load(dir);

        assertThat(settings.lastContext()).isEmpty();
    }

    @Test
    void configDirPropertyOverridesTheDefaultDirectory() {
        String before = System.getProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
        try {
            System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, dir.toString());
            assertThat(ConsoleSettings.defaultDirectory()).isEqualTo(dir);
        } finally {
            if (before == null) {
                System.clearProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
            } else {
                System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, before);
            }
        }
    }

    @Test
    void forwardFavoritesArePerContextAndOffByDefault() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        assertThat(settings.restoreForwardFavorites()).isFalse();
        assertThat(settings.forwardFavorites("prod")).isEmpty();

        settings.setForwardFavorites("prod", java.util.List.of("a", "b"));
        settings.setForwardFavorites("lab", java.util.List.of("c"));
        settings.setRestoreForwardFavorites(true);
        settings.save();

        ConsoleSettings again = ConsoleSettings.load(dir);
        assertThat(again.forwardFavorites("prod")).containsExactly("a", "b");
        assertThat(again.forwardFavorites("lab")).containsExactly("c");
        assertThat(again.restoreForwardFavorites()).isTrue();

        again.setForwardFavorites("prod", java.util.List.of());
        again.setRestoreForwardFavorites(false);
        again.save();
        assertThat(ConsoleSettings.load(dir).forwardFavorites("prod")).isEmpty();
        assertThat(ConsoleSettings.load(dir).restoreForwardFavorites()).isFalse();
    }
}

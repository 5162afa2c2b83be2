package io.neurectomy.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.cli.ConsoleCommand.GuiOptions;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which window the launcher opens: a newcomer without any kubeconfig gets the sandbox, others the connect screen. */
class LauncherTest {
    private static final GuiOptions NO_OPTIONS = new GuiOptions(null, null, null, false);

    @TempDir
    Path home;
    @TempDir
    Path settingsDir;

    /** kubectl's default files for this home directory and environment. */
    private List<Path> defaults(Map<String, String> env) {
        return KubeconfigLoader.defaultFiles(env, home);
    }

    @Test
    void aNewcomerWithoutAnyKubeconfigGetsTheSandbox() {
        assertThat(Launcher.opensTheSandbox(NO_OPTIONS, ConsoleSettings.load(settingsDir), defaults(Map.of())))
                .isTrue();
    }

    @Test
    void kubectlsDefaultFileInTheHomeDirectoryOpensTheConnectScreen() throws IOException {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");

        assertThat(Launcher.opensTheSandbox(NO_OPTIONS, ConsoleSettings.load(settingsDir), defaults(Map.of())))
                .isFalse();
    }

    @Test
    void aFileNamedByKubeconfigOpensTheConnectScreenAndAMissingOneDoesNot() throws IOException {
        Path named = Files.writeString(home.resolve("work.yaml"), "apiVersion: v1\nkind: Config\n");

        assertThat(Launcher.opensTheSandbox(NO_OPTIONS, ConsoleSettings.load(settingsDir),
                defaults(Map.of("KUBECONFIG", named.toString())))).isFalse();
        assertThat(Launcher.opensTheSandbox(NO_OPTIONS, ConsoleSettings.load(settingsDir),
                defaults(Map.of("KUBECONFIG", home.resolve("gone.yaml").toString())))).isTrue();
    }

    @Test
    void aRememberedOrGivenKubeconfigOpensTheConnectScreenAndSandboxAlwaysOpensTheSandbox() throws IOException {
        ConsoleSettings remembered = ConsoleSettings.load(settingsDir);
        remembered.setLastKubeconfigFile(home.resolve("earlier.yaml"));
        assertThat(Launcher.opensTheSandbox(NO_OPTIONS, remembered, defaults(Map.of()))).isFalse();

        GuiOptions given = new GuiOptions(home.resolve("given.yaml"), null, null, false);
        assertThat(Launcher.opensTheSandbox(given, ConsoleSettings.load(settingsDir.resolve("other")),
                defaults(Map.of()))).isFalse();

        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        assertThat(Launcher.opensTheSandbox(new GuiOptions(null, null, null, true), remembered,
                defaults(Map.of()))).isTrue();
    }
}

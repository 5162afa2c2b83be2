package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.testing.FuzzProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for the kubeconfig loader: a fuzzed file loaded as the only kubeconfig. Whatever the file, a kubeconfig
 * or a {@link ConnectionException} saying what is wrong with it (its documented error), within the budget. Seeds:
 * the kubeconfig test files.
 */
@Tag("fuzz")
class KubeconfigFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void load(byte[] input) throws IOException {
        Files.write(FILE, input);
        Kubeconfig config = FuzzProperty.check("KubeconfigLoader.load", () -> KubeconfigLoader.load(List.of(FILE)),
                ConnectionException.class);
        if (config != null) {
            assertThat(config.contexts()).doesNotContainNull();
        }
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("fuzz-kubeconfig", ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

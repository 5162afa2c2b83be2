package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesTheContentAndLeavesOnlyTheFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "old");

        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("new");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aWriteThatCannotStartLeavesNothing() {
        Path file = dir.resolve("missing").resolve("notes.txt");

        assertThatThrownBy(() -> AtomicFiles.write(file, new byte[] {1})).isInstanceOf(IOException.class);
        assertThat(dir.resolve("missing")).doesNotExist();
    }
}

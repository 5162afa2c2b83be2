package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
    void whereTheFileSystemCannotMoveAtomicallyThePlainReplaceStillWritesTheFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "old");
        List<List<CopyOption>> moves = new ArrayList<>();
        AtomicFiles.Mover noAtomicMove = (from, to, options) -> {
            moves.add(List.of(options));
            if (List.of(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "not on this file system");
            }
            Files.move(from, to, options);
        };

        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8), noAtomicMove);

        assertThat(file).hasContent("new");
        assertThat(moves).containsExactly(List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
                List.of(StandardCopyOption.REPLACE_EXISTING));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aWriteThatFailsAtTheMoveLeavesTheOldContentAndNoTempFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "old");
        AtomicFiles.Mover failing = (from, to, options) -> {
            assertThat(from).as("the new content is complete beside the file").hasContent("new");
            throw new IOException("No space left on device");
        };

        assertThatThrownBy(() -> AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8), failing))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");

        assertThat(file).hasContent("old");
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

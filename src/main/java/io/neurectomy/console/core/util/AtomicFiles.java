package io.neurectomy.console.core.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing a file so that readers see the old content or the new, never a part: a temp sibling, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Moves {@code from} over {@code to}: atomically where the file system can, else as a plain replace (some
     * network and FUSE file systems cannot rename atomically).
     */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code content} to {@code file} through a hidden temp file beside it; a failure leaves no temp file. */
    public static void write(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Files.write(temp, content);
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

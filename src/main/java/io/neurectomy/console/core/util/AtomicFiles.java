package io.neurectomy.console.core.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
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
        replace(from, to, Files::move);
    }

    /** {@link #replace(Path, Path)} through {@code mover} (the file system's move, or a test's stand-in). */
    static void replace(Path from, Path to, Mover mover) throws IOException {
        try {
            mover.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            mover.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code content} to {@code file} through a hidden temp file beside it; a failure leaves no temp file. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, Files::move);
    }

    /** {@link #write(Path, byte[])} with the final move through {@code mover}. */
    static void write(Path file, byte[] content, Mover mover) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Files.write(temp, content);
            replace(temp, target, mover);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves a file, as {@link Files#move} does. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to, CopyOption... options) throws IOException;
    }
}

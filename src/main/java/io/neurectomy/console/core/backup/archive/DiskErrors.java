package io.neurectomy.console.core.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Tells a full disk from other write errors, so the message can say what to do about it. */
public final class DiskErrors {
    static final long MB = 1024 * 1024;

    private DiskErrors() {
    }

    /** Whether {@code e}, raised while writing into {@code dir}, means the file system is full. */
    public static boolean isDiskFull(IOException e, Path dir) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("disk quota exceeded") || m.contains("not enough space")
                    || m.contains("disk full")) {
                return true;
            }
        }
        return usableSpace(dir) >= 0 && usableSpace(dir) < MB;
    }

    /** Usable bytes on the file system of {@code dir}, or -1 when it cannot be read. */
    static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    public static long megabytes(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}

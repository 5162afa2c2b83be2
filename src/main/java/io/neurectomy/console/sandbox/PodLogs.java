package io.neurectomy.console.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a pod's log file the way the kubelet serves {@code pods/log}: optionally only the last lines, capped; the
 * previous instance's log after a restart.
 */
public final class PodLogs {
    private PodLogs() {
    }

    /** The whole log file, or nothing when the process has not written one yet. */
    public static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /** Where the log of the container's previous (terminated) instance is kept. */
    public static Path previous(Path logFile) {
        return logFile.resolveSibling(logFile.getFileName() + ".previous");
    }

    /**
     * Keeps the log of a container that is about to start again as its previous log, so the new instance starts
     * with an empty log as under a real kubelet ({@code previous=true} reads the old one).
     */
    public static void rotate(Path logFile) {
        try {
            if (Files.exists(logFile)) {
                Files.move(logFile, previous(logFile), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the new instance then appends to the old log, as before
        }
    }

    /** {@code log} restricted to its last {@code tailLines} lines, then to its first {@code limitBytes} bytes. */
    public static byte[] select(byte[] log, Optional<Long> tailLines, Optional<Long> limitBytes) {
        int start = tailLines.map(n -> tailStart(log, n)).orElse(0);
        int end = limitBytes.map(limit -> (int) Math.min(log.length, start + Math.min(limit, Integer.MAX_VALUE)))
                .orElse(log.length);
        return Arrays.copyOfRange(log, start, end);
    }

    /** Where the last {@code lines} lines start (a final line without a newline counts as a line). */
    private static int tailStart(byte[] log, long lines) {
        if (lines == 0) {
            return log.length;
        }
        int i = log.length;
        if (i > 0 && log[i - 1] == '\n') {
            i--;
        }
        long seen = 0;
        while (i > 0) {
            if (log[i - 1] == '\n' && ++seen == lines) {
                return i;
            }
            i--;
        }
        return 0;
    }
}

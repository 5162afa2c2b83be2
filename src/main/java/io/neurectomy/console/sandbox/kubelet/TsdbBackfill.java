package io.neurectomy.console.sandbox.kubelet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backfills a Prometheus TSDB as an operator does: {@code promtool tsdb create-blocks-from openmetrics FILE DIR}
 * writes the samples of an OpenMetrics file as blocks into the data directory, and the running Prometheus loads them
 * at its next periodic block reload (once a minute in 2.42), queryable like any history it recorded itself.
 */
final class TsdbBackfill {
    /** A block directory's name: a ULID. */
    private static final Pattern BLOCK = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    /** Only catches a hung promtool: a day of samples takes it well under a second. */
    private static final long TIMEOUT_SECONDS = 120;

    private TsdbBackfill() {
    }

    /**
     * Writes {@code openMetrics} (ending with {@code # EOF}) into {@code tsdb} with {@code promtool}, the input file
     * going to {@code scratch} (not the data directory, whose use {@code df} reports).
     *
     * @return the names of the new block directories
     * @throws IllegalStateException when promtool fails, with its output
     */
    static List<String> run(Path promtool, Path tsdb, Path scratch, String openMetrics) throws IOException {
        Files.createDirectories(scratch);
        Files.createDirectories(tsdb);
        Path input = Files.createTempFile(scratch, "backfill-", ".om");
        Path log = Files.createTempFile(scratch, "backfill-", ".log");
        try {
            Files.writeString(input, openMetrics, StandardCharsets.UTF_8);
            List<String> before = blocks(tsdb);
            Process process = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                    "--quiet", input.toString(), tsdb.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish backfilling " + tsdb);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("promtool could not backfill " + tsdb + " (exit "
                        + process.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            List<String> written = new ArrayList<>(blocks(tsdb));
            written.removeAll(before);
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while backfilling " + tsdb, e);
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(log);
        }
    }

    private static List<String> blocks(Path tsdb) throws IOException {
        try (Stream<Path> entries = Files.list(tsdb)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> BLOCK.matcher(n).matches()).sorted().toList();
        }
    }
}

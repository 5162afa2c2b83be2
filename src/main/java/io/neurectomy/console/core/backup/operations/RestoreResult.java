package io.neurectomy.console.core.backup.operations;

import java.nio.file.Path;
import java.util.List;

/**
 * What a restore did.
 *
 * @param preRestoreBackup the backup taken before anything changed (null when nothing needed one)
 * @param created          objects created
 * @param replaced         objects replaced
 * @param unchanged        objects left as they were
 * @param blocksWritten    TSDB blocks written into the replica
 * @param seriesAnswering  series that answer a query over the restored range after the restart (-1 without tsdb)
 * @param silencesCreated  silences re-created
 * @param steps            one line per step, for the result page and the CLI
 */
public record RestoreResult(Path preRestoreBackup, int created, int replaced, int unchanged, int blocksWritten,
        long seriesAnswering, int silencesCreated, List<String> steps) {
    public RestoreResult {
        steps = List.copyOf(steps);
    }
}

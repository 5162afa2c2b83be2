package io.neurectomy.console.core.backup.operations;

import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.Manifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a restore will do, computed before anything changes: per object whether it is created, replaced or left as
 * it is; for the TSDB which replica and which blocks; how many silences are re-created. Shown to the user, who then
 * confirms by typing {@link #confirmationWord()} (the core plan's typed confirmation).
 *
 * @param archive          the verified archive
 * @param manifest         its manifest
 * @param components       what will be restored
 * @param objects          each archived object and what happens to it
 * @param replica          the Prometheus pod the TSDB goes into (null without tsdb)
 * @param blocks           each archived TSDB block and whether it is written or already there
 * @param silencesToCreate silences that will be re-created
 * @param silencesPresent  archived silences already present (skipped)
 * @param silencesExpired  archived silences that have ended meanwhile (skipped)
 * @param notes            what the user should know (context differs, components missing from the archive, ...)
 * @param confirmationWord what the user must type to go ahead: the namespace
 * @param verified         the reader that verified the archive for this plan, so that carrying it out does not
 *                         verify a TSDB of many gigabytes a second time (it checks that the file is unchanged);
 *                         null to verify again
 */
public record RestorePlan(Path archive, Manifest manifest, Set<BackupComponent> components,
        List<PlannedObject> objects, String replica, List<PlannedBlock> blocks, int silencesToCreate,
        int silencesPresent, int silencesExpired, List<String> notes, String confirmationWord,
        ArchiveReader verified) {
    public RestorePlan {
        components = Set.copyOf(components);
        objects = List.copyOf(objects);
        blocks = List.copyOf(blocks);
        notes = List.copyOf(notes);
    }

    /** One archived object. */
    public record PlannedObject(String kind, String name, boolean secret, StackObjects.Action action,
            List<String> changed) {
        public PlannedObject {
            changed = List.copyOf(changed);
        }
    }

    /** One archived TSDB block. */
    public record PlannedBlock(String ulid, Instant minTime, Instant maxTime, long bytes, boolean present) {
    }

    /** Blocks that will be written into the replica. */
    public List<PlannedBlock> blocksToWrite() {
        return blocks.stream().filter(b -> !b.present()).toList();
    }
}

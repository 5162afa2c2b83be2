package io.neurectomy.console.core.backup.operations;

import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.Manifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a restore will do, computed before anything changes: per object whether it is created, replaced or left as
 * it is; for the TSDB which replica and which blocks; how many silences are re-created. Shown to the user, who then
 * confirms by typing {@link #confirmationWord()}.
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

    /** A plan whose archive is verified again when it is carried out. */
    public RestorePlan(Path archive, Manifest manifest, Set<BackupComponent> components, List<PlannedObject> objects,
            String replica, List<PlannedBlock> blocks, int silencesToCreate, int silencesPresent,
            int silencesExpired, List<String> notes, String confirmationWord) {
        this(archive, manifest, components, objects, replica, blocks, silencesToCreate, silencesPresent,
                silencesExpired, notes, confirmationWord, null);
    }

    /** One archived object. */
    public record PlannedObject(String kind, String name, boolean secret, StackObjects.Action action,
            List<String> changed) {
        public PlannedObject {
            changed = List.copyOf(changed);
        }

        public String describe() {
            String what = kind + "/" + name;
            return switch (action) {
                case CREATE -> "create  " + what;
                case REPLACE -> "replace " + what + (changed.isEmpty() ? "" : " (differs in " + String.join(", ",
                        changed) + ")");
                case UNCHANGED -> "keep    " + what + " (same as in the archive)";
                case KEEP_IMMUTABLE -> "keep    " + what + " (exists; a claim's spec cannot change)";
            };
        }
    }

    /** One archived TSDB block. */
    public record PlannedBlock(String ulid, Instant minTime, Instant maxTime, long bytes, boolean present) {
        public String describe() {
            return (present ? "keep    block " : "write   block ") + ulid + " (" + minTime + " .. " + maxTime + ", "
                    + bytes + " bytes)" + (present ? ": already in the replica" : "");
        }
    }

    /** Blocks that will be written into the replica. */
    public List<PlannedBlock> blocksToWrite() {
        return blocks.stream().filter(b -> !b.present()).toList();
    }

    /** Whether anything would change. */
    public boolean changesAnything() {
        return objects.stream().anyMatch(o -> o.action() == StackObjects.Action.CREATE
                || o.action() == StackObjects.Action.REPLACE) || !blocksToWrite().isEmpty() || silencesToCreate > 0;
    }

    /** The plan as lines for a person (no Secret values: only names). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Restore from " + archive.getFileName() + " (taken " + manifest.created() + " from context "
                + manifest.metadata().context() + ", namespace " + manifest.metadata().namespace() + ")");
        lines.add("Components: " + String.join(", ", BackupComponent.ids(components)));
        lines.add("First a pre-restore backup of what will be replaced is written to the backups directory.");
        objects.forEach(o -> lines.add("  " + o.describe()));
        if (replica != null) {
            lines.add("TSDB into " + replica + ": the blocks are extracted into its volume, then the pod is deleted so"
                    + " that its StatefulSet restarts it on them; the console waits until it is ready and queries the"
                    + " restored range.");
            blocks.forEach(b -> lines.add("  " + b.describe()));
        }
        if (components.contains(BackupComponent.SILENCES)) {
            lines.add("Silences: re-create " + silencesToCreate + ", skip " + silencesPresent + " already present and "
                    + silencesExpired + " that have ended.");
        }
        notes.forEach(n -> lines.add("Note: " + n));
        lines.add("To go ahead, type the namespace: " + confirmationWord);
        return lines;
    }
}

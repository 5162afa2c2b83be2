package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.StepOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened during a runbook run, for the postmortem: each step with its start, end, outcome and detail and the
 * incident clock's time at its end; notes (what detection found); the RPO of an archive restored (the data between
 * the archive and the failure is lost); and how the run ended. Exported as Markdown. Safe to read from another
 * thread (a window) while the run adds to it.
 */
public final class Timeline {
    /** What kind of step an entry is. */
    public enum Kind {
        DETECTION, AUTOMATIC, MANUAL, VERIFICATION;

        /** The word used in the Markdown table. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One step of the run.
     *
     * @param stepId  the step's id
     * @param title   what it did
     * @param kind    detection, automatic, manual or verification
     * @param started when it started, or null for a step that never started
     * @param ended   when it ended, or null while it runs (or when it never started)
     * @param outcome how it ended, or null while it runs
     */
    public record Entry(String stepId, String title, Kind kind, Instant started, Instant ended, StepOutcome outcome) {
    }

    /** A note, stamped with its time. */
    public record Note(Instant time, String text) {
    }

    /**
     * The recovery point of a restore: the archive's time against the failure's.
     *
     * @param archive     the archive's name
     * @param archiveTime when it was taken
     * @param failureTime when the failure happened (or was first seen)
     */
    public record Rpo(String archive, Instant archiveTime, Instant failureTime) {
        /** The guide's recovery point objective. */
        public static final Duration OBJECTIVE = Duration.ofHours(1);

        /** The data written between the archive and the failure, which the restore cannot bring back. */
        public Duration lost() {
            Duration d = Duration.between(archiveTime, failureTime);
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** "Archive X was taken at T, 42 min before the failure at F: that data is lost (within the 1-hour RPO)." */
        public String sentence() {
            Duration lost = lost();
            return "Archive " + archive + " was taken at " + TIME.format(archiveTime) + ", " + minutes(lost)
                    + " before the failure at " + TIME.format(failureTime) + ": the data written in between is lost ("
                    + (lost.compareTo(OBJECTIVE) <= 0 ? "within" : "beyond") + " the 1-hour RPO).";
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Scenario scenario;
    private final String context;
    private final String namespace;
    private final IncidentClock clock;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private Rpo rpo;
    private Instant ended;
    private String outcome = "";

    public Timeline(Scenario scenario, String context, String namespace, IncidentClock clock) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.context = context == null ? "" : context;
        this.namespace = namespace == null ? "" : namespace;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Scenario scenario() {
        return scenario;
    }

    public IncidentClock clock() {
        return clock;
    }

    /** Records that step {@code stepId} has started now. */
    public synchronized void started(String stepId, String title, Kind kind) {
        entries.add(new Entry(stepId, title, kind, clock.now(), null, null));
    }

    /**
     * Records that step {@code stepId} has ended now with {@code outcome}: the running entry of that step, or a new
     * entry that starts and ends now (a step skipped without running).
     */
    public synchronized void finished(String stepId, String title, Kind kind, StepOutcome outcome) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.stepId().equals(stepId) && e.ended() == null) {
                entries.set(i, new Entry(e.stepId(), e.title(), e.kind(), e.started(), clock.now(), outcome));
                return;
            }
        }
        Instant now = clock.now();
        entries.add(new Entry(stepId, title, kind, now, now, outcome));
    }

    /** Records a step that never started (after a failure or a cancel), so that the timeline lists every step. */
    public synchronized void notRun(String stepId, String title, Kind kind, StepOutcome outcome) {
        entries.add(new Entry(stepId, title, kind, null, null, outcome));
    }

    /** Whether the timeline has an entry for step {@code stepId}. */
    public synchronized boolean has(String stepId) {
        return entries.stream().anyMatch(e -> e.stepId().equals(stepId));
    }

    /** Adds a note stamped now. */
    public synchronized void note(String text) {
        notes.add(new Note(clock.now(), text));
    }

    /** Records the archive a restore brought back, for the RPO. */
    public synchronized void restoredFrom(String archive, Instant archiveTime, Instant failureTime) {
        rpo = new Rpo(archive, archiveTime, failureTime);
    }

    /** Records how the run ended, now. */
    public synchronized void ended(OperationResult.Status status, String summary) {
        ended = clock.now();
        outcome = status.name().toLowerCase(Locale.ROOT) + (summary == null || summary.isBlank() ? ""
                : ": " + summary);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Note> notes() {
        return List.copyOf(notes);
    }

    public synchronized Optional<Rpo> rpo() {
        return Optional.ofNullable(rpo);
    }

    public synchronized Optional<Instant> endedAt() {
        return Optional.ofNullable(ended);
    }

    /** The timeline as a Markdown document, ready for a postmortem. */
    public synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Incident timeline: ").append(scenario.title()).append(" (").append(scenario.id()).append(")\n\n");
        md.append("- Cluster: context ").append(context).append(", namespace ").append(namespace).append('\n');
        md.append("- Started: ").append(TIME.format(clock.started())).append('\n');
        if (ended != null) {
            Duration took = clock.elapsedAt(ended);
            md.append("- Ended: ").append(TIME.format(ended)).append(" (").append(clock.statusAt(ended))
                    .append(took.compareTo(clock.rto()) <= 0 ? "; within the RTO" : "; the RTO was exceeded")
                    .append(")\n");
            md.append("- Outcome: ").append(outcome).append('\n');
        } else {
            md.append("- Still running: ").append(clock.status()).append('\n');
        }
        md.append("- RPO: ").append(rpo == null ? "no archive was restored; no data loss from a restore."
                : rpo.sentence()).append('\n');
        md.append("\n## Steps\n\n");
        md.append("| # | Started | Ended | Clock | Kind | Step | Outcome | Detail |\n");
        md.append("|---|---------|-------|-------|------|------|---------|--------|\n");
        int n = 1;
        for (Entry e : entries) {
            md.append("| ").append(n++).append(" | ");
            if (e.started() == null) {
                md.append("— | — | — | ");
            } else {
                md.append(CLOCK.format(e.started())).append(" | ")
                        .append(e.ended() == null ? "running" : CLOCK.format(e.ended())).append(" | ")
                        .append(IncidentClock.format(clock.elapsedAt(e.ended() == null ? e.started() : e.ended())))
                        .append(" | ");
            }
            md.append(e.kind().word()).append(" | ").append(cell(e.title())).append(" | ")
                    .append(e.outcome() == null ? "running" : word(e.outcome().status())).append(" | ")
                    .append(e.outcome() == null ? "" : cell(e.outcome().detail())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (Note note : notes) {
                md.append("- ").append(CLOCK.format(note.time())).append(" (")
                        .append(IncidentClock.format(clock.elapsedAt(note.time()))).append(") ")
                        .append(note.text().replace("\n", " ")).append('\n');
            }
        }
        return md.toString();
    }

    /**
     * Writes {@link #markdown()} to {@code file} (its directory created), through a temporary file so that a failed
     * write leaves nothing half written; returns the file.
     */
    public Path write(Path file) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".timeline-", ".md.part");
            Files.writeString(tmp, markdown(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write failed already; that is what the user hears about.
                }
            }
            throw new ConsoleException("Could not write the timeline to " + target + ": " + e.getMessage()
                    + ". Choose a writable file with --timeline.", e);
        }
    }

    private static String word(StepOutcome.Status status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 120 ? m / 60 + " h " + m % 60 + " min" : m >= 1 ? m + " min" : d.toSeconds() + " s";
    }
}

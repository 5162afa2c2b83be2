package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");

    @TempDir
    Path dir;

    private final StepClock time = new StepClock(START);
    private final Timeline timeline = new Timeline(RunbookCatalog.podFailure(), "prod-eu", "monitoring",
            IncidentClock.start(time));

    private void step(String id, String title, Timeline.Kind kind, Duration takes, StepOutcome outcome) {
        timeline.started(id, title, kind);
        time.advance(takes);
        timeline.finished(id, title, kind, outcome);
    }

    @Test
    void theMarkdownListsEveryStepWithItsTimesClockOutcomeAndDetail() {
        step("detect", "Detect", Timeline.Kind.DETECTION, Duration.ofSeconds(2),
                StepOutcome.done("1 finding: prometheus-ready prometheus-1"));
        timeline.note("Detected: CRITICAL [prometheus-ready] prometheus-1: does not answer /-/ready");
        step("replace-stuck-pods", "Delete the stuck pods", Timeline.Kind.AUTOMATIC, Duration.ofSeconds(20),
                StepOutcome.done("replaced and ready: prometheus-1"));
        step("verify", "Verify", Timeline.Kind.VERIFICATION, Duration.ofSeconds(8), StepOutcome.done("5 probes"
                + " pass"));
        timeline.ended(OperationResult.Status.SUCCEEDED, "Done: 3 of 3 steps done.");

        assertThat(timeline.markdown()).isEqualTo("""
                # Incident timeline: Pod failure (pod-failure)

                - Cluster: context prod-eu, namespace monitoring
                - Started: 2026-12-07 03:00:00 UTC
                - Ended: 2026-12-07 03:00:30 UTC (00:30 elapsed, 14:30 left of the 15:00 RTO; within the RTO)
                - Outcome: succeeded: Done: 3 of 3 steps done.
                - RPO: no archive was restored; no data loss from a restore.

                ## Steps

                | # | Started | Ended | Clock | Kind | Step | Outcome | Detail |
                |---|---------|-------|-------|------|------|---------|--------|
                | 1 | 03:00:00 | 03:00:02 | 00:02 | detection | Detect | done | 1 finding: prometheus-ready \
                prometheus-1 |
                | 2 | 03:00:02 | 03:00:22 | 00:22 | automatic | Delete the stuck pods | done | replaced and ready: \
                prometheus-1 |
                | 3 | 03:00:22 | 03:00:30 | 00:30 | verification | Verify | done | 5 probes pass |

                ## Notes

                - 03:00:02 (00:02) Detected: CRITICAL [prometheus-ready] prometheus-1: does not answer /-/ready
                """);
    }

    @Test
    void aRunOverTheRtoAndAFailedStepAreSaidSo() {
        step("detect", "Detect", Timeline.Kind.DETECTION, Duration.ofMinutes(1), StepOutcome.done(""));
        step("restore", "Restore", Timeline.Kind.MANUAL, Duration.ofMinutes(16), StepOutcome.failed("not confirmed"));
        timeline.ended(OperationResult.Status.FAILED, "Failed: 1 of 2 steps done, 1 failed.");

        String md = timeline.markdown();

        assertThat(md).contains("(17:00 elapsed, 02:00 over the 15:00 RTO; the RTO was exceeded)")
                .contains("- Outcome: failed: Failed: 1 of 2 steps done, 1 failed.")
                .contains("| 2 | 03:01:00 | 03:17:00 | 17:00 | manual | Restore | failed | not confirmed |");
    }

    @Test
    void theRpoOfARestoredArchiveSaysHowMuchDataIsLost() {
        timeline.restoredFrom("full_20261207021800.tar.gz", Instant.parse("2026-12-07T02:18:00Z"),
                Instant.parse("2026-12-07T03:00:00Z"));

        assertThat(timeline.rpo().orElseThrow().lost()).isEqualTo(Duration.ofMinutes(42));
        assertThat(timeline.markdown()).contains("- RPO: Archive full_20261207021800.tar.gz was taken at 2026-12-07"
                + " 02:18:00 UTC, 42 min before the failure at 2026-12-07 03:00:00 UTC: the data written in between is"
                + " lost (within the 1-hour RPO).");
    }

    @Test
    void anArchiveOlderThanTheRpoIsBeyondIt() {
        Timeline.Rpo rpo = new Timeline.Rpo("a.tar.gz", START.minus(Duration.ofMinutes(150)), START);

        assertThat(rpo.sentence()).contains("2 h 30 min before the failure").contains("(beyond the 1-hour RPO)");
    }

    @Test
    void aStepStillRunningIsShownAsRunning() {
        timeline.started("verify", "Verify", Timeline.Kind.VERIFICATION);

        assertThat(timeline.markdown()).contains("- Still running: ")
                .contains("| 1 | 03:00:00 | running | 00:00 | verification | Verify | running |  |");
    }

    @Test
    void tableCellsKeepPipesAndLineBreaksFromBreakingTheTable() {
        step("detect", "Detect", Timeline.Kind.DETECTION, Duration.ZERO, StepOutcome.done("a | b\nc"));

        assertThat(timeline.markdown()).contains("| done | a \\| b<br>c |");
    }

    @Test
    void writeCreatesTheDirectoryAndLeavesOnlyTheFile() throws IOException {
        step("detect", "Detect", Timeline.Kind.DETECTION, Duration.ZERO, StepOutcome.done(""));
        Path file = dir.resolve("runbooks/incident.md");

        Path written = timeline.write(file);

        assertThat(written).isEqualTo(file.toAbsolutePath());
        assertThat(Files.readString(file)).isEqualTo(timeline.markdown());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsRefusedWithWhatToDo() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> timeline.write(blocker.resolve("t.md"))).isInstanceOf(ConsoleException.class)
                .hasMessageContaining("Could not write the timeline to").hasMessageContaining("--timeline");
    }

    @Test
    void aStepThatNeverStartedIsListedWithoutTimes() {
        step("detect", "Detect", Timeline.Kind.DETECTION, Duration.ofSeconds(1), StepOutcome.failed("no cluster"));
        timeline.notRun("verify", "Verify", Timeline.Kind.VERIFICATION, StepOutcome.notRun());

        assertThat(timeline.markdown()).contains("| 2 | — | — | — | verification | Verify | not run |  |");
    }

    @Test
    void aStepSkippedWithoutStartingIsListedAtTheTimeItWasSkipped() {
        time.advance(Duration.ofSeconds(5));
        timeline.finished("grow", "Grow the volumes", Timeline.Kind.MANUAL, StepOutcome.skipped("not needed"));

        assertThat(timeline.markdown()).contains("| 1 | 03:00:05 | 03:00:05 | 00:05 | manual | Grow the volumes |"
                + " skipped | not needed |");
    }
}

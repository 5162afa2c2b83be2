package io.neurectomy.console.ui.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.runbook.Detection;
import io.neurectomy.console.core.runbook.ManualGate;
import io.neurectomy.console.core.runbook.RunbookOperation;
import io.neurectomy.console.core.runbook.RunbookStep;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.FakeFxThread;
import io.neurectomy.console.testing.ManualClock;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.ThreadTaskRunner;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.StepRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook window's model without a toolkit: a real {@link RunbookOperation} on a mock cluster whose probes and
 * automatic steps are fakes only where they stand for the cluster (a replica the test breaks and fixes, an archive
 * found). The run goes on a background thread, events reach the model on a single "FX" thread, as in the window.
 * Checked: a manual step holds the run until "Done, continue"; each step's state; the clock against the RTO; the RPO
 * line; Cancel at a manual step; closing mid-run asks first; and the export of the timeline.
 */
class RunbookViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");
    private static MockCluster cluster;
    private static ClusterSession session;

    private final FakeFxThread fxThread = new FakeFxThread();
    private final ThreadTaskRunner runner = new ThreadTaskRunner(fxThread, "runbook-work");
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private final AtomicInteger fixed = new AtomicInteger();
    private final ManualClock clock = new ManualClock(START);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = new MockCluster();
        session = cluster.openSession("mock");
        HealthChecker.awaitSync(session, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void close() {
        runner.close();
        fxThread.close();
    }

    private <T> T onFx(Supplier<T> read) {
        return fxThread.call(read);
    }

    private void onFx(Runnable action) {
        fxThread.run(action);
    }

    private HealthChecker checker() {
        return new HealthChecker(List.of(new HealthProbe("fake-ready", HealthArea.PROMETHEUS, "replica ready",
                "curl", c -> List.of(broken.get() ? Finding.of(Severity.WARNING, "fake-ready", "prometheus-1",
                "not ready") : Finding.of(Severity.OK, "fake-ready", "prometheus-1", "ready")))),
                Duration.ofSeconds(5));
    }

    /** Finds an archive taken 42 minutes before the failure (the start of the run). */
    private static RunbookStep.Automatic archive() {
        return new RunbookStep.Automatic("archive", "Find the newest archive", "monitoring-console list",
                (context, ex) -> {
                    Instant failure = context.timeline().clock().started();
                    context.timeline().restoredFrom("backup-0242.tar.zst", failure.minus(Duration.ofMinutes(42)),
                            failure);
                    return StepOutcome.done("found backup-0242.tar.zst");
                });
    }

    private static RunbookStep.Manual cordon() {
        return new RunbookStep.Manual("cordon", "Cordon the failed node", "Keep new pods off the node in NS.",
                "kubectl cordon NODE; kubectl get pods -n NS");
    }

    /** Stands for the cluster's recovery: the replica is fixed. */
    private RunbookStep.Automatic fix() {
        return new RunbookStep.Automatic("fix", "Replace the replica", "kubectl delete pod prometheus-1 -n NS",
                (context, ex) -> {
                    fixed.incrementAndGet();
                    broken.set(false);
                    return StepOutcome.done("replaced and ready: prometheus-1");
                });
    }

    private RunbookViewModel model(DialogService dialogs) {
        Scenario scenario = new Scenario("test-failure", "Test failure", "A replica is broken.", "at once",
                Detection.of(Severity.WARNING, "fake-ready"), List.of(archive(), cordon(), fix()),
                List.of("fake-ready"));
        RunbookViewModel model = onFx(() -> new RunbookViewModel(scenario, (ManualGate gate) -> new RunbookOperation(
                session, scenario, checker(), gate, clock, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMillis(20)), runner, fxThread, dialogs, null, dir.resolve("runbooks")));
        Poll.until(WAIT, "the plan", () -> !onFx(() -> model.confirmationProperty().get()).isEmpty());
        return model;
    }

    private List<StepRow.State> states(RunbookViewModel model) {
        return onFx(() -> model.steps().stream().map(StepRow::state).toList());
    }

    private void awaitManualStep(RunbookViewModel model) {
        Poll.until(WAIT, "the run waiting at the manual step",
                () -> onFx(() -> model.waitingProperty().get() != null));
    }

    private void awaitEnd(RunbookViewModel model) {
        Poll.until(WAIT, "the run's end", () -> onFx(() -> model.finishedProperty().get()));
    }

    @Test
    void aManualStepHoldsTheRunUntilDoneContinueAndEachStepShowsItsState() {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        assertThat(states(model)).containsExactly(StepRow.State.PENDING, StepRow.State.PENDING,
                StepRow.State.PENDING, StepRow.State.PENDING, StepRow.State.PENDING);
        assertThat(onFx(() -> model.confirmationProperty().get())).startsWith("Run the test failure runbook on mock?");

        onFx(model::start);
        awaitManualStep(model);

        assertThat(states(model)).containsExactly(StepRow.State.DONE, StepRow.State.DONE, StepRow.State.RUNNING,
                StepRow.State.PENDING, StepRow.State.PENDING);
        assertThat(onFx(() -> model.waitingProperty().get().id())).isEqualTo("cordon");
        assertThat(onFx(() -> model.instructionsProperty().get()))
                .isEqualTo("Keep new pods off the node in monitoring.");
        assertThat(onFx(() -> model.commandProperty().get())).isEqualTo("kubectl cordon NODE; kubectl get pods -n"
                + " monitoring");
        assertThat(fixed.get()).as("the step after the manual one waits for the person").isZero();
        assertThat(onFx(() -> model.runningProperty().get())).isTrue();

        onFx(model::confirmManual);
        awaitEnd(model);

        assertThat(fixed.get()).isEqualTo(1);
        assertThat(states(model)).containsOnly(StepRow.State.DONE);
        assertThat(onFx(() -> model.steps().get(2).detail())).isEqualTo("confirmed done by the operator");
        assertThat(onFx(() -> model.succeededProperty().get())).isTrue();
        assertThat(onFx(() -> model.waitingProperty().get())).isNull();
        assertThat(onFx(() -> model.outcomeProperty().get()))
                .startsWith("Recovered and verified: Done: 5 of 5 steps done.");
    }

    @Test
    void theClockCountsFromTheStartAgainstTheFifteenMinuteRtoAndSaysWhenItIsPast() {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        assertThat(onFx(() -> model.clockProperty().get())).startsWith("Not started. The incident clock starts with"
                + " the run, against the 15:00 RTO.");

        onFx(model::start);
        awaitManualStep(model);
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get()))
                .isEqualTo("Incident clock: 00:00 elapsed, 15:00 left of the 15:00 RTO");
        assertThat(onFx(() -> model.overRtoProperty().get())).isFalse();

        clock.advance(Duration.ofSeconds(192));
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get()))
                .isEqualTo("Incident clock: 03:12 elapsed, 11:48 left of the 15:00 RTO");
        assertThat(onFx(() -> model.overRtoProperty().get())).isFalse();

        clock.advance(Duration.ofSeconds(773));
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get()))
                .isEqualTo("Incident clock: 16:05 elapsed, 01:05 over the 15:00 RTO");
        assertThat(onFx(() -> model.overRtoProperty().get())).isTrue();

        onFx(model::confirmManual);
        awaitEnd(model);
        clock.advance(Duration.ofMinutes(5));
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get())).as("the clock stops with the run")
                .isEqualTo("Incident clock: 16:05 elapsed, 01:05 over the 15:00 RTO");
    }

    @Test
    void theRpoLineShowsOnceTheRunHasFoundTheArchive() {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        assertThat(onFx(() -> model.rpoProperty().get())).isEmpty();

        onFx(model::start);
        awaitManualStep(model);

        assertThat(onFx(() -> model.rpoProperty().get())).isEqualTo("RPO: Archive backup-0242.tar.zst was taken at"
                + " 2026-12-07 02:18:00 UTC, 42 min before the failure at 2026-12-07 03:00:00 UTC: the data written"
                + " in between is lost (within the 1-hour RPO).");
        onFx(model::cancel);
        awaitEnd(model);
    }

    @Test
    void cancelAtAManualStepEndsTheRunCancelledAndTheLaterStepsDoNotRun() {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        onFx(model::start);
        awaitManualStep(model);

        onFx(model::cancel);
        awaitEnd(model);

        assertThat(states(model)).containsExactly(StepRow.State.DONE, StepRow.State.DONE, StepRow.State.CANCELLED,
                StepRow.State.NOT_RUN, StepRow.State.NOT_RUN);
        assertThat(fixed.get()).isZero();
        assertThat(onFx(() -> model.succeededProperty().get())).isFalse();
        assertThat(onFx(() -> model.outcomeProperty().get())).startsWith("Cancelled: ");
        assertThat(onFx(() -> model.waitingProperty().get())).isNull();
        assertThat(model.timeline().markdown()).contains("| manual | Manual: Cordon the failed node | cancelled |")
                .contains("| — | — | — | automatic | Replace the replica | not run |");
    }

    @Test
    void closingWhileItRunsAsksFirstAndCancelsOnlyWhenConfirmed() {
        AtomicBoolean yes = new AtomicBoolean(false);
        AnsweringDialogs dialogs = new AnsweringDialogs((title, message, confirm) -> yes.get());
        RunbookViewModel model = model(dialogs);
        assertThat(onFx(model::requestClose)).as("nothing runs yet: it closes without asking").isTrue();
        assertThat(dialogs.asked).isEmpty();
        onFx(model::start);
        awaitManualStep(model);

        assertThat(onFx(model::requestClose)).isFalse();
        assertThat(dialogs.asked).containsExactly("Cancel the test failure runbook?");
        assertThat(onFx(() -> model.runningProperty().get())).as("kept running").isTrue();
        assertThat(onFx(() -> model.waitingProperty().get())).isNotNull();

        yes.set(true);
        assertThat(onFx(model::requestClose)).isTrue();
        awaitEnd(model);
        assertThat(onFx(() -> model.outcomeProperty().get())).startsWith("Cancelled: ");
        assertThat(fixed.get()).isZero();
    }

    @Test
    void theExportWritesTheTimelinesMarkdownWithEveryStepAndTheOutcome() throws Exception {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        onFx(model::start);
        awaitManualStep(model);
        onFx(model::confirmManual);
        awaitEnd(model);
        assertThat(onFx(() -> model.exportPathProperty().get())).as("a default file under the runbooks directory")
                .isEqualTo(dir.resolve("runbooks/test-failure-20261207-030000.md").toString());
        Path file = dir.resolve("incident/test-failure.md");

        onFx(() -> model.exportPathProperty().set(file.toString()));
        onFx(model::export);
        Poll.until(WAIT, "the export's outcome", () -> onFx(() -> model.exportMessageProperty().get())
                .startsWith("Timeline written"));

        assertThat(onFx(() -> model.exportMessageProperty().get())).isEqualTo("Timeline written to " + file);
        assertThat(Files.readString(file)).isEqualTo(model.timeline().markdown())
                .startsWith("# Incident timeline: Test failure (test-failure)")
                .contains("- Outcome: succeeded: Done: 5 of 5 steps done.")
                .contains("- RPO: Archive backup-0242.tar.zst was taken at 2026-12-07 02:18:00 UTC")
                .contains("| detection | Detect: the health findings that point to it (fake-ready) | done |")
                .contains("| automatic | Find the newest archive | done | found backup-0242.tar.zst |")
                .contains("| manual | Manual: Cordon the failed node | done | confirmed done by the operator |")
                .contains("| automatic | Replace the replica | done | replaced and ready: prometheus-1 |")
                .contains("| verification | Verify: fake-ready pass | done | 1 probe pass: fake-ready |");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).as("no partial file left")
                    .containsExactly("test-failure.md");
        }
    }

    @Test
    void anExportToAPlaceThatCannotBeWrittenSaysSoAndWhatToDo() throws Exception {
        RunbookViewModel model = model(AnsweringDialogs.always(false));
        onFx(model::start);
        awaitManualStep(model);
        onFx(model::cancel);
        awaitEnd(model);
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        onFx(() -> model.exportPathProperty().set(notADirectory.resolve("timeline.md").toString()));
        onFx(model::export);
        Poll.until(WAIT, "the export's outcome", () -> onFx(() -> model.exportMessageProperty().get())
                .startsWith("Could not"));

        assertThat(onFx(() -> model.exportMessageProperty().get()))
                .startsWith("Could not write the timeline to " + notADirectory.resolve("timeline.md"))
                .endsWith("Choose a file in a writable directory.");
    }
}

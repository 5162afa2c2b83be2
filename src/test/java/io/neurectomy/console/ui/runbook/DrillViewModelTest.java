package io.neurectomy.console.ui.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.FakeFxThread;
import io.neurectomy.console.testing.ManualClock;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.ThreadTaskRunner;
import io.neurectomy.console.ui.fx.StepRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill window's model without a cluster: the drill is a fake {@link Operation} with the drill's plan and steps
 * (baseline, inject, await detection, runbook, compare) that holds in its runbook step until the test lets it go, and
 * returns the report the test chose. The work runs on a background thread, events reach the model on a single "FX"
 * thread, as in the window. Checked: nothing runs before the plan is confirmed; the steps' states; the clock from
 * the inject step against the guide's figure; the time to recovery within or slower than the guide; what was lost;
 * Cancel; a plan that cannot be made; and the export of the timeline.
 */
class DrillViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");
    private static final Scenario POD_FAILURE = RunbookCatalog.named("pod-failure").orElseThrow();

    private final FakeFxThread fxThread = new FakeFxThread();
    private final ThreadTaskRunner runner = new ThreadTaskRunner(fxThread, "drill-work");
    private final ManualClock clock = new ManualClock(START);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fxThread.close();
    }

    /**
     * The drill as the window sees it: its plan, its steps reported as they go, its runbook's timeline once that step
     * has started, held in the runbook step until {@link #release} (or a cancel), and the report the test chose.
     */
    private final class FakeDrill implements Operation<Drill.Report> {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean putRight = new AtomicBoolean();
        volatile Timeline timeline;
        private final Duration recovery;
        private final List<String> lost;
        private final RuntimeException planFailure;

        FakeDrill(Duration recovery, List<String> lost, RuntimeException planFailure) {
            this.recovery = recovery;
            this.lost = lost;
            this.planFailure = planFailure;
        }

        @Override
        public Plan plan(Cancellation cancellation) {
            if (planFailure != null) {
                throw planFailure;
            }
            return Plan.of("drill", "Drill pod-failure on sandbox: hang pod prometheus-1, recover with the runbook",
                    List.of(new Step(Drill.STEP_BASELINE, "Record the ConfigMaps, Secrets (by digest) and silences"),
                            new Step(Drill.STEP_INJECT, "Hang pod prometheus-1"),
                            new Step(Drill.STEP_DETECT, "Wait until the health check points to pod-failure"),
                            new Step(Drill.STEP_RUNBOOK, "Run the pod-failure runbook"),
                            new Step(Drill.STEP_COMPARE, "Compare with the record")))
                    .withConfirmation(Confirmation.yes("Hang pod prometheus-1 of sandbox and recover with the"
                            + " pod-failure runbook?"))
                    .withNotes(List.of("The guide's figure for pod-failure: 00:30."));
        }

        @Override
        public OperationResult<Drill.Report> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
            runs.incrementAndGet();
            OperationResult<Drill.Report> r = Execution.run(plan, listener, cancellation, ex -> {
                ex.step(Drill.STEP_BASELINE, () -> ex.detail("3 ConfigMaps, 2 Secrets, 1 silence"));
                ex.step(Drill.STEP_INJECT, () -> ex.detail("pod prometheus-1 hung"));
                ex.step(Drill.STEP_DETECT, () -> ex.detail("prometheus-ready prometheus-1"));
                Timeline t = ex.step(Drill.STEP_RUNBOOK, () -> {
                    Timeline made = new Timeline(POD_FAILURE, "sandbox", "monitoring", IncidentClock.start(clock));
                    timeline = made;
                    while (!awaitRelease()) {
                        cancellation.check();
                    }
                    made.ended(OperationResult.Status.SUCCEEDED, "Done: 3 of 3 steps done.");
                    return made;
                });
                List<String> l = ex.step(Drill.STEP_COMPARE, () -> lost);
                return new Drill.Report("pod-failure", "pod prometheus-1", recovery, Drill.TARGETS.get("pod-failure"),
                        l, List.of("3 ConfigMaps", "2 Secrets", "1 silence"), t);
            });
            if (r.cancelled()) {
                putRight.set(true);
            }
            return r;
        }

        /** Whether the test has let the runbook step go; false after a short wait, to look for a cancel. */
        private boolean awaitRelease() {
            try {
                return release.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }

    private <T> T onFx(Supplier<T> read) {
        return fxThread.call(read);
    }

    private void onFx(Runnable action) {
        fxThread.run(action);
    }

    private DrillViewModel model(FakeDrill drill, AnsweringDialogs dialogs) {
        return onFx(() -> new DrillViewModel(POD_FAILURE, drill, () -> drill.timeline, clock, runner, fxThread,
                dialogs, null, dir.resolve("drills")));
    }

    private List<String> states(DrillViewModel model) {
        return onFx(() -> model.steps().stream().map(r -> r.step().id() + " " + r.state()).toList());
    }

    private void awaitRunbookStep(DrillViewModel model, FakeDrill drill) {
        Poll.until(WAIT, "the drill in its runbook step", () -> drill.timeline != null && onFx(() -> model.steps()
                .stream().anyMatch(r -> r.step().id().equals(Drill.STEP_RUNBOOK)
                        && r.state() == StepRow.State.RUNNING)));
    }

    private void awaitEnd(DrillViewModel model) {
        Poll.until(WAIT, "the drill's end", () -> onFx(() -> model.finishedProperty().get()));
    }

    @Test
    void aDeclinedConfirmationRunsNothingAndShowsNothing() {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(21), List.of(), null);
        AnsweringDialogs dialogs = AnsweringDialogs.always(false);
        DrillViewModel model = model(drill, dialogs);
        AtomicInteger shown = new AtomicInteger();

        onFx(() -> model.begin(shown::incrementAndGet));
        Poll.until(WAIT, "the confirmation asked", () -> !dialogs.asked.isEmpty());
        onFx(() -> { });

        assertThat(dialogs.asked).containsExactly("Hang pod prometheus-1 of sandbox and recover with the pod-failure"
                + " runbook?");
        assertThat(dialogs.messages.get(0)).contains("Drill pod-failure on sandbox: hang pod prometheus-1")
                .contains("• Hang pod prometheus-1").contains("The guide's figure for pod-failure: 00:30.");
        assertThat(shown.get()).isZero();
        assertThat(drill.runs.get()).as("nothing ran").isZero();
        assertThat(onFx(() -> model.startedProperty().get())).isFalse();
    }

    @Test
    void aConfirmedDrillShowsItsStepsTheClockFromTheFaultAndTheRecoveryWithinTheGuide() throws Exception {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(21), List.of(), null);
        DrillViewModel model = model(drill, AnsweringDialogs.always(true));
        AtomicInteger shown = new AtomicInteger();
        assertThat(onFx(() -> model.clockProperty().get())).isEqualTo("Not started. The clock starts at the fault,"
                + " against the guide's 00:30 for pod failure.");

        onFx(() -> model.begin(shown::incrementAndGet));
        awaitRunbookStep(model, drill);

        assertThat(shown.get()).isEqualTo(1);
        assertThat(states(model)).containsExactly("baseline DONE", "inject DONE", "await-detection DONE",
                "runbook RUNNING", "compare PENDING");
        assertThat(onFx(() -> model.steps().get(1).detail())).isEqualTo("pod prometheus-1 hung");
        clock.advance(Duration.ofSeconds(12));
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get())).isEqualTo("Since the fault: 00:12, 00:18 left of the"
                + " guide's 00:30");
        assertThat(onFx(() -> model.overGuideProperty().get())).isFalse();
        clock.advance(Duration.ofSeconds(25));
        onFx(model::tick);
        assertThat(onFx(() -> model.clockProperty().get())).isEqualTo("Since the fault: 00:37, 00:07 over the"
                + " guide's 00:30");
        assertThat(onFx(() -> model.overGuideProperty().get())).isTrue();

        drill.release.countDown();
        awaitEnd(model);

        assertThat(states(model)).containsExactly("baseline DONE", "inject DONE", "await-detection DONE",
                "runbook DONE", "compare DONE");
        assertThat(onFx(() -> model.succeededProperty().get())).isTrue();
        assertThat(onFx(() -> model.outcomeProperty().get())).isEqualTo("Recovered: Done: 5 of 5 steps done.");
        assertThat(onFx(() -> model.recoveryProperty().get())).isEqualTo("Time to recovery: 00:21.0 from the fault to"
                + " the passed verification, within the guide's 00:30 for pod failure.");
        assertThat(onFx(() -> model.lostProperty().get())).isEqualTo("Lost: nothing.");
        assertThat(onFx(() -> List.copyOf(model.compared()))).containsExactly("3 ConfigMaps", "2 Secrets",
                "1 silence");
        assertThat(onFx(() -> model.overGuideProperty().get())).isFalse();

        String file = onFx(() -> model.exportPathProperty().get());
        assertThat(file).isEqualTo(dir.resolve("drills/pod-failure-drill-20261207-030000.md").toString());
        onFx(model::export);
        Poll.until(WAIT, "the timeline written", () -> onFx(() -> model.exportMessageProperty().get())
                .startsWith("Timeline written"));
        assertThat(Files.readString(Path.of(file))).startsWith("# Incident timeline: Pod failure (pod-failure)");
    }

    @Test
    void aSlowRecoveryWithSomethingLostSaysSo() {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(41), List.of("ConfigMap prometheus-config changed"),
                null);
        DrillViewModel model = model(drill, AnsweringDialogs.always(true));

        onFx(() -> model.begin(() -> { }));
        awaitRunbookStep(model, drill);
        drill.release.countDown();
        awaitEnd(model);

        assertThat(onFx(() -> model.recoveryProperty().get())).isEqualTo("Time to recovery: 00:41.0 from the fault to"
                + " the passed verification, slower than the guide's 00:30 for pod failure.");
        assertThat(onFx(() -> model.lostProperty().get())).isEqualTo("Lost: ConfigMap prometheus-config changed");
        assertThat(onFx(() -> model.overGuideProperty().get())).isTrue();
        assertThat(onFx(() -> model.succeededProperty().get())).isFalse();
        assertThat(onFx(() -> model.outcomeProperty().get())).startsWith("Recovered, with something lost: ");
    }

    @Test
    void cancelStopsTheDrillWhichPutsItsFaultRight() {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(21), List.of(), null);
        DrillViewModel model = model(drill, AnsweringDialogs.always(true));
        onFx(() -> model.begin(() -> { }));
        awaitRunbookStep(model, drill);

        onFx(model::cancel);
        awaitEnd(model);

        assertThat(drill.putRight.get()).isTrue();
        assertThat(states(model)).containsExactly("baseline DONE", "inject DONE", "await-detection DONE",
                "runbook CANCELLED", "compare NOT_RUN");
        assertThat(onFx(() -> model.outcomeProperty().get())).startsWith("Cancelled; the drill put its fault right:");
        assertThat(onFx(() -> model.succeededProperty().get())).isFalse();
        assertThat(onFx(() -> model.recoveryProperty().get())).isEmpty();
    }

    @Test
    void aPlanThatCannotBeMadeIsShownAsAnErrorAndNothingRuns() {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(21), List.of(), new ConsoleException("Pod prometheus-1 is"
                + " not running and ready in monitoring; a drill starts from a healthy stack. Nothing was changed."));
        AnsweringDialogs dialogs = AnsweringDialogs.always(true);
        DrillViewModel model = model(drill, dialogs);

        onFx(() -> model.begin(() -> { }));
        Poll.until(WAIT, "the error shown", () -> !dialogs.errors.isEmpty());

        assertThat(dialogs.errors).containsExactly("Could not start the pod failure drill: Pod prometheus-1 is not"
                + " running and ready in monitoring; a drill starts from a healthy stack. Nothing was changed.");
        assertThat(dialogs.asked).isEmpty();
        assertThat(drill.runs.get()).isZero();
    }

    @Test
    void closingARunningDrillAsksFirstAndCancelsIt() {
        FakeDrill drill = new FakeDrill(Duration.ofSeconds(21), List.of(), null);
        AtomicBoolean keep = new AtomicBoolean(true);
        AnsweringDialogs dialogs = new AnsweringDialogs((title, message, confirm) -> !title.startsWith("Cancel")
                || !keep.get());
        DrillViewModel model = model(drill, dialogs);
        onFx(() -> model.begin(() -> { }));
        awaitRunbookStep(model, drill);

        assertThat(onFx(model::requestClose)).isFalse();
        assertThat(onFx(() -> model.runningProperty().get())).isTrue();
        keep.set(false);
        assertThat(onFx(model::requestClose)).isTrue();
        awaitEnd(model);

        assertThat(dialogs.asked).contains("Cancel the pod failure drill?");
        assertThat(drill.putRight.get()).isTrue();
    }
}

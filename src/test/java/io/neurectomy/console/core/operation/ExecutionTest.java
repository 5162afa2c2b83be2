package io.neurectomy.console.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.ConsoleException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionTest {
    private final Plan plan = Plan.of("demo", "Demo", List.of(new Step("a", "A"), new Step("b", "B"),
            new Step("c", "C")));
    private final List<ProgressEvent> events = new ArrayList<>();

    @Test
    void everyStepIsAnnouncedAndEndsWithItsDetail() {
        OperationResult<String> result = Execution.run(plan, events::add, Cancellation.none(), ex -> {
            ex.step("a", () -> ex.detail("did a"));
            ex.skip("b", "nothing to do");
            ex.step("c", () -> {
            });
            return "value";
        });

        assertThat(result.succeeded()).isTrue();
        assertThat(result.value()).isEqualTo("value");
        assertThat(result.outcome("a")).isEqualTo(StepOutcome.done("did a"));
        assertThat(result.outcome("b")).isEqualTo(StepOutcome.skipped("nothing to do"));
        assertThat(events).hasSize(5).first().isInstanceOf(ProgressEvent.StepStarted.class);
    }

    @Test
    void aCancelBeforeAStepLeavesItAndTheRestNotRun() {
        Cancellation cancellation = new Cancellation();
        OperationResult<Void> result = Execution.run(plan, events::add, cancellation, ex -> {
            ex.step("a", cancellation::cancel);
            ex.step("b", () -> {
                throw new AssertionError("must not run");
            });
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.CANCELLED);
        assertThat(result.done()).extracting(r -> r.step().id()).containsExactly("a");
        assertThat(result.notDone()).extracting(r -> r.step().id()).containsExactly("b", "c");
        assertThat(result.failure()).isNull();
    }

    @Test
    void anUndoRunsAfterACancelWithATokenNobodyCancelsAndTheRunStaysCancelled() {
        Cancellation cancellation = new Cancellation();
        boolean[] seenCancelled = {true};
        OperationResult<Void> result = Execution.run(plan, events::add, cancellation, ex -> {
            try {
                ex.step("a", () -> {
                    cancellation.cancel();
                    ex.cancellation().check();
                });
            } catch (OperationCancelledException e) {
                ex.undo("c", () -> {
                    seenCancelled[0] = ex.cancellation().isCancelled();
                    ex.cancellation().check();
                    ex.detail("undone");
                    return null;
                });
                throw e;
            }
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.CANCELLED);
        assertThat(seenCancelled[0]).as("the undo's token").isFalse();
        assertThat(result.outcome("a").status()).isEqualTo(StepOutcome.Status.CANCELLED);
        assertThat(result.outcome("b").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("c")).isEqualTo(StepOutcome.done("undone"));
    }

    @Test
    void aThrowingStepFailsTheRunWithItsMessage() {
        OperationResult<Void> result = Execution.run(plan, events::add, Cancellation.none(), ex -> {
            ex.step("a", () -> {
                throw new ConsoleException("Forbidden: cannot patch configmaps.");
            });
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.outcome("a").status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome("c").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.error()).isEqualTo("Forbidden: cannot patch configmaps.");
    }

    @Test
    void aStepThatEndsFailedWithoutThrowingLetsTheRunGoOnButFailsIt() {
        OperationResult<Void> result = Execution.run(plan, events::add, Cancellation.none(), ex -> {
            ex.step("a", () -> ex.outcome(StepOutcome.failed("2 of 3 replicas ready after 10 min")));
            ex.step("b", () -> {
            });
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.outcome("b").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.error()).isEqualTo("2 of 3 replicas ready after 10 min");
    }

    @Test
    void anAwaitReturnsOnceDoneAndHandsOnEachChangeOfStateOnce() {
        int[] looks = {0};
        List<String> changes = new ArrayList<>();
        OperationResult<Integer> result = Execution.run(plan, events::add, Cancellation.none(), ex -> {
            ex.await(Duration.ofMinutes(5), Duration.ZERO, () -> ++looks[0] == 5, () -> looks[0] < 3 ? "starting"
                    : "ready soon", changes::add, state -> "gave up while " + state);
            return looks[0];
        });

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.value()).isEqualTo(5);
        assertThat(changes).containsExactly("starting", "ready soon");
    }

    @Test
    void anAwaitPastItsTimeoutFailsWithTheStateThen() {
        OperationResult<Void> result = Execution.run(plan, events::add, Cancellation.none(), ex -> {
            ex.await(Duration.ZERO, Duration.ZERO, () -> false, () -> "2 of 3 ready", s -> { },
                    state -> "Waited for the pods: " + state + ".");
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOf(ConsoleException.class).hasMessage("Waited for the pods: 2 of 3"
                + " ready.");
    }

    @Test
    void aCancelStopsAnAwaitThatWouldNeverEnd() {
        Cancellation cancellation = new Cancellation();
        int[] looks = {0};
        OperationResult<Void> result = Execution.run(plan, events::add, cancellation, ex -> {
            ex.await(Duration.ofDays(1), Duration.ZERO, () -> {
                if (++looks[0] == 3) {
                    cancellation.cancel();
                }
                return false;
            }, () -> "waiting", s -> { }, state -> "gave up");
            return null;
        });

        assertThat(result.status()).isEqualTo(OperationResult.Status.CANCELLED);
        assertThat(looks[0]).isEqualTo(3);
    }
}

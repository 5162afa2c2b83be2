package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OperationRunnerTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** What the operation really did, in order: the outside observer's view. */
    private final List<String> applied = new ArrayList<>();
    private final AtomicReference<Runnable> ctrlC = new AtomicReference<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private boolean interactive;

    /** Three steps, each appending its name to {@link #applied}; a hook may run inside a step. */
    private final class ThreeSteps implements Operation<Map<String, Object>> {
        private final Confirmation confirmation;
        private final String failAt;
        private final String interruptAt;

        ThreeSteps(Confirmation confirmation, String failAt, String interruptAt) {
            this.confirmation = confirmation;
            this.failAt = failAt;
            this.interruptAt = interruptAt;
        }

        @Override
        public Plan plan(Cancellation cancellation) {
            return Plan.of("demo", "Demo on context test",
                            List.of(new Step("one", "First"), new Step("two", "Second"), new Step("three", "Third")))
                    .withChanges(List.of(new Change(Change.Action.UPDATE, "ConfigMap/demo", "- a\n+ b")))
                    .withConfirmation(confirmation);
        }

        @Override
        public OperationResult<Map<String, Object>> run(Plan plan, ProgressListener listener,
                                                        Cancellation cancellation) {
            return Execution.run(plan, listener, cancellation, ex -> {
                for (String id : List.of("one", "two", "three")) {
                    ex.step(id, () -> {
                        if (id.equals(failAt)) {
                            throw new ConsoleException("The API server refused " + id + ".");
                        }
                        applied.add(id);
                        if (id.equals(interruptAt)) {
                            ctrlC.get().run();
                        }
                        ex.detail(id + " applied");
                    });
                }
                return Map.of("written", applied.size());
            });
        }
    }

    private OperationRunner runner(OutputFormat format, boolean yes) {
        Terminal terminal = new Terminal() {
            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.ofNullable(answers.poll());
            }

            @Override
            public Optional<char[]> readPassword(String prompt) {
                return Optional.empty();
            }

            @Override
            public boolean interactive() {
                return interactive;
            }
        };
        Interrupts interrupts = onInterrupt -> {
            ctrlC.set(onInterrupt);
            return new Interrupts.Registration() {
                @Override
                public void finished() {
                }

                @Override
                public void close() {
                }
            };
        };
        return new OperationRunner(new PrintWriter(out, true), new PrintWriter(err, true), format, yes, terminal,
                interrupts);
    }

    private int run(OutputFormat format, boolean yes, ThreeSteps op) {
        return runner(format, yes).run(op, OperationRunner.ResultView.plain());
    }

    @Test
    void withYesEveryStepRunsAndTheCommandExitsZero() {
        int code = run(OutputFormat.TEXT, true, new ThreeSteps(Confirmation.yes("Apply?"), null, null));

        assertThat(code).isZero();
        assertThat(applied).containsExactly("one", "two", "three");
        assertThat(out.toString()).contains("update    ConfigMap/demo", "[2/3] Second: done (two applied)",
                "Done: 3 of 3 steps done.");
    }

    @Test
    void withoutYesAndWithoutATerminalOnlyThePlanIsPrintedAndNothingChanges() {
        int code = run(OutputFormat.TEXT, false, new ThreeSteps(Confirmation.yes("Apply?"), null, null));

        assertThat(code).isZero();
        assertThat(applied).isEmpty();
        assertThat(out.toString()).contains("1. First", "Nothing was changed. Run again with --yes");
    }

    @Test
    void aWrongTypedNameAtTheTerminalIsRefusedWithExitOneAndNothingChanges() {
        interactive = true;
        answers.add("yes");

        int code = run(OutputFormat.TEXT, false, new ThreeSteps(Confirmation.typed("monitoring", "Destroy?"), null,
                null));

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(applied).isEmpty();
        assertThat(out.toString()).contains("Nothing was changed.");
    }

    @Test
    void theTypedNameAtTheTerminalConfirms() {
        interactive = true;
        answers.add("monitoring");

        int code = run(OutputFormat.TEXT, false, new ThreeSteps(Confirmation.typed("monitoring", "Destroy?"), null,
                null));

        assertThat(code).isZero();
        assertThat(applied).containsExactly("one", "two", "three");
    }

    @Test
    void ctrlCStopsBetweenStepsExitsWith130AndSaysWhatWasNotDone() {
        int code = run(OutputFormat.TEXT, true, new ThreeSteps(Confirmation.yes("Apply?"), null, "one"));

        assertThat(code).isEqualTo(OperationRunner.CANCELLED);
        assertThat(applied).containsExactly("one");
        assertThat(out.toString()).contains("Cancelled: 1 of 3 steps done, 2 not run.",
                "Not done: Second; Third.");
        assertThat(err.toString()).contains("Cancelling");
    }

    @Test
    void aFailedStepExitsOneNamesTheErrorAndRunsNothingAfterIt() {
        int code = run(OutputFormat.TEXT, true, new ThreeSteps(Confirmation.yes("Apply?"), "two", null));

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(applied).containsExactly("one");
        assertThat(out.toString()).contains("failed    Second (The API server refused two.)", "not run   Third");
        assertThat(err.toString()).contains("error: The API server refused two.");
    }

    @Test
    void jsonOutputIsOneDocumentWithThePlanEveryStepAndTheValue() {
        int code = run(OutputFormat.JSON, true, new ThreeSteps(Confirmation.yes("Apply?"), null, null));

        assertThat(code).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
        assertThat(doc.get("operation").asString()).isEqualTo("demo");
        assertThat(doc.get("status").asString()).isEqualTo("succeeded");
        assertThat(doc.get("plan").get("changes").get(0).get("subject").asString()).isEqualTo("ConfigMap/demo");
        assertThat(doc.get("steps")).hasSize(3);
        assertThat(doc.get("steps").get(2).get("status").asString()).isEqualTo("done");
        assertThat(doc.get("value").get("written").asInt()).isEqualTo(3);
        assertThat(err.toString()).contains("[1/3] First");
    }

    @Test
    void jsonOutputOfACancelledRunMarksTheStepsNotRun() {
        int code = run(OutputFormat.JSON, true, new ThreeSteps(Confirmation.yes("Apply?"), null, "two"));

        assertThat(code).isEqualTo(OperationRunner.CANCELLED);
        JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
        assertThat(doc.get("status").asString()).isEqualTo("cancelled");
        assertThat(doc.get("steps").get(1).get("status").asString()).isEqualTo("done");
        assertThat(doc.get("steps").get(2).get("status").asString()).isEqualTo("not_run");
    }

    @Test
    void jsonOutputWithoutYesIsThePlanAloneAndChangesNothing() {
        interactive = true;
        int code = run(OutputFormat.JSON, false, new ThreeSteps(Confirmation.yes("Apply?"), null, null));

        assertThat(code).isZero();
        assertThat(applied).isEmpty();
        JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
        assertThat(doc.get("status").asString()).isEqualTo("planned");
        assertThat(doc.get("plan").get("steps")).hasSize(3);
    }

    @Test
    void aPlanThatFailsExitsOneWithItsMessage() {
        Operation<Void> broken = new Operation<>() {
            @Override
            public Plan plan(Cancellation cancellation) {
                throw new ConsoleException("Forbidden: cannot list configmaps in monitoring.");
            }

            @Override
            public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
                throw new AssertionError("must not run");
            }
        };

        int code = runner(OutputFormat.TEXT, true).run(broken, OperationRunner.ResultView.plain());

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(err.toString()).contains("error: Forbidden: cannot list configmaps in monitoring.");
    }
}

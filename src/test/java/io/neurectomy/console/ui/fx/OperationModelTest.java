package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OperationModelTest {
    private final ActivityLog activity = new ActivityLog();
    private final List<String> runningDuringStep = new ArrayList<>();

    private final class TwoSteps implements Operation<String> {
        private final AtomicReference<OperationModel<String>> self = new AtomicReference<>();

        @Override
        public Plan plan(Cancellation cancellation) {
            return Plan.of("demo", "Demo", List.of(new Step("a", "A"), new Step("b", "B")));
        }

        @Override
        public OperationResult<String> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
            return Execution.run(plan, listener, cancellation, ex -> {
                ex.step("a", () -> {
                    runningDuringStep.add(activity.running().isEmpty() ? "none" : "listed");
                    runningDuringStep.add(self.get().steps().get(0).state().name());
                    self.get().cancel();
                });
                ex.step("b", () -> ex.detail("b done"));
                return "value";
            });
        }
    }

    @Test
    void aRunIsListedInTheActivityLogWhileItRunsAndCancelStopsItBetweenSteps() {
        TwoSteps op = new TwoSteps();
        OperationModel<String> model = new OperationModel<>(op, new InlineTaskRunner(), Runnable::run, activity);
        op.self.set(model);
        AtomicReference<OperationResult<String>> done = new AtomicReference<>();

        model.plan(p -> { }, e -> { });
        model.run(done::set);

        assertThat(runningDuringStep).containsExactly("listed", "RUNNING");
        assertThat(done.get().cancelled()).isTrue();
        assertThat(model.steps()).extracting(StepRow::state)
                .containsExactly(StepRow.State.DONE, StepRow.State.NOT_RUN);
        assertThat(activity.running()).isEmpty();
        assertThat(activity.recent()).containsExactly(model);
        assertThat(model.busyProperty().get()).isFalse();
    }
}

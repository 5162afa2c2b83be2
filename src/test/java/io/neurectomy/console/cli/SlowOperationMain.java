package io.neurectomy.console.cli;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process for {@link OperationRunnerCtrlCTest}: runs a three-step operation through the real runner with the
 * real Ctrl+C hook. Its first step waits until it is cancelled, so the test's SIGINT lands inside it.
 */
public final class SlowOperationMain {
    private SlowOperationMain() {
    }

    public static void main(String[] args) {
        Operation<Void> op = new Operation<>() {
            @Override
            public Plan plan(Cancellation cancellation) {
                return Plan.of("slow", "Slow demo", List.of(new Step("wait", "Wait for Ctrl+C"),
                        new Step("second", "Second"), new Step("third", "Third")));
            }

            @Override
            public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
                return Execution.run(plan, listener, cancellation, ex -> {
                    ex.step("wait", () -> {
                        while (!cancellation.isCancelled()) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                        }
                        ex.detail("interrupted by the user");
                    });
                    ex.step("second", () -> System.out.println("SECOND RAN"));
                    ex.step("third", () -> System.out.println("THIRD RAN"));
                    return null;
                });
            }
        };
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        OperationRunner runner = new OperationRunner(out, err, OutputFormat.TEXT, true, Terminal.system(),
                Interrupts.shutdownHook(60_000));
        System.exit(runner.run(op, OperationRunner.ResultView.plain()));
    }
}

package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.ValidationReport;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Validation as the user types, off the FX thread: one run at a time per document, stopped (interrupted) when a new
 * edit arrives or when it outlives its budget, in which case the document's problems say so. Only the latest run's
 * verdict reaches the document.
 */
final class TypingValidation {
    /** How long one validation while typing may take. */
    static final Duration BUDGET = Duration.ofSeconds(2);

    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> daemon(r,
            "config-validation"));
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "config-validation-budget"));

    private final BiFunction<ConfigKind, String, ValidationReport> validator;
    private final Executor fx;
    private final Duration budget;
    private final Map<Object, Future<?>> running = new IdentityHashMap<>();

    TypingValidation(BiFunction<ConfigKind, String, ValidationReport> validator, Executor fx, Duration budget) {
        this.validator = validator;
        this.fx = fx;
        this.budget = budget;
    }

    /** Stops the run for {@code doc}, if any (a new edit makes its verdict stale). */
    synchronized void cancel(Object doc) {
        Future<?> previous = running.remove(doc);
        if (previous != null) {
            previous.cancel(true);
        }
    }

    /**
     * Validates {@code text} in the background, after stopping the previous run for {@code doc}; {@code apply}
     * receives the findings on the FX executor, unless a newer run started meanwhile.
     */
    synchronized void submit(Object doc, ConfigKind kind, String text, Consumer<List<Finding>> apply) {
        cancel(doc);
        Future<?>[] self = new Future<?>[1];
        Future<?> run = WORKER.submit(() -> {
            ValidationReport report;
            try {
                report = validator.apply(kind, text);
            } catch (CancellationException e) {
                return;
            }
            Future<?> me;
            synchronized (TypingValidation.this) {
                me = self[0]; // set before submit() lets go of the lock
            }
            deliver(doc, me, report.findings(), apply);
        });
        self[0] = run;
        running.put(doc, run);
        TIMER.schedule(() -> {
            if (!run.isDone() && run.cancel(true)) {
                deliver(doc, run, List.of(Finding.of(Severity.WARNING, "yaml", "", "validation stopped after "
                        + budget.toMillis() + " ms without a verdict; the file is too large or too complex to check"
                        + " while typing. Review checks it in full.")), apply);
            }
        }, budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(Object doc, Future<?> run, List<Finding> findings, Consumer<List<Finding>> apply) {
        fx.execute(() -> {
            synchronized (this) {
                if (running.get(doc) != run) {
                    return;
                }
                running.remove(doc);
            }
            apply.accept(findings);
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

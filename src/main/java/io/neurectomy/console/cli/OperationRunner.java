package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The one way every command runs an operation: print the plan, ask at a terminal or require {@code --yes}, run the
 * steps printing each as it starts and ends, let Ctrl+C cancel between steps, then print every step's outcome and
 * what was and was not done.
 *
 * <p>Exit codes: {@value #OK} done (or only the plan printed, when nobody could confirm), {@value #FAILED} failed
 * or declined, {@value #CANCELLED} cancelled. With {@code --output json} stdout carries one JSON document (plan,
 * status, steps, value) and nothing else; progress then goes to stderr.
 */
public final class OperationRunner {
    public static final int OK = CommandLine.ExitCode.OK;
    public static final int FAILED = CommandLine.ExitCode.SOFTWARE;
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** 128 + SIGINT, what shells report for a command stopped by Ctrl+C. */
    public static final int CANCELLED = 130;

    /** How an operation's value is shown: lines after the steps, and its form in the JSON document. */
    public interface ResultView<R> {
        /** Prints the value for people after the step outcomes (nothing by default). */
        default void text(R value, PrintWriter out) {
        }

        /** The value as JSON (maps, lists, records); the value itself by default. */
        default Object json(R value) {
            return value;
        }

        /** A view that prints nothing and puts the value in JSON as it is. */
        static <R> ResultView<R> plain() {
            return new ResultView<>() {
            };
        }

        /** A view that prints {@code text}'s lines and puts {@code json}'s value in the JSON document. */
        static <R> ResultView<R> of(java.util.function.BiConsumer<R, PrintWriter> text, Function<R, Object> json) {
            return new ResultView<>() {
                @Override
                public void text(R value, PrintWriter out) {
                    text.accept(value, out);
                }

                @Override
                public Object json(R value) {
                    return json.apply(value);
                }
            };
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;
    private final boolean yes;
    private final Terminal terminal;
    private final Interrupts interrupts;

    public OperationRunner(PrintWriter out, PrintWriter err, OutputFormat format, boolean yes, Terminal terminal,
                           Interrupts interrupts) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.yes = yes;
        this.terminal = terminal;
        this.interrupts = interrupts;
    }

    /** The runner of a picocli command: its streams, the process's terminal, and Ctrl+C through a shutdown hook. */
    public static OperationRunner of(CommandLine.Model.CommandSpec spec, OutputOptions output, boolean yes) {
        return new OperationRunner(spec.commandLine().getOut(), spec.commandLine().getErr(),
                output == null ? OutputFormat.TEXT : output.format(), yes, Terminal.system(),
                Interrupts.shutdownHook(60_000));
    }

    private boolean json() {
        return format == OutputFormat.JSON;
    }

    /** Where progress goes: stdout for people, stderr when stdout is the JSON document. */
    private PrintWriter progressOut() {
        return json() ? err : out;
    }

    /** Plans, confirms, runs and reports {@code operation}; returns the exit code. */
    public <R> int run(Operation<R> operation, ResultView<R> view) {
        Cancellation cancellation = new Cancellation();
        try (Interrupts.Registration ctrlC = interrupts.register(() -> {
            cancellation.cancel();
            err.println();
            err.println("Cancelling: stopping after the current step…");
            err.flush();
        })) {
            try {
                return planAndRun(operation, view, cancellation);
            } finally {
                ctrlC.finished();
            }
        }
    }

    private <R> int planAndRun(Operation<R> operation, ResultView<R> view, Cancellation cancellation) {
        Plan plan;
        try {
            plan = operation.plan(cancellation);
        } catch (ConsoleException e) {
            boolean cancelled = cancellation.isCancelled();
            return refusedBeforeRunning(null, cancelled ? "cancelled" : "failed", e.getMessage(),
                    cancelled ? CANCELLED : FAILED);
        }
        if (!json()) {
            printPlan(plan);
        }
        boolean changesNothing = plan.changesNothing();
        if (!changesNothing && !confirmed(plan)) {
            return refusedBeforeRunning(plan, terminal.interactive() && !json() ? "declined" : "planned",
                    "", terminal.interactive() && !json() ? FAILED : OK);
        }
        OperationResult<R> result = operation.run(plan, progressPrinter(plan), cancellation);
        if (json()) {
            Json.print(out, document(plan, statusName(result.status()), result, view));
        } else {
            printResult(result, view);
        }
        return switch (result.status()) {
            case SUCCEEDED -> OK;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    private int refusedBeforeRunning(Plan plan, String status, String error, int code) {
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("operation", plan == null ? "" : plan.operation());
            doc.put("status", status);
            if (plan != null) {
                doc.put("plan", planJson(plan));
            }
            if (!error.isEmpty()) {
                doc.put("error", error);
            }
            Json.print(out, doc);
        }
        switch (status) {
            case "planned" -> {
                if (!json()) {
                    out.println("Nothing was changed. Run again with --yes to go ahead.");
                }
            }
            case "declined" -> out.println("Nothing was changed.");
            default -> err.println("error: " + error);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Whether the user confirmed: {@code --yes}, or the answer at a terminal; never asks in JSON mode. */
    private boolean confirmed(Plan plan) {
        Confirmation c = plan.confirmation();
        if (c.kind() == Confirmation.Kind.NONE || yes) {
            return true;
        }
        if (json() || !terminal.interactive()) {
            return false;
        }
        String question = c.prompt().isBlank() ? "Go ahead?" : c.prompt();
        String prompt = c.kind() == Confirmation.Kind.TYPED
                ? question + " Type " + c.name() + " to confirm: " : question + " Type yes to confirm: ";
        out.flush();
        Optional<String> answer = terminal.readLine(prompt);
        return answer.isPresent() && c.acceptedBy(answer.get());
    }

    private void printPlan(Plan plan) {
        out.println(plan.title());
        if (!plan.changes().isEmpty()) {
            out.println("Changes:");
            for (Change change : plan.changes()) {
                out.println("  " + change.line());
                if (!change.detail().isBlank()) {
                    change.detail().lines().forEach(l -> out.println("      " + l));
                }
            }
        }
        out.println("Steps:");
        for (int i = 0; i < plan.steps().size(); i++) {
            out.println("  " + (i + 1) + ". " + plan.steps().get(i).title());
        }
        if (plan.backupFirst()) {
            out.println("A backup is taken first.");
        }
        plan.notes().forEach(n -> out.println("Note: " + n));
        out.flush();
    }

    private ProgressListener progressPrinter(Plan plan) {
        int total = plan.steps().size();
        PrintWriter p = progressOut();
        return new ProgressListener() {
            private int lastTenth = -1;

            @Override
            public synchronized void on(ProgressEvent event) {
                if (event instanceof ProgressEvent.StepStarted s) {
                    lastTenth = -1;
                    p.println("[" + (s.index() + 1) + "/" + total + "] " + s.step().title() + " …");
                } else if (event instanceof ProgressEvent.StepFinished f) {
                    p.println("[" + (f.index() + 1) + "/" + total + "] " + f.step().title() + ": "
                            + word(f.outcome().status())
                            + (f.outcome().detail().isBlank() ? "" : " (" + f.outcome().detail() + ")"));
                } else if (event instanceof ProgressEvent.Bytes b) {
                    if (b.total() > 0) {
                        int tenth = (int) Math.min(10, b.done() * 10 / b.total());
                        if (tenth > lastTenth) {
                            lastTenth = tenth;
                            p.println("      " + tenth * 10 + " % (" + b.done() + " of " + b.total() + " bytes)");
                        }
                    }
                } else if (event instanceof ProgressEvent.Note n) {
                    p.println("      " + n.text());
                }
                p.flush();
            }
        };
    }

    private <R> void printResult(OperationResult<R> result, ResultView<R> view) {
        PrintWriter target = result.succeeded() ? out : err;
        if (!result.succeeded()) {
            out.println("Steps:");
            for (OperationResult.StepReport s : result.steps()) {
                out.printf("  %-9s %s%s%n", word(s.outcome().status()), s.step().title(),
                        s.outcome().detail().isBlank() ? "" : " (" + s.outcome().detail() + ")");
            }
        }
        if (result.value() != null) {
            view.text(result.value(), out);
        }
        result.notes().forEach(n -> out.println("Note: " + n));
        out.println(result.summary());
        if (result.status() == OperationResult.Status.FAILED && !result.error().isBlank()) {
            target.println("error: " + result.error());
        }
        if (result.cancelled()) {
            out.println(result.notDone().isEmpty() ? "Everything was done before the cancel took effect."
                    : "Not done: " + String.join("; ", result.notDone().stream().map(s -> s.step().title())
                    .toList()) + ".");
        }
        out.flush();
        err.flush();
    }

    private static String word(StepOutcome.Status status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String statusName(OperationResult.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> planJson(Plan plan) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", plan.title());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : plan.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("title", s.title());
            steps.add(step);
        }
        p.put("steps", steps);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Change c : plan.changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", c.action().name().toLowerCase(Locale.ROOT));
            m.put("subject", c.subject());
            m.put("detail", c.detail());
            changes.add(m);
        }
        p.put("changes", changes);
        Map<String, Object> confirmation = new LinkedHashMap<>();
        confirmation.put("kind", plan.confirmation().kind().name().toLowerCase(Locale.ROOT));
        confirmation.put("name", plan.confirmation().name());
        p.put("confirmation", confirmation);
        p.put("backupFirst", plan.backupFirst());
        p.put("notes", plan.notes());
        return p;
    }

    private static <R> Map<String, Object> document(Plan plan, String status, OperationResult<R> result,
                                                    ResultView<R> view) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("operation", plan.operation());
        doc.put("status", status);
        doc.put("plan", planJson(plan));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (OperationResult.StepReport s : result.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.step().id());
            m.put("title", s.step().title());
            m.put("status", word(s.outcome().status()).replace(' ', '_'));
            m.put("detail", s.outcome().detail());
            steps.add(m);
        }
        doc.put("steps", steps);
        doc.put("notes", result.notes());
        if (!result.error().isBlank() && result.status() == OperationResult.Status.FAILED) {
            doc.put("error", result.error());
        }
        doc.put("value", result.value() == null ? null : view.json(result.value()));
        return doc;
    }
}

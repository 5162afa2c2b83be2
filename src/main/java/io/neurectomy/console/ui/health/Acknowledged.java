package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.health.Acknowledgement;
import io.neurectomy.console.core.health.HealthReport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Health section's acknowledgements: how a row shows that its finding is acknowledged (or that the
 * acknowledgement expired), and what its "Acknowledge…" and "Withdraw acknowledgement" links do.
 */
final class Acknowledged {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Work with the session, off the FX thread; returns the message to show. */
    @FunctionalInterface
    interface Work {
        String apply(HealthSession session) throws Exception;
    }

    /** Runs work off the FX thread, then the message or the failure on it. */
    @FunctionalInterface
    interface Runner {
        void run(Work work, Consumer<String> done, Consumer<Throwable> failed);
    }

    private final Runner runner;
    private final Consumer<String> message;
    private final Runnable recheck;

    Acknowledged(Runner runner, Consumer<String> message, Runnable recheck) {
        this.runner = runner;
        this.message = message;
        this.recheck = recheck;
    }

    /** The row for {@code f}: its message followed by its acknowledgement, if it has one (or had one). */
    static Finding label(HealthReport report, Finding f, ZoneId zone) {
        Optional<Acknowledgement> ack = report.acknowledgement(f);
        if (ack.isPresent()) {
            return relabel(f, f.message() + " — acknowledged until " + time(ack.get().expires(), zone) + ": "
                    + ack.get().reason());
        }
        return report.expiredAcknowledgement(f).map(a -> relabel(f, f.message() + " — acknowledgement expired "
                + time(a.expires(), zone) + ": " + a.reason())).orElse(f);
    }

    private static Finding relabel(Finding f, String text) {
        return new Finding(f.severity(), f.code(), f.subject(), text, f.detail(), f.fix(), f.location(),
                f.evidence(), f.action());
    }

    private static String time(Instant t, ZoneId zone) {
        return DAY.format(t.atZone(zone));
    }

    /** Asks (for an acknowledgement) and then acknowledges or withdraws, and checks again. */
    void run(FixAction action, Finding finding, HealthViewModel.AcknowledgeAsker asker) {
        String code = finding.code();
        String subject = finding.subject();
        String what = code + (subject.isEmpty() ? "" : " on " + subject);
        if (HealthViewModel.UNACKNOWLEDGE.equals(action.operation())) {
            runner.run(s -> s.unacknowledge(code, subject) ? "Withdrew the acknowledgement of " + what + "."
                    : "No acknowledgement of " + what + " to withdraw.", this::done, e -> failed("withdraw", e));
            return;
        }
        Optional<HealthViewModel.AckAnswer> answer = asker.ask(finding);
        if (answer.isEmpty()) {
            return;
        }
        runner.run(s -> {
            Acknowledgement ack = s.acknowledge(code, subject, answer.get().reason(), answer.get().lasting());
            return "Acknowledged " + what + " until " + time(ack.expires(), ZoneId.systemDefault())
                    + "; it no longer counts toward the verdict.";
        }, this::done, e -> failed("acknowledge", e));
    }

    private void done(String text) {
        message.accept(text);
        recheck.run();
    }

    private void failed(String verb, Throwable e) {
        message.accept("Could not " + verb + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()));
    }
}

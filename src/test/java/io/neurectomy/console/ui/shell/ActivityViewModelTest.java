package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.shell.ActivityViewModel.Entry;
import io.neurectomy.console.ui.shell.ActivityViewModel.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

class ActivityViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

    private final ActivityLog log = new ActivityLog();
    private final Notifications dialogs = new Notifications();
    private final ObjectProperty<Section> section = new SimpleObjectProperty<>(Section.BACKUPS);
    private final ActivityViewModel model = new ActivityViewModel(log, dialogs, section,
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** What a notification said. */
    private record Notice(DialogService.Level level, String title, String text) {
    }

    /** Records notifications; the modal dialogs must not be asked for. */
    private static final class Notifications implements DialogService {
        final List<Notice> shown = new ArrayList<>();

        @Override
        public boolean confirm(String title, String message, String confirm) {
            throw new AssertionError("no confirmation expected: " + title);
        }

        @Override
        public boolean confirmTyped(String title, String message, String name, String confirm) {
            throw new AssertionError("no confirmation expected: " + title);
        }

        @Override
        public void error(String title, String message, Throwable details) {
            throw new AssertionError("no modal error expected: " + title);
        }

        @Override
        public void notify(Level level, String title, String text) {
            shown.add(new Notice(level, title, text));
        }
    }

    /** Two steps; the first does what the test says (switch sections, cancel, fail) while the run is on. */
    private static class Backup implements Operation<Void> {
        private final Consumer<Execution> first;

        Backup(Consumer<Execution> first) {
            this.first = first;
        }

        @Override
        public Plan plan(Cancellation cancellation) {
            return Plan.of("backup", "Backup", List.of(new Step("archive", "Archive"), new Step("upload", "Upload")));
        }

        @Override
        public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
            return Execution.run(plan, listener, cancellation, ex -> {
                ex.step("archive", () -> first.accept(ex));
                ex.step("upload", () -> { });
                return null;
            });
        }
    }

    private OperationModel<Void> run(Operation<Void> operation) {
        OperationModel<Void> op = new OperationModel<>(operation, new InlineTaskRunner(), Runnable::run, log);
        op.plan(p -> { }, e -> { });
        op.run(r -> { });
        return op;
    }

    @Test
    void anOperationEndingWhileAnotherSectionIsShownIsNotifiedWithItsSummary() {
        run(new Backup(ex -> section.set(Section.LOGS)));

        assertThat(dialogs.shown).containsExactly(
                new Notice(DialogService.Level.SUCCESS, "Backup", "Done: 2 of 2 steps done."));
        assertThat(model.recent()).extracting(Entry::outcome, Entry::title, Entry::summary, Entry::finished)
                .containsExactly(tuple(Outcome.SUCCEEDED, "Backup",
                        "Done: 2 of 2 steps done.", NOW));
    }

    @Test
    void anOperationEndingWhileItsSectionIsStillShownIsNotNotified() {
        run(new Backup(ex -> { }));

        assertThat(dialogs.shown).isEmpty();
        assertThat(model.recent()).extracting(Entry::outcome).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aCancelledOperationIsNotifiedAsAWarningAndListedAsCancelled() {
        List<OperationModel<?>> self = new ArrayList<>();
        Backup cancelling = new Backup(ex -> {
            section.set(Section.OVERVIEW);
            self.add(log.running().get(0));
            log.running().get(0).cancel();
        });

        OperationModel<Void> op = run(cancelling);

        assertThat(self).containsExactly(op);
        assertThat(dialogs.shown).containsExactly(new Notice(DialogService.Level.WARNING, "Backup",
                "Cancelled: 1 of 2 steps done, 1 not run."));
        assertThat(model.recent()).extracting(Entry::outcome).containsExactly(Outcome.CANCELLED);
    }

    @Test
    void aFailedStepIsNotifiedAsAnErrorWithItsReason() {
        run(new Backup(ex -> {
            section.set(Section.OVERVIEW);
            throw new IllegalStateException("the archive directory is full");
        }));

        assertThat(dialogs.shown).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(DialogService.Level.ERROR);
            assertThat(n.text()).startsWith("Failed: 0 of 2 steps done").endsWith("the archive directory is full");
        });
        assertThat(model.recent()).extracting(Entry::outcome).containsExactly(Outcome.FAILED);
    }

    @Test
    void anErrorEscapingTheOperationIsNotifiedAsAFailure() {
        run(new Backup(ex -> { }) {
            @Override
            public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
                section.set(Section.OVERVIEW);
                throw new IllegalStateException("no connection");
            }
        });

        assertThat(dialogs.shown).containsExactly(
                new Notice(DialogService.Level.ERROR, "Backup", "Failed: no connection"));
        assertThat(model.recent()).extracting(Entry::summary).containsExactly("Failed: no connection");
    }

    @Test
    void theStatusBarEntryCountsTheRunningOperations() {
        List<String> during = new ArrayList<>();

        run(new Backup(ex -> during.add(model.buttonTextProperty().get())));

        assertThat(during).containsExactly("1 running");
        assertThat(model.buttonTextProperty().get()).isEqualTo("Activity");
    }

    @Test
    void theRecentListKeepsTheLogsOrderNewestFirst() {
        OperationModel<Void> first = run(new Backup(ex -> { }));
        OperationModel<Void> second = run(new Backup(ex -> { }));

        assertThat(model.recent()).extracting(Entry::operation).containsExactly(second, first);
    }
}

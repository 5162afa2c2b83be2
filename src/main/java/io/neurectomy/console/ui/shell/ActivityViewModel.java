package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.util.CredentialMask;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Activity panel: the window's running operations (from the shell's {@link ActivityLog}, whichever section
 * started them), the recent ones with how and when they ended, and whether the panel is open.
 *
 * <p>When an operation ends while the section that started it is not shown, the user gets a non-modal notification
 * with its outcome. An operation counts as started by the section shown when it started (operations start from a
 * button of the shown section). While that section is still shown its own view shows the result, so a notification
 * would only repeat it. Touched only on the FX thread.
 */
public final class ActivityViewModel {
    /** How a finished operation ended. */
    public enum Outcome {
        SUCCEEDED("Done"), FAILED("Failed"), CANCELLED("Cancelled");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** "Done", "Failed" or "Cancelled". */
        public String label() {
            return label;
        }
    }

    /**
     * One finished operation as the recent list shows it.
     *
     * @param operation the operation's model
     * @param outcome   how it ended
     * @param title     what it was ("Backup", "Deploy staging")
     * @param summary   what was done and what not, or why it failed
     * @param finished  when it ended
     */
    public record Entry(OperationModel<?> operation, Outcome outcome, String title, String summary,
                        Instant finished) {
    }

    private final ActivityLog log;
    private final DialogService dialogs;
    private final ObservableValue<Section> shownSection;
    private final Clock clock;
    private final Map<OperationModel<?>, Entry> ended = new HashMap<>();
    private final ObservableList<Entry> recent = FXCollections.observableArrayList();
    private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
    private final StringBinding buttonText;

    /**
     * @param log          the shell's running and recent operations
     * @param dialogs      where notifications go
     * @param shownSection the section shown now
     * @param clock        for the time an operation ended
     */
    public ActivityViewModel(ActivityLog log, DialogService dialogs, ObservableValue<Section> shownSection,
                             Clock clock) {
        this.log = log;
        this.dialogs = dialogs;
        this.shownSection = shownSection;
        this.clock = clock;
        buttonText = Bindings.createStringBinding(() -> log.running().isEmpty() ? "Activity"
                : log.running().size() + " running", log.running());
        log.running().addListener((ListChangeListener<OperationModel<?>>) change -> {
            while (change.next()) {
                for (OperationModel<?> started : change.getAddedSubList()) {
                    watch(started, shownSection.getValue());
                }
            }
        });
        log.recent().addListener((ListChangeListener<OperationModel<?>>) change -> refreshRecent());
    }

    /** Waits for the outcome of one run; the result (or an error escaping the operation) comes after it stopped. */
    private void watch(OperationModel<?> operation, Section startedIn) {
        ChangeListener<Object> outcome = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<?> obs, Object old, Object now) {
                if (now == null) {
                    return;
                }
                operation.resultProperty().removeListener(this);
                operation.errorProperty().removeListener(this);
                finished(operation, startedIn, now);
            }
        };
        operation.resultProperty().addListener(outcome);
        operation.errorProperty().addListener(outcome);
    }

    private void finished(OperationModel<?> operation, Section startedIn, Object outcome) {
        String title = operation.titleProperty().get();
        Entry entry;
        if (outcome instanceof OperationResult<?> r) {
            String why = r.succeeded() || r.error().isBlank() ? "" : " " + r.error();
            entry = new Entry(operation, r.succeeded() ? Outcome.SUCCEEDED : r.cancelled() ? Outcome.CANCELLED
                    : Outcome.FAILED, title, CredentialMask.mask(r.summary() + why), clock.instant());
        } else {
            Throwable e = (Throwable) outcome;
            entry = new Entry(operation, Outcome.FAILED, title, CredentialMask.mask("Failed: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage())), clock.instant());
        }
        ended.put(operation, entry);
        refreshRecent();
        if (!Objects.equals(shownSection.getValue(), startedIn)) {
            dialogs.notify(switch (entry.outcome()) {
                case SUCCEEDED -> DialogService.Level.SUCCESS;
                case FAILED -> DialogService.Level.ERROR;
                case CANCELLED -> DialogService.Level.WARNING;
            }, title, entry.summary());
        }
    }

    /** The recent list in the log's order (newest first), of the runs whose outcome is known. */
    private void refreshRecent() {
        List<Entry> now = log.recent().stream().map(ended::get).filter(Objects::nonNull).toList();
        // The log keeps a bounded number of finished operations: forget the ones it dropped.
        ended.keySet().retainAll(log.recent());
        if (!now.equals(recent)) {
            recent.setAll(now);
        }
    }

    /** Operations running now, oldest first. */
    public ObservableList<OperationModel<?>> running() {
        return log.running();
    }

    /** Finished operations, newest first. */
    public ObservableList<Entry> recent() {
        return recent;
    }

    /** Whether the panel is shown beside the section. */
    public BooleanProperty openProperty() {
        return open;
    }

    /** Opens or closes the panel. */
    public void toggle() {
        open.set(!open.get());
    }

    /** "Activity" when nothing runs, else "2 running": the status bar's entry to the panel. */
    public StringBinding buttonTextProperty() {
        return buttonText;
    }
}

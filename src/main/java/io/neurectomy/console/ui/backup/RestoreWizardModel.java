package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.operations.RestoreOperation;
import io.neurectomy.console.core.backup.operations.RestoreResult;
import io.neurectomy.console.core.backup.operations.S3RestoreOperation;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.WizardFlow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The restore wizard, on an archive of the backups directory or one in S3 (downloaded and verified while planning):
 * choose the archive's components and the replica for the TSDB → the core's plan (the archive
 * verified, every change listed; nothing changed yet) with the namespace typed to confirm → progress → result. The
 * pages are a {@link WizardFlow}; planning, running and Cancel go through an {@link OperationModel} of the core
 * {@link RestoreOperation}, which takes a pre-restore backup first.
 */
public final class RestoreWizardModel {
    /** The wizard's pages. */
    public enum Page { CHOOSE, PLAN, RUNNING, RESULT }

    private final BackupsViewModel backups;
    private final WizardFlow<Page> flow = new WizardFlow<>(Page.class);
    private final ObjectProperty<BackupRow> source = new SimpleObjectProperty<>(this, "source");
    private final ObjectProperty<RemoteArchive> remote = new SimpleObjectProperty<>(this, "remote");
    private S3Settings remoteSettings;
    private final Map<BackupComponent, BooleanProperty> components = new EnumMap<>(BackupComponent.class);
    private final StringProperty replica = new SimpleStringProperty(this, "replica", "prometheus-0");
    private final ObservableList<String> replicaChoices = FXCollections.observableArrayList();
    private final ObservableList<String> planLines = FXCollections.observableArrayList();
    private final StringProperty confirmationWord = new SimpleStringProperty(this, "confirmationWord", "");
    private final StringProperty typed = new SimpleStringProperty(this, "typed", "");
    private final BooleanBinding confirmed;
    private final ObservableList<String> resultLines = FXCollections.observableArrayList();
    private OperationModel<RestoreResult> operation;

    RestoreWizardModel(BackupsViewModel backups) {
        this.backups = backups;
        for (BackupComponent c : BackupComponent.values()) {
            components.put(c, new SimpleBooleanProperty(this, "restore-" + c.id(), c != BackupComponent.TSDB));
        }
        confirmed = Bindings.createBooleanBinding(() -> !confirmationWord.get().isEmpty()
                && confirmationWord.get().equals(typed.get().strip()), confirmationWord, typed);
        flow.setValid(Page.CHOOSE, Bindings.createBooleanBinding(() -> (source.get() != null || remote.get() != null)
                && components.values().stream().anyMatch(BooleanProperty::get), source, remote));
        flow.setValid(Page.PLAN, confirmed);
    }

    /** Opens the wizard on an archive. */
    public void beginRestore(BackupRow row) {
        remote.set(null);
        remoteSettings = null;
        source.set(row);
        open();
    }

    /**
     * Opens the wizard on an archive in S3: planning downloads it into the backups directory, checks it and
     * verifies it first (see {@link S3RestoreOperation}).
     */
    public void beginRestoreFromS3(S3Settings settings, RemoteArchive archive) {
        source.set(null);
        remoteSettings = settings;
        remote.set(archive);
        open();
    }

    private void open() {
        ClusterSession s = backups.session().get();
        replicaChoices.setAll(s == null ? List.of() : s.state().snapshot().pods().stream()
                .map(p -> p.name()).filter(StackComponent.PROMETHEUS::ownsPod).sorted().toList());
        if (!replicaChoices.isEmpty() && !replicaChoices.contains(replica.get())) {
            replica.set(replicaChoices.get(0));
        }
        flow.go(Page.CHOOSE);
        planLines.clear();
        resultLines.clear();
        typed.set("");
        confirmationWord.set("");
        operation = null;
    }

    /** Computes the plan (verifies the archive; changes nothing) and shows it. */
    public void planRestore() {
        ClusterSession s = backups.session().get();
        BackupRow row = source.get();
        RemoteArchive fromS3 = remote.get();
        if (s == null || (row == null && fromS3 == null)) {
            backups.errorProperty().set(s == null ? "Connect to the cluster to restore into first."
                    : "Choose an archive first.");
            return;
        }
        Set<BackupComponent> chosen = BackupsViewModel.chosen(components);
        if (chosen.isEmpty()) {
            backups.errorProperty().set("Choose at least one component to restore.");
            return;
        }
        backups.errorProperty().set("");
        PassphraseCipher cipher = backups.cipherOrNull();
        BackupDirectory into = backups.backupDirectory();
        String pod = replica.get();
        Function<Path, RestoreOperation> restore = file -> RestoreOperation.of(s, RestoreOperation.Options.defaults(),
                new RestoreOperation.Request(file, chosen, pod, cipher, into.dir()));
        Operation<RestoreResult> planned;
        if (fromS3 != null) {
            backups.messageProperty().set("Downloading " + fromS3.name() + " into " + into.dir() + " …");
            planned = new S3RestoreOperation(remoteSettings, fromS3.name(), into, restore, event -> {
                if (event instanceof ProgressEvent.Note n) {
                    backups.fx(() -> backups.messageProperty().set(n.text()));
                }
            });
        } else {
            planned = restore.apply(row.file());
        }
        OperationModel<RestoreResult> op = backups.start(planned);
        if (op == null) {
            return;
        }
        operation = op;
        op.plan(this::showPlan, e -> backups.failed("Planning the restore", e));
    }

    void showPlan(Plan plan) {
        if (operation != null && operation.planProperty().get() != plan) {
            operation.setPlan(plan);
        }
        planLines.setAll(lines(plan));
        Confirmation c = plan.confirmation();
        confirmationWord.set(c.kind() == Confirmation.Kind.TYPED ? c.name() : "");
        typed.set("");
        flow.go(Page.PLAN);
    }

    /** The plan as the review page lists it: what, each change, the steps, notes, and what to type. */
    static List<String> lines(Plan plan) {
        List<String> lines = new ArrayList<>();
        lines.add(plan.title());
        if (plan.backupFirst()) {
            lines.add("First a pre-restore backup of what will be replaced is written to the backups directory.");
        }
        for (Change change : plan.changes()) {
            lines.add("  " + change.line() + (change.detail().isBlank() ? "" : " (" + change.detail() + ")"));
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            lines.add((i + 1) + ". " + plan.steps().get(i).title());
        }
        plan.notes().forEach(n -> lines.add("Note: " + n));
        if (plan.confirmation().kind() == Confirmation.Kind.TYPED) {
            lines.add("To go ahead, type the namespace: " + plan.confirmation().name());
        }
        return lines;
    }

    /** Restores after the typed confirmation; the run shows in the Activity panel, where it can be cancelled. */
    public void confirmRestore() {
        if (!confirmed.get()) {
            backups.errorProperty().set("Type the namespace '" + confirmationWord.get() + "' to confirm the"
                    + " restore.");
            return;
        }
        OperationModel<RestoreResult> op = operation;
        if (op == null || op.planProperty().get() == null) {
            backups.errorProperty().set("Plan the restore first.");
            return;
        }
        backups.errorProperty().set("");
        flow.go(Page.RUNNING);
        op.run(r -> {
            backups.finished("Restore", r, value -> {
                resultLines.setAll(value.steps());
                backups.dialogs().notify(DialogService.Level.SUCCESS,
                        "Restore complete", String.join("\n", value.steps()));
            });
            if (r.succeeded()) {
                flow.go(Page.RESULT);
            } else {
                r.notDone().forEach(s -> resultLines.add("not done: " + s.step().title()));
                flow.go(r.done().isEmpty() ? Page.PLAN : Page.RESULT);
            }
        });
    }

    // ---- properties ----------------------------------------------------------------------------------------------

    public WizardFlow<Page> flow() {
        return flow;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return flow.pageProperty();
    }

    public ObjectProperty<BackupRow> sourceProperty() {
        return source;
    }

    /** The archive in S3 the wizard restores (null for a local one). */
    public ObjectProperty<RemoteArchive> remoteProperty() {
        return remote;
    }

    public BooleanProperty componentProperty(BackupComponent c) {
        return components.get(c);
    }

    /** The Prometheus replicas the session sees, to restore the TSDB into. */
    public ObservableList<String> replicaChoices() {
        return replicaChoices;
    }

    public StringProperty replicaProperty() {
        return replica;
    }

    public ObservableList<String> planLines() {
        return planLines;
    }

    public StringProperty confirmationWordProperty() {
        return confirmationWord;
    }

    public StringProperty typedProperty() {
        return typed;
    }

    public BooleanBinding confirmedBinding() {
        return confirmed;
    }

    public ObservableList<String> resultLines() {
        return resultLines;
    }

    /** The restore's operation model (plan, steps, progress, Cancel), once planned. */
    public OperationModel<RestoreResult> operation() {
        return operation;
    }
}

package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigConflictException;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.ConfigValidator;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.SecretMask;
import io.neurectomy.console.core.config.ValidationReport;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.core.util.TextDiff;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The editor of one configuration object (Prometheus config, alert rules, or Alertmanager config): its files, their
 * findings, the review of the diff before any apply, the merge after a concurrent change, and the history of
 * applied versions. Apply, reload and restart are the {@link ConfigService}'s operations, run through an
 * {@link OperationModel} that the Activity panel lists; the restart is confirmed and every outcome notified through
 * the {@link DialogService}.
 *
 * <p>Nothing the user typed is lost: a failed or rolled-back apply keeps the edit; a conflict offers the merge or
 * their version, never a silent overwrite.
 */
public final class ConfigEditorModel {
    /** The diff of one file, for the review page. */
    public record FileDiff(String key, TextDiff diff, boolean redacted) {
        /** The diff from {@code before} to {@code after}, with secret values hidden when {@code redact}. */
        static FileDiff of(String key, String before, String after, boolean redact) {
            return new FileDiff(key, redact ? TextDiff.of(SecretMask.redact(before), SecretMask.redact(after))
                    : TextDiff.of(before, after), redact);
        }
    }

    private final ConfigTarget target;
    private final TaskRunner runner;
    private final EditorOperation operation;
    private final ConfigValidator validator = ConfigValidator.builtIn();
    private final ObjectProperty<ConfigService> service = new SimpleObjectProperty<>();
    private final ObservableList<ConfigDocument> documents = FXCollections.observableArrayList();
    private final ObjectProperty<ConfigDocument> selected = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObjectProperty<List<FileDiff>> review = new SimpleObjectProperty<>();
    private final ObjectProperty<ReloadReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<EditConflict> conflict = new SimpleObjectProperty<>();
    private final ObservableList<ConfigHistory.Version> history = FXCollections.observableArrayList();
    private final ObservableList<String> replicas = FXCollections.observableArrayList();
    private final List<String> removed = new ArrayList<>();
    private final TypingValidation typing;
    private final BooleanBinding dirty;
    private ConfigObject base;

    public ConfigEditorModel(ConfigTarget target, TaskRunner runner, ActivityLog activity, DialogService dialogs) {
        this(target, runner, Platform::runLater, activity, dialogs);
    }

    /** A model whose progress reports reach it through {@code fx} (tests pass a direct executor). */
    ConfigEditorModel(ConfigTarget target, TaskRunner runner, Executor fx, ActivityLog activity,
                      DialogService dialogs) {
        this.target = target;
        this.runner = runner;
        this.operation = new EditorOperation(runner, fx, activity, dialogs);
        this.typing = new TypingValidation(validator::validate, fx, TypingValidation.BUDGET);
        dirty = Bindings.createBooleanBinding(() -> documents.stream().anyMatch(ConfigDocument::dirty), documents);
        documents.addListener((javafx.collections.ListChangeListener<ConfigDocument>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(d -> d.dirtyProperty().addListener((o, a, b) -> dirty.invalidate()));
            }
            dirty.invalidate();
        });
    }

    public ConfigTarget target() {
        return target;
    }

    // ---- session

    /** Starts editing on {@code svc}: reads the object and the replicas. */
    public void attach(ConfigService svc) {
        service.set(svc);
        reload();
    }

    /** Leaves the session: the view empties, edits are dropped only if the user confirmed leaving (the view asks). */
    public void detach() {
        cancel();
        service.set(null);
        base = null;
        documents.clear();
        selected.set(null);
        history.clear();
        replicas.clear();
        review.set(null);
        conflict.set(null);
        report.set(null);
        status.set("");
        error.set("");
    }

    /** Reads the object again (discarding nothing: call only when there are no edits, or after the user agreed). */
    public void reload() {
        ConfigService svc = service.get();
        if (svc == null) {
            return;
        }
        operation.reading("Reading " + target.ref() + "…");
        runner.run(() -> Map.entry(svc.read(target), svc.replicas(target.server())), result -> {
            operation.finished();
            ConfigObject live = result.getKey();
            show(live, live.data());
            replicas.setAll(result.getValue());
            status.set("Loaded " + target.ref() + " (version " + live.resourceVersion() + ")");
        }, failure -> {
            operation.finished();
            error.set(message(failure));
        });
    }

    private void show(ConfigObject live, Map<String, String> content) {
        base = live;
        String previous = selected.get() == null ? null : selected.get().key();
        documents.clear();
        TreeSet<String> keys = new TreeSet<>(live.data().keySet());
        keys.addAll(content.keySet());
        if (target.key() != null) {
            keys.add(target.key());
        }
        for (String key : keys) {
            ConfigDocument doc = new ConfigDocument(key, target.kind(), target.secret(), live.text(key));
            doc.load(live.text(key), content.getOrDefault(key, ""));
            documents.add(doc);
            validate(doc);
        }
        selected.set(documents.stream().filter(d -> d.key().equals(previous)).findFirst()
                .orElse(documents.isEmpty() ? null : documents.get(0)));
        review.set(null);
    }

    // ---- editing

    /** Checks a document with the built-in validator (fast enough for every pause in typing). */
    public void validate(ConfigDocument doc) {
        typing.cancel(doc);
        doc.findings().setAll(validator.validate(doc.kind(), doc.content()).findings());
    }

    /** Validates {@code doc} in the background while the user types; see {@link TypingValidation}. */
    public void validateWhileTyping(ConfigDocument doc) {
        typing.submit(doc, doc.kind(), doc.content(), doc.findings()::setAll);
    }

    /** A new edit of {@code doc}: the validation running for it is stale and stops. */
    public void edited(ConfigDocument doc) {
        typing.cancel(doc);
    }

    /** Adds a rule file (rules only); returns the document, or empty with an error when the name is unusable. */
    public Optional<ConfigDocument> addFile(String name) {
        String key = name == null ? "" : name.strip();
        if (target.key() != null || base == null) {
            return Optional.empty();
        }
        if (!key.matches("[A-Za-z0-9._-]+\\.ya?ml")) {
            error.set("A rule file name uses letters, digits, '.', '-' or '_' and ends in .yml or .yaml.");
            return Optional.empty();
        }
        if (documents.stream().anyMatch(d -> d.key().equals(key))) {
            error.set(key + " exists already.");
            return Optional.empty();
        }
        ConfigDocument doc = new ConfigDocument(key, target.kind(), false, "");
        doc.setContent("groups:\n  - name: " + key.replaceAll("\\.ya?ml$", "") + "\n    rules: []\n");
        documents.add(doc);
        selected.set(doc);
        validate(doc);
        error.set("");
        return Optional.of(doc);
    }

    /** Removes a rule file from the edit (it goes from the cluster at the next apply). */
    public void removeFile(ConfigDocument doc) {
        if (target.key() == null) {
            doc.setContent("");
            documents.remove(doc);
            removed.add(doc.key());
            selected.set(documents.isEmpty() ? null : documents.get(0));
            dirty.invalidate();
        }
    }

    /** The data the edit would write: every document's real text (removed rule files left out). */
    Map<String, String> editedData() {
        Map<String, String> data = new LinkedHashMap<>();
        for (ConfigDocument d : documents) {
            data.put(d.key(), d.content());
        }
        return data;
    }

    public boolean hasChanges() {
        return dirty.get() || !removed.isEmpty();
    }

    /** Puts every file back to what the cluster has. */
    public void revert() {
        if (base != null) {
            removed.clear();
            show(base, base.data());
            status.set("Reverted to version " + base.resourceVersion());
        }
    }

    // ---- review and apply

    /**
     * Validates every file and, when nothing blocks, shows the diff against the object as read (the review step
     * before any apply). Returns whether the review is showing.
     */
    public boolean review() {
        if (base == null) {
            return false;
        }
        if (!hasChanges()) {
            status.set("No changes to apply.");
            return false;
        }
        documents.forEach(this::validate);
        long errors = documents.stream().flatMap(d -> d.findings().stream()).filter(ValidationReport::isError).count();
        if (errors > 0) {
            error.set(errors + " error(s) to fix before applying; hover the underlined text for each message.");
            return false;
        }
        List<FileDiff> diffs = new ArrayList<>();
        for (ConfigDocument d : documents) {
            if (!base.text(d.key()).equals(d.content())) {
                diffs.add(FileDiff.of(d.key(), base.text(d.key()), d.content(),
                        d.secret() && !d.revealedProperty().get()));
            }
        }
        for (String key : removed) {
            diffs.add(FileDiff.of(key, base.text(key), "", target.secret()));
        }
        error.set("");
        review.set(diffs);
        return true;
    }

    /** Leaves the review without applying. */
    public void closeReview() {
        review.set(null);
    }

    /** Applies the reviewed edit and reloads every replica, one at a time (the review was the confirmation). */
    public void apply() {
        ConfigService svc = service.get();
        if (svc == null || base == null || review.get() == null) {
            return;
        }
        ConfigObject from = base;
        Map<String, String> data = editedData();
        review.set(null);
        report.set(null);
        operation.run(svc.apply(from, data), true, result -> {
            ReloadReport r = result.value();
            report.set(r);
            if (r != null && r.written() != null) {
                base = r.written();
                // The edit stays after a rollback: nothing typed is lost; the files compare with the restored object.
                documents.forEach(d -> d.markSaved(base.text(d.key())));
            }
            if (result.succeeded()) {
                removed.clear();
                status.set(r.summary());
                error.set("");
                loadHistory();
            } else if (result.failure() instanceof ConfigConflictException e) {
                conflict.set(EditConflict.of(from, e.theirs(), data));
                error.set(e.getMessage());
            } else if (result.cancelled() && r == null) {
                error.set("Cancelled before anything was written.");
            } else {
                error.set(r != null ? r.summary() : result.error());
            }
        }, this::failed);
    }

    /** Takes the merge of a conflict into the editors (to review and apply again). */
    public void useMerge() {
        EditConflict c = conflict.get();
        if (c == null) {
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        c.merges().forEach((key, result) -> merged.put(key, result.merged()));
        conflict.set(null);
        show(c.theirs(), merged);
        status.set(c.clean() ? "Merged with their change; review and apply."
                : "Merged with conflict blocks (<<<<<<< theirs … >>>>>>> mine): resolve them, then apply.");
        error.set("");
    }

    /** Drops the edit and takes the version now in the cluster. */
    public void takeTheirs() {
        EditConflict c = conflict.get();
        if (c == null) {
            return;
        }
        conflict.set(null);
        removed.clear();
        show(c.theirs(), c.theirs().data());
        status.set("Took their version " + c.theirs().resourceVersion() + "; your edit was dropped.");
        error.set("");
    }

    /** Reloads one replica (or all when {@code pod} is empty), verified. */
    public void reloadServer(Optional<String> pod) {
        ConfigService svc = service.get();
        if (svc == null) {
            return;
        }
        report.set(null);
        operation.run(svc.reload(target.server(), pod), false, result -> {
            report.set(result.value());
            String summary = result.value() != null ? result.value().summary() : result.error();
            (result.succeeded() ? status : error).set(summary);
        }, this::failed);
    }

    /** A rollout restart of the server's StatefulSet, once the user confirmed it. */
    public void restartServer() {
        ConfigService svc = service.get();
        if (svc == null) {
            return;
        }
        operation.run(svc.restart(target.server()), false, (OperationResult<RolloutRestart.Result> result) -> {
            RolloutRestart.Result r = result.value();
            if (result.succeeded()) {
                status.set(r.workload() + ": " + r.replaced() + " of " + r.desired() + " replicas restarted and"
                        + " ready in " + r.took().toSeconds() + " s");
            } else {
                error.set(result.cancelled() ? "Stopped waiting; the restart goes on in the cluster."
                        : result.error());
            }
        }, this::failed);
    }

    /** Stops the running apply, reload or restart at its next safe point. */
    public void cancel() {
        operation.cancel();
    }

    /** A failed plan (or an operation that threw) shows as the error; a declined confirmation changed nothing. */
    private void failed(Throwable failure) {
        if (failure == null) {
            status.set("Nothing was changed.");
        } else {
            error.set(message(failure));
        }
    }

    // ---- history

    public void loadHistory() {
        ConfigService svc = service.get();
        if (svc == null) {
            return;
        }
        runner.run(() -> svc.history(target), history::setAll, failure -> error.set(message(failure)));
    }

    /** The diff from what the cluster has now to a stored version. */
    public List<FileDiff> diffTo(ConfigHistory.Version version) {
        List<FileDiff> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(version.data().keySet());
        if (base != null) {
            keys.addAll(base.data().keySet());
        }
        for (String key : keys) {
            String now = base == null ? "" : base.text(key);
            String then = version.data().getOrDefault(key, "");
            if (!now.equals(then)) {
                out.add(FileDiff.of(key, now, then, target.secret()));
            }
        }
        return out;
    }

    /** Loads a stored version into the editors as an edit; it is applied through the usual review. */
    public void restore(ConfigHistory.Version version) {
        if (base == null) {
            return;
        }
        removed.clear();
        for (String key : base.data().keySet()) {
            if (!version.data().containsKey(key) && target.key() == null) {
                removed.add(key);
            }
        }
        show(base, version.data());
        documents.removeIf(d -> removed.contains(d.key()));
        status.set("Version of " + version.time() + " loaded as an edit: review and apply it.");
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    // ---- properties

    public ObservableList<ConfigDocument> documents() {
        return documents;
    }

    public ObjectProperty<ConfigDocument> selectedProperty() {
        return selected;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** The read, apply, reload or restart running now: busy, progress, what it is doing. */
    EditorOperation operation() {
        return operation;
    }

    public ObjectProperty<List<FileDiff>> reviewProperty() {
        return review;
    }

    public ObjectProperty<ReloadReport> reportProperty() {
        return report;
    }

    public ObjectProperty<EditConflict> conflictProperty() {
        return conflict;
    }

    public ObservableList<ConfigHistory.Version> history() {
        return history;
    }

    public ObservableList<String> replicas() {
        return replicas;
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public ObjectProperty<ConfigService> serviceProperty() {
        return service;
    }

    /** The object as last read or written. */
    public Optional<ConfigObject> base() {
        return Optional.ofNullable(base);
    }
}

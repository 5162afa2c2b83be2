package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.ArchiveListing;
import io.neurectomy.console.core.backup.ArchiveReader;
import io.neurectomy.console.core.backup.BackupAge;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.BackupDirectory;
import io.neurectomy.console.core.backup.BackupOperation;
import io.neurectomy.console.core.backup.RemoteArchive;
import io.neurectomy.console.core.backup.RestoreOperation;
import io.neurectomy.console.core.backup.RestorePlan;
import io.neurectomy.console.core.backup.RestoreResult;
import io.neurectomy.console.core.backup.RetentionPlan;
import io.neurectomy.console.core.backup.RetentionPolicy;
import io.neurectomy.console.core.backup.S3Settings;
import io.neurectomy.console.core.backup.S3Store;
import io.neurectomy.console.core.backup.SyncReport;
import io.neurectomy.console.core.backup.VerifyResult;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Backups section: the list of archives with the age of the newest against the RPO, Back up now (components,
 * passphrase, progress in bytes with an ETA, Cancel), Verify, the restore wizard (components and replica → plan →
 * typed confirmation → progress → result), and S3 sync with retention. All work runs through the {@link TaskRunner};
 * the same core operations serve the CLI.
 */
public final class BackupsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(BackupsViewModel.class);

    /** The restore wizard's pages. */
    public enum WizardPage { CHOOSE, PLAN, RUNNING, RESULT }

    private final ReadOnlyObjectProperty<ClusterSession> session;
    private final TaskRunner runner;
    private final ConsoleSettings settings;
    private final Clock clock;

    private final ObservableList<BackupRow> rows = FXCollections.observableArrayList();
    private final StringProperty directory = new SimpleStringProperty(this, "directory");
    private final StringProperty rpoText = new SimpleStringProperty(this, "rpoText", "");
    private final BooleanProperty rpoOverdue = new SimpleBooleanProperty(this, "rpoOverdue");
    private final Map<BackupComponent, BooleanProperty> components = new EnumMap<>(BackupComponent.class);
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    private final ObjectProperty<BackupRow> restoreSource = new SimpleObjectProperty<>(this, "restoreSource");
    private final Map<BackupComponent, BooleanProperty> restoreComponents = new EnumMap<>(BackupComponent.class);
    private final StringProperty replica = new SimpleStringProperty(this, "replica", "prometheus-0");
    private final ObservableList<String> replicaChoices = FXCollections.observableArrayList();
    private final ObjectProperty<WizardPage> page = new SimpleObjectProperty<>(this, "page", WizardPage.CHOOSE);
    private final ObservableList<String> planLines = FXCollections.observableArrayList();
    private final StringProperty confirmationWord = new SimpleStringProperty(this, "confirmationWord", "");
    private final StringProperty typed = new SimpleStringProperty(this, "typed", "");
    private final BooleanBinding confirmed;
    private final ObservableList<String> resultLines = FXCollections.observableArrayList();
    private RestorePlan plan;

    private final StringProperty bucket = new SimpleStringProperty(this, "bucket", "");
    private final StringProperty prefix = new SimpleStringProperty(this, "prefix", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", "");
    private final StringProperty endpoint = new SimpleStringProperty(this, "endpoint", "");
    private final StringProperty keepLast = new SimpleStringProperty(this, "keepLast", "");
    private final StringProperty keepDays = new SimpleStringProperty(this, "keepDays", "");
    private final ObservableList<String> remoteLines = FXCollections.observableArrayList();
    private final ObservableList<String> retentionLines = FXCollections.observableArrayList();
    private RetentionPlan localRetention;
    private RetentionPlan remoteRetention;

    private Cancellation cancellation = new Cancellation();
    private Cancellable running;

    public BackupsViewModel(ReadOnlyObjectProperty<ClusterSession> session, TaskRunner runner,
            ConsoleSettings settings) {
        this(session, runner, settings, Clock.systemUTC());
    }

    BackupsViewModel(ReadOnlyObjectProperty<ClusterSession> session, TaskRunner runner, ConsoleSettings settings,
            Clock clock) {
        this.session = session;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
        for (BackupComponent c : BackupComponent.values()) {
            components.put(c, new SimpleBooleanProperty(this, c.id(), true));
            restoreComponents.put(c, new SimpleBooleanProperty(this, "restore-" + c.id(), c != BackupComponent.TSDB));
        }
        directory.set(settings.backupSetting("dir").orElse(BackupDirectory.defaultDir(AppDirs.current()).toString()));
        bucket.set(settings.backupSetting("s3.bucket").orElse(""));
        prefix.set(settings.backupSetting("s3.prefix").orElse(""));
        region.set(settings.backupSetting("s3.region").orElse(""));
        endpoint.set(settings.backupSetting("s3.endpoint").orElse(""));
        confirmed = Bindings.createBooleanBinding(() -> !confirmationWord.get().isEmpty()
                && confirmationWord.get().equals(typed.get().strip()), confirmationWord, typed);
    }

    // ---- list, RPO, verify ---------------------------------------------------------------------------------------

    /** Reads the backups directory again (off the FX thread). */
    public void refresh() {
        BackupDirectory dir = new BackupDirectory(Path.of(directory.get()));
        runner.run(dir::list, this::show, this::failed);
    }

    private void show(List<ArchiveListing> listing) {
        rows.setAll(listing.stream().map(BackupRow::of).toList());
        BackupAge age = BackupAge.of(listing, clock.instant(), BackupAge.DEFAULT_RPO);
        rpoText.set(age.describe());
        rpoOverdue.set(age.overdue());
    }

    /** Verifies one archive and shows what verification found. */
    public void verify(BackupRow row) {
        if (row == null) {
            return;
        }
        start("Verifying " + row.name(), p -> ArchiveReader.verify(row.file(), p, cancellation), (VerifyResult r) -> {
            message.set(r.summary());
            if (!r.ok()) {
                error.set(r.summary());
            }
            refresh();
        });
    }

    /** Remembers the backups directory and lists it. */
    public void changeDirectory(String dir) {
        directory.set(dir);
        settings.setBackupSetting("dir", dir);
        saveSettings();
        refresh();
    }

    // ---- back up now ---------------------------------------------------------------------------------------------

    /** Takes a backup of the chosen components now. */
    public void backUpNow() {
        ClusterSession s = session.get();
        if (s == null) {
            error.set("Connect to a cluster first: a backup reads the stack from it.");
            return;
        }
        Set<BackupComponent> chosen = chosen(components);
        if (chosen.isEmpty()) {
            error.set("Choose at least one component to back up.");
            return;
        }
        PassphraseCipher cipher = cipherOrNull();
        Path dir = Path.of(directory.get());
        start("Backing up", p -> BackupOperation.of(s, Duration.ofSeconds(60)).run(dir, chosen, cipher, p, cancellation), (BackupOperation.Result r) -> {
                    List<String> lines = new ArrayList<>(r.notes());
                    lines.add(0, "Backup " + r.archive().file().getFileName() + " written ("
                            + BackupRow.humanBytes(r.archive().size()) + ").");
                    message.set(String.join("\n", lines));
                    refresh();
                });
    }

    /** Stops the running operation at its next safe point (a backup then leaves nothing behind). */
    public void cancel() {
        cancellation.cancel();
        Cancellable r = running;
        if (r != null) {
            r.cancel();
            busy.set(false);
            progressText.set("Cancelled.");
        }
    }

    // ---- restore wizard ------------------------------------------------------------------------------------------

    /** Opens the wizard on an archive. */
    public void beginRestore(BackupRow row) {
        restoreSource.set(row);
        ClusterSession s = session.get();
        replicaChoices.setAll(s == null ? List.of() : s.state().snapshot().pods().stream()
                .map(p -> p.name()).filter(n -> n.matches("prometheus-\\d+")).sorted().toList());
        if (!replicaChoices.isEmpty() && !replicaChoices.contains(replica.get())) {
            replica.set(replicaChoices.get(0));
        }
        page.set(WizardPage.CHOOSE);
        planLines.clear();
        resultLines.clear();
        typed.set("");
        confirmationWord.set("");
        plan = null;
    }

    /** Computes the plan (verifies the archive; changes nothing) and shows it. */
    public void planRestore() {
        ClusterSession s = session.get();
        BackupRow row = restoreSource.get();
        if (s == null || row == null) {
            error.set(s == null ? "Connect to the cluster to restore into first." : "Choose an archive first.");
            return;
        }
        Set<BackupComponent> chosen = chosen(restoreComponents);
        if (chosen.isEmpty()) {
            error.set("Choose at least one component to restore.");
            return;
        }
        PassphraseCipher cipher = chosen.contains(BackupComponent.SECRETS) ? cipherOrNull() : null;
        String target = replica.get();
        start("Verifying and planning", p -> operation(s).plan(row.file(), chosen, target, cipher, p, cancellation),
                (RestorePlan result) -> showPlan(result));
    }

    void showPlan(RestorePlan result) {
        plan = result;
        planLines.setAll(result.describe());
        confirmationWord.set(result.confirmationWord());
        typed.set("");
        page.set(WizardPage.PLAN);
    }

    /** Restores after the typed confirmation (checked here and again in core). */
    public void confirmRestore() {
        ClusterSession s = session.get();
        RestorePlan p0 = plan;
        if (p0 == null || s == null) {
            error.set("Plan the restore first.");
            return;
        }
        if (!confirmed.get()) {
            error.set("Type the namespace '" + confirmationWord.get() + "' to confirm the restore.");
            return;
        }
        String word = typed.get();
        PassphraseCipher cipher = cipherOrNull();
        Path dir = Path.of(directory.get());
        page.set(WizardPage.RUNNING);
        start("Restoring", p -> operation(s).execute(p0, word, dir, cipher, p, cancellation), (RestoreResult r) -> {
            resultLines.setAll(r.steps());
            page.set(WizardPage.RESULT);
            refresh();
        });
    }

    private RestoreOperation operation(ClusterSession s) {
        return RestoreOperation.of(s, RestoreOperation.Options.defaults());
    }

    // ---- S3 --------------------------------------------------------------------------------------------------------

    /** Uploads what is missing, then lists the bucket. Credentials come from the standard AWS chain. */
    public void syncS3() {
        S3Settings s3;
        try {
            s3 = s3Settings();
        } catch (RuntimeException e) {
            error.set(e.getMessage());
            return;
        }
        rememberS3();
        BackupDirectory local = new BackupDirectory(Path.of(directory.get()));
        start("Syncing to S3", p -> {
            try (S3Store store = new S3Store(s3)) {
                SyncReport report = store.sync(local, p, cancellation);
                return Map.entry(report, store.list());
            }
        }, (Map.Entry<SyncReport, List<RemoteArchive>> r) -> {
            message.set("S3 sync: " + r.getKey().uploaded().size() + " uploaded, " + r.getKey().alreadyThere().size()
                    + " already there" + (r.getKey().skipped().isEmpty() ? "" : ", skipped: "
                    + String.join("; ", r.getKey().skipped())));
            remoteLines.setAll(r.getValue().stream().map(a -> a.name() + "  " + BackupRow.humanBytes(a.size()))
                    .toList());
        });
    }

    /** Computes what the retention policy would delete locally and remotely; nothing is deleted yet. */
    public void planRetention() {
        RetentionPolicy policy;
        S3Settings s3;
        try {
            policy = policy();
            s3 = bucket.get().isBlank() ? null : s3Settings();
        } catch (RuntimeException e) {
            error.set(e.getMessage());
            return;
        }
        BackupDirectory local = new BackupDirectory(Path.of(directory.get()));
        start("Planning retention", p -> {
            RetentionPlan l = local.planRetention(policy, clock.instant());
            RetentionPlan r = null;
            if (s3 != null) {
                try (S3Store store = new S3Store(s3)) {
                    r = store.planRetention(policy, clock.instant());
                }
            }
            return new RetentionPlan[] {l, r};
        }, (RetentionPlan[] plans) -> {
            localRetention = plans[0];
            remoteRetention = plans[1];
            List<String> lines = new ArrayList<>();
            plans[0].delete().forEach(i -> lines.add("delete local:  " + i.name()));
            if (plans[1] != null) {
                plans[1].delete().forEach(i -> lines.add("delete remote: " + i.name()));
            }
            if (lines.isEmpty()) {
                lines.add("Nothing to delete under " + policy.describe() + ".");
            }
            retentionLines.setAll(lines);
        });
    }

    /** Applies the retention plan shown (the view asks for confirmation first). */
    public void applyRetention() {
        RetentionPlan l = localRetention;
        RetentionPlan r = remoteRetention;
        if (l == null) {
            error.set("Plan the retention first.");
            return;
        }
        BackupDirectory local = new BackupDirectory(Path.of(directory.get()));
        S3Settings s3 = r == null ? null : s3Settings();
        start("Applying retention", p -> {
            List<String> deleted = new ArrayList<>(local.applyRetention(l));
            if (r != null) {
                try (S3Store store = new S3Store(s3)) {
                    deleted.addAll(store.applyRetention(r));
                }
            }
            return deleted;
        }, (List<String> deleted) -> {
            message.set("Retention deleted " + deleted.size() + " archives.");
            retentionLines.clear();
            localRetention = null;
            remoteRetention = null;
            refresh();
        });
    }

    private RetentionPolicy policy() {
        int keep = keepLast.get().isBlank() ? 0 : Integer.parseInt(keepLast.get().strip());
        int days = keepDays.get().isBlank() ? 0 : Integer.parseInt(keepDays.get().strip());
        RetentionPolicy policy = new RetentionPolicy(keep, days > 0 ? Duration.ofDays(days) : null);
        if (!policy.limits()) {
            throw new IllegalArgumentException("Give 'keep last' or 'keep days' for a retention policy.");
        }
        return policy;
    }

    private S3Settings s3Settings() {
        String ep = endpoint.get().strip();
        return new S3Settings(bucket.get().strip(), prefix.get().strip(), region.get().isBlank() ? null
                : region.get().strip(), ep.isEmpty() ? null : URI.create(ep), !ep.isEmpty(), null,
                S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
    }

    private void rememberS3() {
        settings.setBackupSetting("s3.bucket", bucket.get());
        settings.setBackupSetting("s3.prefix", prefix.get());
        settings.setBackupSetting("s3.region", region.get());
        settings.setBackupSetting("s3.endpoint", endpoint.get());
        saveSettings();
    }

    private void saveSettings() {
        runner.run(() -> {
            settings.save();
            return null;
        }, ignored -> { }, e -> LOG.warn("{}", e.getMessage()));
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** Work that reports progress; the callbacks run on the FX thread. */
    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    private <T> void start(String what, Work<T> work, Consumer<T> onSuccess) {
        if (busy.get()) {
            error.set("Another backup operation is running; wait for it or cancel it.");
            return;
        }
        cancellation = new Cancellation();
        busy.set(true);
        error.set("");
        progress.set(-1);
        progressText.set(what + "…");
        long started = System.nanoTime();
        Progress p = new Progress() {
            @Override
            public void step(int done, int total, String text) {
                fx(() -> progressText.set(text));
            }

            @Override
            public void bytes(long done, long total) {
                double seconds = (System.nanoTime() - started) / 1e9;
                String eta = total > 0 && done > 0 && done < total ? ", about "
                        + Math.max(1, Math.round(seconds * (total - done) / done)) + " s left" : "";
                String text = BackupRow.humanBytes(done) + (total > 0 ? " of " + BackupRow.humanBytes(total) : "")
                        + eta;
                fx(() -> {
                    progress.set(total > 0 ? Math.min(1.0, (double) done / total) : -1);
                    progressText.set(text);
                });
            }
        };
        Callable<T> call = () -> work.run(p);
        running = runner.run(call, result -> {
            busy.set(false);
            running = null;
            progress.set(1);
            progressText.set(what + ": done.");
            onSuccess.accept(result);
        }, e -> {
            busy.set(false);
            running = null;
            progressText.set("");
            if (page.get() == WizardPage.RUNNING) {
                page.set(WizardPage.PLAN);
            }
            failed(e);
        });
    }

    private void failed(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        error.set(text);
        LOG.warn("Backups: {}", text);
    }

    /** Progress arrives on the worker thread: hop to the FX thread (inline in tests, where there is no toolkit). */
    private static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            try {
                Platform.runLater(r);
            } catch (IllegalStateException toolkitNotRunning) {
                r.run();
            }
        }
    }

    private PassphraseCipher cipherOrNull() {
        String text = passphrase.get();
        return text == null || text.isEmpty() ? null : PassphraseCipher.of(text.toCharArray());
    }

    private static Set<BackupComponent> chosen(Map<BackupComponent, BooleanProperty> map) {
        Set<BackupComponent> set = EnumSet.noneOf(BackupComponent.class);
        map.forEach((c, p) -> {
            if (p.get()) {
                set.add(c);
            }
        });
        return set;
    }

    // ---- properties ----------------------------------------------------------------------------------------------

    public ObservableList<BackupRow> rows() {
        return rows;
    }

    public StringProperty directoryProperty() {
        return directory;
    }

    public StringProperty rpoTextProperty() {
        return rpoText;
    }

    public BooleanProperty rpoOverdueProperty() {
        return rpoOverdue;
    }

    public BooleanProperty componentProperty(BackupComponent c) {
        return components.get(c);
    }

    public BooleanProperty restoreComponentProperty(BackupComponent c) {
        return restoreComponents.get(c);
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<BackupRow> restoreSourceProperty() {
        return restoreSource;
    }

    /** The Prometheus replicas the session sees, to restore the TSDB into. */
    public ObservableList<String> replicaChoices() {
        return replicaChoices;
    }

    public StringProperty replicaProperty() {
        return replica;
    }

    public ObjectProperty<WizardPage> pageProperty() {
        return page;
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

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty prefixProperty() {
        return prefix;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty endpointProperty() {
        return endpoint;
    }

    public StringProperty keepLastProperty() {
        return keepLast;
    }

    public StringProperty keepDaysProperty() {
        return keepDays;
    }

    public ObservableList<String> remoteLines() {
        return remoteLines;
    }

    public ObservableList<String> retentionLines() {
        return retentionLines;
    }
}

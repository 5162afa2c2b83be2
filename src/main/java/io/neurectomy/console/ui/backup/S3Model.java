package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.backup.operations.S3SyncOperation;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BucketListing;
import io.neurectomy.console.core.backup.store.RetentionPolicy;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The S3 part of the Backups section: where the bucket is (remembered, never the credentials, which come from the
 * standard AWS chain), Sync now, browsing the bucket to restore an archive from it (through the restore wizard), and
 * a retention policy planned, confirmed and applied locally and in the bucket. Sync and retention run the core
 * {@link S3SyncOperation} through an {@link OperationModel}.
 */
public final class S3Model {
    private final BackupsViewModel backups;
    private final StringProperty bucket = new SimpleStringProperty(this, "bucket", "");
    private final StringProperty prefix = new SimpleStringProperty(this, "prefix", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", "");
    private final StringProperty endpoint = new SimpleStringProperty(this, "endpoint", "");
    private final StringProperty keepLast = new SimpleStringProperty(this, "keepLast", "");
    private final StringProperty keepDays = new SimpleStringProperty(this, "keepDays", "");
    private final ObservableList<String> remoteLines = FXCollections.observableArrayList();
    private final ObservableList<String> retentionLines = FXCollections.observableArrayList();
    private final ObservableList<RemoteRow> bucketArchives = FXCollections.observableArrayList();
    private final StringProperty bucketSummary = new SimpleStringProperty(this, "bucketSummary", "");
    private OperationModel<S3SyncOperation.Result> retention;

    S3Model(BackupsViewModel backups) {
        this.backups = backups;
        bucket.set(backups.settings().backupSetting("s3.bucket").orElse(""));
        prefix.set(backups.settings().backupSetting("s3.prefix").orElse(""));
        region.set(backups.settings().backupSetting("s3.region").orElse(""));
        endpoint.set(backups.settings().backupSetting("s3.endpoint").orElse(""));
    }

    /** The bucket's settings from the form; null, with the reason shown, when they do not make sense. */
    private S3Settings settingsOrShowError() {
        try {
            return s3Settings();
        } catch (RuntimeException e) {
            backups.errorProperty().set(e.getMessage());
            return null;
        }
    }

    /** Uploads what is missing, then lists the bucket. Credentials come from the standard AWS chain. */
    public void syncS3() {
        S3Settings s3 = settingsOrShowError();
        if (s3 == null) {
            return;
        }
        rememberS3();
        backups.errorProperty().set("");
        OperationModel<S3SyncOperation.Result> op = backups.start(S3SyncOperation.sync(s3,
                backups.backupDirectory(), null));
        if (op == null) {
            return;
        }
        op.plan(p -> op.run(r -> {
            if (r.value() != null) {
                remoteLines.setAll(r.value().remote().stream().map(a -> a.name() + "  "
                        + BackupRow.humanBytes(a.size())).toList());
            }
            backups.finished("S3 sync", r, value -> {
                String text = "S3 sync: " + value.report().uploaded().size() + " uploaded, "
                        + value.report().alreadyThere().size() + " already there";
                backups.messageProperty().set(text);
                backups.dialogs().notify(DialogService.Level.SUCCESS, "S3 sync done", text);
            });
        }), e -> backups.failed("S3 sync", e));
    }

    /**
     * Lists the bucket's archives for a restore (off the FX thread): newest first, verified or not, each with its
     * age against the RPO.
     */
    public void browse() {
        S3Settings s3 = settingsOrShowError();
        if (s3 == null) {
            return;
        }
        rememberS3();
        backups.errorProperty().set("");
        backups.runner().run(() -> {
            try (S3Store store = new S3Store(s3)) {
                return new BucketListing(s3.location(), store.list(), backups.clock().instant(),
                        BackupAge.DEFAULT_RPO);
            }
        }, (BucketListing listing) -> {
            bucketArchives.setAll(listing.archives().stream().map(a -> RemoteRow.of(listing, a)).toList());
            bucketSummary.set(listing.describe());
        }, e -> backups.failed("Listing the bucket", e));
    }

    /**
     * Opens the restore wizard on {@code row} of the bucket: planning downloads it into the backups directory
     * (resuming an interrupted download), checks its SHA-256 and verifies it before the restore's plan is shown.
     */
    public void restoreFromBucket(RemoteRow row) {
        if (row == null) {
            backups.errorProperty().set("Choose an archive of the bucket first.");
            return;
        }
        S3Settings s3 = settingsOrShowError();
        if (s3 == null) {
            return;
        }
        backups.restore().beginRestoreFromS3(s3, row.archive());
    }

    /** Computes what the retention policy would delete locally and remotely; nothing is deleted yet. */
    public void planRetention() {
        S3SyncOperation operation;
        try {
            RetentionPolicy policy = policy();
            operation = S3SyncOperation.retention(bucket.get().isBlank() ? null : s3Settings(),
                    backups.backupDirectory(), policy);
        } catch (RuntimeException e) {
            backups.errorProperty().set(e.getMessage());
            return;
        }
        backups.errorProperty().set("");
        OperationModel<S3SyncOperation.Result> op = backups.start(operation);
        if (op == null) {
            return;
        }
        retention = op;
        op.plan(p -> {
            List<String> lines = p.changes().stream().map(S3Model::line).toList();
            retentionLines.setAll(lines.isEmpty() ? List.of(p.notes().isEmpty() ? "Nothing to delete."
                    : p.notes().get(0)) : lines);
        }, e -> backups.failed("Planning the retention", e));
    }

    private static String line(Change c) {
        return "delete " + (c.detail().startsWith("local") ? "local:  " : "remote: ") + c.subject();
    }

    /** Applies the retention plan shown, once the user confirmed the deletions. */
    public void applyRetention() {
        OperationModel<S3SyncOperation.Result> op = retention;
        if (op == null || op.planProperty().get() == null) {
            backups.errorProperty().set("Plan the retention first.");
            return;
        }
        if (op.planProperty().get().changes().isEmpty()) {
            retentionLines.clear();
            return;
        }
        if (!backups.dialogs().confirm("Delete these archives?", String.join("\n", retentionLines),
                "Delete")) {
            return;
        }
        op.run(r -> backups.finished("Retention", r, value -> {
            backups.messageProperty().set("Retention deleted " + (value.deletedLocal().size()
                    + value.deletedRemote().size()) + " archives.");
            retentionLines.clear();
            retention = null;
        }));
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

    S3Settings s3Settings() {
        String ep = endpoint.get().strip();
        return new S3Settings(bucket.get().strip(), prefix.get().strip(), region.get().isBlank() ? null
                : region.get().strip(), ep.isEmpty() ? null : URI.create(ep), !ep.isEmpty(), null,
                S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
    }

    private void rememberS3() {
        backups.settings().setBackupSetting("s3.bucket", bucket.get());
        backups.settings().setBackupSetting("s3.prefix", prefix.get());
        backups.settings().setBackupSetting("s3.region", region.get());
        backups.settings().setBackupSetting("s3.endpoint", endpoint.get());
        backups.saveSettings();
    }

    // ---- properties ----------------------------------------------------------------------------------------------

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

    /** The bucket's archives as {@link #browse} found them, newest first. */
    public ObservableList<RemoteRow> bucketArchives() {
        return bucketArchives;
    }

    /** The newest archive in the bucket and its age against the RPO. */
    public StringProperty bucketSummaryProperty() {
        return bucketSummary;
    }
}

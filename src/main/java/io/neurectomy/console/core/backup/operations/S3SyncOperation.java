package io.neurectomy.console.core.backup.operations;

import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.RetentionPlan;
import io.neurectomy.console.core.backup.store.RetentionPolicy;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.backup.store.SyncReport;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Uploads the archives the bucket lacks and lists the bucket ({@code upload}, {@code list}), and applies a retention
 * policy locally and in the bucket ({@code delete-local}, {@code delete-remote}). Either part may be left out: the
 * window's Sync now only uploads, its Apply retention only deletes.
 *
 * <p>An upload changes nothing that was there, so it needs no confirmation; deleting archives needs a yes. The plan
 * lists what the retention deletes (it reads the directory and the bucket, and changes nothing).
 */
public final class S3SyncOperation extends PlannedOperation<S3SyncOperation.Result> {
    /**
     * What the sync did.
     *
     * @param report        the upload's report (null when nothing was uploaded)
     * @param remote        the bucket's archives after the upload (empty when not listed)
     * @param deletedLocal  archives the retention deleted from the backups directory
     * @param deletedRemote archives the retention deleted from the bucket
     * @param location      the bucket, for messages (empty without one)
     */
    public record Result(SyncReport report, List<RemoteArchive> remote, List<String> deletedLocal,
            List<String> deletedRemote, String location) {
        public Result {
            remote = List.copyOf(remote);
            deletedLocal = List.copyOf(deletedLocal);
            deletedRemote = List.copyOf(deletedRemote);
        }
    }

    private final S3Settings settings;
    private final BackupDirectory local;
    private final boolean upload;
    private final RetentionPolicy policy;
    private final Function<S3Settings, S3Store> stores;
    private final Clock clock;
    private RetentionPlan localRetention;
    private RetentionPlan remoteRetention;

    private S3SyncOperation(S3Settings settings, BackupDirectory local, boolean upload, RetentionPolicy policy,
            Clock clock) {
        this.settings = settings;
        this.local = local;
        this.upload = upload;
        this.policy = policy != null && policy.limits() ? policy : null;
        this.stores = S3Store::new;
        this.clock = clock;
    }

    /** Uploads what the bucket lacks, lists it, then applies {@code policy} (null: no retention) on both sides. */
    public static S3SyncOperation sync(S3Settings settings, BackupDirectory local, RetentionPolicy policy) {
        return new S3SyncOperation(settings, local, true, policy, Clock.systemUTC());
    }

    /** Applies {@code policy} to the backups directory and, with {@code settings} (may be null), to the bucket. */
    public static S3SyncOperation retention(S3Settings settings, BackupDirectory local, RetentionPolicy policy) {
        if (policy == null || !policy.limits()) {
            throw new IllegalArgumentException("Give 'keep last' or 'keep days' for a retention policy.");
        }
        return new S3SyncOperation(settings, local, false, policy, Clock.systemUTC());
    }

    /**
     * The steps, and what the retention would delete now.
     *
     * @throws io.neurectomy.console.core.backup.BackupException when the bucket cannot be listed for the retention
     */
    @Override
    protected Plan makePlan(Cancellation cancellation) {
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        String where = settings == null ? "" : settings.location();
        if (upload) {
            steps.add(new Step("upload", "Upload the archives " + where + " lacks"));
            steps.add(new Step("list", "List " + where));
        }
        localRetention = null;
        remoteRetention = null;
        if (policy != null) {
            localRetention = local.planRetention(policy, clock.instant());
            localRetention.delete().forEach(i -> changes.add(new Change(Change.Action.DELETE,
                    local.resolve(i.name()).toString(), "local, " + i.size() + " bytes")));
            steps.add(new Step("delete-local", "Delete " + localRetention.delete().size() + " archives from "
                    + local.dir()));
            if (settings != null) {
                cancellation.check();
                try (S3Store store = stores.apply(settings)) {
                    remoteRetention = store.planRetention(policy, clock.instant());
                }
                remoteRetention.delete().forEach(i -> changes.add(new Change(Change.Action.DELETE,
                        "s3://" + settings.bucket() + "/" + settings.key(i.name()), "remote, " + i.size()
                        + " bytes")));
                steps.add(new Step("delete-remote", "Delete " + remoteRetention.delete().size()
                        + " archives from " + where));
            }
        }
        List<String> notes = new ArrayList<>();
        if (policy != null) {
            notes.add("Retention (" + policy.describe() + "): " + (changes.isEmpty() ? "nothing to delete"
                    : changes.size() + " to delete") + ".");
        }
        String title = upload ? "Sync " + local.dir() + " to " + where : "Apply the retention to " + local.dir()
                + (settings == null ? "" : " and " + where);
        return Plan.of(upload ? "s3-sync" : "retention", title, steps).withChanges(changes).withNotes(notes)
                .withConfirmation(changes.isEmpty() ? Confirmation.none()
                        : Confirmation.yes("Delete " + changes.size() + " archives?"));
    }

    /** Uploads, lists, deletes; a damaged local archive is not uploaded and fails the upload step (said why). */
    @Override
    protected Result execute(Execution ex) {
        SyncReport report = null;
        List<RemoteArchive> remote = List.of();
        if (upload) {
            try (S3Store store = stores.apply(settings)) {
                report = ex.step("upload", () -> {
                    SyncReport r = store.sync(local, ex.listener(), ex.cancellation());
                    String done = r.uploaded().size() + " uploaded, " + r.replaced().size() + " replaced, "
                            + r.alreadyThere().size() + " already there";
                    ex.outcome(r.complete() ? StepOutcome.done(done)
                            : StepOutcome.failed(done + "; not uploaded: " + String.join("; ", r.skipped())));
                    return r;
                });
                remote = ex.step("list", () -> {
                    List<RemoteArchive> listed = store.list();
                    ex.detail(listed.size() + " archives in " + settings.location());
                    return listed;
                });
            }
        }
        List<String> deletedLocal = new ArrayList<>();
        List<String> deletedRemote = new ArrayList<>();
        if (localRetention != null) {
            delete(ex, "delete-local", localRetention, deletedLocal, local::applyRetention);
        }
        if (remoteRetention != null) {
            try (S3Store store = stores.apply(settings)) {
                delete(ex, "delete-remote", remoteRetention, deletedRemote, store::applyRetention);
            }
        }
        return new Result(report, remote, deletedLocal, deletedRemote,
                settings == null ? "" : settings.location());
    }

    private static void delete(Execution ex, String step, RetentionPlan retention, List<String> deleted,
            Function<RetentionPlan, List<String>> apply) {
        if (retention.isEmpty()) {
            ex.skip(step, "nothing to delete");
            return;
        }
        ex.step(step, () -> {
            deleted.addAll(apply.apply(retention));
            ex.detail(deleted.size() + " deleted");
        });
    }
}

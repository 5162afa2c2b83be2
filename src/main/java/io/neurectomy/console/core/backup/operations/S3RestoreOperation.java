package io.neurectomy.console.core.backup.operations;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.BucketListing;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Restores an archive from S3: {@link #plan} downloads it into the backups directory (resuming an interrupted
 * download, the whole file checked against the SHA-256 recorded at the upload, then verified entry by entry), and
 * only then plans the {@link RestoreOperation} of that local file; {@link #run} is that restore. A damaged archive
 * (wrong checksum, truncated, corrupted) is refused during the plan, before anything in the cluster is read for the
 * restore or changed. The download is the only thing the plan writes, and only into the backups directory: a later
 * restore of the same archive finds it there and downloads nothing.
 *
 * <p>The archive is named ({@code s3://BUCKET/PREFIX/full_….tar.gz}) or is the newest under a prefix.
 */
public final class S3RestoreOperation implements Operation<RestoreResult> {
    private final S3Settings settings;
    private final String name;
    private final BackupDirectory into;
    private final Function<Path, RestoreOperation> restore;
    private final ProgressListener downloadProgress;
    private final Function<S3Settings, S3Store> stores;
    private RestoreOperation inner;
    private Plan innerPlan;
    private Plan plan;
    private S3Store.Download download;

    /**
     * @param settings         the bucket and prefix (the archive's key is the prefix and its name), endpoint, region,
     *                         credentials
     * @param name             the archive's name under the prefix; null for the newest archive there
     * @param into             where the archive is downloaded to (the backups directory)
     * @param restore          the restore of the downloaded file (components, replica, passphrase, cluster)
     * @param downloadProgress the download's bytes and notes (may be null)
     */
    public S3RestoreOperation(S3Settings settings, String name, BackupDirectory into,
            Function<Path, RestoreOperation> restore, ProgressListener downloadProgress) {
        this(settings, name, into, restore, downloadProgress, S3Store::new);
    }

    S3RestoreOperation(S3Settings settings, String name, BackupDirectory into,
            Function<Path, RestoreOperation> restore, ProgressListener downloadProgress,
            Function<S3Settings, S3Store> stores) {
        this.settings = settings;
        this.name = name;
        this.into = into;
        this.restore = restore;
        this.downloadProgress = downloadProgress == null ? ProgressListener.none() : downloadProgress;
        this.stores = stores;
    }

    /**
     * Finds the archive, downloads and verifies it, and plans its restore.
     *
     * @throws BackupException when the bucket has no such archive, or it cannot be fetched, or its checksum does not
     *                         match (then nothing is kept)
     * @throws io.neurectomy.console.core.backup.archive.ArchiveRejectedException when the archive is damaged
     */
    @Override
    public Plan plan(Cancellation cancellation) {
        RemoteArchive chosen;
        BucketListing listing;
        try (S3Store store = stores.apply(settings)) {
            if (name == null) {
                listing = store.browse(BackupAge.DEFAULT_RPO);
                chosen = listing.newest().orElseThrow(() -> new BackupException("There is no archive in "
                        + settings.location() + " (archives are named full_YYYYMMDDhhmmss.tar.gz)."));
            } else {
                chosen = store.head(name).orElseThrow(() -> new BackupException("There is no archive " + name
                        + " in " + settings.location() + ". List the bucket to see which there are."));
                listing = new BucketListing(settings.location(), List.of(chosen), Instant.now(),
                        BackupAge.DEFAULT_RPO);
            }
            cancellation.check();
            download = store.fetch(chosen.name(), into, downloadProgress, cancellation);
        }
        inner = restore.apply(download.file());
        innerPlan = inner.plan(cancellation);
        List<String> notes = new ArrayList<>();
        notes.add(downloaded());
        notes.add("The archive is " + listing.ageText(chosen) + ": changes made after "
                + chosen.created() + " are not in it.");
        notes.addAll(innerPlan.notes());
        plan = innerPlan.withNotes(notes);
        return plan;
    }

    private String downloaded() {
        RemoteArchive r = download.remote();
        String from = "s3://" + settings.bucket() + "/" + r.key();
        String how;
        if (download.transferred() == 0 && download.resumedFrom() == 0) {
            how = "already in " + into.dir() + " (same SHA-256), nothing downloaded";
        } else if (download.resumedFrom() > 0) {
            how = "downloaded into " + into.dir() + ", continuing an interrupted download at byte "
                    + download.resumedFrom();
        } else {
            how = "downloaded into " + into.dir();
        }
        return from + " (" + r.size() + " bytes): " + how + "; "
                + (r.sha256() != null ? "SHA-256 checked against the upload's, " : "no SHA-256 recorded in S3, ")
                + "every entry verified.";
    }

    /** Runs the restore of the downloaded archive (the plan must be the one {@link #plan} made). */
    @Override
    public OperationResult<RestoreResult> run(Plan given, ProgressListener listener, Cancellation cancellation) {
        if (given == null || given != plan) {
            throw new IllegalArgumentException("Run the plan this restore made");
        }
        return inner.run(innerPlan, listener, cancellation);
    }

    /** The download, once planned (null before). */
    public S3Store.Download download() {
        return download;
    }

    /** The restore of the downloaded archive, once planned (null before). */
    public RestoreOperation restore() {
        return inner;
    }
}

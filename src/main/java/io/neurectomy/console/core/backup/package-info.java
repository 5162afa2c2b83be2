/**
 * Backups, storage side: the archive format, writing, verifying, listing and retention of archives in a local
 * directory, and their sync to S3. No cluster access here; the cluster side (collecting objects, the TSDB snapshot
 * through exec tar, silences, restore) is built on these classes.
 *
 * <ul>
 *   <li>{@link io.neurectomy.console.core.backup.store.BackupDirectory}: the local backups directory ({@code list},
 *       {@code newArchive}, {@code verify}, {@code planRetention} / {@code applyRetention}).</li>
 *   <li>{@link io.neurectomy.console.core.backup.archive.ArchiveWriter}: one archive, streamed, committed atomically;
 *       Secrets sealed under a passphrase.</li>
 *   <li>{@link io.neurectomy.console.core.backup.archive.ArchiveReader}: {@code verify} (a
 *       {@link io.neurectomy.console.core.backup.archive.VerifyResult} listing every
 *       {@link io.neurectomy.console.core.backup.archive.Problem}) and {@code open} → streamed entries of a verified archive
 *       for restore.</li>
 *   <li>{@link io.neurectomy.console.core.backup.archive.Manifest}, {@link io.neurectomy.console.core.backup.archive.ManifestEntry},
 *       {@link io.neurectomy.console.core.backup.archive.ArchiveMetadata}: what an archive holds.</li>
 *   <li>{@link io.neurectomy.console.core.backup.archive.CheckRecord}: the per-archive sidecar remembering the file's hash and
 *       the last verify.</li>
 *   <li>{@link io.neurectomy.console.core.backup.store.RetentionPolicy} and
 *       {@link io.neurectomy.console.core.backup.store.RetentionPlan}: keep the last N and/or newer than D days, plan then
 *       apply, locally and in S3.</li>
 *   <li>{@link io.neurectomy.console.core.backup.store.S3Store} with {@link io.neurectomy.console.core.backup.store.S3Settings}:
 *       list, sync, download, retention; the only code that uses the AWS SDK.</li>
 *   <li>{@link io.neurectomy.console.core.backup.store.TransferEstimate}: rate and ETA from byte progress.</li>
 * </ul>
 *
 * <p>Every failure is a {@link io.neurectomy.console.core.backup.BackupException} whose message says what to do; a
 * cancel is an {@link io.neurectomy.console.core.operation.OperationCancelledException}. Nothing partial is ever left under
 * an archive's name, locally or in the bucket. The format and the S3 settings are described in docs/backups.md.
 */
package io.neurectomy.console.core.backup;

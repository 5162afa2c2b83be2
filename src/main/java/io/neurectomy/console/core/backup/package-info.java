/**
 * Backups of the monitoring stack: what an archive holds ({@link io.neurectomy.console.core.backup.BackupComponent})
 * and the one exception every backup failure is ({@link io.neurectomy.console.core.backup.BackupException}, whose
 * message says what to do; a cancel is an {@link io.neurectomy.console.core.operation.OperationCancelledException}).
 *
 * <ul>
 *   <li>{@code archive}: the archive format — {@code ArchiveWriter} (streamed, committed atomically, Secrets sealed
 *       under a passphrase), {@code ArchiveReader} (verify, then streamed entries for a restore), the manifest,
 *       hashes, the check record and the problems verification finds.</li>
 *   <li>{@code store}: where archives are kept — the local {@code BackupDirectory}, {@code S3Store} with
 *       {@code S3Settings} (the only code that uses the AWS SDK), retention policies and plans, listings and the age
 *       of the newest backup against the RPO.</li>
 *   <li>{@code operations}: the operations on the cluster, each a {@code core.operation.Operation} — backup,
 *       restore (with its pre-restore backup), S3 sync and retention — and what only they use (the stack's objects,
 *       silences, the TSDB transfer through exec).</li>
 * </ul>
 *
 * <p>Nothing partial is ever left under an archive's name, locally or in the bucket. The format and the S3 settings
 * are described in docs/backup-format.md and docs/backups.md.
 */
package io.neurectomy.console.core.backup;

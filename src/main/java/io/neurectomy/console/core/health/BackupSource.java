package io.neurectomy.console.core.health;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.settings.ConsoleSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the stack's backups live, for the Backups checks: the backups directory, the S3 bucket they are synced to (if
 * any), and the cluster whose archives count. Whoever creates the {@link HealthChecker} knows it (the command line and
 * the window read the same remembered settings as the Backups section); the checker fills in the cluster.
 *
 * @param directory the backups directory
 * @param s3        the bucket the archives are synced to, or null when none is configured
 * @param clock     what "now" is for the age of the newest archive
 * @param context   the kubeconfig context whose archives count, or empty for every archive
 * @param server    the API server whose archives count (an archive of either the context or the server counts)
 */
public record BackupSource(BackupDirectory directory, S3Settings s3, Clock clock, String context, String server) {
    /** The variable the deployment guide's scripts read the bucket from. */
    public static final String BUCKET_VARIABLE = "S3_BACKUP_BUCKET";

    public BackupSource {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        context = context == null ? "" : context;
        server = server == null ? "" : server;
    }

    /** The archives of {@code directory} (any cluster), and the bucket {@code s3} (null: none). */
    public static BackupSource of(Path directory, S3Settings s3) {
        return new BackupSource(new BackupDirectory(directory), s3, Clock.systemUTC(), "", "");
    }

    /**
     * The source the Backups section uses: the remembered backups directory (or the default one), and the remembered
     * S3 bucket, prefix, region and endpoint, the bucket falling back to {@value #BUCKET_VARIABLE} in
     * {@code environment}. Credentials come from the standard AWS chain, as for a sync.
     */
    public static BackupSource fromSettings(ConsoleSettings settings, AppDirs dirs, Map<String, String> environment) {
        Path dir = settings.backupSetting("dir").map(Path::of).orElse(BackupDirectory.defaultDir(dirs));
        Optional<String> bucket = settings.backupSetting("s3.bucket")
                .or(() -> Optional.ofNullable(environment.get(BUCKET_VARIABLE)).filter(b -> !b.isBlank()));
        S3Settings s3 = bucket.map(b -> {
            Optional<String> endpoint = settings.backupSetting("s3.endpoint");
            return new S3Settings(b.strip(), settings.backupSetting("s3.prefix").orElse(""),
                    settings.backupSetting("s3.region").orElse(null), endpoint.map(URI::create).orElse(null),
                    endpoint.isPresent(), null, S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
        }).orElse(null);
        return of(dir, s3);
    }

    /** The same source, counting only the archives of {@code kubeContext} or {@code apiServer}. */
    public BackupSource forCluster(String kubeContext, String apiServer) {
        return new BackupSource(directory, s3, clock, kubeContext, apiServer);
    }

    /** The same source, with another clock. */
    public BackupSource withClock(Clock other) {
        return new BackupSource(directory, s3, other, context, server);
    }

    /** Whether an archive written from {@code archiveContext} on {@code archiveServer} is one of this cluster's. */
    boolean counts(String archiveContext, String archiveServer) {
        if (context.isEmpty() && server.isEmpty()) {
            return true;
        }
        if (archiveContext == null && archiveServer == null) {
            return true;
        }
        return (!context.isEmpty() && context.equals(archiveContext))
                || (!server.isEmpty() && server.equals(archiveServer));
    }
}

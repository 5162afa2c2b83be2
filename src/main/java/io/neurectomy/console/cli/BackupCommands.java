package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
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
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The backup commands of the seed's {@code backup-restore.sh}: {@code backup}, {@code list}, {@code verify},
 * {@code restore}, {@code s3-sync}. Exit codes for cron: 0 ok, 1 failed (verify: damaged), 2 usage.
 */
public final class BackupCommands {
    private BackupCommands() {
    }

    static final int OK = CommandLine.ExitCode.OK;
    static final int FAILED = CommandLine.ExitCode.SOFTWARE;
    static final int USAGE = CommandLine.ExitCode.USAGE;

    /** Options about where archives are. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "Backups directory (default: backups under the console's data directory).")
        Path dir;

        BackupDirectory directory() {
            return new BackupDirectory(dir != null ? dir : BackupDirectory.defaultDir(AppDirs.current()));
        }
    }

    /** The components named, none when none were. */
    static Set<BackupComponent> components(List<BackupComponent> given) {
        return given == null || given.isEmpty() ? EnumSet.noneOf(BackupComponent.class) : EnumSet.copyOf(given);
    }

    /** {@code --components} values: picocli reports an unknown one as a usage error (exit 2) with this message. */
    static final class ComponentConverter implements CommandLine.ITypeConverter<BackupComponent> {
        @Override
        public BackupComponent convert(String value) {
            try {
                return BackupComponent.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The passphrase in {@code file} (its first line), or null without a file. Never printed. */
    static PassphraseCipher cipher(Path file) {
        if (file == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConsoleException("Cannot read the passphrase file " + file + ": " + e.getMessage() + ".");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) 0);
        int end = text.indexOf('\n');
        String line = (end >= 0 ? text.substring(0, end) : text).replace("\r", "");
        if (line.isEmpty()) {
            throw new ConsoleException("The passphrase file " + file + " is empty.");
        }
        char[] chars = line.toCharArray();
        try {
            return PassphraseCipher.of(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Prints byte progress at most once per 10 %, and steps. */
    static Progress progress(PrintWriter out) {
        return new Progress() {
            private long lastTenth = -1;
            private final long started = System.nanoTime();

            @Override
            public void step(int done, int total, String message) {
                out.println("[" + done + "/" + total + "] " + message);
                out.flush();
            }

            @Override
            public void bytes(long done, long total) {
                if (total <= 0) {
                    return;
                }
                long tenth = done * 10 / total;
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    double seconds = (System.nanoTime() - started) / 1e9;
                    String eta = done > 0 && done < total ? ", about " + Math.round(seconds * (total - done) / done)
                            + " s left" : "";
                    out.println("  " + done / (1024 * 1024) + " of " + total / (1024 * 1024) + " MiB" + eta);
                    out.flush();
                }
            }
        };
    }

    static int fail(PrintWriter err, Exception e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return FAILED;
    }

    /** {@code backup}. */
    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Back up the stack into full_YYYYMMDDhhmmss.tar.gz: objects as YAML (configs), Secrets"
                    + " sealed under a passphrase (secrets), a Prometheus TSDB snapshot (tsdb), Alertmanager silences"
                    + " (silences).", "Without --passphrase-file, Secrets are left out (with a note).",
                    "Exit codes: 0 written, 1 failed (nothing is left behind), 2 usage."})
    public static final class Backup implements Callable<Integer> {
        @Option(names = "--components", split = ",", paramLabel = "C", converter = ComponentConverter.class,
                description = "configs, secrets, tsdb, silences (default: all).")
        List<BackupComponent> components;

        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "File whose first line is the passphrase that seals Secrets.")
        Path passphraseFile;

        @Mixin
        DirOption dir;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Set<BackupComponent> chosen = components(components);
            if (chosen.isEmpty()) {
                chosen = EnumSet.allOf(BackupComponent.class);
            }
            try (ClusterSession session = cluster.connect()) {
                PassphraseCipher cipher = cipher(passphraseFile);
                BackupOperation.Result result = BackupOperation.of(session, Duration.ofSeconds(60))
                        .run(dir.directory().dir(), chosen, cipher, progress(out), Cancellation.none());
                result.notes().forEach(n -> out.println("note: " + n));
                out.println(result.archive().file() + " (" + result.archive().size() + " bytes, sha256 "
                        + result.archive().sha256() + ")");
                return OK;
            } catch (ConsoleException e) {
                return fail(err, e);
            } finally {
                out.flush();
            }
        }
    }

    /** {@code list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the archives of the backups directory with date, size, components, context and"
                    + " whether each was verified, and the age of the newest against the 1-hour RPO.",
                    "Exit codes: 0 listed, 1 the newest backup is older than the RPO (or none), 2 usage."})
    public static final class ListArchives implements Callable<Integer> {
        @Mixin
        DirOption dir;

        @Option(names = "--rpo-minutes", defaultValue = "60", paramLabel = "M",
                description = "Recovery point objective in minutes (default 60).")
        int rpoMinutes;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<ArchiveListing> listing = dir.directory().list();
                out.printf("%-28s %-20s %12s %-30s %-28s %s%n", "NAME", "CREATED", "BYTES", "COMPONENTS",
                        "CONTEXT", "VERIFIED");
                for (ArchiveListing a : listing) {
                    out.printf("%-28s %-20s %12d %-30s %-28s %s%n", a.name(),
                            a.created() == null ? "-" : a.created().toString(), a.size(),
                            String.join(",", a.components()), a.context() == null ? "-" : a.context(),
                            a.kind() == ArchiveListing.Kind.ARCHIVE ? a.verification().name().toLowerCase()
                                    : a.kind().name().toLowerCase() + (a.problem() == null ? "" : ": " + a.problem()));
                }
                BackupAge age = BackupAge.of(listing, Instant.now(), Duration.ofMinutes(rpoMinutes));
                out.println(age.describe());
                return age.overdue() ? FAILED : OK;
            } catch (ConsoleException e) {
                return fail(err, e);
            } finally {
                out.flush();
            }
        }
    }

    /** {@code verify FILE}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify an archive: recompute every entry's SHA-256 against its manifest and say exactly"
                    + " what is wrong (truncated, corrupted, missing or extra entries).",
                    "Exit codes: 0 intact, 1 damaged or unreadable, 2 usage."})
    public static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The archive.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            VerifyResult result = ArchiveReader.verify(file, Progress.none(), Cancellation.none());
            out.println(result.summary());
            out.flush();
            return result.ok() ? OK : FAILED;
        }
    }

    /** {@code restore FILE}. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore an archive (all of it, or --components). Verifies it first and refuses a"
                    + " damaged one. Prints the plan; only with --yes does it take a pre-restore backup and then"
                    + " restore.", "Exit codes: 0 plan printed or restore done, 1 failed or refused, 2 usage."})
    public static final class Restore implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The archive.")
        Path file;

        @Option(names = "--components", split = ",", paramLabel = "C", converter = ComponentConverter.class,
                description = "configs, secrets, tsdb, silences (default: everything in the archive).")
        List<BackupComponent> components;

        @Option(names = "--pod", paramLabel = "POD",
                description = "Prometheus replica for the TSDB (default: prometheus-0).")
        String pod;

        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "The passphrase the backup was made with (needed for Secrets).")
        Path passphraseFile;

        @Option(names = "--yes", description = "Go ahead after printing the plan (the typed confirmation).")
        boolean yes;

        @Mixin
        DirOption dir;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Set<BackupComponent> chosen = components(components);
            try (ClusterSession session = cluster.connect()) {
                PassphraseCipher cipher = cipher(passphraseFile);
                if (cipher == null && chosen.isEmpty()) {
                    // everything but Secrets when no passphrase was given
                    chosen = EnumSet.of(BackupComponent.CONFIGS, BackupComponent.TSDB, BackupComponent.SILENCES);
                    out.println("note: no --passphrase-file: Secrets are not restored.");
                }
                RestoreOperation operation = RestoreOperation.of(session,
                        RestoreOperation.Options.defaults());
                RestorePlan plan = operation.plan(file, chosen, pod, cipher, Progress.none(), Cancellation.none());
                plan.describe().forEach(out::println);
                if (!yes) {
                    out.println("Nothing was changed. Run again with --yes to restore.");
                    return OK;
                }
                RestoreResult result = operation.execute(plan, plan.confirmationWord(), dir.directory().dir(),
                        cipher, progress(out), Cancellation.none());
                result.steps().forEach(s -> out.println("done: " + s));
                return OK;
            } catch (ConsoleException e) {
                return fail(err, e);
            } finally {
                out.flush();
            }
        }
    }

    /** {@code s3-sync}. */
    @Command(name = "s3-sync", mixinStandardHelpOptions = true,
            description = {"Upload the archives that are missing in the bucket (by key and SHA-256), list the bucket,"
                    + " and apply a retention policy locally and remotely (with --yes).",
                    "Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                    + " profiles, ...).", "Exit codes: 0 synced, 1 failed or incomplete, 2 usage."})
    public static final class S3Sync implements Callable<Integer> {
        @Option(names = "--bucket", paramLabel = "B", description = "Bucket (default: $S3_BACKUP_BUCKET).")
        String bucket;

        @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "Key prefix.")
        String prefix;

        @Option(names = "--region", paramLabel = "R", description = "Region (default: from the environment).")
        String region;

        @Option(names = "--endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store.")
        URI endpoint;

        @Option(names = "--retention-keep", paramLabel = "N", defaultValue = "0",
                description = "Keep the newest N archives.")
        int keep;

        @Option(names = "--retention-days", paramLabel = "D", defaultValue = "0",
                description = "Keep archives newer than D days.")
        int days;

        @Option(names = "--yes", description = "Apply the retention plan (otherwise it is only printed).")
        boolean yes;

        @Mixin
        DirOption dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String b = bucket != null ? bucket : System.getenv("S3_BACKUP_BUCKET");
            if (b == null || b.isBlank()) {
                err.println("error: no bucket: give --bucket or set S3_BACKUP_BUCKET");
                err.flush();
                return USAGE;
            }
            if (keep < 0 || days < 0) {
                err.println("error: --retention-keep and --retention-days must not be negative");
                err.flush();
                return USAGE;
            }
            S3Settings settings = new S3Settings(b, prefix, region, endpoint, endpoint != null, null,
                    S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
            BackupDirectory local = dir.directory();
            try (S3Store store = new S3Store(settings)) {
                SyncReport report = store.sync(local, progress(out), Cancellation.none());
                report.uploaded().forEach(n -> out.println("uploaded: " + n));
                report.replaced().forEach(n -> out.println("replaced: " + n));
                report.alreadyThere().forEach(n -> out.println("already there: " + n));
                report.skipped().forEach(n -> out.println("skipped: " + n));
                List<RemoteArchive> remote = store.list();
                out.println(remote.size() + " archives in " + settings.location());
                int code = report.complete() ? OK : FAILED;
                RetentionPolicy policy = new RetentionPolicy(keep, days > 0 ? Duration.ofDays(days) : null);
                if (policy.limits()) {
                    Instant now = Instant.now();
                    RetentionPlan localPlan = local.planRetention(policy, now);
                    RetentionPlan remotePlan = store.planRetention(policy, now);
                    List<String> lines = new ArrayList<>();
                    localPlan.delete().forEach(i -> lines.add("delete local:  " + i.name()));
                    remotePlan.delete().forEach(i -> lines.add("delete remote: " + i.name()));
                    out.println("Retention (" + policy.describe() + "): " + (lines.isEmpty() ? "nothing to delete"
                            : lines.size() + " to delete"));
                    lines.forEach(out::println);
                    if (!lines.isEmpty()) {
                        if (yes) {
                            local.applyRetention(localPlan).forEach(n -> out.println("deleted local: " + n));
                            store.applyRetention(remotePlan).forEach(n -> out.println("deleted remote: " + n));
                        } else {
                            out.println("Nothing was deleted. Run again with --yes to apply the retention.");
                        }
                    }
                }
                return code;
            } catch (ConsoleException e) {
                return fail(err, e);
            } finally {
                out.flush();
            }
        }
    }
}

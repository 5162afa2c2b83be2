package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveNames;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.operations.RestoreOperation;
import io.neurectomy.console.core.backup.operations.RestoreResult;
import io.neurectomy.console.core.backup.operations.S3RestoreOperation;
import io.neurectomy.console.core.backup.operations.S3SyncOperation;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.BucketListing;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.RetentionPolicy;
import io.neurectomy.console.core.backup.store.S3Location;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The backup commands of the seed's {@code backup-restore.sh}: {@code backup}, {@code list}, {@code verify},
 * {@code restore}, {@code s3-sync}. The three that change something run through the {@link OperationRunner} (plan,
 * {@code --yes} or a terminal prompt, Ctrl+C, exit codes 0/1/2/130); all five print one JSON document with
 * {@code --output json}. Exit codes for cron: 0 ok, 1 failed (verify: damaged; list: older than the RPO), 2 usage.
 */
public final class BackupCommands {
    private BackupCommands() {
    }

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
            throw new UsageException("Cannot read the passphrase file " + file + ": " + e.getMessage() + ".");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) 0);
        int end = text.indexOf('\n');
        String line = (end >= 0 ? text.substring(0, end) : text).replace("\r", "");
        if (line.isEmpty()) {
            throw new UsageException("The passphrase file " + file + " is empty.");
        }
        char[] chars = line.toCharArray();
        try {
            return PassphraseCipher.of(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** What backup and restore share: the components, the passphrase that seals Secrets, the directory. */
    abstract static class ArchiveCommand extends ClusterOperationCommand {
        @Option(names = "--components", split = ",", paramLabel = "C", converter = ComponentConverter.class,
                description = "configs, secrets, tsdb, silences (default: all; for a restore, all the archive"
                        + " holds).")
        List<BackupComponent> components;

        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "File whose first line is the passphrase that seals Secrets (needed to restore"
                        + " them).")
        Path passphraseFile;

        @Mixin
        DirOption dir;

        PassphraseCipher cipher;

        @Override
        void checkOptions() {
            cipher = cipher(passphraseFile);
        }
    }

    /** {@code backup}. */
    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Back up the stack into full_YYYYMMDDhhmmss.tar.gz: objects as YAML (configs), Secrets"
                    + " sealed under a passphrase (secrets), a Prometheus TSDB snapshot (tsdb), Alertmanager silences"
                    + " (silences).", "Without --passphrase-file, Secrets are left out (with a note).",
                    "Exit codes: 0 written, 1 failed (nothing is left behind), 2 usage, 130 cancelled."})
    public static final class Backup extends ArchiveCommand {
        @Override
        int run(ClusterSession session, OperationRunner runner) {
            Set<BackupComponent> chosen = components(components);
            Set<BackupComponent> all = chosen.isEmpty() ? EnumSet.allOf(BackupComponent.class) : chosen;
            return runner.run(BackupOperation.of(session, Duration.ofSeconds(60), dir.directory().dir(), all,
                    cipher), OperationRunner.ResultView.of((r, out) -> out.println(r.archive().file() + " ("
                    + r.archive().size() + " bytes, sha256 " + r.archive().sha256() + ")"), BackupCommands::json));
        }
    }

    static Map<String, Object> json(BackupOperation.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("archive", r.archive().file().getFileName().toString());
        m.put("file", r.archive().file().toString());
        m.put("size", r.archive().size());
        m.put("sha256", r.archive().sha256());
        m.put("components", BackupComponent.ids(r.components()));
        m.put("tsdbReplica", r.tsdbReplica());
        m.put("blocks", r.blocks());
        return m;
    }

    /** {@code list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the archives of the backups directory with date, size, components, context and"
                    + " whether each was verified, and the age of the newest against the 1-hour RPO.",
                    "With s3://BUCKET/PREFIX/ list the archives in the bucket instead, newest first, each with its"
                    + " age against the RPO and whether it was uploaded verified (it carries its SHA-256);"
                    + " credentials and --region/--endpoint as for s3-sync.",
                    "Exit codes: 0 listed, 1 the newest backup is older than the RPO (or none), 2 usage."})
    public static final class ListArchives extends PrintingCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "S3_PREFIX",
                description = "s3://BUCKET/PREFIX/ to list the bucket instead of the backups directory.")
        String bucketPrefix;

        @Mixin
        DirOption dir;

        @Mixin
        S3Options s3;

        @Option(names = "--rpo-minutes", defaultValue = "60", paramLabel = "M",
                description = "Recovery point objective in minutes (default 60).")
        int rpoMinutes;

        @Override
        public Integer call() {
            if (bucketPrefix != null) {
                return listBucket();
            }
            List<ArchiveListing> listing = dir.directory().list();
            BackupAge age = BackupAge.of(listing, Instant.now(), Duration.ofMinutes(rpoMinutes));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("directory", dir.directory().dir().toString());
            doc.put("archives", listing.stream().map(BackupCommands::json).toList());
            doc.put("newest", age.newest().map(ArchiveListing::name).orElse(null));
            doc.put("ageSeconds", age.age() == null ? null : age.age().toSeconds());
            doc.put("rpoSeconds", age.rpo().toSeconds());
            doc.put("overdue", age.overdue());
            doc.put("summary", age.describe());
            return print(doc, out -> {
                out.printf("%-28s %-20s %12s %-30s %-28s %s%n", "NAME", "CREATED", "BYTES", "COMPONENTS",
                        "CONTEXT", "VERIFIED");
                for (ArchiveListing a : listing) {
                    out.printf("%-28s %-20s %12d %-30s %-28s %s%n", a.name(),
                            a.created() == null ? "-" : a.created().toString(), a.size(),
                            String.join(",", a.components()), a.context() == null ? "-" : a.context(), state(a));
                }
                out.println(age.describe());
            }, age.overdue() ? OperationRunner.FAILED : OperationRunner.OK);
        }

        private int listBucket() {
            S3Location where = parse(bucketPrefix);
            BucketListing listing;
            try (S3Store store = new S3Store(s3.settings(where.bucket(), where.key()))) {
                listing = store.browse(Duration.ofMinutes(rpoMinutes));
            }
            boolean overdue = listing.newest().map(listing::overdue).orElse(true);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("location", listing.location());
            doc.put("archives", listing.archives().stream().map(a -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", a.name());
                m.put("key", a.key());
                m.put("created", a.created().toString());
                m.put("size", a.size());
                m.put("sha256", a.sha256());
                m.put("verified", BucketListing.verified(a));
                m.put("ageSeconds", listing.age(a).toSeconds());
                m.put("overdue", listing.overdue(a));
                return m;
            }).toList());
            doc.put("newest", listing.newest().map(RemoteArchive::name).orElse(null));
            doc.put("rpoSeconds", listing.rpo().toSeconds());
            doc.put("overdue", overdue);
            doc.put("summary", listing.describe());
            return print(doc, out -> {
                out.printf("%-28s %-20s %12s %-10s %s%n", "NAME", "CREATED", "BYTES", "VERIFIED", "AGE");
                for (RemoteArchive a : listing.archives()) {
                    out.printf("%-28s %-20s %12d %-10s %s%n", a.name(), a.created(), a.size(),
                            BucketListing.verified(a) ? "yes" : "no", listing.ageText(a));
                }
                out.println(listing.describe());
            }, overdue ? OperationRunner.FAILED : OperationRunner.OK);
        }
    }

    private static String state(ArchiveListing a) {
        return a.kind() == ArchiveListing.Kind.ARCHIVE ? a.verification().name().toLowerCase(Locale.ROOT)
                : a.kind().name().toLowerCase(Locale.ROOT) + (a.problem() == null ? "" : ": " + a.problem());
    }

    static Map<String, Object> json(ArchiveListing a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
        m.put("created", a.created() == null ? null : a.created().toString());
        m.put("size", a.size());
        m.put("components", a.components());
        m.put("context", a.context());
        m.put("verification", a.verification() == null ? null : a.verification().name().toLowerCase(Locale.ROOT));
        m.put("problem", a.problem());
        return m;
    }

    /** {@code verify FILE}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify an archive: recompute every entry's SHA-256 against its manifest and say exactly"
                    + " what is wrong (truncated, corrupted, missing or extra entries).",
                    "Exit codes: 0 intact, 1 damaged or unreadable, 2 usage."})
    public static final class Verify extends PrintingCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The archive.")
        Path file;

        @Override
        public Integer call() {
            VerifyResult result = ArchiveReader.verify(file, ProgressListener.none(), Cancellation.none());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", result.file().toString());
            doc.put("ok", result.ok());
            doc.put("size", result.size());
            doc.put("sha256", result.sha256());
            doc.put("entries", result.manifest() == null ? null : result.manifest().entries().size());
            doc.put("problems", result.problems().stream().map(p -> Map.of("kind",
                    p.kind().name().toLowerCase(Locale.ROOT), "entry", p.entry() == null ? "" : p.entry(),
                    "message", p.message())).toList());
            doc.put("summary", result.summary());
            return print(doc, out -> out.println(result.summary()),
                    result.ok() ? OperationRunner.OK : OperationRunner.FAILED);
        }
    }

    /**
     * Where the S3 bucket is and how to reach it, as {@code s3-sync} and {@code restore s3://…} take it: the region
     * and endpoint from options, the credentials from the standard AWS chain (never an option).
     */
    static final class S3Options {
        @Option(names = "--region", paramLabel = "R", description = "Region (default: from the environment).")
        String region;

        @Option(names = "--endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store.")
        URI endpoint;

        S3Settings settings(String bucket, String prefix) {
            return new S3Settings(bucket, prefix, region, endpoint, endpoint != null, null,
                    S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
        }
    }

    /** {@code restore FILE}, {@code restore s3://BUCKET/KEY}, {@code restore --latest s3://BUCKET/PREFIX/}. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore an archive (all of it, or --components). Verifies it first and refuses a"
                    + " damaged one. Prints the plan; asks for the namespace at a terminal, or goes ahead with --yes;"
                    + " a pre-restore backup is taken first.",
                    "SOURCE is a file, or s3://BUCKET/PREFIX/full_YYYYMMDDhhmmss.tar.gz, or with --latest"
                    + " s3://BUCKET/PREFIX/ for the newest archive under the prefix. An archive from S3 is"
                    + " downloaded into the backups directory (--dir; an interrupted download continues where it"
                    + " stopped), checked against the SHA-256 recorded at the upload and verified before anything in"
                    + " the cluster is touched. Credentials come from the standard AWS chain"
                    + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws), as for s3-sync.",
                    "Exit codes: 0 plan printed or restore done, 1 failed, refused or declined, 2 usage,"
                    + " 130 cancelled."})
    public static final class Restore extends ArchiveCommand {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "The archive: a file or s3://BUCKET/KEY.")
        String source;

        @Option(names = "--latest", description = "SOURCE is s3://BUCKET/PREFIX/: restore the newest archive there.")
        boolean latest;

        @Option(names = "--pod", paramLabel = "POD",
                description = "Prometheus replica for the TSDB (default: prometheus-0).")
        String pod;

        @Mixin
        S3Options s3;

        @Override
        void checkOptions() {
            super.checkOptions();
            if (latest && !S3Location.isS3(source)) {
                throw new UsageException("--latest needs an S3 prefix: restore --latest s3://BUCKET/PREFIX/");
            }
            if (S3Location.isS3(source)) {
                S3Location where = parse(source);
                if (!latest && !ArchiveNames.isArchiveName(where.name())) {
                    throw new UsageException(source + " does not name an archive (full_YYYYMMDDhhmmss.tar.gz); for"
                            + " the newest under a prefix use --latest s3://BUCKET/PREFIX/");
                }
            }
        }

        @Override
        int run(ClusterSession session, OperationRunner runner) {
            BackupDirectory into = dir.directory();
            Function<Path, RestoreOperation> restore = file -> RestoreOperation.of(session,
                    RestoreOperation.Options.defaults(), new RestoreOperation.Request(file, components(components),
                            pod, cipher, into.dir()));
            OperationRunner.ResultView<RestoreResult> view = OperationRunner.ResultView.of(
                    (r, out) -> r.steps().forEach(l -> out.println("done: " + l)), BackupCommands::json);
            if (!S3Location.isS3(source)) {
                return runner.run(restore.apply(Path.of(source)), view);
            }
            S3Location where = parse(source);
            String prefix = latest ? where.key() : where.prefix();
            S3Settings settings = s3.settings(where.bucket(), prefix);
            PrintWriter progress = spec.commandLine().getErr();
            progress.println("Archive from " + source + (latest ? " (the newest there)" : "") + "; downloading into "
                    + into.dir());
            progress.flush();
            return runner.run(new S3RestoreOperation(settings, latest ? null : where.name(), into, restore,
                    new DownloadPrinter(progress)), view);
        }
    }

    private static S3Location parse(String source) {
        try {
            return S3Location.parse(source);
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The download's notes, and its bytes every 10 %, on stderr (stdout may be the JSON document). */
    static final class DownloadPrinter implements ProgressListener {
        private final PrintWriter err;
        private long lastTenth = -1;

        DownloadPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void on(ProgressEvent event) {
            if (event instanceof ProgressEvent.Note n) {
                err.println(n.text());
                err.flush();
            } else if (event instanceof ProgressEvent.Bytes b && b.total() > 0) {
                long tenth = b.done() * 10 / b.total();
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    err.println("  " + b.done() + " of " + b.total() + " bytes");
                    err.flush();
                }
            }
        }
    }

    static Map<String, Object> json(RestoreResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preRestoreBackup", r.preRestoreBackup() == null ? null : r.preRestoreBackup().toString());
        m.put("created", r.created());
        m.put("replaced", r.replaced());
        m.put("unchanged", r.unchanged());
        m.put("blocksWritten", r.blocksWritten());
        m.put("seriesAnswering", r.seriesAnswering());
        m.put("silencesCreated", r.silencesCreated());
        m.put("steps", r.steps());
        return m;
    }

    /** {@code s3-sync}. */
    @Command(name = "s3-sync", mixinStandardHelpOptions = true,
            description = {"Upload the archives that are missing in the bucket (by key and SHA-256), list the bucket,"
                    + " and apply a retention policy locally and remotely (deleting asks, or needs --yes).",
                    "Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                    + " profiles, ...).", "Exit codes: 0 synced, 1 failed or incomplete, 2 usage, 130 cancelled."})
    public static final class S3Sync implements Callable<Integer> {
        @Option(names = "--bucket", paramLabel = "B", description = "Bucket (default: $S3_BACKUP_BUCKET).")
        String bucket;

        @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "Key prefix.")
        String prefix;

        @Mixin
        S3Options s3;

        @Option(names = "--retention-keep", paramLabel = "N", defaultValue = "0",
                description = "Keep the newest N archives.")
        int keep;

        @Option(names = "--retention-days", paramLabel = "D", defaultValue = "0",
                description = "Keep archives newer than D days.")
        int days;

        @Mixin
        DirOption dir;

        @Mixin
        RunOptions run;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String b = bucket != null ? bucket : System.getenv("S3_BACKUP_BUCKET");
            if (b == null || b.isBlank()) {
                throw new UsageException("no bucket: give --bucket or set S3_BACKUP_BUCKET");
            }
            if (keep < 0 || days < 0) {
                throw new UsageException("--retention-keep and --retention-days must not be negative");
            }
            S3Settings settings = s3.settings(b, prefix);
            RetentionPolicy policy = new RetentionPolicy(keep, days > 0 ? Duration.ofDays(days) : null);
            return run.runner(spec).run(S3SyncOperation.sync(settings, dir.directory(), policy),
                    OperationRunner.ResultView.of(BackupCommands::print, BackupCommands::json));
        }
    }

    private static void print(S3SyncOperation.Result r, PrintWriter out) {
        if (r.report() != null) {
            r.report().uploaded().forEach(n -> out.println("uploaded: " + n));
            r.report().replaced().forEach(n -> out.println("replaced: " + n));
            r.report().alreadyThere().forEach(n -> out.println("already there: " + n));
            r.report().skipped().forEach(n -> out.println("skipped: " + n));
            out.println(r.remote().size() + " archives in " + r.location());
        }
        r.deletedLocal().forEach(n -> out.println("deleted local: " + n));
        r.deletedRemote().forEach(n -> out.println("deleted remote: " + n));
    }

    static Map<String, Object> json(S3SyncOperation.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", r.location());
        if (r.report() != null) {
            m.put("uploaded", r.report().uploaded());
            m.put("replaced", r.report().replaced());
            m.put("alreadyThere", r.report().alreadyThere());
            m.put("skipped", r.report().skipped());
            m.put("bytesUploaded", r.report().bytesUploaded());
        }
        m.put("remote", r.remote().stream().map(a -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", a.name());
            x.put("size", a.size());
            x.put("sha256", a.sha256());
            return x;
        }).toList());
        m.put("deletedLocal", r.deletedLocal());
        m.put("deletedRemote", r.deletedRemote());
        return m;
    }
}

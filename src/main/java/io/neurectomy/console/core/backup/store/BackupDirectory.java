package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveNames;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.CheckRecord;
import io.neurectomy.console.core.backup.archive.Manifest;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The local backups directory: where archives are written, listed, verified and thinned out by retention.
 *
 * <p>The directory is a plain setting of the caller ({@link #defaultDir(AppDirs)} unless the user chose another).
 * Besides the archives it holds their {@link CheckRecord} sidecars ({@code full_….tar.gz.check.json}) and, only while
 * a backup runs, hidden temp files ({@code .full_….tar.gz.partial-…}); an interrupted download from S3 leaves its
 * partial file ({@code .full_….tar.gz.download-part}, listed as {@link ArchiveListing.Kind#PARTIAL}) and the state
 * it continues from ({@code .download-state}, not listed), and an interrupted multipart upload its state
 * ({@code .upload-state}, not listed) until the transfer is done.
 */
public final class BackupDirectory {
    private static final String PARTIAL = ".partial-";
    private static final String DOWNLOAD = ".download-";
    private static final String DOWNLOAD_PART = ".download-part";
    private static final String DOWNLOAD_STATE = ".download-state";
    private static final String UPLOAD_STATE = ".upload-state";

    private final Path dir;

    public BackupDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The default backups directory: {@code backups} under the user's data directory. */
    public static Path defaultDir(AppDirs dirs) {
        return dirs.dataDir().resolve("backups");
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The archive file called {@code name} in this directory. */
    public Path resolve(String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir)) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        return p;
    }

    /** Starts a new archive here; see {@link ArchiveWriter#create}. */
    public ArchiveWriter newArchive(ArchiveMetadata metadata, PassphraseCipher cipher, ProgressListener progress,
            Cancellation cancellation) {
        return ArchiveWriter.create(dir, metadata, cipher, progress, cancellation);
    }

    /** {@link #newArchive(ArchiveMetadata, PassphraseCipher, ProgressListener, Cancellation)} with a chosen clock. */
    public ArchiveWriter newArchive(ArchiveMetadata metadata, PassphraseCipher cipher, ProgressListener progress,
            Cancellation cancellation, Clock clock) {
        return ArchiveWriter.create(dir, metadata, cipher, progress, cancellation, clock);
    }

    /** Verifies the archive {@code name} of this directory; see {@link ArchiveReader#verify}. */
    public VerifyResult verify(String name, ProgressListener progress, Cancellation cancellation) {
        return ArchiveReader.verify(resolve(name), progress, cancellation);
    }

    /**
     * Every file in the directory, newest archive first, then the rest by name. Reads only each archive's header
     * ({@code archive.json}, a few kilobytes) and its check record; a damaged or foreign file becomes a listing that
     * says so and never stops the list. An absent directory lists as empty.
     */
    public List<ArchiveListing> list() {
        List<ArchiveListing> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BackupException("Cannot list the backups directory " + dir + ": " + e.getMessage()
                    + ". Check its permissions or choose another backups directory.", e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(CheckRecord.SUFFIX) || (name.startsWith(".") && (name.endsWith(".tmp")
                    || name.contains(DOWNLOAD_STATE) || name.contains(UPLOAD_STATE)))) {
                continue;
            }
            if (name.endsWith(DOWNLOAD_PART) && name.startsWith(".full_")) {
                out.add(new ArchiveListing(file, ArchiveListing.Kind.PARTIAL, null, sizeOf(file), List.of(), null,
                        null, false, ArchiveListing.Verification.NOT_VERIFIED, "an interrupted download from S3;"
                        + " downloading the archive again continues from here (safe to delete)"));
                continue;
            }
            if (name.startsWith(".full_") && (name.contains(PARTIAL) || name.contains(DOWNLOAD))) {
                out.add(new ArchiveListing(file, ArchiveListing.Kind.PARTIAL, null, sizeOf(file), List.of(), null,
                        null, false, ArchiveListing.Verification.NOT_VERIFIED, "left by a backup or download that"
                        + " was killed before it finished; safe to delete"));
                continue;
            }
            if (name.startsWith(".")) {
                continue;
            }
            out.add(describe(file));
        }
        out.sort(Comparator.comparing((ArchiveListing l) -> l.kind() == ArchiveListing.Kind.ARCHIVE ? 0 : 1)
                .thenComparing(l -> l.created() == null ? Instant.MIN : l.created(), Comparator.reverseOrder())
                .thenComparing(ArchiveListing::name));
        return out;
    }

    /** Reads the header of one file; never throws for a damaged file. */
    public static ArchiveListing describe(Path file) {
        String name = file.getFileName().toString();
        boolean named = ArchiveNames.isArchiveName(name);
        long size = sizeOf(file);
        Optional<CheckRecord> check = CheckRecord.read(file);
        ArchiveListing.Verification verification = check.map(c -> c.verified() ? ArchiveListing.Verification.VERIFIED
                : c.failed() ? ArchiveListing.Verification.FAILED : ArchiveListing.Verification.NOT_VERIFIED)
                .orElse(ArchiveListing.Verification.NOT_VERIFIED);
        String lastProblems = check.filter(CheckRecord::failed).map(c -> String.join("; ", c.problems()))
                .orElse(null);
        Manifest header;
        try {
            header = readHeader(file);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ArchiveListing(file, named ? ArchiveListing.Kind.UNREADABLE : ArchiveListing.Kind.FOREIGN,
                    ArchiveNames.timeOf(name).orElse(null), size, List.of(), null, null, false, verification,
                    (named ? "damaged: " : "not a console backup: ") + why);
        }
        if (header == null) {
            return new ArchiveListing(file, named ? ArchiveListing.Kind.UNREADABLE : ArchiveListing.Kind.FOREIGN,
                    ArchiveNames.timeOf(name).orElse(null), size, List.of(), null, null, false, verification,
                    named ? "damaged: it does not start with " + Manifest.INFO
                            : "not a console backup (no " + Manifest.INFO + ")");
        }
        return new ArchiveListing(file, ArchiveListing.Kind.ARCHIVE, header.created(), size,
                header.metadata().components(), header.metadata().context(), header.metadata().server(),
                header.secretsEncrypted(), verification, lastProblems);
    }

    private static Manifest readHeader(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                        new BufferedInputStream(raw, 8192), 8192), "UTF-8")) {
            TarArchiveEntry first = tar.getNextEntry();
            if (first == null || !first.getName().equals(Manifest.INFO) || first.getSize() > 1024 * 1024) {
                return null;
            }
            try {
                return Manifest.parse(tar.readAllBytes());
            } catch (IllegalArgumentException e) {
                throw new IOException(Manifest.INFO + " is invalid: " + e.getMessage(), e);
            }
        }
    }

    /** What {@code policy} would delete here now. Changes nothing. */
    public RetentionPlan planRetention(RetentionPolicy policy, Instant now) {
        List<RetentionPlan.Item> items = new ArrayList<>();
        for (ArchiveListing l : list()) {
            ArchiveNames.timeOf(l.name()).ifPresent(t -> items.add(new RetentionPlan.Item(l.name(), t, l.size())));
        }
        return policy.plan(items, now);
    }

    /**
     * Deletes what {@code plan} says (after the user confirmed it), with each archive's check record. An archive
     * already gone is skipped.
     *
     * @return the names deleted
     */
    public List<String> applyRetention(RetentionPlan plan) {
        List<String> deleted = new ArrayList<>();
        for (RetentionPlan.Item item : plan.delete()) {
            Path file = resolve(item.name());
            try {
                if (Files.deleteIfExists(file)) {
                    deleted.add(item.name());
                }
                Files.deleteIfExists(CheckRecord.sidecarOf(file));
            } catch (IOException e) {
                throw new BackupException("Cannot delete " + file + ": " + e.getMessage() + ". Deleted so far: "
                        + deleted + ".", e);
            }
        }
        return deleted;
    }

    /** Leftover temp files of backups or downloads that were killed (see {@link ArchiveListing.Kind#PARTIAL}). */
    static boolean isTempName(String name) {
        return name.startsWith(".full_") && (name.contains(PARTIAL) || name.contains(DOWNLOAD));
    }

    /** The partial file of an interrupted download of {@code archive}. */
    static String downloadPartName(String archive) {
        return "." + archive + DOWNLOAD_PART;
    }

    /** What the partial download of {@code archive} belongs to (object key, ETag, size, SHA-256). */
    static String downloadStateName(String archive) {
        return "." + archive + DOWNLOAD_STATE;
    }

    /** The state of an interrupted multipart upload of {@code archive} (upload id, parts done). */
    static Path uploadStateOf(Path archive) {
        return archive.resolveSibling("." + archive.getFileName() + UPLOAD_STATE);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}

package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one backup archive, {@code full_YYYYMMDDhhmmss.tar.gz}, streaming: each entry goes through a SHA-256 into
 * the tar, the gzip and the file as it comes, so memory stays at a few buffers whatever the size of the TSDB. gzip
 * runs on one thread per processor ({@link ParallelGzipOutputStream}: 256 KiB blocks, two per processor in flight)
 * and still makes one ordinary gzip stream.
 *
 * <p>Use: {@link #create}, then {@link #add(String, byte[])} for small entries (object YAML, silences),
 * {@link #addSecret} for Secret objects, {@link #add(String, long, InputStream)} for big ones (TSDB files taken from
 * a tar stream, whose sizes the tar headers give), then {@link #commit()}. Always in try-with-resources:
 *
 * <pre>{@code
 * try (ArchiveWriter w = ArchiveWriter.create(dir, metadata, cipherOrNull, progress, cancellation)) {
 *     w.expectTotal(snapshotBytes);                 // optional: gives the progress a total for its ETA
 *     w.add("objects/configmaps/prometheus-config.yaml", yaml);
 *     w.add("tsdb/01HX.../chunks/000001", size, tarIn);
 *     return w.commit();                            // atomically renamed into place
 * }                                                 // no commit (error, cancel): the temp file is deleted
 * }</pre>
 *
 * <p>The archive is written to a hidden temp file in the same directory ({@code .full_….tar.gz.partial-…}, mode
 * 0600), forced to disk and renamed only by {@link #commit()}. Any failure (source stream, full disk, cancel) deletes
 * the temp file before the exception leaves, and the writer is then unusable. Its first entry is
 * {@code archive.json} (the header, for cheap listing), its last {@code manifest.json} (every entry's size and hash);
 * see {@link Manifest}. Entry names are the caller's: relative {@code /}-paths, unique, without {@code ..}; the
 * cluster side uses {@code objects/<kind>/<name>.yaml}, {@code secrets/<name>.yaml}, {@code tsdb/<block>/…} and
 * {@code silences.json} (see docs/backups.md).
 *
 * <p>Not thread-safe: one thread writes, another may only {@link Cancellation#cancel()}.
 */
public final class ArchiveWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final int BUFFER = 64 * 1024;
    private static final long REPORT_EVERY = 1024 * 1024;

    /** Default gzip level: the fastest, see {@link #compressionLevel(int)}. */
    public static final int DEFAULT_LEVEL = Deflater.BEST_SPEED;

    private enum State { OPEN, COMMITTED, DISCARDED }

    private final Path dir;
    private final Path target;
    private final Path temp;
    private final ArchiveMetadata metadata;
    private final PassphraseCipher cipher;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final Instant created;
    private final FileChannel channel;
    private final HashingOutputStream file;
    private final BufferedOutputStream buffered;
    private final ParallelGzipOutputStream gzip;
    private final TarArchiveOutputStream tar;
    private final List<ManifestEntry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final byte[] buffer = new byte[BUFFER];
    private State state = State.OPEN;
    private long expectedTotal = -1;
    private long bytesIn;
    private long lastReport;

    private ArchiveWriter(Path dir, ArchiveMetadata metadata, PassphraseCipher cipher, ProgressListener progress,
            Cancellation cancellation, Instant created) throws IOException {
        this.dir = dir;
        this.metadata = metadata;
        this.cipher = cipher;
        this.progress = progress;
        this.cancellation = cancellation;
        this.created = created;
        String name = ArchiveNames.forTime(created);
        this.target = dir.resolve(name);
        if (Files.exists(target)) {
            throw new BackupException("An archive named " + name + " already exists in " + dir
                    + ": another backup started in the same second. Try again.");
        }
        this.temp = dir.resolve("." + name + ".partial-" + UUID.randomUUID().toString().substring(0, 8));
        this.channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly(dir));
        this.file = new HashingOutputStream(Channels.newOutputStream(channel));
        this.buffered = new BufferedOutputStream(file, BUFFER);
        this.gzip = new ParallelGzipOutputStream(buffered, DEFAULT_LEVEL);
        this.tar = new TarArchiveOutputStream(gzip, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Starts an archive in {@code dir} (created if missing) named after the current time.
     *
     * @param cipher       seals Secret entries; null when the user gave no passphrase ({@link #addSecret} then
     *                     refuses)
     * @param progress     receives {@link ProgressEvent.Bytes} events with the bytes taken in so far and the
     *                     expected total
     * @param cancellation checked between buffers; a cancel deletes the temp file
     */
    public static ArchiveWriter create(Path dir, ArchiveMetadata metadata, PassphraseCipher cipher,
            ProgressListener progress, Cancellation cancellation) {
        return create(dir, metadata, cipher, progress, cancellation, Clock.systemUTC());
    }

    /** {@link #create(Path, ArchiveMetadata, PassphraseCipher, ProgressListener, Cancellation)} with a chosen clock. */
    public static ArchiveWriter create(Path dir, ArchiveMetadata metadata, PassphraseCipher cipher,
            ProgressListener progress, Cancellation cancellation, Clock clock) {
        Objects.requireNonNull(metadata, "metadata");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BackupException("Cannot create the backups directory " + dir + " (" + e.getMessage()
                    + "). Choose another backups directory or fix its permissions.", e);
        }
        // Names have a resolution of one second: a backup right after another (a pre-restore backup, a retry)
        // waits for the next second rather than fail.
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (int tries = 0; tries < 3 && Files.exists(dir.resolve(ArchiveNames.forTime(created))); tries++) {
            long wait = created.plusSeconds(1).toEpochMilli() - clock.millis();
            if (wait > 0) {
                try {
                    Thread.sleep(Math.min(wait, 1_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OperationCancelledException();
                }
            }
            created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        ArchiveWriter writer;
        try {
            writer = new ArchiveWriter(dir, metadata, cipher, progress == null ? ProgressListener.none() : progress,
                    cancellation == null ? Cancellation.none() : cancellation, created);
        } catch (FileAlreadyExistsException e) {
            throw new BackupException("Cannot start a backup in " + dir + ": a temp file of the same name exists."
                    + " Try again.", e);
        } catch (IOException e) {
            throw new BackupException("Cannot write in the backups directory " + dir + " (" + e.getMessage()
                    + "). Choose another backups directory or fix its permissions.", e);
        }
        writer.writeInfo();
        return writer;
    }

    /** Name the archive will have ({@code full_….tar.gz}). */
    public String archiveName() {
        return target.getFileName().toString();
    }

    /** When the backup started (the time in its name). */
    public Instant created() {
        return created;
    }

    /** Whether Secrets can be added, i.e. a passphrase was given. */
    public boolean encryptsSecrets() {
        return cipher != null;
    }

    /**
     * Sets the gzip level for what follows (0–9; {@link #DEFAULT_LEVEL} unless changed). Level 1 is the default
     * because the bulk of a backup, TSDB chunks, is already compressed: higher levels cost several times the CPU for
     * a few percent (see docs/performance.md, "Backups").
     */
    public void compressionLevel(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip levels are 0 to 9");
        }
        checkOpen();
        try {
            gzip.level(level);
        } catch (IOException e) {
            throw failed(writeError(e, "the change of gzip level"));
        }
    }

    /** Tells the progress how many bytes the whole backup will take in (uncompressed), once the caller knows. */
    public void expectTotal(long bytes) {
        this.expectedTotal = bytes;
    }

    /** Bytes taken in so far (uncompressed entry data). */
    public long bytesIn() {
        return bytesIn;
    }

    /** Adds a small entry held in memory. */
    public void add(String name, byte[] content) {
        write(name, content, false);
    }

    /**
     * Adds a Secret object sealed under the passphrase.
     *
     * @throws SecretsNotEncryptedException when the writer has no passphrase; nothing is written and the writer
     *                                      stays usable
     */
    public void addSecret(String name, byte[] content) {
        checkOpen();
        if (cipher == null) {
            throw new SecretsNotEncryptedException(name);
        }
        write(name, cipher.seal(content), true);
    }

    /**
     * Adds a streamed entry of exactly {@code size} bytes read from {@code source}, which is left positioned right
     * after them (so a caller can stream the entries of a tar one after another). Memory use does not depend on
     * {@code size}.
     *
     * @throws BackupException when the source ends early or fails, or the disk is full; the temp file is deleted
     */
    public void add(String name, long size, InputStream source) {
        checkOpen();
        checkName(name);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        cancellation.check();
        try {
            HashingOutputStream entryHash = startEntry(name, size, false);
            long left = size;
            while (left > 0) {
                cancellation.check();
                int n;
                try {
                    n = source.read(buffer, 0, (int) Math.min(buffer.length, left));
                } catch (IOException e) {
                    throw failed(new BackupException("Reading " + name + " for the backup failed after "
                            + (size - left) + " of " + size + " bytes: " + e.getMessage() + ". Nothing was kept.",
                            e));
                }
                if (n < 0) {
                    throw failed(new BackupException("The data for " + name + " ended after " + (size - left)
                            + " of " + size + " bytes (the source stream broke off). Nothing was kept."));
                }
                entryHash.write(buffer, 0, n);
                left -= n;
                took(n);
            }
            finishEntry(name, size, entryHash, false);
        } catch (IOException e) {
            throw failed(writeError(e, name));
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private void write(String name, byte[] content, boolean encrypted) {
        checkOpen();
        checkName(name);
        cancellation.check();
        try {
            HashingOutputStream entryHash = startEntry(name, content.length, encrypted);
            entryHash.write(content, 0, content.length);
            took(content.length);
            finishEntry(name, content.length, entryHash, encrypted);
        } catch (IOException e) {
            throw failed(writeError(e, name));
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * Writes {@code manifest.json}, finishes the gzip stream, forces the file to disk and renames it into place, then
     * records its hash in its {@link CheckRecord} (as written, not yet verified).
     *
     * @throws BackupException when any of that fails; nothing is left behind then
     */
    public WrittenArchive commit() {
        checkOpen();
        cancellation.check();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, created, metadata,
                entries.stream().anyMatch(ManifestEntry::encrypted), entries);
        String sha256;
        long size;
        try {
            byte[] json = manifest.toJson(true);
            HashingOutputStream h = startEntry(Manifest.MANIFEST, json.length, false);
            h.write(json);
            tar.closeArchiveEntry();
            tar.finish();
            gzip.finish();
            buffered.flush();
            channel.force(true);
            tar.close();
            sha256 = file.hex();
            size = file.count();
            if (Files.exists(target)) {
                throw failed(new BackupException("An archive named " + archiveName() + " appeared in " + dir
                        + " while this backup was written; this one was not kept. Try again."));
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failed(writeError(e, Manifest.MANIFEST));
        } catch (RuntimeException e) {
            throw failed(e);
        }
        state = State.COMMITTED;
        progress.on(new ProgressEvent.Bytes(bytesIn, bytesIn));
        try {
            CheckRecord.write(target, sha256, null, List.of());
        } catch (IOException e) {
            // The archive is complete; without its record it is only "not verified" and re-hashed when synced.
            LOG.warn("Could not record the hash of {} next to it: {}", target, e.getMessage());
        }
        return new WrittenArchive(target, manifest, size, sha256);
    }

    /** Discards the archive unless {@link #commit()} succeeded: the temp file is deleted. Idempotent. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            discard();
        }
    }

    private void writeInfo() {
        Manifest info = new Manifest(Manifest.FORMAT_VERSION, created, metadata, cipher != null, List.of());
        byte[] json = info.toJson(false);
        try {
            TarArchiveEntry e = entry(Manifest.INFO, json.length, false);
            tar.putArchiveEntry(e);
            tar.write(json);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw failed(writeError(e, Manifest.INFO));
        }
    }

    private HashingOutputStream startEntry(String name, long size, boolean secret) throws IOException {
        tar.putArchiveEntry(entry(name, size, secret));
        // Never closed: closing would close the tar.
        return new HashingOutputStream(tar);
    }

    private void finishEntry(String name, long size, HashingOutputStream hash, boolean encrypted) throws IOException {
        tar.closeArchiveEntry();
        entries.add(new ManifestEntry(name, size, hash.hex(), encrypted));
        names.add(name);
    }

    private TarArchiveEntry entry(String name, long size, boolean secret) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        e.setMode(secret ? 0100600 : 0100644);
        e.setModTime(created.toEpochMilli());
        return e;
    }

    private void took(long n) {
        bytesIn += n;
        if (bytesIn - lastReport >= REPORT_EVERY) {
            lastReport = bytesIn;
            progress.on(new ProgressEvent.Bytes(bytesIn, expectedTotal));
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the archive " + archiveName() + " was already "
                    + (state == State.COMMITTED ? "committed" : "discarded after an error or a cancel"));
        }
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
                || name.contains("//") || name.indexOf('\0') >= 0
                || List.of(name.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw new IllegalArgumentException("invalid entry name '" + name + "': use a relative /-path without"
                    + " . or .. segments");
        }
        if (name.equals(Manifest.MANIFEST) || name.equals(Manifest.INFO)) {
            throw new IllegalArgumentException(name + " is reserved for the archive's own description");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("entry " + name + " was already added");
        }
    }

    private BackupException writeError(IOException e, String entry) {
        if (DiskErrors.isDiskFull(e, dir)) {
            long written = file.count();
            discard();
            long free = DiskErrors.usableSpace(dir);
            String need;
            if (expectedTotal > 0 && bytesIn > 0) {
                long estimate = (long) ((double) written * expectedTotal / bytesIn * 1.1);
                need = "free " + DiskErrors.megabytes(Math.max(estimate - free, DiskErrors.MB)) + " MB";
            } else {
                need = "free more than the " + DiskErrors.megabytes(written) + " MB written before the disk filled"
                        + " up";
            }
            return new BackupException("Disk full while writing " + archiveName() + " in " + dir + " (at " + entry
                    + ", " + DiskErrors.megabytes(written) + " MB written, " + DiskErrors.megabytes(Math.max(free, 0))
                    + " MB free now): " + need + " or choose another backups directory. The partial archive was"
                    + " deleted.", e);
        }
        return new BackupException("Writing " + archiveName() + " in " + dir + " failed at " + entry + ": "
                + (e.getMessage() == null ? e.toString() : e.getMessage()) + ". The partial archive was deleted.", e);
    }

    private RuntimeException failed(RuntimeException e) {
        discard();
        if (e instanceof OperationCancelledException && !(e.getMessage().contains("deleted"))) {
            return new OperationCancelledException("Backup cancelled; the partial archive " + archiveName()
                    + " was deleted.");
        }
        return e;
    }

    private void discard() {
        if (state != State.OPEN) {
            return;
        }
        state = State.DISCARDED;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} after a failure: {}", temp, e.getMessage());
        }
        // Stops the compressing threads and frees the deflaters without writing anything more.
        gzip.abort();
        try {
            // The writes it attempts fail on the aborted gzip stream and the closed channel.
            tar.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("closing the streams of {} after a failure: {}", temp, e.toString());
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Could not delete the partial archive {}: {}. Delete it by hand.", temp, e.getMessage());
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}

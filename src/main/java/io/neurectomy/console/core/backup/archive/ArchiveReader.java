package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads archives: {@link #verify} checks one completely, {@link #open} gives access to the entries of an archive
 * that passed verification, streaming, for restore.
 *
 * <p>{@link #open} verifies first and throws {@link ArchiveRejectedException} when anything is wrong, so a restore
 * never starts from a damaged archive. Reading then hashes every entry again and throws when it no longer matches
 * (the file changed after verification); a caller that must not act on bad data writes each entry somewhere
 * temporary and uses it only after its handler returned normally.
 */
public final class ArchiveReader {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReader.class);
    private static final int BUFFER = 64 * 1024;
    /** Largest manifest, archive.json or encrypted entry held in memory. */
    private static final int SMALL_LIMIT = 64 * 1024 * 1024;
    /**
     * How far an archive may expand: its decompressed bytes may be at most this many times the compressed bytes read
     * so far, plus {@link #EXPANSION_ALLOWANCE}. Backups (YAML, JSON, TSDB chunks) compress a few times; gzip cannot
     * do better than about 1000 times, which only long runs of the same byte reach (a decompression bomb).
     */
    static final int MAX_EXPANSION = 200;
    /** What any archive may expand to beyond {@link #MAX_EXPANSION} times its compressed bytes. */
    static final long EXPANSION_ALLOWANCE = 64L * 1024 * 1024;

    /** Receives one entry's content; the stream ends with the entry and must not be kept after returning. */
    @FunctionalInterface
    public interface EntryHandler {
        void accept(ManifestEntry entry, InputStream content) throws IOException;
    }

    /**
     * Most bytes of entries kept in memory from verification (see
     * {@link #open(Path, ProgressListener, Cancellation, Predicate)}).
     */
    private static final long KEEP_LIMIT = 64L * 1024 * 1024;

    private final Path file;
    private final VerifyResult verification;
    private final long modified;
    private final Map<String, byte[]> kept;

    private ArchiveReader(Path file, VerifyResult verification, long modified, Map<String, byte[]> kept) {
        this.file = file;
        this.verification = verification;
        this.modified = modified;
        this.kept = Map.copyOf(kept);
    }

    /**
     * Verifies {@code archive} and returns a reader for it.
     *
     * @throws ArchiveRejectedException when verification found any problem
     */
    public static ArchiveReader open(Path archive, ProgressListener progress, Cancellation cancellation) {
        return open(archive, progress, cancellation, name -> false);
    }

    /**
     * Verifies {@code archive} and returns a reader for it that also holds in memory the entries {@code keep}
     * accepts (as long as they fit in 64 MB together), read during verification. A later {@link #read} whose wanted
     * entries are all held does not read the file again: a restore plans from object YAML, silences and block
     * metadata without a second pass over a TSDB of many gigabytes.
     *
     * @throws ArchiveRejectedException when verification found any problem
     */
    public static ArchiveReader open(Path archive, ProgressListener progress, Cancellation cancellation,
            Predicate<String> keep) {
        long modified = modifiedOf(archive);
        Map<String, byte[]> kept = new HashMap<>();
        VerifyResult result = record(archive, scan(archive, progress, cancellation, keep, kept), Clock.systemUTC());
        if (!result.ok()) {
            throw new ArchiveRejectedException(result);
        }
        return new ArchiveReader(archive, result, modified, kept);
    }

    /**
     * Checks that the file is still the one verified (same size and modification time), before a restore changes
     * anything on the strength of an earlier verification.
     *
     * @throws BackupException when it changed
     */
    public void checkUnchanged() {
        if (modifiedOf(file) != modified || sizeOf(file) != verification.size()) {
            throw new BackupException("The archive " + file + " changed after it was verified. Verify it again.");
        }
    }

    /** The manifest of the verified archive. */
    public Manifest manifest() {
        return verification.manifest();
    }

    /** What verification found (nothing wrong). */
    public VerifyResult verification() {
        return verification;
    }

    /**
     * Checks {@code cipher} against the first encrypted entry, so a restore can stop before changing anything when
     * the passphrase is wrong.
     *
     * @throws BackupException saying the passphrase is wrong (or missing)
     */
    public void checkPassphrase(PassphraseCipher cipher) {
        manifest().entries().stream().filter(ManifestEntry::encrypted).findFirst()
                .ifPresent(first -> readBytes(first.name(), cipher));
    }

    /** The content of one (small) entry, decrypted when it is encrypted. */
    public byte[] readBytes(String name, PassphraseCipher cipher) {
        ManifestEntry entry = manifest().entry(name).orElseThrow(() -> new BackupException("The archive "
                + file.getFileName() + " has no entry " + name + "."));
        if (entry.size() > SMALL_LIMIT) {
            throw new IllegalArgumentException(name + " is too big to read into memory; use read()");
        }
        byte[][] out = new byte[1][];
        read(name, cipher, ProgressListener.none(), Cancellation.none(), (e, in) -> {
            if (e.name().equals(name)) {
                out[0] = in.readAllBytes();
            }
        });
        return out[0];
    }

    /**
     * Streams every entry whose name starts with {@code prefix} ({@code ""} for all; the archive's own
     * {@code archive.json} and {@code manifest.json} are not handed out) to {@code handler}, in archive order.
     * Encrypted entries arrive decrypted.
     *
     * @param cipher decrypts Secret entries; may be null when no encrypted entry matches {@code prefix}
     * @throws BackupException when an encrypted entry matches and the passphrase is missing or wrong, when an entry
     *                         no longer has its verified hash, or when reading fails
     */
    public void read(String prefix, PassphraseCipher cipher, ProgressListener progress, Cancellation cancellation,
            EntryHandler handler) {
        read(name -> name.startsWith(prefix), cipher, progress, cancellation, handler);
    }

    /**
     * {@link #read(String, PassphraseCipher, ProgressListener, Cancellation, EntryHandler)} for the entries
     * {@code wanted}
     * accepts, so that a restore of several components reads the archive once.
     */
    public void read(Predicate<String> wanted, PassphraseCipher cipher, ProgressListener progress,
            Cancellation cancellation, EntryHandler handler) {
        checkUnchanged();
        Set<String> remaining = new HashSet<>();
        for (ManifestEntry e : manifest().entries()) {
            if (wanted.test(e.name()) && !e.name().equals(Manifest.INFO) && !e.name().equals(Manifest.MANIFEST)) {
                remaining.add(e.name());
            }
        }
        if (kept.keySet().containsAll(remaining)) {
            readKept(remaining, cipher, cancellation, handler);
            return;
        }
        long total = verification.size();
        try (HashingInputStream raw = new HashingInputStream(Files.newInputStream(file));
                TarArchiveInputStream tar = tarOf(raw)) {
            TarArchiveEntry te;
            // The manifest lists every entry: once the last wanted one is handled, the rest need not be read.
            while (!remaining.isEmpty() && (te = tar.getNextEntry()) != null) {
                cancellation.check();
                String name = te.getName();
                if (!wanted.test(name) || name.equals(Manifest.INFO) || name.equals(Manifest.MANIFEST)) {
                    continue;
                }
                ManifestEntry entry = manifest().entry(name).orElseThrow(() -> changed(name));
                remaining.remove(name);
                if (entry.encrypted()) {
                    byte[] sealed = readSmall(tar, name);
                    if (!Hashes.sha256(sealed).equals(entry.sha256())) {
                        throw changed(name);
                    }
                    handler.accept(entry, new ByteArrayInputStream(open(entry, sealed, cipher)));
                } else {
                    HashingInputStream content = new HashingInputStream(tar);
                    handler.accept(entry, new FilterInputStream(content) {
                        @Override
                        public void close() {
                            // The handler must not close the archive under us.
                        }
                    });
                    content.skip(Long.MAX_VALUE);
                    if (content.count() != entry.size() || !content.hex().equals(entry.sha256())) {
                        throw changed(name);
                    }
                }
                progress.on(new ProgressEvent.Bytes(raw.count(), total));
            }
        } catch (IOException e) {
            throw new BackupException("Reading " + file + " failed: " + e.getMessage() + ". Verify the archive again"
                    + " before restoring from it.", e);
        }
    }

    /** The wanted entries held since verification, in archive order, without reading the file. */
    private void readKept(Set<String> wanted, PassphraseCipher cipher, Cancellation cancellation,
            EntryHandler handler) {
        try {
            for (ManifestEntry entry : manifest().entries()) {
                if (!wanted.contains(entry.name())) {
                    continue;
                }
                cancellation.check();
                byte[] content = kept.get(entry.name());
                handler.accept(entry, new ByteArrayInputStream(entry.encrypted() ? open(entry, content, cipher)
                        : content));
            }
        } catch (IOException e) {
            throw new BackupException("Reading " + file + " failed: " + e.getMessage() + ".", e);
        }
    }

    /** The plain content of an encrypted entry. */
    private static byte[] open(ManifestEntry entry, byte[] sealed, PassphraseCipher cipher) {
        if (cipher == null) {
            throw new BackupException(entry.name() + " is an encrypted Secret: give the passphrase the backup"
                    + " was made with, or leave Secrets out of the restore.");
        }
        try {
            return cipher.open(sealed);
        } catch (RuntimeException e) {
            throw new BackupException("Cannot decrypt " + entry.name() + ": the passphrase is wrong (or the"
                    + " entry was tampered with). Give the passphrase the backup was made with.", e);
        }
    }

    private BackupException changed(String name) {
        return new BackupException("The archive " + file.getFileName() + " changed after it was verified (" + name
                + " no longer matches its manifest). Verify it again; nothing from this entry should be used.");
    }

    /**
     * Reads {@code archive} completely: recomputes the hash of every entry and compares with the manifest, and says
     * exactly what is wrong. Records the outcome in the archive's {@link CheckRecord} so that list can show it.
     * Never throws for a damaged archive (that is a result); throws only when cancelled.
     */
    public static VerifyResult verify(Path archive, ProgressListener progress, Cancellation cancellation) {
        return verify(archive, progress, cancellation, Clock.systemUTC());
    }

    static VerifyResult verify(Path archive, ProgressListener progress, Cancellation cancellation, Clock clock) {
        return record(archive, scan(archive, progress, cancellation), clock);
    }

    /** Records {@code result} in the archive's {@link CheckRecord} so that list can show it; returns it. */
    private static VerifyResult record(Path archive, VerifyResult result, Clock clock) {
        try {
            if (result.size() >= 0 && Files.isRegularFile(archive)) {
                // A damaged file is hashed separately, so that its record ("failed") is tied to this very content.
                String sha256 = result.sha256() != null ? result.sha256() : Hashes.sha256(archive);
                CheckRecord.write(archive, sha256, result.ok() ? clock.instant() : null,
                        result.problems().stream().map(Problem::message).toList());
            }
        } catch (IOException e) {
            LOG.warn("Could not record the verification of {}: {}", archive, e.getMessage());
        }
        return result;
    }

    /** {@link #verify} without recording the outcome (for temp files). */
    public static VerifyResult scan(Path archive, ProgressListener progress, Cancellation cancellation) {
        return scan(archive, progress, cancellation, name -> false, new HashMap<>());
    }

    /**
     * {@link #scan(Path, ProgressListener, Cancellation)} that also puts into {@code kept} the content of the entries
     * {@code keep} accepts, while they fit in {@link #KEEP_LIMIT} together. Their hashes are checked with all the
     * others, so they are only used when the whole archive verified.
     */
    private static VerifyResult scan(Path archive, ProgressListener progress, Cancellation cancellation,
            Predicate<String> keep, Map<String, byte[]> kept) {
        long keptBytes = 0;
        List<Problem> problems = new ArrayList<>();
        long size = sizeOf(archive);
        Map<String, long[]> sizes = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        Manifest manifest = null;
        Manifest info = null;
        boolean afterManifest = false;
        boolean complete = false;
        String current = null;
        String sha256 = null;
        HashingInputStream raw = null;
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(archive))) {
            raw = in;
            TarArchiveInputStream tar;
            try {
                tar = tarOf(in);
            } catch (ZipException | EOFException e) {
                problems.add(new Problem(Problem.Kind.NOT_AN_ARCHIVE, null, archive.getFileName()
                        + " is not a gzip file: not a backup archive (or damaged at its very start)."));
                return new VerifyResult(archive, null, problems, size, null);
            }
            TarArchiveEntry te;
            byte[] buffer = new byte[BUFFER];
            int index = 0;
            int count = 0;
            long expanded = 0;
            long nextReport = 0;
            while ((te = tar.getNextEntry()) != null) {
                cancellation.check();
                String name = te.getName();
                current = name;
                if (++count > Manifest.MAX_ENTRIES + 2) {
                    throw new LimitHit(new Problem(Problem.Kind.LIMIT_EXCEEDED, null, archive.getFileName()
                            + " holds more than " + Manifest.MAX_ENTRIES + " entries; a backup holds a few thousand."
                            + " It was not read further: it is not an archive the console wrote (or it was tampered"
                            + " with). Use another copy."));
                }
                if (!te.isFile()) {
                    problems.add(new Problem(Problem.Kind.EXTRA_ENTRY, name, "Unexpected " + name
                            + " (not a regular file; backups hold only files)."));
                    continue;
                }
                if (hashes.containsKey(name)) {
                    problems.add(new Problem(Problem.Kind.EXTRA_ENTRY, name, name + " is in the archive twice."));
                }
                if (afterManifest) {
                    problems.add(new Problem(Problem.Kind.EXTRA_ENTRY, name, "Extra entry " + name
                            + " after the manifest: something was appended to the archive."));
                }
                boolean small = name.equals(Manifest.MANIFEST) || (name.equals(Manifest.INFO) && index == 0);
                if (small && te.getSize() > Manifest.MAX_BYTES) {
                    problems.add(new Problem(Problem.Kind.LIMIT_EXCEEDED, name, name + " has " + te.getSize()
                            + " bytes; a manifest has at most " + Manifest.MAX_BYTES / (1024 * 1024) + " MiB. It was"
                            + " not read: the archive was not written by the console (or was tampered with)."));
                    afterManifest |= name.equals(Manifest.MANIFEST);
                    small = false;
                }
                boolean keeping = !small && keep.test(name) && te.getSize() <= KEEP_LIMIT - keptBytes;
                HashingInputStream content = new HashingInputStream(tar);
                ByteArrayOutputStream held = small || keeping ? new ByteArrayOutputStream() : null;
                int n;
                while ((n = content.read(buffer)) > 0) {
                    if (held != null && held.size() < SMALL_LIMIT) {
                        held.write(buffer, 0, n);
                    }
                    expanded += n;
                    if (expanded > MAX_EXPANSION * in.count() + EXPANSION_ALLOWANCE) {
                        throw new LimitHit(new Problem(Problem.Kind.LIMIT_EXCEEDED, name, archive.getFileName()
                                + " expands " + where(name, in) + " to " + expanded / (1024 * 1024) + " MiB from "
                                + in.count() / 1024 + " KiB, more than " + MAX_EXPANSION + " times: a decompression"
                                + " bomb, not a backup. It was not read further. Use another copy."));
                    }
                    if (in.count() >= nextReport) {
                        nextReport = in.count() + 16 * BUFFER;
                        cancellation.check();
                        progress.on(new ProgressEvent.Bytes(in.count(), size));
                    }
                }
                hashes.put(name, content.hex());
                sizes.put(name, new long[] {content.count()});
                if (keeping && held.size() == content.count()) {
                    kept.put(name, held.toByteArray());
                    keptBytes += held.size();
                } else if (small) {
                    try {
                        Manifest parsed = Manifest.parse(held.toByteArray());
                        if (name.equals(Manifest.MANIFEST)) {
                            manifest = parsed;
                            afterManifest = true;
                        } else {
                            info = parsed;
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(Problem.Kind.MANIFEST_INVALID, name, name + " is not a valid"
                                + " manifest: " + e.getMessage() + "."));
                        afterManifest |= name.equals(Manifest.MANIFEST);
                    }
                }
                index++;
                progress.on(new ProgressEvent.Bytes(in.count(), size));
            }
            current = null;
            // Read to the end of the gzip stream so that its trailer (CRC and length) is checked too.
            while (tar.read(buffer) >= 0) {
                cancellation.check();
            }
            InputStream gzip = gzipUnder(tar);
            while (gzip.read(buffer) >= 0) {
                cancellation.check();
            }
            complete = true;
            in.skip(Long.MAX_VALUE);
            sha256 = in.hex();
        } catch (LimitHit e) {
            problems.add(e.problem);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(Problem.Kind.UNREADABLE, null, archive + " does not exist."));
            return new VerifyResult(archive, null, problems, -1, null);
        } catch (EOFException e) {
            problems.add(truncated(archive, current, raw, size));
        } catch (ZipException e) {
            boolean trailer = String.valueOf(e.getMessage()).contains("trailer");
            problems.add(new Problem(Problem.Kind.CORRUPTED, trailer ? null : current, "The compressed data of "
                    + archive.getFileName() + " is damaged " + (trailer ? "(its gzip checksum at the end does not"
                    + " match what was decompressed)" : where(current, raw) + " (" + e.getMessage() + ")")
                    + ": the file was changed or corrupted on disk or in transit."));
        } catch (IOException e) {
            if (isTruncation(e)) {
                problems.add(truncated(archive, current, raw, size));
            } else if (raw != null && raw.count() > 0) {
                problems.add(new Problem(Problem.Kind.CORRUPTED, current, archive.getFileName() + " is damaged "
                        + where(current, raw) + ": " + e.getMessage() + "."));
            } else {
                problems.add(new Problem(Problem.Kind.UNREADABLE, null, "Cannot read " + archive + ": "
                        + e.getMessage() + "."));
            }
        }
        compare(manifest, info, hashes, sizes, complete, problems);
        return new VerifyResult(archive, manifest, problems, size, complete ? sha256 : null);
    }

    private static void compare(Manifest manifest, Manifest info, Map<String, String> hashes,
            Map<String, long[]> sizes, boolean complete, List<Problem> problems) {
        if (manifest == null) {
            if (complete && problems.stream().noneMatch(p -> p.kind() == Problem.Kind.MANIFEST_INVALID
                    || p.kind() == Problem.Kind.LIMIT_EXCEEDED)) {
                problems.add(new Problem(Problem.Kind.MANIFEST_MISSING, Manifest.MANIFEST, "The archive has no "
                        + Manifest.MANIFEST + ": it was not written by the console, or not completely."));
            }
            return;
        }
        if (manifest.formatVersion() > Manifest.FORMAT_VERSION || manifest.formatVersion() < 1) {
            problems.add(new Problem(Problem.Kind.MANIFEST_INVALID, Manifest.MANIFEST, "The archive has format"
                    + " version " + manifest.formatVersion() + "; this console reads up to version "
                    + Manifest.FORMAT_VERSION + ". Use a newer console."));
        }
        if (info == null && hashes.containsKey(Manifest.INFO) == false) {
            problems.add(new Problem(Problem.Kind.MANIFEST_MISSING, Manifest.INFO, "The archive does not start with"
                    + " " + Manifest.INFO + "."));
        }
        Set<String> own = Set.of(Manifest.INFO, Manifest.MANIFEST);
        for (ManifestEntry e : manifest.entries()) {
            String actual = hashes.get(e.name());
            if (actual == null) {
                problems.add(new Problem(Problem.Kind.MISSING_ENTRY, e.name(), "Missing entry " + e.name()
                        + " (" + e.size() + " bytes): the manifest lists it but the archive does not hold it."));
            } else if (sizes.get(e.name())[0] != e.size()) {
                problems.add(new Problem(Problem.Kind.SIZE_MISMATCH, e.name(), "Entry " + e.name() + " is corrupted:"
                        + " it has " + sizes.get(e.name())[0] + " bytes, the manifest says " + e.size() + "."));
            } else if (!actual.equals(e.sha256())) {
                problems.add(new Problem(Problem.Kind.HASH_MISMATCH, e.name(), "Entry " + e.name() + " is corrupted:"
                        + " its SHA-256 is " + actual + ", the manifest says " + e.sha256() + "."));
            }
        }
        for (String name : hashes.keySet()) {
            if (!own.contains(name) && manifest.entry(name).isEmpty()) {
                problems.add(new Problem(Problem.Kind.EXTRA_ENTRY, name, "Extra entry " + name + ": the archive holds"
                        + " it but the manifest does not list it."));
            }
        }
    }

    private static Problem truncated(Path archive, String current, HashingInputStream raw, long size) {
        return new Problem(Problem.Kind.TRUNCATED, current, archive.getFileName() + " is truncated: it ends "
                + where(current, raw) + (size >= 0 ? " (the file has " + size + " bytes)" : "") + ". It was cut"
                + " short, e.g. by an interrupted copy or download or a full disk. Use another copy.");
    }

    private static String where(String entry, HashingInputStream raw) {
        String at = raw == null ? "" : "near byte " + raw.count();
        return entry == null ? at + " between entries" : "inside entry " + entry + " (" + at + ")";
    }

    private static boolean isTruncation(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("truncated") || m.contains("unexpected end") || m.contains("premature end");
    }

    private static TarArchiveInputStream tarOf(InputStream raw) throws IOException {
        GZIPInputStream gzip = new GZIPInputStream(new BufferedInputStream(raw, BUFFER), BUFFER);
        return new GzipTar(gzip);
    }

    private static InputStream gzipUnder(TarArchiveInputStream tar) {
        return ((GzipTar) tar).gzip;
    }

    /** A limit of the reader hit while scanning: reading stops and the problem is the result. */
    private static final class LimitHit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        LimitHit(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    /** A tar stream that remembers its gzip stream, to drain the gzip trailer after the tar's end. */
    private static final class GzipTar extends TarArchiveInputStream {
        private final GZIPInputStream gzip;

        GzipTar(GZIPInputStream gzip) {
            super(gzip, "UTF-8");
            this.gzip = gzip;
        }
    }

    /**
     * The whole content of {@code entry} from {@code content}, refused without reading it when the manifest gives it
     * more than {@code limit} bytes (and cut off at the limit should the stream hold more): for entries a restore
     * reads into memory, whose readers have limits of their own (object YAML, silences, block metadata).
     *
     * @throws BackupException naming the entry, its size and the limit
     */
    public static byte[] readWhole(ManifestEntry entry, InputStream content, long limit) throws IOException {
        if (entry.size() > limit) {
            throw tooBig(entry.name(), entry.size(), limit);
        }
        byte[] data = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, limit + 1));
        if (data.length > limit) {
            throw tooBig(entry.name(), data.length, limit);
        }
        return data;
    }

    private static BackupException tooBig(String name, long size, long limit) {
        return new BackupException(name + " has " + size + " bytes, more than the " + limit + " the restore reads"
                + " for such an entry: it was not written by the console (or was tampered with). Nothing was"
                + " restored from it; leave its component out of the restore, or use another backup.");
    }

    private static byte[] readSmall(InputStream in, String name) throws IOException {
        byte[] data = in.readNBytes(SMALL_LIMIT + 1);
        if (data.length > SMALL_LIMIT) {
            throw new BackupException(name + " is larger than " + SMALL_LIMIT / (1024 * 1024) + " MB, which an"
                    + " encrypted entry never is: the archive is damaged.");
        }
        return data;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long modifiedOf(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}

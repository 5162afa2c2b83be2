package io.neurectomy.console.bench;

import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.testing.CuttingProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A resumed S3 transfer against a full restart of the same transfer: an archive is uploaded (and downloaded) until
 * half of it has moved, the transfer is cancelled, and the second attempt either continues (the console's resume) or
 * starts from zero (its state removed first, as without resume). Time and bytes on the wire (counted by a relay in
 * front of S3Proxy) of the second attempt are printed. Usage: {@code S3ResumeBench [MiB (256)] [runs (3)]}.
 */
public final class S3ResumeBench {
    private static final long PART = 16L << 20;

    private S3ResumeBench() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("s3-resume-bench");
        try (S3Fixture s3 = new S3Fixture(work.resolve("s3"));
                CuttingProxy wire = new CuttingProxy(s3.endpoint().getPort())) {
            BackupDirectory local = new BackupDirectory(work.resolve("backups"));
            WrittenArchive archive = archive(local.dir(), (long) mib << 20);
            long size = archive.size();
            S3Settings settings = S3Settings.compatible(S3Fixture.BUCKET, "bench", wire.endpoint(), S3Fixture.KEYS)
                    .withParts(PART, PART);
            System.out.printf(Locale.ROOT, "archive %d bytes, parts of %d MiB, %d runs%n", size, PART >> 20, runs);
            System.out.printf(Locale.ROOT, "%-10s %-8s %10s %14s%n", "transfer", "second", "seconds", "MB on wire");
            List<String> lines = new ArrayList<>();
            try (S3Store store = new S3Store(settings)) {
                for (int run = 1; run <= runs; run++) {
                    for (boolean resume : new boolean[] {false, true}) {
                        interruptedUpload(store, archive, size);
                        if (!resume) {
                            Files.delete(archive.file().resolveSibling("." + archive.file().getFileName()
                                    + ".upload-state"));
                        }
                        long bytes = wire.bytesToServer();
                        long t0 = System.nanoTime();
                        store.upload(archive.file(), archive.sha256(), n -> { }, Cancellation.none());
                        lines.add(line("upload", resume, t0, wire.bytesToServer() - bytes));

                        BackupDirectory host = new BackupDirectory(work.resolve("host-" + run + "-" + resume));
                        interruptedDownload(store, archive, host, size);
                        if (!resume) {
                            try (Stream<Path> files = Files.list(host.dir())) {
                                for (Path f : files.toList()) {
                                    Files.delete(f);
                                }
                            }
                        }
                        bytes = wire.bytesToClient();
                        t0 = System.nanoTime();
                        store.fetch(archive.file().getFileName().toString(), host, null, null);
                        lines.add(line("download", resume, t0, wire.bytesToClient() - bytes));
                        System.out.println(lines.get(lines.size() - 2));
                        System.out.println(lines.get(lines.size() - 1));
                        deleteTree(host.dir());
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    private static String line(String what, boolean resume, long t0, long bytes) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "%-10s %-8s %10.2f %14.1f", what, resume ? "resumed" : "restart", seconds,
                bytes / 1e6);
    }

    private static void interruptedUpload(S3Store store, WrittenArchive archive, long size) {
        Cancellation cancel = new Cancellation();
        try {
            store.upload(archive.file(), archive.sha256(), n -> {
                if (n >= size / 2) {
                    cancel.cancel();
                }
            }, cancel);
            throw new IllegalStateException("the upload was not interrupted");
        } catch (OperationCancelledException expected) {
            // half done
        }
    }

    private static void interruptedDownload(S3Store store, WrittenArchive archive, BackupDirectory host, long size) {
        Cancellation cancel = new Cancellation();
        ProgressListener half = e -> {
            if (e instanceof ProgressEvent.Bytes b && b.done() >= size / 2) {
                cancel.cancel();
            }
        };
        try {
            store.fetch(archive.file().getFileName().toString(), host, half, cancel);
            throw new IllegalStateException("the download was not interrupted");
        } catch (OperationCancelledException expected) {
            // half done
        }
    }

    /** An archive with one entry of random bytes (TSDB chunks hardly compress). */
    private static WrittenArchive archive(Path dir, long bytes) {
        SplittableRandom random = new SplittableRandom(7);
        InputStream data = new InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
        try (ArchiveWriter w = ArchiveWriter.create(dir, new ArchiveMetadata("bench", "https://k", "monitoring",
                "bench", List.of("tsdb")), null, ProgressListener.none(), Cancellation.none())) {
            w.add("tsdb/01BENCH/chunks/000001", bytes, data);
            return w.commit();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}

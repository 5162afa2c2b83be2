package io.neurectomy.console.bench;

import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Backup throughput and heap: the console's archive writer on a generated TSDB-like directory against
 * {@code tar czf} of the same directory; verify; upload of the archive to S3Proxy with the console's S3 sync against
 * {@code /usr/bin/aws s3 cp} to the same server; the archive reads of a restore. Run with
 * {@code bench/backup.sh [MiB of TSDB (1200)] [work dir] [upload|restore]}.
 *
 * <p>Heap: a thread samples the used heap every 10 ms during each console run and reports the maximum; the script
 * runs this JVM with a small {@code -Xmx} so that finishing at all shows memory does not grow with the data. The
 * S3 server runs in a separate JVM ({@link S3ProxyServer}) so that its heap is not counted.
 */
public final class BackupBench {
    private static final double MB = 1_000_000.0;
    private static final String BUCKET = "bench";
    private static final String KEY = "AKIABENCH";
    private static final String SECRET = "bench-secret";

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1200;
        Path work = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
                : Files.createTempDirectory("backup-bench-");
        System.out.printf(Locale.ROOT, "machine: %d cpus, %s, Java %s, -Xmx %d MiB, load %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, load());
        try {
            String mode = args.length > 2 ? args[2] : "all";
            run(work, mib, mode.equals("upload") || mode.equals("restore"), mode);
        } finally {
            delete(work);
            System.out.println("cleaned up " + work);
        }
    }

    private static void run(Path work, long mib, boolean uploadOnly, String mode) throws Exception {
        Path tsdb = work.resolve("tsdb");
        long t = System.nanoTime();
        long bytes = TsdbGenerator.generate(tsdb, mib << 20, 42);
        System.out.printf(Locale.ROOT, "generated %s: %.0f MB in %d files (%.1f s)%n", tsdb, bytes / MB,
                countFiles(tsdb), seconds(t));

        // Warm-up: JIT on a small directory.
        Path warm = work.resolve("warm");
        TsdbGenerator.generate(warm.resolve("tsdb"), 64L << 20, 7);
        writeArchive(warm.resolve("tsdb"), warm.resolve("out"));
        delete(warm);

        WrittenArchive archive = null;
        Map<Integer, Double> consoleTimes = new HashMap<>();
        for (int level : uploadOnly ? List.of(1) : List.of(1, 6)) {
            Path out = work.resolve("console-" + level);
            HeapSampler heap = HeapSampler.start();
            t = System.nanoTime();
            double cpu = processCpuSeconds();
            WrittenArchive written = writeArchive(tsdb, out, level);
            double consoleSeconds = seconds(t);
            cpu = processCpuSeconds() - cpu;
            heap.stop();
            consoleTimes.put(level, consoleSeconds);
            System.out.printf(Locale.ROOT, "console archive, gzip level %d: %.1f s, %.1f MB/s in, archive %.0f MB"
                    + " (%.1f %%), CPU %.1f s, %s%n", level, consoleSeconds, bytes / MB / consoleSeconds,
                    written.size() / MB, 100.0 * written.size() / bytes, cpu, heap);
            if (archive == null) {
                archive = written;
            } else {
                delete(out);
            }
        }
        for (String level : uploadOnly ? List.<String>of() : List.of("1", "6")) {
            Path tarOut = work.resolve("tar.tar.gz");
            t = System.nanoTime();
            double cpu = childrenCpuSeconds();
            exec(List.of("tar", "-I", "gzip -" + level, "-cf", tarOut.toString(), "-C", tsdb.toString(), "."),
                    Map.of());
            double tarSeconds = seconds(t);
            cpu = childrenCpuSeconds() - cpu;
            System.out.printf(Locale.ROOT, "tar -I 'gzip -%s' -cf (6 = tar czf): %.1f s, %.1f MB/s in, archive %.0f"
                    + " MB, CPU %.1f s%n", level, tarSeconds, bytes / MB / tarSeconds, Files.size(tarOut) / MB, cpu);
            System.out.printf(Locale.ROOT, "ratio console / %s, archive writing at level %s (speed, > 1 = console"
                    + " faster): %.2f%n", level.equals("1") ? "tar -I 'gzip -1'" : "tar czf", level,
                    tarSeconds / consoleTimes.get(Integer.parseInt(level)));
            Files.delete(tarOut);
        }
        if (!uploadOnly) {
            exec(List.of("gzip", "-t", archive.file().toString()), Map.of());
            long single = singleStreamSize(archive.file());
            System.out.printf(Locale.ROOT, "gzip -t of the console's level-1 archive: ok; the same tar in one"
                    + " single-threaded gzip stream at level 1 (the writer before): %.0f MB, console / single stream"
                    + " %.4f%n", single / MB, (double) archive.size() / single);
        }

        HeapSampler heap = HeapSampler.start();
        t = System.nanoTime();
        VerifyResult verified = ArchiveReader.verify(archive.file(), ProgressListener.none(), Cancellation.none());
        double verifySeconds = seconds(t);
        heap.stop();
        System.out.printf(Locale.ROOT, "console verify: %s, %.1f s, %.1f MB/s of archive, %s%n",
                verified.ok() ? "intact" : "DAMAGED", verifySeconds, archive.size() / MB / verifySeconds, heap);
        t = System.nanoTime();
        exec(List.of("sh", "-c", "gzip -dc '" + archive.file() + "' | sha256sum > /dev/null"), Map.of());
        System.out.printf(Locale.ROOT, "gzip -dc | sha256sum: %.1f s%n", seconds(t));
        delete(tsdb);

        if (!mode.equals("upload")) {
            restoreReads(archive);
        }
        if (!mode.equals("restore")) {
            upload(work, archive);
        }
    }

    /**
     * The archive reads of a restore of the TSDB with its plan. Before: plan verified the archive, then read it
     * through for the block sizes and meta.json files; the restore verified it again, read it for objects and
     * silences, and read it a last time for the blocks. Now: plan verifies once and keeps the small entries (block
     * sizes come from the manifest); the restore reuses that verification and reads the file once, for the blocks.
     * Both sides use today's reader, whose reads stop after the last wanted entry, so "before" is slightly
     * flattered.
     */
    private static void restoreReads(WrittenArchive archive) {
        Predicate<String> meta = n -> n.startsWith("tsdb/") && n.endsWith("/meta.json");
        Predicate<String> small = n -> n.startsWith("objects/") || n.equals("silences.json") || meta.test(n);
        ArchiveReader.EntryHandler drain = (entry, in) -> in.transferTo(OutputStream.nullOutputStream());
        long t = System.nanoTime();
        ArchiveReader before = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none());
        before.read(n -> n.startsWith("tsdb/") || small.test(n), null, ProgressListener.none(), Cancellation.none(),
                (entry, in) -> {
                    if (meta.test(entry.name())) {
                        in.readAllBytes();
                    }
                });
        before = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none());
        before.read(n -> small.test(n) && !n.startsWith("tsdb/"), null, ProgressListener.none(), Cancellation.none(),
                drain);
        before.read(n -> n.startsWith("tsdb/"), null, ProgressListener.none(), Cancellation.none(), drain);
        double beforeSeconds = seconds(t);
        t = System.nanoTime();
        ArchiveReader now = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none(), small);
        now.read(small, null, ProgressListener.none(), Cancellation.none(), drain);
        now.checkUnchanged();
        now.read(n -> small.test(n) && !n.startsWith("tsdb/"), null, ProgressListener.none(), Cancellation.none(),
                drain);
        now.read(n -> n.startsWith("tsdb/"), null, ProgressListener.none(), Cancellation.none(), drain);
        double nowSeconds = seconds(t);
        System.out.printf(Locale.ROOT, "restore reads (plan + TSDB restore), %.0f MB archive: before %.1f s (5"
                + " passes), now %.1f s (2 passes)%n", archive.size() / MB, beforeSeconds, nowSeconds);
    }

    private static void upload(Path work, WrittenArchive archive) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                S3ProxyServer.class.getName(), work.resolve("s3").toString(), BUCKET, KEY, SECRET)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready;
            while ((ready = lines.readLine()) != null && !ready.startsWith("READY ")) {
                // S3Proxy's own output
            }
            if (ready == null) {
                throw new IllegalStateException("S3Proxy did not start");
            }
            URI endpoint = URI.create("http://127.0.0.1:" + ready.substring(6).trim());
            double size = archive.size() / MB;
            // Warm-up: JIT, connection pool and the S3Proxy JVM, with a 32 MiB object.
            Path warm = work.resolve("warm.bin");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            SplittableRandom random = new SplittableRandom(1);
            try (OutputStream out = Files.newOutputStream(warm)) {
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 32; i++) {
                    random.nextBytes(chunk);
                    digest.update(chunk);
                    out.write(chunk);
                }
            }
            try (S3Store store = new S3Store(S3Settings.compatible(BUCKET, "warm", endpoint,
                    new S3Settings.Credentials(KEY, SECRET)).withParts(8L << 20, 8L << 20))) {
                store.upload(warm, HexFormat.of().formatHex(digest.digest()), n -> { },
                        Cancellation.none());
            }
            exec(List.of("/usr/bin/aws", "s3", "cp", "--only-show-errors", "--endpoint-url", endpoint.toString(),
                    warm.toString(), "s3://" + BUCKET + "/aws-warm/warm.bin"), awsEnv());
            Files.delete(warm);

            for (long part : List.of(S3Settings.DEFAULT_PART_SIZE, 8L << 20)) {
                S3Settings settings = S3Settings.compatible(BUCKET, "console-" + (part >> 20) + "m", endpoint,
                        new S3Settings.Credentials(KEY, SECRET)).withParts(part, part);
                try (S3Store store = new S3Store(settings)) {
                    store.checkAccess();
                    HeapSampler heap = HeapSampler.start();
                    long t = System.nanoTime();
                    RemoteArchive remote = store.upload(archive.file(), archive.sha256(), n -> { },
                            Cancellation.none());
                    double s = seconds(t);
                    heap.stop();
                    System.out.printf(Locale.ROOT, "console upload (%d MiB parts): %.1f s, %.1f MB/s, %.0f MB, %s,"
                            + " checksum %s%n", part >> 20, s, size / s, remote.size() / MB, heap,
                            remote.sha256().equals(archive.sha256()) ? "ok" : "WRONG");
                }
            }
            long t = System.nanoTime();
            exec(List.of("/usr/bin/aws", "s3", "cp", "--only-show-errors", "--endpoint-url", endpoint.toString(),
                    archive.file().toString(), "s3://" + BUCKET + "/aws/" + archive.file().getFileName()),
                    awsEnv());
            double s = seconds(t);
            System.out.printf(Locale.ROOT, "aws s3 cp (8 MiB parts, 10 threads): %.1f s, %.1f MB/s%n", s, size / s);
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Size of the archive's tar recompressed as one gzip stream at level 1 on one thread. */
    private static long singleStreamSize(Path archive) throws IOException {
        CountingSink sink = new CountingSink();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16);
                OutputStream gz = new GZIPOutputStream(sink, 1 << 16) {
                    {
                        def.setLevel(1);
                    }
                }) {
            in.transferTo(gz);
        }
        return sink.count;
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static Map<String, String> awsEnv() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    }

    static WrittenArchive writeArchive(Path tsdb, Path out) throws IOException {
        return writeArchive(tsdb, out, ArchiveWriter.DEFAULT_LEVEL);
    }

    static WrittenArchive writeArchive(Path tsdb, Path out, int level) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(tsdb)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        ArchiveMetadata meta = new ArchiveMetadata("bench", "https://bench:6443", "monitoring", "bench",
                List.of("tsdb"));
        try (ArchiveWriter w = ArchiveWriter.create(out, meta, null, ProgressListener.none(), Cancellation.none())) {
            w.compressionLevel(level);
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    w.add("tsdb/" + tsdb.relativize(f).toString().replace('\\', '/'), Files.size(f), in);
                }
            }
            return w.commit();
        }
    }

    /**
     * Samples the heap every 10 ms: the maximum used (garbage included, so it tends towards -Xmx under allocation)
     * and the maximum left after a collection (the sum of the pools' usage after their last GC: the live data).
     */
    static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final Thread thread;

        private HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            List<java.lang.management.MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null)
                    .toList();
            thread = new Thread(() -> {
                while (running.get()) {
                    max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    maxAfterGc.accumulateAndGet(pools.stream().mapToLong(p -> p.getCollectionUsage().getUsed())
                            .sum(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            System.gc();
            HeapSampler s = new HeapSampler();
            s.thread.start();
            return s;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap max used %.0f MB, max after GC %.0f MB", max.get() / MB,
                    maxAfterGc.get() / MB);
        }
    }

    private static void exec(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + output);
        }
    }

    /** CPU time of this JVM, all threads (compressing, writing, GC). */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU time of this JVM's reaped children and theirs (tar and its gzip), from /proc/self/stat, 100 Hz ticks. */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the name: state is field 3, cutime and cstime are fields 16 and 17.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceAll(".*:\\s*", ""))
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Writes a directory shaped like a Prometheus TSDB snapshot: 2-hour blocks, each with {@code chunks/000001…}
     * (segments up to 128 MiB), {@code index}, {@code meta.json} and {@code tombstones}. Chunk data is mostly
     * random (real chunks are XOR/Gorilla-compressed and gzip gains little on them); the index is label text and
     * numbers, which compress well.
     */
    static final class TsdbGenerator {
        private static final int SEGMENT = 128 << 20;

        private TsdbGenerator() {
        }

        static long generate(Path dir, long total, long seed) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            long blockSize = Math.min(total, 256L << 20);
            long written = 0;
            int block = 0;
            while (written < total) {
                long size = Math.min(blockSize, total - written);
                String id = String.format(Locale.ROOT, "01JBENCH%018d", block++);
                Path b = Files.createDirectories(dir.resolve(id).resolve("chunks"));
                long index = size / 10;
                long chunks = size - index;
                int segment = 1;
                for (long left = chunks; left > 0; left -= SEGMENT) {
                    written += fill(b.resolve(String.format(Locale.ROOT, "%06d", segment++)),
                            Math.min(left, SEGMENT), random, 0.05);
                }
                written += fill(dir.resolve(id).resolve("index"), index, random, 0.7);
                written += write(dir.resolve(id).resolve("meta.json"), ("{\"ulid\":\"" + id + "\",\"minTime\":"
                        + block * 7_200_000L + ",\"maxTime\":" + (block + 1) * 7_200_000L + ",\"stats\":{"
                        + "\"numSamples\":" + size / 2 + "},\"compaction\":{\"level\":1,\"sources\":[\"" + id
                        + "\"]},\"version\":1}\n").getBytes(StandardCharsets.UTF_8));
                written += write(dir.resolve(id).resolve("tombstones"), new byte[] {0, 0x13, 0x0e, 0x3a, 1, 0, 0,
                        0, 0});
            }
            return written;
        }

        private static long write(Path file, byte[] content) throws IOException {
            Files.write(file, content);
            return content.length;
        }

        /** {@code textShare} of each buffer is label-like text, the rest random bytes. */
        private static long fill(Path file, long size, SplittableRandom random, double textShare) throws IOException {
            byte[] buffer = new byte[1 << 20];
            byte[] text = ("{__name__=\"http_requests_total\",job=\"api\",instance=\"10.0.%d.%d:9100\","
                    + "code=\"200\"}").getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; ) {
                    int n = (int) Math.min(buffer.length, left);
                    int textBytes = (int) (n * textShare);
                    for (int i = 0; i < textBytes; i++) {
                        buffer[i] = text[i % text.length];
                        if (i % 61 == 0) {
                            buffer[i] = (byte) ('0' + random.nextInt(10));
                        }
                    }
                    for (int i = textBytes; i < n; i += 8) {
                        long r = random.nextLong();
                        for (int k = 0; k < 8 && i + k < n; k++) {
                            buffer[i + k] = (byte) (r >>> (8 * k));
                        }
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
            return size;
        }
    }
}

package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parallel gzip stream: one standard gzip stream, the ratio of a single stream, bounded memory, errors. */
class ParallelGzipOutputStreamTest {
    /** Small blocks, so that a few hundred KB make many of them. */
    private static final int BLOCK = 64 * 1024;
    private static final int THREADS = 2;

    @TempDir
    Path temp;

    @AfterEach
    void noCompressingThreadOutlivesItsStream() {
        assertThat(gzipThreads()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 7 * BLOCK + 12_345})
    void roundTripsThroughGzipInputStreamByteExact(int size) throws IOException {
        byte[] data = mixed(size, size);
        byte[] gz = compress(data, 1, 64 * 1024);
        assertThat(gunzip(gz)).isEqualTo(data);
    }

    @Test
    void roundTripsWhateverTheWriteSizesAndSingleBytes() throws IOException {
        byte[] data = mixed(3 * BLOCK + 77, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, BLOCK, THREADS)) {
            int i = 0;
            Random r = new Random(5);
            while (i < data.length) {
                if (r.nextInt(4) == 0) {
                    gz.write(data[i++]);
                } else {
                    int n = Math.min(data.length - i, r.nextInt(3 * BLOCK));
                    gz.write(data, i, n);
                    i += n;
                }
            }
        }
        assertThat(gunzip(out.toByteArray())).isEqualTo(data);
    }

    @Test
    void finishEndsTheStreamAndLeavesTheUnderlyingOneOpenToFlush() throws IOException {
        byte[] data = mixed(BLOCK + 5, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, BLOCK, THREADS);
        gz.write(data);
        gz.flush();
        gz.finish();
        gz.flush();
        assertThat(gunzip(out.toByteArray())).isEqualTo(data);
        assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class).hasMessageContaining("finished");
        gz.close();
        assertThat(gunzip(out.toByteArray())).isEqualTo(data);
    }

    @Test
    void manyBlocksOfMixedDataRoundTripAndRealGzipAcceptsThem() throws IOException, InterruptedException {
        byte[] data = mixed(40 * BLOCK + 999, 11);
        byte[] gz = compress(data, 1, 8192);
        assertThat(gunzip(gz)).isEqualTo(data);
        Path file = temp.resolve("data.gz");
        Files.write(file, gz);
        assertThat(run(List.of("/usr/bin/gzip", "-t", file.toString())).exitCode).isZero();
        Result dc = run(List.of("/usr/bin/gzip", "-dc", file.toString()));
        assertThat(dc.exitCode).isZero();
        assertThat(dc.stdout).isEqualTo(data);
    }

    @Test
    void realGzipAcceptsEmptyAndOneByteStreams() throws IOException, InterruptedException {
        for (byte[] data : List.of(new byte[0], new byte[] {42})) {
            Path file = temp.resolve("small-" + data.length + ".gz");
            Files.write(file, compress(data, 1, 1024));
            assertThat(run(List.of("/usr/bin/gzip", "-t", file.toString())).exitCode).isZero();
            assertThat(run(List.of("/usr/bin/gzip", "-dc", file.toString())).stdout).isEqualTo(data);
        }
    }

    @Test
    void levelChangesApplyToWhatIsWrittenAfterThem() throws IOException, InterruptedException {
        byte[] text = text(BLOCK * 5 / 2, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, BLOCK, THREADS)) {
            gz.write(text);
            all.write(text);
            gz.level(9);
            gz.write(text, 0, 1000);
            all.write(text, 0, 1000);
            gz.level(0);
            gz.write(text);
            all.write(text);
            gz.level(6);
            gz.write(text);
            all.write(text);
        }
        // Level 0 stores: the middle copy costs its size; the two compressed copies a fraction of theirs. Were level 0
        // applied to all, the output would be three times as big; to none, smaller than one copy.
        assertThat(out.size()).isBetween(text.length, text.length * 101 / 100 + text.length / 2);
        assertThat(gunzip(out.toByteArray())).isEqualTo(all.toByteArray());
        Path file = temp.resolve("levels.gz");
        Files.write(file, out.toByteArray());
        assertThat(run(List.of("/usr/bin/gzip", "-dc", file.toString())).stdout).isEqualTo(all.toByteArray());
    }

    /** Without the previous block as dictionary, every block would pay again for the repeated content. */
    @ParameterizedTest
    @ValueSource(ints = {1, 6})
    void compressibleDataAcrossBlocksCompressesLikeOneGzipStream(int level) throws IOException {
        // A random 20 KB stretch repeated: it repeats across every block boundary, within deflate's 32 KiB window.
        byte[] unit = random(20_000, level);
        byte[] data = new byte[64 * BLOCK];
        for (int i = 0; i < data.length; i++) {
            data[i] = unit[i % unit.length];
        }
        byte[] parallel = compress(data, level, 64 * 1024);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(single, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(data);
        }
        assertThat(gunzip(parallel)).isEqualTo(data);
        assertThat((double) parallel.length).isLessThanOrEqualTo(single.size() * 1.03);

        // And text such as an index's labels, in ordinary blocks.
        byte[] text = text(4 << 20, 9);
        byte[] textParallel = compress(text, level, 64 * 1024, ParallelGzipOutputStream.DEFAULT_BLOCK);
        ByteArrayOutputStream textSingle = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(textSingle, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(text);
        }
        assertThat((double) textParallel.length).isLessThanOrEqualTo(textSingle.size() * 1.02);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 20})
    void anUnderlyingWriteErrorSurfacesAsIOExceptionAndStopsTheThreads(int failingWrite) {
        byte[] data = random(40 * BLOCK, failingWrite);
        OutputStream disk = new OutputStream() {
            int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == failingWrite) {
                    throw new IOException("No space left on device");
                }
            }
        };
        assertThatThrownBy(() -> {
            try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(disk, 1, BLOCK, THREADS)) {
                for (int i = 0; i < data.length; i += 10_000) {
                    gz.write(data, i, Math.min(10_000, data.length - i));
                }
            }
        }).isInstanceOf(IOException.class).satisfies(e -> assertThat(chain(e)).contains("No space left on device"));
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void afterAnErrorEveryCallFailsWithTheCause() throws IOException {
        OutputStream broken = new OutputStream() {
            boolean headerWritten;

            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (headerWritten) {
                    throw new IOException("disk gone");
                }
                headerWritten = true;
            }
        };
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(broken, 1, BLOCK, THREADS);
        byte[] data = random(20 * BLOCK, 4);
        assertThatThrownBy(() -> gz.write(data)).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThatThrownBy(() -> gz.write(data, 0, 10)).isInstanceOf(IOException.class)
                .hasRootCauseMessage("disk gone");
        assertThatThrownBy(gz::close).isInstanceOf(IOException.class).hasRootCauseMessage("disk gone");
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void aFailureInACompressingThreadSurfacesOnTheNextCall() throws IOException {
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(OutputStream.nullOutputStream(), 1, BLOCK,
                THREADS);
        gz.beforeDeflate(n -> {
            if (n == 3) {
                throw new IllegalStateException("deflater broke");
            }
        });
        byte[] data = random(BLOCK, 8);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                gz.write(data);
            }
            gz.finish();
        }).isInstanceOf(IOException.class).hasRootCauseMessage("deflater broke");
        assertThatThrownBy(gz::close).isInstanceOf(IOException.class).hasRootCauseMessage("deflater broke");
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void abortStopsTheThreadsWithoutWritingMore() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, BLOCK, THREADS);
        gz.write(random(10 * BLOCK, 2));
        gz.abort();
        int size = out.size();
        assertThat(gzipThreads()).isEmpty();
        assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        gz.close();
        assertThat(out.size()).isEqualTo(size);
    }

    @Test
    void atMostTheWindowOfBlocksIsInFlightWhateverTheSize() throws IOException {
        // 64 MiB: blocks in flight and blocks allocated stay within the window.
        byte[] chunk = mixed(1 << 20, 21);
        MessageDigest expected = Hashes.sha256();
        Path file = temp.resolve("big.gz");
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1, BLOCK, THREADS);
        try (gz) {
            for (int i = 0; i < 64; i++) {
                chunk[i] ^= (byte) (i + 1);
                gz.write(chunk);
                expected.update(chunk);
                assertThat(gz.maxInFlight()).isLessThanOrEqualTo(gz.window());
            }
        }
        assertThat(gz.window()).isEqualTo(2 * THREADS);
        assertThat(gz.maxInFlight()).isEqualTo(gz.window());
        assertThat(gz.blocksAllocated()).isLessThanOrEqualTo(gz.window() + 1);
        // And the output is the whole data.
        MessageDigest actual = Hashes.sha256();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                actual.update(buffer, 0, n);
            }
        }
        assertThat(actual.digest()).isEqualTo(expected.digest());
    }

    // --- helpers

    private static byte[] compress(byte[] data, int level, int writeSize) throws IOException {
        return compress(data, level, writeSize, BLOCK);
    }

    private static byte[] compress(byte[] data, int level, int writeSize, int block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, block, THREADS)) {
            for (int i = 0; i < data.length; i += writeSize) {
                gz.write(data, i, Math.min(writeSize, data.length - i));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Alternating stretches of label-like text and random bytes. */
    private static byte[] mixed(int size, long seed) {
        Random r = new Random(seed);
        byte[] text = text(Math.max(size, 1), seed);
        byte[] b = new byte[size];
        int i = 0;
        while (i < size) {
            int n = Math.min(size - i, 1 + r.nextInt(50_000));
            if (r.nextBoolean()) {
                System.arraycopy(text, i, b, i, n);
            } else {
                byte[] noise = new byte[n];
                r.nextBytes(noise);
                System.arraycopy(noise, 0, b, i, n);
            }
            i += n;
        }
        return b;
    }

    private static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(size + 200);
        while (s.length() < size) {
            s.append("{__name__=\"http_requests_total\",job=\"api\",instance=\"10.0.").append(r.nextInt(4))
                    .append('.').append(r.nextInt(256)).append(":9100\",code=\"").append(200 + r.nextInt(3))
                    .append("\"} ").append(r.nextInt(100_000)).append('\n');
        }
        return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Thread> gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(ParallelGzipOutputStream.THREAD_PREFIX) && t.isAlive())
                .toList();
    }

    private static String chain(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append(" / ");
        }
        return s.toString();
    }

    private record Result(int exitCode, byte[] stdout) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        return new Result(p.waitFor(), stdout);
    }
}

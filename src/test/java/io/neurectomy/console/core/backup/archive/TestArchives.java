package io.neurectomy.console.core.backup.archive;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Archives for the storage tests. */
public final class TestArchives {
    public static final ArchiveMetadata METADATA = new ArchiveMetadata("prod-eu", "https://k8s.example:6443",
            "monitoring", "0.1.0-test", List.of("configs", "secrets", "tsdb"));
    public static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    private TestArchives() {
    }

    /** A cipher with few iterations, to keep tests fast. */
    public static PassphraseCipher cipher(String passphrase) {
        return PassphraseCipher.of(passphrase.toCharArray(), 1000);
    }

    public static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A small archive at {@code created}: two YAML entries, a secret when {@code cipher} is given, a 300 KB block. */
    public static WrittenArchive small(Path dir, Instant created, PassphraseCipher cipher) {
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, cipher, ProgressListener.none(), Cancellation.none(),
                at(created))) {
            w.add("objects/configmaps/prometheus-config.yaml", utf8("kind: ConfigMap\nmetadata:\n  name: p\n"));
            w.add("objects/statefulsets/prometheus.yaml", utf8("kind: StatefulSet\n"));
            if (cipher != null) {
                w.addSecret("secrets/grafana-admin.yaml", utf8("kind: Secret\ndata:\n  password: aHVudGVyMg==\n"));
            }
            byte[] block = random(300_000, created.getEpochSecond());
            w.add("tsdb/01HBLOCK/chunks/000001", block.length, new ByteArrayInputStream(block));
            return w.commit();
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Rewrites the tar.gz {@code source} into {@code target}, passing each entry's content through {@code change}
     * (return null to leave the entry out): to build archives damaged in a precise way.
     */
    public static void rewrite(Path source, Path target, EntryChange change) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(source));
                TarArchiveInputStream tin = new TarArchiveInputStream(in);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(target));
                TarArchiveOutputStream tout = new TarArchiveOutputStream(out)) {
            tout.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                byte[] content = change.apply(e.getName(), tin.readAllBytes());
                if (content == null) {
                    continue;
                }
                TarArchiveEntry copy = new TarArchiveEntry(e.getName());
                copy.setSize(content.length);
                tout.putArchiveEntry(copy);
                tout.write(content);
                tout.closeArchiveEntry();
            }
            change.atEnd(tout);
        }
    }

    /** A change to one archive's entries. */
    public interface EntryChange {
        byte[] apply(String name, byte[] content);

        default void atEnd(TarArchiveOutputStream out) throws IOException {
        }
    }

    /** The names of the files in {@code dir}. */
    public static List<String> filesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

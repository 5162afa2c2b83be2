package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.METADATA;
import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.at;
import static io.neurectomy.console.core.backup.archive.TestArchives.cipher;
import static io.neurectomy.console.core.backup.archive.TestArchives.random;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void smallAndStreamedEntriesSurviveARoundTrip() throws IOException {
        byte[] yaml = utf8("apiVersion: v1\nkind: ConfigMap\n");
        byte[] chunk = random(3_000_000, 1);
        byte[] index = random(200_000, 2);
        // Two entries streamed one after the other from the same stream, as from a tar of a TSDB block.
        InputStream tarLike = new SequenceInputStream(new ByteArrayInputStream(chunk), new ByteArrayInputStream(index));
        AtomicLong reported = new AtomicLong();
        WrittenArchive written;
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, progress(reported), Cancellation.none(),
                at(T0))) {
            w.expectTotal(yaml.length + chunk.length + index.length);
            w.add("objects/configmaps/prometheus-config.yaml", yaml);
            w.add("tsdb/01HBLOCK/chunks/000001", chunk.length, tarLike);
            w.add("tsdb/01HBLOCK/index", index.length, tarLike);
            written = w.commit();
        }

        assertThat(written.file().getFileName()).hasToString("full_20261120020000.tar.gz");
        assertThat(TestArchives.filesIn(dir)).containsExactlyInAnyOrder("full_20261120020000.tar.gz",
                "full_20261120020000.tar.gz.check.json");
        assertThat(Files.getPosixFilePermissions(written.file()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(reported.get()).isEqualTo(yaml.length + chunk.length + index.length);
        Manifest m = written.manifest();
        assertThat(m.metadata()).isEqualTo(METADATA);
        assertThat(m.created()).isEqualTo(T0);
        assertThat(m.secretsEncrypted()).isFalse();
        assertThat(m.entries()).extracting(ManifestEntry::name).containsExactly(
                "objects/configmaps/prometheus-config.yaml", "tsdb/01HBLOCK/chunks/000001", "tsdb/01HBLOCK/index");
        assertThat(m.entry("tsdb/01HBLOCK/index").orElseThrow().sha256()).isEqualTo(Hashes.sha256(index));
        assertThat(written.sha256()).isEqualTo(Hashes.sha256(written.file()));

        ArchiveReader reader = ArchiveReader.open(written.file(), ProgressListener.none(), Cancellation.none());
        assertThat(reader.manifest()).isEqualTo(m);
        Map<String, byte[]> tsdb = readAll(reader, "tsdb/", null);
        assertThat(tsdb.keySet()).containsExactly("tsdb/01HBLOCK/chunks/000001", "tsdb/01HBLOCK/index");
        assertThat(tsdb.get("tsdb/01HBLOCK/chunks/000001")).isEqualTo(chunk);
        assertThat(tsdb.get("tsdb/01HBLOCK/index")).isEqualTo(index);
        assertThat(reader.readBytes("objects/configmaps/prometheus-config.yaml", null)).isEqualTo(yaml);
    }

    @Test
    void aStreamedEntryWhoseSourceEndsEarlyFailsAndLeavesNothing() {
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, null, null, at(T0))) {
            w.add("objects/a.yaml", utf8("a: 1\n"));
            assertThatThrownBy(() -> w.add("tsdb/b/chunks/000001", 1000, new ByteArrayInputStream(new byte[600])))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("tsdb/b/chunks/000001 ended after 600 of 1000 bytes")
                    .hasMessageContaining("Nothing was kept");
            assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        }
        assertThat(TestArchives.filesIn(dir)).isEmpty();
    }

    @Test
    void closingWithoutCommitLeavesNothing() {
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, null, null, at(T0))) {
            w.add("objects/a.yaml", utf8("a: 1\n"));
            assertThat(TestArchives.filesIn(dir)).hasSize(1)
                    .allMatch(n -> n.startsWith(".full_20261120020000.tar.gz.partial-"));
        }
        assertThat(TestArchives.filesIn(dir)).isEmpty();
    }

    @Test
    void cancellingMidWriteLeavesNothing() {
        Cancellation cancel = new Cancellation();
        // The "user" presses Cancel once 4 MB went in; the writer notices at its next buffer.
        ProgressListener progress = event -> {
            if (event instanceof ProgressEvent.Bytes b && b.done() >= 4_000_000) {
                cancel.cancel();
            }
        };
        byte[] big = random(20_000_000, 3);
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, progress, cancel, at(T0))) {
            assertThatThrownBy(() -> w.add("tsdb/b/chunks/000001", big.length, new ByteArrayInputStream(big)))
                    .isInstanceOf(OperationCancelledException.class)
                    .hasMessageContaining("cancelled").hasMessageContaining("deleted");
        }
        assertThat(TestArchives.filesIn(dir)).isEmpty();
    }

    @Test
    void invalidAndDuplicateNamesAreRefused() {
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, null, null, at(T0))) {
            w.add("objects/a.yaml", utf8("a"));
            for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "", "manifest.json", "archive.json",
                    "objects/a.yaml")) {
                assertThatThrownBy(() -> w.add(bad, utf8("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void secretsAreRefusedWithoutAPassphraseAndTheRestIsKept() {
        WrittenArchive written;
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, null, null, null, at(T0))) {
            w.add("objects/a.yaml", utf8("a: 1\n"));
            assertThat(w.encryptsSecrets()).isFalse();
            assertThatThrownBy(() -> w.addSecret("secrets/grafana.yaml", utf8("password: hunter2")))
                    .isInstanceOf(SecretsNotEncryptedException.class)
                    .hasMessageContaining("no passphrase was given")
                    .hasMessageNotContaining("hunter2");
            written = w.commit();
        }
        assertThat(written.manifest().entries()).extracting(ManifestEntry::name).containsExactly("objects/a.yaml");
        assertThat(ArchiveReader.verify(written.file(), ProgressListener.none(), Cancellation.none()).ok()).isTrue();
    }

    @Test
    void encryptedSecretsAreUnreadableWithoutThePassphraseAndSurviveWithIt() throws IOException {
        byte[] secret = utf8("kind: Secret\nstringData:\n  password: correct-horse-battery-staple\n");
        WrittenArchive written;
        try (ArchiveWriter w = ArchiveWriter.create(dir, METADATA, cipher("s3cret pass"), null, null, at(T0))) {
            w.addSecret("secrets/grafana-admin.yaml", secret);
            w.add("objects/a.yaml", utf8("a: 1\n"));
            written = w.commit();
        }
        assertThat(written.manifest().secretsEncrypted()).isTrue();
        assertThat(written.manifest().entry("secrets/grafana-admin.yaml").orElseThrow().encrypted()).isTrue();
        // Not in the clear anywhere in the (decompressed) archive.
        byte[] tar = new java.util.zip.GZIPInputStream(Files.newInputStream(written.file())).readAllBytes();
        assertThat(new String(tar, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("correct-horse-battery-staple").contains("MCSEAL1");

        ArchiveReader reader = ArchiveReader.open(written.file(), ProgressListener.none(), Cancellation.none());
        assertThatThrownBy(() -> reader.readBytes("secrets/grafana-admin.yaml", null))
                .isInstanceOf(BackupException.class).hasMessageContaining("give the passphrase");
        assertThatThrownBy(() -> reader.checkPassphrase(cipher("wrong")))
                .isInstanceOf(BackupException.class).hasMessageContaining("passphrase is wrong");
        PassphraseCipher right = cipher("s3cret pass");
        reader.checkPassphrase(right);
        assertThat(reader.readBytes("secrets/grafana-admin.yaml", right)).isEqualTo(secret);
        // Entries outside the secrets need no passphrase.
        assertThat(readAll(reader, "objects/", null)).containsOnlyKeys("objects/a.yaml");
    }

    static Map<String, byte[]> readAll(ArchiveReader reader, String prefix, PassphraseCipher cipher) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        reader.read(prefix, cipher, ProgressListener.none(), Cancellation.none(), (entry, in) -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            out.put(entry.name(), b.toByteArray());
        });
        return out;
    }

    private static ProgressListener progress(AtomicLong last) {
        return event -> {
            if (event instanceof ProgressEvent.Bytes b) {
                last.set(b.done());
            }
        };
    }
}

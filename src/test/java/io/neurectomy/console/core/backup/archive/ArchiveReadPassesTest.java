package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.cipher;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often a restore reads an archive: entries kept during verification are handed out without reading the file
 * again, and a read stops after the last entry it wants. Each test damages the file after verification while
 * keeping its size and modification time, so any read of the damaged part would fail.
 */
class ArchiveReadPassesTest {
    private static final String CONFIG = "objects/configmaps/prometheus-config.yaml";
    private static final String SECRET = "secrets/grafana-admin.yaml";
    private static final String BLOCK = "tsdb/01HBLOCK/chunks/000001";
    private static final PassphraseCipher CIPHER = cipher("correct horse");

    @TempDir
    Path dir;

    @Test
    void keptEntriesAreHandedOutFromMemoryEvenWhenTheFileIsNoLongerReadable() throws IOException {
        WrittenArchive archive = TestArchives.small(dir, T0, CIPHER);
        ArchiveReader reader = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none(),
                name -> name.startsWith("objects/") || name.startsWith("secrets/"));

        damage(archive.file(), 0, (int) archive.size());

        assertThat(new String(reader.readBytes(CONFIG, null))).contains("name: p");
        assertThat(new String(reader.readBytes(SECRET, CIPHER))).contains("password: aHVudGVyMg==");
        List<String> read = new ArrayList<>();
        reader.read(name -> !name.startsWith("tsdb/"), CIPHER, ProgressListener.none(), Cancellation.none(),
                (entry, in) -> read.add(entry.name()));
        assertThat(read).as("in archive order").containsExactly(CONFIG, "objects/statefulsets/prometheus.yaml",
                SECRET);
        // The block was not kept: reading it goes to the file, which no longer holds it.
        assertThatThrownBy(() -> reader.readBytes(BLOCK, null)).isInstanceOf(BackupException.class)
                .hasMessageContaining(archive.file().toString());
    }

    @Test
    void aKeptSecretStillNeedsTheRightPassphrase() {
        WrittenArchive archive = TestArchives.small(dir, T0, CIPHER);
        ArchiveReader reader = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none(),
                name -> name.startsWith("secrets/"));

        assertThatThrownBy(() -> reader.readBytes(SECRET, cipher("wrong"))).isInstanceOf(BackupException.class)
                .hasMessageContaining("passphrase is wrong");
        assertThatThrownBy(() -> reader.readBytes(SECRET, null)).isInstanceOf(BackupException.class)
                .hasMessageContaining("give the passphrase");
    }

    @Test
    void aReadStopsAfterTheLastEntryItWants() throws IOException {
        WrittenArchive archive = TestArchives.small(dir, T0, null);
        ArchiveReader reader = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none());

        // The end of the file (the block's last bytes, the manifest and the gzip trailer) is damaged.
        damage(archive.file(), (int) archive.size() - 4096, 4096);

        assertThat(new String(reader.readBytes(CONFIG, null))).contains("name: p");
        assertThatThrownBy(() -> reader.readBytes(BLOCK, null)).isInstanceOf(BackupException.class);
    }

    @Test
    void aFileReplacedAfterVerificationIsRefusedBeforeAnythingIsRead() throws IOException {
        WrittenArchive archive = TestArchives.small(dir, T0, null);
        ArchiveReader reader = ArchiveReader.open(archive.file(), ProgressListener.none(), Cancellation.none(),
                name -> name.startsWith("objects/"));

        Files.write(archive.file(), utf8("something else"));

        assertThatThrownBy(reader::checkUnchanged).isInstanceOf(BackupException.class)
                .hasMessageContaining("changed after it was verified");
        assertThatThrownBy(() -> reader.readBytes(CONFIG, null)).isInstanceOf(BackupException.class)
                .hasMessageContaining("changed after it was verified");
    }

    /** Overwrites {@code length} bytes at {@code offset} with zeros, keeping the file's size and time. */
    private static void damage(Path file, int offset, int length) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(new byte[length]);
        }
        Files.setLastModifiedTime(file, modified);
    }
}

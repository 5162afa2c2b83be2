package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveVerifyTest {
    private static final String BLOCK = "tsdb/01HBLOCK/chunks/000001";
    private static final String CONFIG = "objects/configmaps/prometheus-config.yaml";

    @TempDir
    Path dir;
    Path good;
    Path bad;

    @BeforeEach
    void writeAGoodArchive() {
        good = TestArchives.small(dir, T0, null).file();
        bad = dir.resolve("full_20261120030000.tar.gz");
    }

    @Test
    void anIntactArchiveVerifiesAndIsRecordedAsVerified() {
        VerifyResult result = verify(good);
        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.sha256()).isEqualTo(CheckRecord.read(good).orElseThrow().sha256());
        assertThat(CheckRecord.read(good).orElseThrow().verified()).isTrue();
        assertThat(BackupDirectory.describe(good).verification()).isEqualTo(ArchiveListing.Verification.VERIFIED);
    }

    @Test
    void aChangedFileIsNoLongerVerified() throws IOException {
        verify(good);
        Files.setLastModifiedTime(good, FileTime.fromMillis(Files.getLastModifiedTime(good).toMillis() + 5000));
        assertThat(BackupDirectory.describe(good).verification())
                .isEqualTo(ArchiveListing.Verification.NOT_VERIFIED);
    }

    @Test
    void aFlippedByteIsCaughtAndTheArchiveRefused() throws IOException {
        Files.copy(good, bad);
        long size = Files.size(bad);
        try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x01);
        }
        VerifyResult result = verify(bad);
        assertThat(result.ok()).isFalse();
        // A flipped bit in deflate data is caught by zlib or the gzip CRC before our hashes, naming the entry.
        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.kind())
                .isIn(Problem.Kind.CORRUPTED, Problem.Kind.HASH_MISMATCH, Problem.Kind.SIZE_MISMATCH,
                        Problem.Kind.TRUNCATED));
        assertThat(result.summary()).contains("damaged");
        assertRefused(bad);
        assertThat(BackupDirectory.describe(bad).verification()).isEqualTo(ArchiveListing.Verification.FAILED);
    }

    @Test
    void anEntryWhoseBytesChangedIsNamed() throws IOException {
        TestArchives.rewrite(good, bad, (name, content) -> {
            if (name.equals(BLOCK)) {
                content = Arrays.copyOf(content, content.length);
                content[1234] ^= 0x40;
            }
            return content;
        });
        VerifyResult result = verify(bad);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.HASH_MISMATCH);
            assertThat(p.entry()).isEqualTo(BLOCK);
            assertThat(p.message()).contains("Entry " + BLOCK + " is corrupted");
        });
        assertRefused(bad);
    }

    @Test
    void aTruncatedFileIsReportedAsTruncated() throws IOException {
        byte[] all = Files.readAllBytes(good);
        Files.write(bad, Arrays.copyOf(all, all.length * 2 / 3));
        VerifyResult result = verify(bad);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.TRUNCATED);
            assertThat(p.message()).contains("is truncated").contains("cut short");
        });
        assertRefused(bad);
        // The gzip trailer alone missing is a truncation too.
        Files.write(bad, Arrays.copyOf(all, all.length - 4));
        assertThat(verify(bad).problems()).extracting(Problem::kind).containsExactly(Problem.Kind.TRUNCATED);
    }

    @Test
    void aRemovedEntryIsNamed() throws IOException {
        TestArchives.rewrite(good, bad, (name, content) -> name.equals(CONFIG) ? null : content);
        VerifyResult result = verify(bad);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MISSING_ENTRY);
            assertThat(p.entry()).isEqualTo(CONFIG);
            assertThat(p.message()).startsWith("Missing entry " + CONFIG);
        });
        assertRefused(bad);
    }

    @Test
    void anExtraEntryIsNamed() throws IOException {
        TestArchives.rewrite(good, bad, new TestArchives.EntryChange() {
            @Override
            public byte[] apply(String name, byte[] content) {
                return content;
            }

            @Override
            public void atEnd(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out)
                    throws IOException {
                TarArchiveEntry e = new TarArchiveEntry("objects/evil.yaml");
                byte[] c = utf8("kind: Pod\n");
                e.setSize(c.length);
                out.putArchiveEntry(e);
                out.write(c);
                out.closeArchiveEntry();
            }
        });
        VerifyResult result = verify(bad);
        assertThat(result.problems()).extracting(Problem::kind).contains(Problem.Kind.EXTRA_ENTRY);
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.entry()).isEqualTo("objects/evil.yaml"));
        assertRefused(bad);
    }

    @Test
    void aMissingOrInvalidManifestIsReported() throws IOException {
        TestArchives.rewrite(good, bad, (name, content) -> name.equals(Manifest.MANIFEST) ? null : content);
        assertThat(verify(bad).problems()).extracting(Problem::kind).containsExactly(Problem.Kind.MANIFEST_MISSING);
        assertRefused(bad);
        TestArchives.rewrite(good, bad, (name, content) -> name.equals(Manifest.MANIFEST) ? utf8("{\"entries\":")
                : content);
        assertThat(verify(bad).problems()).extracting(Problem::kind).containsExactly(Problem.Kind.MANIFEST_INVALID);
        assertRefused(bad);
    }

    @Test
    void aFileThatIsNoArchiveIsReportedAsSuch() throws IOException {
        Files.write(bad, utf8("hello, this is not gzip"));
        assertThat(verify(bad).problems()).extracting(Problem::kind).containsExactly(Problem.Kind.NOT_AN_ARCHIVE);
        Files.write(bad, new byte[0]);
        assertThat(verify(bad).ok()).isFalse();
        assertRefused(bad);
    }

    @Test
    void aReaderRefusesAnArchiveChangedAfterItsVerification() throws IOException {
        ArchiveReader reader = ArchiveReader.open(good, ProgressListener.none(), Cancellation.none());
        TestArchives.rewrite(good, bad, (name, content) -> content);
        Files.move(bad, good, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> reader.readBytes(CONFIG, null)).isInstanceOf(BackupException.class)
                .hasMessageContaining("changed after it was verified");
    }

    private static VerifyResult verify(Path archive) {
        return ArchiveReader.verify(archive, ProgressListener.none(), Cancellation.none());
    }

    private static void assertRefused(Path archive) {
        assertThatThrownBy(() -> ArchiveReader.open(archive, ProgressListener.none(), Cancellation.none()))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("cannot be restored");
    }
}

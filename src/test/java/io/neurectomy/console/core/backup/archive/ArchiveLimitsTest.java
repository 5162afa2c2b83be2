package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives meet the reader's limits ({@code Manifest.MAX_ENTRIES}, {@code Manifest.MAX_BYTES},
 * {@code Manifest.MAX_DEPTH}, {@code ArchiveReader.MAX_EXPANSION}): each is a verification problem that names the
 * limit, and {@code open} refuses the archive, so a restore never starts from it.
 */
class ArchiveLimitsTest {
    private static final String BLOCK = "tsdb/01HBLOCK/chunks/000001";

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
    void anEntryThatExpandsLikeADecompressionBombIsRefusedBeforeItIsReadToTheEnd() throws IOException {
        long zeros = 400L * 1024 * 1024;
        TestArchives.rewrite(good, bad, new TestArchives.EntryChange() {
            @Override
            public byte[] apply(String name, byte[] content) {
                return name.equals(Manifest.MANIFEST) ? null : content;
            }

            @Override
            public void atEnd(TarArchiveOutputStream out) throws IOException {
                TarArchiveEntry e = new TarArchiveEntry("tsdb/01HBOMB/chunks/000001");
                e.setSize(zeros);
                out.putArchiveEntry(e);
                byte[] block = new byte[1024 * 1024];
                for (long written = 0; written < zeros; written += block.length) {
                    out.write(block);
                }
                out.closeArchiveEntry();
            }
        });

        VerifyResult result = verify(bad);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.LIMIT_EXCEEDED);
            assertThat(p.entry()).isEqualTo("tsdb/01HBOMB/chunks/000001");
            assertThat(p.message()).contains("more than " + ArchiveReader.MAX_EXPANSION + " times")
                    .contains("decompression bomb").contains("not read further");
        });
        // Stopped at the limit: the MiB figure it names is far below what the entry would expand to.
        String mib = result.problems().get(0).message().replaceAll(".* to (\\d+) MiB from .*", "$1");
        assertThat(Long.parseLong(mib)).isLessThan(zeros / (1024 * 1024) / 2);
        assertRefused(bad, "decompression bomb");
    }

    @Test
    void anArchiveWithMoreEntriesThanABackupCanHoldIsRefusedNamingTheLimit() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bad));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i <= Manifest.MAX_ENTRIES + 2; i++) {
                TarArchiveEntry e = new TarArchiveEntry("objects/configmaps/cm-" + i + ".yaml");
                e.setSize(0);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }

        VerifyResult result = verify(bad);

        assertThat(result.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.LIMIT_EXCEEDED);
        assertThat(result.problems().get(0).message()).contains("holds more than " + Manifest.MAX_ENTRIES
                + " entries").contains("not read further");
        assertRefused(bad, "more than " + Manifest.MAX_ENTRIES + " entries");
    }

    @Test
    void aHugeManifestIsRefusedWithoutBeingParsed() throws IOException {
        // Valid JSON: the manifest followed by blanks up to more than the limit.
        TestArchives.rewrite(good, bad, (name, content) -> {
            if (!name.equals(Manifest.MANIFEST)) {
                return content;
            }
            byte[] padded = Arrays.copyOf(content, Manifest.MAX_BYTES + 1);
            Arrays.fill(padded, content.length, padded.length, (byte) ' ');
            return padded;
        });

        VerifyResult result = verify(bad);

        assertThat(result.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.LIMIT_EXCEEDED);
        assertThat(result.problems().get(0).entry()).isEqualTo(Manifest.MANIFEST);
        assertThat(result.problems().get(0).message()).contains("has " + (Manifest.MAX_BYTES + 1) + " bytes")
                .contains("at most 16 MiB");
        assertRefused(bad, "at most 16 MiB");
    }

    @Test
    void aDeeplyNestedManifestIsRefusedNamingTheDepth() throws IOException {
        // Deeper than a manifest ever is, and shallow enough for a reader without the limit to go on parsing.
        String deep = "{\"entries\": " + "[".repeat(100) + "]".repeat(100) + "}";
        TestArchives.rewrite(good, bad, (name, content) -> name.equals(Manifest.MANIFEST)
                ? deep.getBytes(StandardCharsets.UTF_8) : content);

        VerifyResult result = verify(bad);

        assertThat(result.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.MANIFEST_INVALID);
        assertThat(result.problems().get(0).message()).contains("nested deeper than " + Manifest.MAX_DEPTH
                + " levels").contains("not written by the console");
        assertRefused(bad, "nested deeper than");
    }

    @Test
    void aManifestListingMoreEntriesThanABackupCanHoldIsRefused() {
        StringBuilder json = new StringBuilder("{\"formatVersion\":1,\"created\":\"2026-11-20T02:00:00Z\","
                + "\"entries\":[");
        for (int i = 0; i <= Manifest.MAX_ENTRIES; i++) {
            json.append(i == 0 ? "" : ",").append("{}");
        }
        json.append("]}");

        assertThatThrownBy(() -> Manifest.parse(utf8(json.toString()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists " + (Manifest.MAX_ENTRIES + 1) + " entries, more than the "
                        + Manifest.MAX_ENTRIES);
    }

    @Test
    void numbersBeyondWhatTheManifestHoldsAreRefusedWithItsOwnError() {
        String good = "{\"formatVersion\": %s, \"created\": \"2026-11-20T02:00:00Z\", \"context\": \"prod\","
                + " \"server\": \"https://k\", \"namespace\": \"monitoring\", \"consoleVersion\": \"1\","
                + " \"entries\": [{\"name\":"
                + " \"objects/a.yaml\", \"size\": %s, \"sha256\": \"" + "0".repeat(64) + "\"}]}";
        String huge = "1" + "9".repeat(40);

        assertThat(Manifest.parse(utf8(good.formatted("1", "10"))).formatVersion()).isEqualTo(1);
        assertThatThrownBy(() -> Manifest.parse(utf8(good.formatted(huge, "10"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("formatVersion");
        assertThatThrownBy(() -> Manifest.parse(utf8(good.formatted("1", huge))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no valid size");
    }

    @Test
    void anEntryLargerThanWhatARestoreReadsWholeIsRefusedUnread() {
        ManifestEntry huge = new ManifestEntry("objects/configmaps/huge.yaml", BoundedYaml.MAX_CHARS + 1L,
                "0".repeat(64), false);
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the entry was read");
            }
        };

        assertThatThrownBy(() -> ArchiveReader.readWhole(huge, unread, BoundedYaml.MAX_CHARS))
                .isInstanceOf(BackupException.class).hasMessageContaining("objects/configmaps/huge.yaml has "
                        + (BoundedYaml.MAX_CHARS + 1L) + " bytes, more than the " + BoundedYaml.MAX_CHARS)
                .hasMessageContaining("Nothing was restored from it");
    }

    @Test
    void anArchiveWithinTheLimitsStillVerifies() {
        assertThat(verify(good).problems()).isEmpty();
        assertThat(ArchiveReader.open(good, ProgressListener.none(), Cancellation.none()).manifest().entry(BLOCK))
                .isPresent();
    }

    private static VerifyResult verify(Path archive) {
        return ArchiveReader.verify(archive, ProgressListener.none(), Cancellation.none());
    }

    private static void assertRefused(Path archive, String why) {
        assertThatThrownBy(() -> ArchiveReader.open(archive, ProgressListener.none(), Cancellation.none()))
                .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining(why);
    }
}

package io.neurectomy.console.core.backup.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.testing.FuzzProperty;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz targets for what a restore reads first: an archive from the disk or a bucket, and its manifest.
 *
 * <p>{@link #archive}: the input is the archive's tar stream (gzipped here, so that mutations reach the tar headers,
 * the manifest and the entries rather than the gzip checksum). {@link ArchiveReader#verify} must give a result
 * (its javadoc: it never throws for a damaged archive), {@link ArchiveReader#open} a reader or an
 * {@link ArchiveRejectedException}, and reading every entry of an archive that opened (as the restore plan does)
 * what it holds or a {@link BackupException}. Seeds: small archives {@link ArchiveWriter} wrote, as the backup tests
 * write them, unzipped.
 *
 * <p>{@link #manifest}: {@link Manifest#parse} gives a manifest or its documented {@link IllegalArgumentException}.
 */
@Tag("fuzz")
class ArchiveFuzzTest {
    private static final Path DIR = tempDir();
    private static final Path FILE = DIR.resolve(ArchiveNames.forTime(TestArchives.T0));

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void archive(byte[] tar) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(FILE))) {
            out.write(tar);
        }
        VerifyResult result = FuzzProperty.check("ArchiveReader.verify", () -> ArchiveReader.verify(FILE,
                ProgressListener.none(), Cancellation.none()));
        assertThat(result.ok() || !result.problems().isEmpty()).as("a failed verification says why").isTrue();
        ArchiveReader reader = FuzzProperty.check("ArchiveReader.open", () -> ArchiveReader.open(FILE,
                ProgressListener.none(), Cancellation.none(), name -> true), ArchiveRejectedException.class);
        assertThat(reader != null).as("opens exactly when it verifies").isEqualTo(result.ok());
        if (reader != null) {
            FuzzProperty.run("ArchiveReader.read", () -> reader.read("", TestArchives.cipher("fuzz"),
                    ProgressListener.none(), Cancellation.none(), (entry, in) -> in.readAllBytes()),
                    BackupException.class);
        }
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void manifest(byte[] json) {
        Manifest manifest = FuzzProperty.check("Manifest.parse", () -> Manifest.parse(json),
                IllegalArgumentException.class);
        if (manifest != null) {
            assertThat(manifest.entries()).doesNotContainNull();
            assertThat(new String(manifest.toJson(true), StandardCharsets.UTF_8)).isNotEmpty();
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("fuzz-archive");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

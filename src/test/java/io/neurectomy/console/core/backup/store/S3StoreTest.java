package io.neurectomy.console.core.backup.store;

import static io.neurectomy.console.core.backup.archive.TestArchives.METADATA;
import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.at;
import static io.neurectomy.console.core.backup.archive.TestArchives.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ArchiveRejectedException;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.CheckRecord;
import io.neurectomy.console.core.backup.archive.Hashes;
import io.neurectomy.console.core.backup.archive.TestArchives;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3StoreTest {
    @TempDir
    Path temp;
    S3Fixture s3;
    BackupDirectory local;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3Fixture(temp.resolve("s3"));
        local = new BackupDirectory(temp.resolve("backups"));
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    @Test
    void syncUploadsOnlyWhatIsMissingThenListsDownloadsAndThinsOut() throws IOException {
        for (int day = 0; day < 3; day++) {
            TestArchives.small(local.dir(), T0.plus(Duration.ofDays(day)), null);
        }
        try (S3Store store = new S3Store(s3.settings("monitoring/prod"))) {
            store.checkAccess();
            SyncReport first = store.sync(local, ProgressListener.none(), Cancellation.none());
            assertThat(first.uploaded()).containsExactly("full_20261122020000.tar.gz", "full_20261121020000.tar.gz",
                    "full_20261120020000.tar.gz");
            assertThat(first.complete()).isTrue();

            TestArchives.small(local.dir(), T0.plus(Duration.ofDays(3)), null);
            SyncReport second = store.sync(local, ProgressListener.none(), Cancellation.none());
            assertThat(second.uploaded()).containsExactly("full_20261123020000.tar.gz");
            assertThat(second.alreadyThere()).hasSize(3);

            List<RemoteArchive> remote = store.list();
            assertThat(remote).extracting(RemoteArchive::key).containsExactly(
                    "monitoring/prod/full_20261123020000.tar.gz", "monitoring/prod/full_20261122020000.tar.gz",
                    "monitoring/prod/full_20261121020000.tar.gz", "monitoring/prod/full_20261120020000.tar.gz");
            Path newest = local.resolve("full_20261123020000.tar.gz");
            assertThat(remote.get(0).sha256()).isEqualTo(Hashes.sha256(newest));
            assertThat(remote.get(0).size()).isEqualTo(Files.size(newest));

            BackupDirectory elsewhere = new BackupDirectory(temp.resolve("restore-host"));
            Path downloaded = store.download("full_20261123020000.tar.gz", elsewhere, ProgressListener.none(),
                    Cancellation.none());
            assertThat(downloaded).hasSameBinaryContentAs(newest);
            assertThat(elsewhere.list()).singleElement().satisfies(l -> assertThat(l.verification())
                    .isEqualTo(ArchiveListing.Verification.VERIFIED));
            assertThat(TestArchives.filesIn(elsewhere.dir())).as("no temp file left")
                    .containsExactlyInAnyOrder("full_20261123020000.tar.gz", "full_20261123020000.tar.gz.check.json");

            RetentionPlan plan = store.planRetention(RetentionPolicy.keepLast(2), T0.plus(Duration.ofDays(4)));
            assertThat(plan.delete()).extracting(RetentionPlan.Item::name)
                    .containsExactly("full_20261121020000.tar.gz", "full_20261120020000.tar.gz");
            assertThat(store.list()).as("planning deletes nothing").hasSize(4);
            assertThat(store.applyRetention(plan)).hasSize(2);
            assertThat(store.list()).extracting(RemoteArchive::name)
                    .containsExactly("full_20261123020000.tar.gz", "full_20261122020000.tar.gz");
        }
    }

    @Test
    void bigArchivesGoUpInPartsAndComeBackIntact() throws IOException {
        Path archive = bigArchive(local, 14_000_000);
        try (S3Store store = new S3Store(s3.settings("").withParts(5L << 20, 5L << 20))) {
            long[] lastBytes = {0};
            SyncReport report = store.sync(local, event -> {
                if (event instanceof ProgressEvent.Bytes b) {
                    lastBytes[0] = b.done();
                }
            }, Cancellation.none());
            assertThat(report.uploaded()).containsExactly(archive.getFileName().toString());
            assertThat(report.bytesUploaded()).isEqualTo(Files.size(archive));
            assertThat(lastBytes[0]).isGreaterThan(0);
            BackupDirectory elsewhere = new BackupDirectory(temp.resolve("restore-host"));
            assertThat(store.download(archive.getFileName().toString(), elsewhere, null, null))
                    .hasSameBinaryContentAs(archive);
        }
    }

    @Test
    void aRemoteObjectWithAnotherChecksumIsReplaced() {
        Path archive = TestArchives.small(local.dir(), T0, null).file();
        String name = archive.getFileName().toString();
        s3.putRaw(name, "left by an interrupted copy".getBytes(), Map.of());
        try (S3Store store = new S3Store(s3.settings(""))) {
            SyncReport report = store.sync(local, null, null);
            assertThat(report.replaced()).containsExactly(name);
            assertThat(store.head(name).orElseThrow().sha256()).isEqualTo(
                    CheckRecord.read(archive).orElseThrow().sha256());
        }
    }

    @Test
    void aDamagedRemoteArchiveIsRefusedOnDownloadAndNothingIsKept() {
        String name = "full_20261120020000.tar.gz";
        s3.putRaw(name, random(50_000, 9), Map.of());
        try (S3Store store = new S3Store(s3.settings(""))) {
            assertThatThrownBy(() -> store.download(name, local, null, null))
                    .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("not a gzip file");
            s3.putRaw(name, random(50_000, 9), Map.of(S3Store.SHA256, "0".repeat(64)));
            assertThatThrownBy(() -> store.download(name, local, null, null))
                    .isInstanceOf(BackupException.class).hasMessageContaining("does not match its checksum in S3");
        }
        assertThat(TestArchives.filesIn(local.dir())).isEmpty();
    }

    @Test
    void damagedLocalArchivesAreNotUploaded() throws IOException {
        Files.createDirectories(local.dir());
        Files.write(local.resolve("full_20261120020000.tar.gz"), random(1000, 1));
        try (S3Store store = new S3Store(s3.settings(""))) {
            SyncReport report = store.sync(local, null, null);
            assertThat(report.uploaded()).isEmpty();
            assertThat(report.skipped()).singleElement().asString().startsWith("full_20261120020000.tar.gz: damaged");
            assertThat(report.complete()).isFalse();
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void wrongCredentialsMissingBucketAndUnreachableEndpointAreToldApart() throws IOException {
        S3Settings wrongSecret = s3.settings("").withCredentials(new S3Settings.Credentials(
                S3Fixture.KEYS.accessKeyId(), "not-the-secret"));
        try (S3Store store = new S3Store(wrongSecret)) {
            assertThatThrownBy(store::checkAccess).isInstanceOf(BackupException.class)
                    .hasMessageContaining("S3 rejected the credentials").hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                    .hasMessageNotContaining("not-the-secret");
        }
        S3Settings noBucket = new S3Settings("no-such-bucket", "", null, s3.endpoint(), true, S3Fixture.KEYS,
                S3Settings.DEFAULT_PART_SIZE, S3Settings.DEFAULT_PART_SIZE);
        try (S3Store store = new S3Store(noBucket)) {
            assertThatThrownBy(store::checkAccess).isInstanceOf(BackupException.class)
                    .hasMessageContaining("The bucket no-such-bucket does not exist");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3Settings nowhere = S3Settings.compatible(S3Fixture.BUCKET, "", URI.create("http://127.0.0.1:"
                + closedPort), S3Fixture.KEYS);
        try (S3Store store = new S3Store(nowhere)) {
            assertThatThrownBy(store::checkAccess).isInstanceOf(BackupException.class)
                    .hasMessageContaining("Cannot reach http://127.0.0.1:" + closedPort);
        }
        assertThat(S3Fixture.KEYS.toString()).doesNotContain(S3Fixture.KEYS.secretAccessKey());
    }

    @Test
    void missingCredentialsAreExplained() {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
                "AWS credentials are set in this environment");
        // No instance metadata service and no profile files: the default chain finds nothing.
        Map<String, String> properties = Map.of("aws.disableEc2Metadata", "true",
                "aws.sharedCredentialsFile", temp.resolve("none").toString(),
                "aws.configFile", temp.resolve("none").toString());
        properties.forEach(System::setProperty);
        try (S3Store store = new S3Store(s3.settings("").withCredentials(null))) {
            assertThatThrownBy(store::checkAccess).isInstanceOf(BackupException.class)
                    .hasMessageContaining("No AWS credentials were found")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    /** An archive of about {@code bytes} bytes (random, so incompressible). */
    static Path bigArchive(BackupDirectory dir, int bytes) {
        byte[] data = random(bytes, 42);
        try (ArchiveWriter w = dir.newArchive(METADATA, null, null, null, at(T0.plusSeconds(7)))) {
            w.add("tsdb/01HBIG/chunks/000001", data.length, new ByteArrayInputStream(data));
            Path file = w.commit().file();
            ArchiveReader.verify(file, ProgressListener.none(), Cancellation.none());
            return file;
        }
    }
}

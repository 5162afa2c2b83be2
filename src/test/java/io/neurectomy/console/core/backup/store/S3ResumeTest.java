package io.neurectomy.console.core.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neurectomy.console.core.backup.archive.CheckRecord;
import io.neurectomy.console.core.backup.archive.Hashes;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.testing.CuttingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupted transfers continue from what was done: the bytes on the wire are counted by a relay between the
 * client and S3Proxy, so "only the rest was sent" is what the network saw, not what the code says it did.
 */
class S3ResumeTest {
    private static final long PART = 5L << 20;
    private static final int SIZE = 30_000_000;
    /** Room for HTTP headers and XML answers on top of the archive's bytes. */
    private static final long SLACK = 256 * 1024;
    /** What a cancelled download's connection may still carry (socket and client buffers) after the cancel. */
    private static final long IN_FLIGHT = 2L << 20;

    @TempDir
    Path temp;
    S3Fixture s3;
    CuttingProxy wire;
    BackupDirectory local;
    Path archive;
    String name;
    String sha;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3Fixture(temp.resolve("s3"));
        wire = new CuttingProxy(s3.endpoint().getPort());
        local = new BackupDirectory(temp.resolve("backups"));
        archive = S3StoreTest.bigArchive(local, SIZE);
        name = archive.getFileName().toString();
        sha = CheckRecord.read(archive).orElseThrow().sha256();
    }

    @AfterEach
    void stop() throws Exception {
        wire.close();
        s3.close();
    }

    private S3Settings throughWire() {
        return S3Settings.compatible(S3Fixture.BUCKET, "prod", wire.endpoint(), S3Fixture.KEYS).withParts(PART, PART);
    }

    private void uploadDirect() {
        try (S3Store store = new S3Store(s3.settings("prod").withParts(PART, PART))) {
            store.sync(local, null, null);
        }
    }

    @Test
    void aCancelledDownloadContinuesWhereItStoppedAndTheChecksumMatches() throws Exception {
        uploadDirect();
        long size = Files.size(archive);
        BackupDirectory host = new BackupDirectory(temp.resolve("fresh-host"));
        Cancellation cancel = new Cancellation();
        ProgressListener halfway = e -> {
            if (e instanceof ProgressEvent.Bytes b && b.done() >= size / 2) {
                cancel.cancel();
            }
        };
        try (S3Store store = new S3Store(throughWire())) {
            assertThrows(OperationCancelledException.class, () -> store.fetch(name, host, halfway, cancel));
            assertThat(host.dir().resolve(name)).as("no partial file under the archive's name").doesNotExist();
            assertThat(host.list()).extracting(ArchiveListing::kind).containsExactly(ArchiveListing.Kind.PARTIAL);
            long kept = Files.size(host.dir().resolve("." + name + ".download-part"));
            assertThat(kept).isGreaterThanOrEqualTo(size / 2).isLessThan(size);

            long before = wire.bytesToClient();
            S3Store.Download second = store.fetch(name, host, null, null);
            long served = wire.bytesToClient() - before;

            assertThat(second.resumedFrom()).isEqualTo(kept);
            // The cancelled connection may still deliver what was in flight when the second attempt starts; a
            // restart from zero would serve about twice the rest.
            assertThat(served).as("the second attempt fetched only the rest").isBetween(size - kept, size - kept
                    + IN_FLIGHT);
            assertThat(Hashes.sha256(second.file())).isEqualTo(sha);
            assertThat(second.file()).hasSameBinaryContentAs(archive);
            assertThat(host.list()).extracting(ArchiveListing::kind).containsExactly(ArchiveListing.Kind.ARCHIVE);
        }
    }

    @Test
    void aDroppedConnectionIsResumedInPlaceWithoutFetchingTheStartAgain() throws Exception {
        uploadDirect();
        long size = Files.size(archive);
        BackupDirectory host = new BackupDirectory(temp.resolve("fresh-host"));
        try (S3Store store = new S3Store(throughWire())) {
            long before = wire.bytesToClient();
            wire.cutAfterBytesToClient(size / 2);
            S3Store.Download d = store.fetch(name, host, null, null);
            long served = wire.bytesToClient() - before;

            assertThat(wire.cuts()).as("the connection was cut mid-download").isEqualTo(1);
            assertThat(served).as("a restart would have served about 1.5 times the archive")
                    .isBetween(size, size + SLACK);
            assertThat(Hashes.sha256(d.file())).isEqualTo(sha);
        }
    }

    @Test
    void aPartialDownloadOfAnObjectThatChangedSinceStartsAgain() throws Exception {
        uploadDirect();
        long size = Files.size(archive);
        BackupDirectory host = new BackupDirectory(temp.resolve("fresh-host"));
        Cancellation cancel = new Cancellation();
        try (S3Store store = new S3Store(throughWire())) {
            assertThrows(OperationCancelledException.class, () -> store.fetch(name, host, e -> {
                if (e instanceof ProgressEvent.Bytes b && b.done() >= size / 3) {
                    cancel.cancel();
                }
            }, cancel));
            // Another archive of the same name replaces the object (its ETag changes).
            Path other = S3StoreTest.bigArchive(new BackupDirectory(temp.resolve("other")), SIZE / 2);
            byte[] otherBytes = Files.readAllBytes(other);
            s3.putRaw("prod/" + name, otherBytes, Map.of(S3Store.SHA256, Hashes.sha256(other)));

            long before = wire.bytesToClient();
            S3Store.Download d = store.fetch(name, host, null, null);

            assertThat(d.resumedFrom()).isZero();
            assertThat(wire.bytesToClient() - before).isGreaterThanOrEqualTo(otherBytes.length);
            assertThat(d.file()).hasSameBinaryContentAs(other);
        }
    }

    @Test
    void anInterruptedUploadSendsOnlyThePartsNotYetInS3() throws Exception {
        long size = Files.size(archive);
        Cancellation cancel = new Cancellation();
        ProgressListener afterTwoParts = e -> {
            if (e instanceof ProgressEvent.Bytes b && b.done() >= 2 * PART) {
                cancel.cancel();
            }
        };
        try (S3Store store = new S3Store(throughWire())) {
            assertThrows(OperationCancelledException.class, () -> store.sync(local, afterTwoParts, cancel));
            assertThat(store.head(name)).as("no object until the upload is complete").isEmpty();
        }
        long firstSent = wire.bytesToServer();
        assertThat(firstSent).isGreaterThanOrEqualTo(2 * PART);

        // A new store, as after a restart of the console: what was done is known from the state on disk and S3.
        try (S3Store store = new S3Store(throughWire())) {
            long before = wire.bytesToServer();
            SyncReport again = store.sync(local, null, null);
            long sent = wire.bytesToServer() - before;

            assertThat(again.uploaded()).containsExactly(name);
            assertThat(sent).as("only the parts S3 did not hold were sent again").isLessThanOrEqualTo(size
                    - 2 * PART + SLACK);
            RemoteArchive remote = store.head(name).orElseThrow();
            assertThat(remote.size()).isEqualTo(size);
            assertThat(remote.sha256()).isEqualTo(sha);
            Path back = store.download(name, new BackupDirectory(temp.resolve("restore-host")), null, null);
            assertThat(back).hasSameBinaryContentAs(archive);
        }
        assertThat(local.list()).extracting(ArchiveListing::kind).containsExactly(ArchiveListing.Kind.ARCHIVE);
    }

    @Test
    void anUploadWhoseServerWentAwayContinuesAtTheNextSync() throws Exception {
        long size = Files.size(archive);
        java.util.concurrent.CountDownLatch twoParts = new java.util.concurrent.CountDownLatch(1);
        ProgressListener progress = e -> {
            if (e instanceof ProgressEvent.Bytes b && b.done() >= 2 * PART) {
                twoParts.countDown();
            }
        };
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (S3Store store = new S3Store(throughWire())) {
            java.util.concurrent.Future<SyncReport> sync = background.submit(() -> store.sync(local, progress, null));
            assertThat(twoParts.await(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            s3.stop();
            java.util.concurrent.ExecutionException failed = assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> sync.get(300,
                            java.util.concurrent.TimeUnit.SECONDS));
            assertThat(failed.getCause()).hasMessageContaining("while uploading " + name);
            s3.start();
        } finally {
            background.shutdownNow();
        }
        try (S3Store store = new S3Store(throughWire())) {
            long before = wire.bytesToServer();
            assertThat(store.sync(local, null, null).uploaded()).containsExactly(name);
            long sent = wire.bytesToServer() - before;
            assertThat(sent).as("the parts done before the server went away were not sent again")
                    .isLessThanOrEqualTo(size - 2 * PART + SLACK);
            assertThat(store.head(name).orElseThrow().sha256()).isEqualTo(sha);
        }
    }
}

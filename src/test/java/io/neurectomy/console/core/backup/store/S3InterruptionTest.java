package io.neurectomy.console.core.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.CheckRecord;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads interrupted by the S3 server going away, and by the user. */
class S3InterruptionTest {
    private static final long PART = 5L << 20;

    @TempDir
    Path temp;
    S3Fixture s3;
    BackupDirectory local;
    ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        s3 = new S3Fixture(temp.resolve("s3"));
        local = new BackupDirectory(temp.resolve("backups"));
    }

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        s3.close();
    }

    @Test
    void serverStoppedMidUploadGivesAClearErrorAndALaterSyncCompletes() throws Exception {
        Path archive = S3StoreTest.bigArchive(local, 30_000_000);
        String name = archive.getFileName().toString();
        CountDownLatch partway = new CountDownLatch(1);
        ProgressListener progress = event -> {
            if (event instanceof ProgressEvent.Bytes b && b.done() >= PART) {
                partway.countDown();
            }
        };
        try (S3Store store = new S3Store(s3.settings("prod").withParts(PART, PART))) {
            Future<SyncReport> sync = background.submit(() -> store.sync(local, progress, Cancellation.none()));
            assertThat(partway.await(60, TimeUnit.SECONDS)).as("the upload got under way").isTrue();
            s3.stop();

            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sync.get(120, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOf(BackupException.class)
                    .hasMessageContaining("while uploading " + name)
                    .hasMessageContaining("sync again");

            s3.start();
            assertThat(store.head(name)).as("no partial object under the archive's key").isEmpty();
            SyncReport again = store.sync(local, null, null);
            assertThat(again.uploaded()).containsExactly(name);
            RemoteArchive remote = store.head(name).orElseThrow();
            assertThat(remote.sha256()).isEqualTo(CheckRecord.read(archive).orElseThrow().sha256());
            Path back = store.download(name, new BackupDirectory(temp.resolve("restore-host")), null, null);
            assertThat(back).hasSameBinaryContentAs(archive);
        }
    }

    @Test
    void cancellingAnUploadLeavesNoObject() throws Exception {
        Path archive = S3StoreTest.bigArchive(local, 30_000_000);
        Cancellation cancel = new Cancellation();
        ProgressListener progress = event -> {
            if (event instanceof ProgressEvent.Bytes b && b.done() >= PART) {
                cancel.cancel();
            }
        };
        try (S3Store store = new S3Store(s3.settings("").withParts(PART, PART))) {
            Future<SyncReport> sync = background.submit(() -> store.sync(local, progress, cancel));
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sync.get(120, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOf(OperationCancelledException.class)
                    .hasMessageContaining("cancelled");
            assertThat(store.head(archive.getFileName().toString())).isEmpty();
            assertThat(store.sync(local, null, null).uploaded()).hasSize(1);
        }
    }
}

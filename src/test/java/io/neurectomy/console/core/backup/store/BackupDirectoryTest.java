package io.neurectomy.console.core.backup.store;

import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.cipher;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.archive.ArchiveNames;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.TestArchives;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupDirectoryTest {
    @TempDir
    Path root;

    @Test
    void listShowsArchivesWithTheirDetailsAndDamagedOrForeignFilesAsSuch() throws IOException {
        BackupDirectory backups = new BackupDirectory(root.resolve("backups"));
        assertThat(backups.list()).as("a directory that does not exist yet").isEmpty();
        Path older = TestArchives.small(backups.dir(), T0, null).file();
        Path newer = TestArchives.small(backups.dir(), T0.plusSeconds(3600), cipher("pw")).file();
        ArchiveReader.verify(newer, ProgressListener.none(), Cancellation.none());
        byte[] bytes = Files.readAllBytes(older);
        Files.write(backups.dir().resolve("full_20261120010000.tar.gz"), Arrays.copyOf(bytes, 20));
        Files.write(backups.dir().resolve("full_20261120005959.tar.gz"), utf8("garbage"));
        Files.write(backups.dir().resolve("notes.txt"), utf8("my notes"));
        Files.write(backups.dir().resolve(".full_20261120040000.tar.gz.partial-1a2b3c4d"), utf8("half"));

        List<ArchiveListing> list = backups.list();

        assertThat(list).extracting(ArchiveListing::name).containsExactly(
                "full_20261120030000.tar.gz", "full_20261120020000.tar.gz",
                "full_20261120010000.tar.gz", "full_20261120005959.tar.gz",
                ".full_20261120040000.tar.gz.partial-1a2b3c4d", "notes.txt");
        ArchiveListing first = list.get(0);
        assertThat(first.kind()).isEqualTo(ArchiveListing.Kind.ARCHIVE);
        assertThat(first.created()).isEqualTo(T0.plusSeconds(3600));
        assertThat(first.size()).isEqualTo(Files.size(newer));
        assertThat(first.components()).containsExactly("configs", "secrets", "tsdb");
        assertThat(first.context()).isEqualTo("prod-eu");
        assertThat(first.server()).isEqualTo("https://k8s.example:6443");
        assertThat(first.secretsEncrypted()).isTrue();
        assertThat(first.verification()).isEqualTo(ArchiveListing.Verification.VERIFIED);
        assertThat(list.get(1).verification()).isEqualTo(ArchiveListing.Verification.NOT_VERIFIED);
        assertThat(list.get(1).secretsEncrypted()).isFalse();
        assertThat(list.get(2).kind()).isEqualTo(ArchiveListing.Kind.UNREADABLE);
        assertThat(list.get(2).problem()).startsWith("damaged");
        assertThat(list.get(3).kind()).isEqualTo(ArchiveListing.Kind.UNREADABLE);
        assertThat(list.get(4).kind()).isEqualTo(ArchiveListing.Kind.PARTIAL);
        assertThat(list.get(5).kind()).isEqualTo(ArchiveListing.Kind.FOREIGN);
        assertThat(list.get(5).problem()).startsWith("not a console backup");
    }

    @Test
    void retentionPlansFirstAndDeletesOnlyWhenApplied() throws IOException {
        BackupDirectory backups = new BackupDirectory(root);
        for (int day = 0; day < 5; day++) {
            TestArchives.small(root, T0.plus(Duration.ofDays(day)), null);
        }
        Files.write(root.resolve("notes.txt"), utf8("kept whatever the policy"));
        Instant now = T0.plus(Duration.ofDays(4)).plusSeconds(60);

        RetentionPlan plan = backups.planRetention(RetentionPolicy.keepLast(2), now);

        assertThat(plan.keep()).extracting(RetentionPlan.Item::name)
                .containsExactly("full_20261124020000.tar.gz", "full_20261123020000.tar.gz");
        assertThat(plan.delete()).extracting(RetentionPlan.Item::name).containsExactly(
                "full_20261122020000.tar.gz", "full_20261121020000.tar.gz", "full_20261120020000.tar.gz");
        assertThat(plan.freedBytes()).isEqualTo(Files.size(root.resolve("full_20261120020000.tar.gz"))
                + Files.size(root.resolve("full_20261121020000.tar.gz"))
                + Files.size(root.resolve("full_20261122020000.tar.gz")));
        assertThat(backups.list()).hasSize(6).as("planning deletes nothing");

        assertThat(backups.applyRetention(plan)).hasSize(3);
        assertThat(TestArchives.filesIn(root)).containsExactlyInAnyOrder("notes.txt",
                "full_20261124020000.tar.gz", "full_20261124020000.tar.gz.check.json",
                "full_20261123020000.tar.gz", "full_20261123020000.tar.gz.check.json");
    }

    @Test
    void retentionRulesCombineAndAlwaysKeepTheNewest() {
        List<RetentionPlan.Item> items = List.of(item(0), item(1), item(2), item(10), item(11));
        Instant now = T0.plus(Duration.ofDays(12));
        assertThat(names(RetentionPolicy.keepDays(3).plan(items, now).keep())).containsExactly(11, 10);
        assertThat(names(new RetentionPolicy(3, Duration.ofDays(1)).plan(items, now).keep()))
                .containsExactly(11, 10, 2);
        assertThat(names(new RetentionPolicy(1, Duration.ofDays(5)).plan(items, now).keep()))
                .containsExactly(11, 10);
        assertThat(names(RetentionPolicy.keepDays(1).plan(items, now.plus(Duration.ofDays(30))).keep()))
                .as("the newest survives even when older than the limit").containsExactly(11);
        assertThat(new RetentionPolicy(0, null).plan(items, now).delete()).as("no rule: keep all").isEmpty();
        assertThat(new RetentionPolicy(7, Duration.ofDays(30)).describe())
                .isEqualTo("keep the last 7 and everything newer than 30 days (and always the newest)");
    }

    private static RetentionPlan.Item item(int day) {
        Instant t = T0.plus(Duration.ofDays(day));
        return new RetentionPlan.Item(ArchiveNames.forTime(t), t, 100);
    }

    private static List<Integer> names(List<RetentionPlan.Item> items) {
        return items.stream().map(i -> (int) Duration.between(T0, i.created()).toDays()).toList();
    }
}

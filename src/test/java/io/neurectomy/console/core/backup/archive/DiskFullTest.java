package io.neurectomy.console.core.backup.archive;

import static io.neurectomy.console.core.backup.archive.TestArchives.METADATA;
import static io.neurectomy.console.core.backup.archive.TestArchives.T0;
import static io.neurectomy.console.core.backup.archive.TestArchives.at;
import static io.neurectomy.console.core.backup.archive.TestArchives.random;
import static io.neurectomy.console.core.backup.archive.TestArchives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup into a directory whose file system fills up: a 4 MB tmpfs mounted for the test. That needs root (or
 * CAP_SYS_ADMIN); where {@code mount} is refused the test is skipped, loudly.
 */
class DiskFullTest {
    @TempDir
    Path temp;
    Path small;
    boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws IOException, InterruptedException {
        small = Files.createDirectory(temp.resolve("small"));
        String why = run(List.of("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", small.toString()));
        if (why != null) {
            String message = "SKIPPED DiskFullTest: cannot mount a 4 MB tmpfs here (" + why + "); the disk-full"
                    + " behaviour was NOT tested on this machine. Run the tests as root to test it.";
            System.err.println(message);
            Assumptions.abort(message);
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (mounted) {
            String why = run(List.of("umount", small.toString()));
            assertThat(why).as("umount " + small).isNull();
        }
    }

    @Test
    void aFullDiskGivesAClearErrorAndLeavesNoPartialFile() throws IOException {
        assertThat(Files.getFileStore(small).getTotalSpace()).isLessThanOrEqualTo(4L * 1024 * 1024);
        byte[] incompressible = random(10_000_000, 7);
        try (ArchiveWriter w = ArchiveWriter.create(small, METADATA, null, null, null, at(T0))) {
            w.expectTotal(incompressible.length);
            w.add("objects/configmaps/prometheus-config.yaml", utf8("kind: ConfigMap\n"));
            assertThatThrownBy(() -> w.add("tsdb/01HBLOCK/chunks/000001", incompressible.length,
                    new ByteArrayInputStream(incompressible)))
                    .isInstanceOf(BackupException.class)
                    .hasMessageStartingWith("Disk full while writing full_20261120020000.tar.gz in " + small)
                    .hasMessageContaining("at tsdb/01HBLOCK/chunks/000001")
                    .hasMessageMatching("(?s).*: free \\d+ MB or choose another backups directory\\. The partial"
                            + " archive was deleted\\.");
        }
        assertThat(TestArchives.filesIn(small)).isEmpty();
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return command.get(0) + " did not finish";
        }
        return p.exitValue() == 0 ? null : command.get(0) + " exited " + p.exitValue() + ": " + out;
    }
}

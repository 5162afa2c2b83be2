package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The backup commands in-process: exit codes a cron job can use, and backup/restore against the sandbox. */
class BackupCommandsTest {
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    @TempDir
    static Path dir;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        admin = sandbox.adminClient();
        Poll.until(Duration.ofSeconds(90), "Alertmanager ready", () -> admin.pods().inNamespace("monitoring")
                .withLabel("app", "alertmanager").list().getItems().stream()
                .anyMatch(p -> p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(String... args) {
        CommandLine cl = ConsoleCommand.commandLine(options -> {
        });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private int runOnSandbox(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = sandbox.kubeconfig().toString();
        return run(all);
    }

    private static WrittenArchive archive(Path target) {
        try (ArchiveWriter w = ArchiveWriter.create(target, new ArchiveMetadata("ctx", "https://k", "monitoring",
                "test", List.of("configs")), null, ProgressListener.none(), Cancellation.none())) {
            w.add("objects/configmaps/a.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            return w.commit();
        }
    }

    @Test
    void verifyExitsZeroForAnIntactArchiveAndOneForADamagedOne() throws Exception {
        WrittenArchive a = archive(dir.resolve("verify"));
        assertThat(run("verify", a.file().toString())).isZero();
        assertThat(out.toString()).contains("is intact");

        byte[] data = Files.readAllBytes(a.file());
        Path cut = dir.resolve("verify-cut.tar.gz");
        Files.write(cut, java.util.Arrays.copyOf(data, data.length - 40));
        assertThat(run("verify", cut.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("damaged");
    }

    @Test
    void verifyOutputJsonOnADamagedArchiveSaysWhatIsWrongAndExitsOne() throws Exception {
        WrittenArchive a = archive(dir.resolve("verify-json"));
        byte[] data = Files.readAllBytes(a.file());
        Path cut = dir.resolve("verify-json-cut.tar.gz");
        Files.write(cut, java.util.Arrays.copyOf(data, data.length - 40));

        assertThat(run("verify", cut.toString(), "--output", "json")).isEqualTo(1);

        JsonNode doc = JSON.readTree(out.toString());
        assertThat(doc.path("ok").asBoolean()).isFalse();
        assertThat(doc.path("file").asString()).isEqualTo(cut.toString());
        assertThat(doc.path("problems").size()).isPositive();
        assertThat(doc.path("problems").get(0).path("kind").asString()).isEqualTo("truncated");
    }

    @Test
    void listOutputJsonListsEachArchiveAndTheAgeOfTheNewest() throws Exception {
        Path listed = dir.resolve("list-json");
        WrittenArchive a = archive(listed);

        assertThat(run("list", "--dir", listed.toString(), "-o", "json", "--rpo-minutes", "100000000")).isZero();

        JsonNode doc = JSON.readTree(out.toString());
        assertThat(doc.path("archives").size()).isEqualTo(1);
        JsonNode first = doc.path("archives").get(0);
        assertThat(first.path("name").asString()).isEqualTo(a.file().getFileName().toString());
        assertThat(first.path("size").asLong()).isEqualTo(a.size());
        assertThat(first.path("components").get(0).asString()).isEqualTo("configs");
        assertThat(doc.path("newest").asString()).isEqualTo(a.file().getFileName().toString());
        assertThat(doc.path("overdue").asBoolean()).isFalse();
    }

    @Test
    void backupOutputJsonIsOneDocumentWithTheArchiveAndEveryStep() throws Exception {
        Path backups = dir.resolve("sandbox-json");

        assertThat(runOnSandbox("backup", "--components", "configs,silences", "--dir", backups.toString(),
                "--output", "json")).as(err.toString()).isZero();

        JsonNode doc = JSON.readTree(out.toString());
        assertThat(doc.path("operation").asString()).isEqualTo("backup");
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        List<String> steps = new java.util.ArrayList<>();
        doc.path("steps").forEach(st -> steps.add(st.path("id").asString() + " " + st.path("status").asString()));
        assertThat(steps).containsExactly("objects done", "silences done", "manifest done");
        Path file;
        try (Stream<Path> files = Files.list(backups)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).findFirst().orElseThrow();
        }
        assertThat(doc.path("value").path("archive").asString()).isEqualTo(file.getFileName().toString());
        assertThat(doc.path("value").path("size").asLong()).isEqualTo(Files.size(file));
        assertThat(doc.path("value").path("components").toString()).isEqualTo("[\"configs\",\"silences\"]");
    }

    @Test
    void s3SyncWhoseRetentionDeletesNeedsYesAndWithoutItChangesNothing() throws Exception {
        Path local = dir.resolve("s3-local");
        WrittenArchive older = archive(local);
        Files.move(older.file(), local.resolve("full_20261101000000.tar.gz"));
        WrittenArchive newest = archive(local);
        try (S3Fixture s3 = new S3Fixture(dir.resolve("s3-storage"))) {
            System.setProperty("aws.accessKeyId", S3Fixture.KEYS.accessKeyId());
            System.setProperty("aws.secretAccessKey", S3Fixture.KEYS.secretAccessKey());
            try {
                String[] args = {"s3-sync", "--bucket", S3Fixture.BUCKET, "--endpoint", s3.endpoint().toString(),
                        "--region", "us-east-1", "--dir", local.toString(), "--retention-keep", "1"};

                assertThat(run(args)).as(err.toString()).isZero();
                assertThat(out.toString()).contains("delete", "full_20261101000000.tar.gz",
                        "Nothing was changed. Run again with --yes");
                assertThat(Files.exists(local.resolve("full_20261101000000.tar.gz"))).isTrue();
                assertThat(s3.keys()).as("nothing uploaded without --yes").isEmpty();

                String[] withYes = java.util.Arrays.copyOf(args, args.length + 2);
                withYes[args.length] = "--yes";
                withYes[args.length + 1] = "--output=json";
                out.getBuffer().setLength(0);
                assertThat(run(withYes)).as(err.toString()).isZero();
                JsonNode doc = JSON.readTree(out.toString());
                assertThat(doc.path("value").path("uploaded").size()).isEqualTo(2);
                assertThat(doc.path("value").path("deletedLocal").toString())
                        .isEqualTo("[\"full_20261101000000.tar.gz\"]");
                assertThat(Files.exists(local.resolve("full_20261101000000.tar.gz"))).isFalse();
                assertThat(newest.file()).exists();
                String newestName = newest.file().getFileName().toString();
                assertThat(s3.keys()).as("the bucket, read behind the server").anyMatch(k -> k.endsWith(newestName));
                for (JsonNode deleted : doc.path("value").path("deletedRemote")) {
                    assertThat(s3.keys()).noneMatch(k -> k.endsWith(deleted.asString()));
                }
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    @Test
    void listFailsWhenTheNewestBackupIsOlderThanTheRpoAndUnknownComponentsAreUsageErrors() {
        assertThat(run("list", "--dir", dir.resolve("empty").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("No backup yet");
        assertThat(run("backup", "--components", "configs,everything")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown component 'everything'");
    }

    @Test
    void backupThenRestoreWithoutYesPrintsThePlanAndChangesNothing() throws Exception {
        Path backups = dir.resolve("sandbox");
        assertThat(runOnSandbox("backup", "--components", "configs,secrets", "--dir", backups.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Note: Secrets were left out", "Steps:", "Write the manifest");
        Path file;
        try (Stream<Path> files = Files.list(backups)) {
            file = files.filter(p -> p.getFileName().toString().matches("full_\\d{14}\\.tar\\.gz")).findFirst()
                    .orElseThrow();
        }
        assertThat(run("list", "--dir", backups.toString())).isZero();
        assertThat(out.toString()).contains(file.getFileName().toString(), "configs", "Last backup");

        admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").edit(cm -> {
            cm.getData().put("extra.yaml", "x: 1\n");
            return cm;
        });
        assertThat(runOnSandbox("restore", file.toString(), "--dir", backups.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("update    configmaps/grafana-datasources",
                "A backup is taken first.", "Nothing was changed");
        assertThat(admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").get().getData())
                .containsKey("extra.yaml");

        assertThat(runOnSandbox("restore", file.toString(), "--components", "configs", "--yes", "--dir",
                backups.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("done: Pre-restore backup", "done: Objects:", "Done: ");
        assertThat(admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").get().getData())
                .doesNotContainKey("extra.yaml");
    }

    private static Path onlyArchive(Path backups) throws Exception {
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(p -> p.getFileName().toString().matches("full_\\d{14}\\.tar\\.gz")).findFirst()
                    .orElseThrow();
        }
    }

    /** The UID and resourceVersion of every ConfigMap and Secret in the namespace: what a change would move. */
    private static java.util.Map<String, String> versions() {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        admin.configMaps().inNamespace("monitoring").list().getItems().forEach(c -> m.put("cm/"
                + c.getMetadata().getName(), c.getMetadata().getUid() + "@" + c.getMetadata().getResourceVersion()));
        admin.secrets().inNamespace("monitoring").list().getItems().forEach(c -> m.put("secret/"
                + c.getMetadata().getName(), c.getMetadata().getUid() + "@" + c.getMetadata().getResourceVersion()));
        return m;
    }

    private int withS3Keys(java.util.function.IntSupplier command) {
        System.setProperty("aws.accessKeyId", S3Fixture.KEYS.accessKeyId());
        System.setProperty("aws.secretAccessKey", S3Fixture.KEYS.secretAccessKey());
        try {
            return command.getAsInt();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void restoreFromS3OnAFreshWorkstationBringsBackTheConfigAndLatestPicksTheNewest() throws Exception {
        Path backups = dir.resolve("s3-restore-backups");
        assertThat(runOnSandbox("backup", "--components", "configs", "--dir", backups.toString()))
                .as(err.toString()).isZero();
        Path taken = onlyArchive(backups);
        // An older archive under the same prefix, which --latest must pass over.
        WrittenArchive older = archive(dir.resolve("s3-restore-older"));
        Path olderFile = Files.move(older.file(), backups.resolve("full_20261101000000.tar.gz"));
        Files.deleteIfExists(io.neurectomy.console.core.backup.archive.CheckRecord.sidecarOf(older.file()));
        try (S3Fixture s3 = new S3Fixture(dir.resolve("s3-restore-storage"))) {
            String endpoint = s3.endpoint().toString();
            assertThat(withS3Keys(() -> run("s3-sync", "--bucket", S3Fixture.BUCKET, "--prefix", "prod",
                    "--endpoint", endpoint, "--dir", backups.toString(), "--yes"))).as(err.toString()).isZero();
            assertThat(s3.keys()).contains("prod/" + taken.getFileName(), "prod/" + olderFile.getFileName());

            out.getBuffer().setLength(0);
            assertThat(withS3Keys(() -> run("list", "s3://" + S3Fixture.BUCKET + "/prod/", "--endpoint", endpoint,
                    "-o", "json"))).as(err.toString()).isZero();
            JsonNode listed = JSON.readTree(out.toString());
            assertThat(listed.path("archives").get(0).path("name").asString())
                    .isEqualTo(taken.getFileName().toString());
            assertThat(listed.path("archives").get(0).path("verified").asBoolean()).isTrue();
            assertThat(listed.path("archives").get(1).path("overdue").asBoolean()).isTrue();

            admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").edit(cm -> {
                cm.getData().put("extra.yaml", "x: 1\n");
                return cm;
            });
            // A fresh workstation: an empty data directory, the kubeconfig and the S3 credentials.
            Path fresh = dir.resolve("fresh-workstation-backups");
            out.getBuffer().setLength(0);
            assertThat(withS3Keys(() -> runOnSandbox("restore", "--latest", "s3://" + S3Fixture.BUCKET + "/prod/",
                    "--endpoint", endpoint, "--dir", fresh.toString(), "--yes"))).as(err.toString()).isZero();

            assertThat(admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").get().getData())
                    .doesNotContainKey("extra.yaml");
            assertThat(fresh.resolve(taken.getFileName())).hasSameBinaryContentAs(taken);
            assertThat(fresh.resolve(olderFile.getFileName())).as("--latest took the newest").doesNotExist();
            assertThat(out.toString()).contains("s3://" + S3Fixture.BUCKET + "/prod/" + taken.getFileName(),
                    "SHA-256 checked", "done: Objects:");

            // The named archive, with the configs changed again: restored the same way.
            admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").edit(cm -> {
                cm.getData().put("again.yaml", "y: 2\n");
                return cm;
            });
            assertThat(withS3Keys(() -> runOnSandbox("restore", "s3://" + S3Fixture.BUCKET + "/prod/"
                    + taken.getFileName(), "--endpoint", endpoint, "--dir", fresh.toString(), "--yes")))
                    .as(err.toString()).isZero();
            assertThat(admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").get().getData())
                    .doesNotContainKey("again.yaml");
        }
    }

    @Test
    void aDamagedArchiveInS3IsRefusedBeforeAnythingInTheClusterChanges() throws Exception {
        Path backups = dir.resolve("s3-damaged-backups");
        assertThat(runOnSandbox("backup", "--components", "configs", "--dir", backups.toString()))
                .as(err.toString()).isZero();
        Path taken = onlyArchive(backups);
        byte[] good = Files.readAllBytes(taken);
        String sha = io.neurectomy.console.core.backup.archive.Hashes.sha256(taken);
        admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").edit(cm -> {
            cm.getData().put("after-backup.yaml", "z: 3\n");
            return cm;
        });
        try (S3Fixture s3 = new S3Fixture(dir.resolve("s3-damaged-storage"))) {
            String endpoint = s3.endpoint().toString();
            byte[] flipped = good.clone();
            flipped[flipped.length / 2] ^= 0x55;
            byte[] cut = java.util.Arrays.copyOf(good, good.length - 200);
            String name = taken.getFileName().toString();
            // Corrupted under the upload's checksum; truncated with a checksum that matches the truncated bytes (the
            // archive's own manifest must catch it); corrupted without any checksum.
            s3.putRawForTest("wrong-sha/" + name, flipped, java.util.Map.of("sha256", sha));
            s3.putRawForTest("truncated/" + name, cut, java.util.Map.of("sha256", sha256(cut)));
            s3.putRawForTest("no-sha/" + name, flipped, java.util.Map.of());
            java.util.Map<String, String> before = versions();
            for (String prefix : List.of("wrong-sha", "truncated", "no-sha")) {
                Path fresh = dir.resolve("damaged-host-" + prefix);
                err.getBuffer().setLength(0);
                out.getBuffer().setLength(0);
                int code = withS3Keys(() -> runOnSandbox("restore", "s3://" + S3Fixture.BUCKET + "/" + prefix + "/"
                        + name, "--endpoint", endpoint, "--dir", fresh.toString(), "--yes"));
                assertThat(code).as(prefix + ": " + out + err).isEqualTo(1);
                assertThat(out.toString() + err).as(prefix).containsAnyOf("does not match its checksum in S3",
                        "damaged", "truncated", "corrupted");
                assertThat(fresh.resolve(name)).as(prefix + ": nothing kept under the archive's name")
                        .doesNotExist();
                assertThat(versions()).as(prefix + ": nothing in the cluster changed").isEqualTo(before);
            }
            assertThat(admin.configMaps().inNamespace("monitoring").withName("grafana-datasources").get().getData())
                    .containsKey("after-backup.yaml");
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }
}

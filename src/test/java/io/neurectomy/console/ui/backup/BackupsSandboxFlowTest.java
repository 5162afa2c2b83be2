package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.StepRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Backups section's whole story on the sandbox, through its view model (the window's own code path): take a
 * backup with the TSDB, verify it, sync it to S3, lose a Prometheus replica's data, and restore it from the wizard
 * with the same samples as before.
 */
class BackupsSandboxFlowTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static S3Fixture s3;

    @BeforeAll
    static void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        s3 = new S3Fixture(tmp.resolve("s3"));
        // The window takes S3 credentials from the standard AWS chain, whose first link is these properties.
        System.setProperty("aws.accessKeyId", S3Fixture.KEYS.accessKeyId());
        System.setProperty("aws.secretAccessKey", S3Fixture.KEYS.secretAccessKey());
        Poll.until(WAIT, "both Prometheus replicas ready", () -> client.pods().inNamespace(NS)
                .withLabel("app", "prometheus").list().getItems().stream().filter(BackupsSandboxFlowTest::ready)
                .count() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) {
            s3.close();
        }
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The raw samples of {@code up[2m]} at {@code time}, as {@code pod} answers them, series sorted. */
    private static String samples(String pod, double time) throws Exception {
        String path = "/api/v1/query?query=" + URLEncoder.encode("up[2m]", StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%.3f", time);
        PodCalls.Response r = new PodCalls(client, NS, Duration.ofSeconds(20)).get(pod, 9090, path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> series = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
            series.add(s.path("metric").toString() + " " + s.path("values").toString());
        }
        series.sort(String::compareTo);
        return String.join("\n", series);
    }

    @Test
    void backUpVerifySyncLoseAReplicaAndRestoreItFromTheWizard() throws Exception {
        // Prometheus has scraped for a while: a fixed past moment with samples on prometheus-0.
        double[] time = new double[1];
        String before = Poll.until(WAIT, () -> {
            time[0] = System.currentTimeMillis() / 1000.0 - 1;
            try {
                return samples("prometheus-0", time[0]);
            } catch (Exception e) {
                return "";
            }
        }, s -> s.contains("\"job\""), "samples of up on prometheus-0");

        ConsoleSettings settings = ConsoleSettings.load(tmp.resolve("config"));
        settings.setBackupSetting("dir", tmp.resolve("backups").toString());
        ActivityLog activity = new ActivityLog();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        BackupsViewModel model = new BackupsViewModel(new SimpleObjectProperty<>(session), new InlineTaskRunner(),
                Runnable::run, settings, activity, dialogs);
        model.passphraseProperty().set("a passphrase for the flow test");

        // Back up now, every component.
        model.backUpNow();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(dialogs.notifications).singleElement().asString().startsWith("SUCCESS Backup written");
        assertThat(activity.recent()).singleElement().isSameAs(model.progress().current());
        assertThat(model.rows()).hasSize(1);
        BackupRow row = model.rows().get(0);
        assertThat(row.components()).contains("tsdb");

        // Verify.
        model.verify(row);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.rows().get(0).verified()).isEqualTo("verified");

        // Sync to S3.
        model.s3().bucketProperty().set(S3Fixture.BUCKET);
        model.s3().endpointProperty().set(s3.endpoint().toString());
        model.s3().regionProperty().set("us-east-1");
        model.s3().syncS3();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.s3().remoteLines()).singleElement().asString().startsWith(row.name());

        // prometheus-1 loses its data: the volume is emptied and the pod restarts on it.
        Pod lost = client.pods().inNamespace(NS).withName("prometheus-1").get();
        PodCalls pods = new PodCalls(client, NS, Duration.ofSeconds(30));
        List<String> rm = new ArrayList<>(List.of("rm", "-r"));
        for (String entry : pods.exec("prometheus-1", "prometheus", List.of("ls", "/prometheus")).stdout()
                .split("\\s+")) {
            if (entry.equals("wal") || entry.equals("chunks_head") || entry.matches("[0-9A-HJKMNP-TV-Z]{26}")) {
                rm.add("/prometheus/" + entry);
            }
        }
        assertThat(pods.exec("prometheus-1", "prometheus", rm).exitCode()).isZero();
        client.pods().inNamespace(NS).withName("prometheus-1").delete();
        Poll.until(WAIT, "prometheus-1 back, ready, on an empty volume", () -> {
            Pod p = client.pods().inNamespace(NS).withName("prometheus-1").get();
            return p != null && !p.getMetadata().getUid().equals(lost.getMetadata().getUid()) && ready(p);
        });
        assertThat(samples("prometheus-1", time[0])).as("the wiped replica has no old samples").isEmpty();

        // Restore the TSDB into prometheus-1 from the wizard.
        RestoreWizardModel wizard = model.restore();
        wizard.beginRestore(model.rows().get(0));
        assertThat(wizard.replicaChoices()).containsExactly("prometheus-0", "prometheus-1");
        for (BackupComponent c : BackupComponent.values()) {
            wizard.componentProperty(c).set(c == BackupComponent.TSDB);
        }
        wizard.replicaProperty().set("prometheus-1");
        wizard.planRestore();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.PLAN);
        assertThat(String.join("\n", wizard.planLines())).contains("prometheus-1");
        wizard.typedProperty().set(NS);
        wizard.confirmRestore();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.RESULT);
        assertThat(wizard.operation().steps()).extracting(r -> r.step().id() + " " + r.state())
                .containsExactly("tsdb-write DONE", "tsdb-restart DONE", "tsdb-query DONE");

        // Data intact: the same samples as prometheus-0 answered before the backup.
        assertThat(samples("prometheus-1", time[0])).isEqualTo(before);
    }

    @Test
    void aRunningBackupIsInTheActivityLogAndCancelStopsItBetweenStepsLeavingNoArchive() {
        Path dir = tmp.resolve("cancelled-backups");
        ConsoleSettings settings = ConsoleSettings.load(tmp.resolve("config-cancel"));
        settings.setBackupSetting("dir", dir.toString());
        ActivityLog activity = new ActivityLog();
        BackupsViewModel model = new BackupsViewModel(new SimpleObjectProperty<>(session), new InlineTaskRunner(),
                Runnable::run, settings, activity, new ScriptedDialogs());
        for (BackupComponent c : BackupComponent.values()) {
            model.componentProperty(c).set(c == BackupComponent.CONFIGS || c == BackupComponent.SILENCES);
        }
        List<String> seen = new ArrayList<>();
        // The "user" presses Cancel in the Activity panel once the first step is done.
        activity.running().addListener((ListChangeListener<OperationModel<?>>) change -> {
            while (change.next()) {
                for (OperationModel<?> running : change.getAddedSubList()) {
                    running.steps().addListener((ListChangeListener<StepRow>) steps -> {
                        if (running.steps().get(0).state() == StepRow.State.DONE && seen.isEmpty()) {
                            seen.add(activity.running().contains(running) ? "running" : "not listed");
                            running.cancel();
                        }
                    });
                }
            }
        });

        model.backUpNow();

        assertThat(seen).containsExactly("running");
        OperationModel<?> backup = model.progress().current();
        assertThat(backup.resultProperty().get().cancelled()).isTrue();
        // The cancel lands once the first step is seen done: before the silences step or while it asks Alertmanager
        // (the step then stops at its next check); either way the archive is never written.
        assertThat(backup.steps()).extracting(r -> r.step().id() + " " + r.state())
                .containsExactly("objects DONE", "silences " + backup.steps().get(1).state(), "manifest NOT_RUN");
        assertThat(backup.steps().get(1).state()).isIn(StepRow.State.NOT_RUN, StepRow.State.CANCELLED);
        assertThat(activity.running()).isEmpty();
        assertThat(model.rows()).isEmpty();
        assertThat(dir.toFile().list()).isNullOrEmpty();
    }
}

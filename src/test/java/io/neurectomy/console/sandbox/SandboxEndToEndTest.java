package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sandbox with real Prometheus and Alertmanager processes, driven through the console's own connection
 * path (kubeconfig, connector, fabric8 client): port-forward, exec, log, pod deletion, scaling, clean exit.
 */
class SandboxEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withPropagationDelay(
                Duration.ofSeconds(2)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        Poll.until(WAIT, "every stack pod ready", () -> readyPods("prometheus") == 2
                && readyPods("alertmanager") == 3 && readyPods("grafana") == 2);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Each test starts with the stack as deployed: three Alertmanagers, every pod ready. */
    @BeforeEach
    void stackReady() {
        Poll.until(WAIT, "every stack pod ready and three Alertmanager pods", () -> readyPods("prometheus") == 2
                && readyPods("alertmanager") == 3 && readyPods("grafana") == 2
                && client.pods().inNamespace(NS).withLabel("app", "alertmanager").list().getItems().size() == 3);
    }

    private static long readyPods(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ExecResult exec(String pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(NS).withName(pod).writingOutput(out).writingError(err)
                .exec(command)) {
            int code = watch.exitCode().get(30, TimeUnit.SECONDS);
            return new ExecResult(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        }
    }

    private record ExecResult(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    @Test
    void portForwardReachesTheRealPrometheus() throws Exception {
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("prometheus-0").portForward(9090)) {
            HttpResponse<String> ready = get(forward.getLocalPort(), "/-/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(get(forward.getLocalPort(), "/api/v1/status/buildinfo").body()).contains("\"version\"");
        }
    }

    @Test
    void mountedConfigFollowsTheConfigMapAfterThePropagationDelay() throws Exception {
        String before = client.configMaps().inNamespace(NS).withName("prometheus-config").get().getData()
                .get("prometheus.yml");
        assertThat(exec("prometheus-0", "cat", "/etc/prometheus/config/prometheus.yml").text()).isEqualTo(before);

        String edited = before.replace("scrape_interval: 15s", "scrape_interval: 20s");
        client.configMaps().inNamespace(NS).withName("prometheus-config")
                .edit(cm -> {
                    cm.getData().put("prometheus.yml", edited);
                    return cm;
                });
        Poll.until(WAIT, () -> {
            try {
                return exec("prometheus-0", "cat", "/etc/prometheus/config/prometheus.yml").text();
            } catch (Exception e) {
                return "error: " + e;
            }
        }, edited::equals, "the edited prometheus.yml in the pod");
    }

    @Test
    void tarStreamsADirectoryThatUnpacksIntact(@TempDir Path dir) throws Exception {
        ExecResult tar = exec("prometheus-0", "tar", "-cf", "-", "/etc/prometheus");
        assertThat(tar.code()).as(tar.err()).isZero();
        Path archive = dir.resolve("etc.tar");
        Files.write(archive, tar.out());
        Path unpacked = Files.createDirectories(dir.resolve("out"));
        Process untar = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(untar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();

        Map<String, String> inPod = new TreeMap<>();
        for (String line : exec("prometheus-0", "sha256sum", "/etc/prometheus/config/prometheus.yml",
                "/etc/prometheus/rules/recording.yml").text().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            inPod.put(parts[1].replaceAll(".*/etc/", "etc/"), parts[0]);
        }
        Map<String, String> local = new TreeMap<>();
        try (var files = Files.walk(unpacked)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String rel = unpacked.relativize(file).toString().replaceAll(".*?etc/", "etc/");
                local.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(file))));
            }
        }
        assertThat(local).containsAllEntriesOf(inPod);
        assertThat(inPod).hasSize(2);
    }

    @Test
    void logFollowReceivesLinesAsTheProcessWritesThem() throws Exception {
        // The log already holds the startup's "Completed loading": the follow must deliver one more, written by
        // the reload sent after it began.
        long loadedBefore = client.pods().inNamespace(NS).withName("prometheus-0").getLog().lines()
                .filter(l -> l.contains("Completed loading of configuration file")).count();
        assertThat(loadedBefore).as("configuration loads in the log before the follow").isPositive();
        try (LogWatch watch = client.pods().inNamespace(NS).withName("prometheus-0").watchLog();
                BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(),
                        StandardCharsets.UTF_8))) {
            // A reload makes the process write new lines after the follow began.
            try (LocalPortForward forward = client.pods().inNamespace(NS).withName("prometheus-0")
                    .portForward(9090)) {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forward.getLocalPort()
                        + "/-/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            String line;
            long loaded = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (loaded <= loadedBefore && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                if (line.contains("Completed loading of configuration file")) {
                    loaded++;
                }
            }
            assertThat(loaded).as("configuration loads through the followed log, one of them after the follow began")
                    .isEqualTo(loadedBefore + 1);
        }
    }

    @Test
    void deletedPodIsRecreatedAndANewForwardReachesTheNewProcess() throws Exception {
        String startBefore;
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("prometheus-1").portForward(9090)) {
            startBefore = startTime(get(forward.getLocalPort(), "/api/v1/status/runtimeinfo").body());
        }
        String uid = client.pods().inNamespace(NS).withName("prometheus-1").get().getMetadata().getUid();

        client.pods().inNamespace(NS).withName("prometheus-1").delete();

        Poll.until(WAIT, "prometheus-1 recreated and ready", () -> {
            var pod = client.pods().inNamespace(NS).withName("prometheus-1").get();
            return pod != null && !uid.equals(pod.getMetadata().getUid()) && readyPods("prometheus") == 2;
        });
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("prometheus-1").portForward(9090)) {
            HttpResponse<String> info = get(forward.getLocalPort(), "/api/v1/status/runtimeinfo");
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(startTime(info.body())).isNotEqualTo(startBefore);
        }
    }

    private static String startTime(String runtimeInfo) {
        Matcher m = Pattern.compile("\"startTime\":\"([^\"]+)\"").matcher(runtimeInfo);
        assertThat(m.find()).as(runtimeInfo).isTrue();
        return m.group(1);
    }

    @Test
    void scalingAlertmanagerToFiveGivesFiveClusteredProcesses() throws Exception {
        client.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(5);
        try {
            Poll.until(WAIT, "five ready alertmanagers", () -> readyPods("alertmanager") == 5);

            for (String pod : List.of("alertmanager-0", "alertmanager-4")) {
                try (LocalPortForward forward = client.pods().inNamespace(NS).withName(pod).portForward(9093)) {
                    Poll.until(WAIT, () -> {
                        try {
                            return get(forward.getLocalPort(), "/api/v2/status").body();
                        } catch (IOException | InterruptedException e) {
                            return "";
                        }
                    }, body -> countPeers(body) == 5, pod + " seeing five peers");
                }
            }
        } finally {
            client.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(3);
        }
    }

    private static int countPeers(String status) {
        int peers = status.indexOf("\"peers\"");
        if (peers < 0) {
            return -1;
        }
        String rest = status.substring(peers, status.indexOf(']', peers) + 1);
        return (int) Pattern.compile("\"address\"").matcher(rest).results().count();
    }

    @Test
    void closeLeavesNoProcessAlive() {
        // A sandbox of its own, so that closing it leaves the shared one to the other tests.
        SandboxCluster own = SandboxCluster.start(false);
        List<Long> pids;
        try (KubernetesClient admin = own.adminClient()) {
            Poll.until(WAIT, "its five Prometheus and Alertmanager processes", () -> admin.pods().inNamespace(NS)
                    .list().getItems().stream().filter(p -> p.getStatus() != null && "Running".equals(
                            p.getStatus().getPhase())).count() >= 5 && own.startedPids().size() >= 5);
            pids = own.startedPids();
        } finally {
            own.close();
        }
        assertThat(pids).hasSizeGreaterThanOrEqualTo(5);
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).as("process %d alive", pid).isFalse());
    }
}

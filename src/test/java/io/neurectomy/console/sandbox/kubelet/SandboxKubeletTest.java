package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.RuntimeStatus;
import io.neurectomy.console.sandbox.SeededApi;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxKubeletTest {
    private static final String NS = "monitoring";
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @TempDir
    Path workDir;
    private SeededApi sandbox;
    private KubernetesClient admin;
    private SandboxKubelet kubelet;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<RuntimeStatus> statuses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        sandbox = SeededApi.start();
        admin = sandbox.adminClient();
    }

    @AfterEach
    void stopAll() {
        if (kubelet != null) {
            List<Long> pids = kubelet.startedPids();
            kubelet.close();
            assertThat(pids).noneMatch(SandboxKubeletTest::alive);
        }
        admin.close();
        sandbox.close();
    }

    private SandboxKubelet kubelet(Binaries binaries, Duration delay) {
        kubelet = new SandboxKubelet(workDir, admin, binaries, delay);
        kubelet.addListener((pod, status) -> {
            events.add(pod + " " + status);
            statuses.add(status);
        });
        return kubelet;
    }

    @Test
    void prometheusPodBecomesReadyAndAnswersOnItsLocalPort() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        assertThat(kubelet.mode()).isNull();

        kubelet.start(pod("prometheus", 0));

        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(), RuntimeStatus::ready,
                "prometheus-0 ready");
        assertThat(events).anyMatch(e -> e.startsWith("monitoring/prometheus-0 RuntimeStatus[running=true, "
                + "ready=true"));
        PodRuntime runtime = kubelet.find(NS, "prometheus-0").orElseThrow();
        assertThat(runtime.available()).isTrue();
        int port = runtime.localPort(9090).orElseThrow();
        assertThat(get(port, "/-/ready").statusCode()).isEqualTo(200);
        // the arguments of the StatefulSet survive: lifecycle API on, data below the pod directory
        assertThat(get(port, "/api/v1/status/flags").body())
                .contains("\"web.enable-lifecycle\":\"true\"", "\"storage.tsdb.retention.time\":\"15d\"",
                        runtime.root().resolve("prometheus").toString());
        assertThat(runtime.logFile()).exists();
    }

    @Test
    void unknownFlagsOfNewerPrometheusVersionsAreDropped() {
        RealServers.require(RealServers.PROMETHEUS);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        Pod pod = pod("prometheus", 0);
        pod.getSpec().getContainers().get(0).getArgs().add("--web.enable-otlp-receiver");
        pod.getSpec().getContainers().get(0).getArgs().add("--storage.tsdb.wal-compression-type=snappy");

        kubelet.start(pod);

        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(), RuntimeStatus::ready,
                "prometheus-0 ready despite flags it does not know");
        assertThat(statuses).noneMatch(s -> s.reason() != null && s.reason().startsWith("exited"));
    }

    @Test
    void mountedFilesAreByteIdenticalToTheConfigMapsAndTheSecret() throws IOException {
        kubelet(Binaries.none(), Duration.ofMillis(300));

        kubelet.start(pod("prometheus", 0));
        kubelet.start(pod("alertmanager", 0));

        Path prometheusRoot = kubelet.find(NS, "prometheus-0").orElseThrow().root();
        assertThat(Files.readAllBytes(prometheusRoot.resolve("etc/prometheus/prometheus.yml")))
                .isEqualTo(configMapBytes("prometheus-config", "prometheus.yml"));
        // nested mount: the rules volume below the config volume
        assertThat(Files.readAllBytes(prometheusRoot.resolve("etc/prometheus/rules/prometheus.yml")))
                .isEqualTo(configMapBytes("prometheus-alert-rules", "prometheus.yml"));
        assertThat(prometheusRoot.resolve("prometheus")).isDirectory();
        Path amRoot = kubelet.find(NS, "alertmanager-0").orElseThrow().root();
        byte[] secret = Base64.getDecoder().decode(admin.secrets().inNamespace(NS).withName("alertmanager-config")
                .get().getData().get("alertmanager.yml"));
        assertThat(Files.readAllBytes(amRoot.resolve("etc/alertmanager/alertmanager.yml"))).isEqualTo(secret);
    }

    @Test
    void configMapChangeReachesTheMountedFileOnlyAfterThePropagationDelay() throws IOException {
        Duration delay = Duration.ofMillis(800);
        kubelet(Binaries.none(), delay);
        kubelet.start(pod("prometheus", 0));
        Path file = kubelet.find(NS, "prometheus-0").orElseThrow().root().resolve("etc/prometheus/prometheus.yml");
        String before = Files.readString(file);

        Instant editSent = Instant.now();
        editConfig(before.replace("scrape_interval: 15s", "scrape_interval: 7s"));

        Poll.until(Duration.ofSeconds(60), "the edit to reach the mounted file",
                () -> read(file).contains("scrape_interval: 7s"));
        // The file's own timestamp says when the kubelet wrote it: not before the delay had passed since the edit
        // was sent (a lower bound, which a slow machine cannot break: it only makes the write later).
        Instant written = Files.getLastModifiedTime(file).toInstant();
        assertThat(written).as("when the mounted file was rewritten").isAfterOrEqualTo(editSent.plus(delay)
                .minusMillis(20));
        assertThat(Files.readAllBytes(file)).isEqualTo(configMapBytes("prometheus-config", "prometheus.yml"));
    }

    @Test
    void translatedConfigurationDiscoversTheAlertmanagerPods() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        kubelet.start(pod("alertmanager", 0));
        kubelet.start(pod("alertmanager", 1));
        kubelet.start(pod("prometheus", 0));
        int am0 = kubelet.find(NS, "alertmanager-0").orElseThrow().localPort(9093).orElseThrow();
        int am1 = kubelet.find(NS, "alertmanager-1").orElseThrow().localPort(9093).orElseThrow();
        int port = kubelet.find(NS, "prometheus-0").orElseThrow().localPort(9090).orElseThrow();

        String alertmanagers = Poll.until(DEADLINE, () -> body(port, "/api/v1/alertmanagers"),
                b -> b.contains("127.0.0.1:" + am0) && b.contains("127.0.0.1:" + am1),
                "both Alertmanagers known to Prometheus");
        assertThat(alertmanagers).contains("http://127.0.0.1:" + am0 + "/api/v2/alerts");
        String targets = Poll.until(DEADLINE, () -> body(port, "/api/v1/targets"),
                b -> b.contains("\"127.0.0.1:" + am0 + "\"") && b.contains("\"127.0.0.1:" + am1 + "\""),
                "the alertmanager job's targets");
        assertThat(targets).contains("\"job\":\"alertmanager\"", "\"__meta_kubernetes_pod_name\":\"alertmanager-1\"",
                "\"__meta_kubernetes_pod_ip\":\"10.42.1.1\"", "\"__meta_kubernetes_pod_label_app\":\"alertmanager\"",
                "\"__meta_kubernetes_pod_container_port_name\":\"web\"");
        // the file a user sees is still the ConfigMap, Kubernetes discovery and all
        Path mounted = kubelet.find(NS, "prometheus-0").orElseThrow().root().resolve("etc/prometheus/prometheus.yml");
        assertThat(Files.readString(mounted)).contains("kubernetes_sd_configs");
    }

    @Test
    void reloadAfterAConfigMapChangeLoadsTheNewConfiguration() throws Exception {
        int port = startReadyPrometheus();
        Path mounted = kubelet.find(NS, "prometheus-0").orElseThrow().root().resolve("etc/prometheus/prometheus.yml");
        String old = Files.readString(mounted);
        assertThat(body(port, "/api/v1/status/config")).doesNotContain("sandbox-added");

        editConfig(old + "  - job_name: sandbox-added\n    static_configs:\n      - targets: ['localhost:9090']\n");
        Poll.until(Duration.ofSeconds(120), "the edit to reach the mounted file",
                () -> read(mounted).contains("sandbox-added"));

        assertThat(post(port, "/-/reload")).isEqualTo(200);
        assertThat(body(port, "/api/v1/status/config")).contains("job_name: sandbox-added");
        assertThat(body(port, "/metrics")).contains("prometheus_config_last_reload_successful 1");
    }

    @Test
    void configurationThatDoesNotParseReachesPrometheusWhichRejectsTheReload() throws Exception {
        int port = startReadyPrometheus();
        Path mounted = kubelet.find(NS, "prometheus-0").orElseThrow().root().resolve("etc/prometheus/prometheus.yml");

        editConfig("global:\n  scrape_interval: [15s\n");
        Poll.until(Duration.ofSeconds(120), "the broken file to be mounted", () -> read(mounted).contains("[15s"));

        assertThat(post(port, "/-/reload")).isEqualTo(500);
        assertThat(get(port, "/-/ready").statusCode()).isEqualTo(200);
        assertThat(body(port, "/api/v1/status/config")).contains("alertmanager");
    }

    @Test
    void threeAlertmanagersFormAClusterAndScalingToFiveShowsFivePeersEverywhere() {
        RealServers.require(RealServers.ALERTMANAGER);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) {
            kubelet.start(pod("alertmanager", i));
        }
        awaitPeers(3, 3);

        kubelet.start(pod("alertmanager", 3));
        kubelet.start(pod("alertmanager", 4));

        awaitPeers(5, 5);
    }

    private void awaitPeers(int members, int expectedPeers) {
        for (int i = 0; i < members; i++) {
            int port = kubelet.find(NS, "alertmanager-" + i).orElseThrow().localPort(9093).orElseThrow();
            Poll.until(Duration.ofSeconds(120), () -> peers(port), n -> n == expectedPeers,
                    "alertmanager-" + i + " to see " + expectedPeers + " peers");
        }
    }

    @Test
    void stopAndCloseLeaveNoProcessBehind() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        kubelet.start(pod("prometheus", 0));
        kubelet.start(pod("alertmanager", 0));
        long prometheusPid = kubelet.pid(NS, "prometheus-0").orElseThrow();
        long alertmanagerPid = kubelet.pid(NS, "alertmanager-0").orElseThrow();

        kubelet.stop(NS, "prometheus-0");

        assertThat(alive(prometheusPid)).isFalse();
        assertThat(kubelet.find(NS, "prometheus-0")).isEmpty();
        assertThat(kubelet.status(NS, "prometheus-0")).isEmpty();
        assertThat(alive(alertmanagerPid)).isTrue();

        kubelet.close();
        kubelet.close();

        assertThat(kubelet.startedPids()).contains(prometheusPid, alertmanagerPid)
                .noneMatch(SandboxKubeletTest::alive);
    }

    @Test
    void statefulSetDataSurvivesThePodButOtherPodDirectoriesGo() throws IOException {
        kubelet(Binaries.none(), Duration.ofMillis(300));
        kubelet.start(pod("prometheus", 0));
        Path root = kubelet.find(NS, "prometheus-0").orElseThrow().root();
        Files.writeString(root.resolve("prometheus/marker"), "data");
        Pod grafana = grafanaPod();
        kubelet.start(grafana);
        Path grafanaRoot = kubelet.find(NS, grafana.getMetadata().getName()).orElseThrow().root();

        kubelet.stop(NS, "prometheus-0");
        kubelet.stop(NS, grafana.getMetadata().getName());
        admin.pods().inNamespace(NS).withName("prometheus-0").delete();
        Poll.until(DEADLINE, "prometheus-0 gone from the API",
                () -> admin.pods().inNamespace(NS).withName("prometheus-0").get() == null);
        kubelet.start(pod("prometheus", 0));

        assertThat(root.resolve("prometheus/marker")).hasContent("data");
        assertThat(grafanaRoot).doesNotExist();
    }

    @Test
    void processKilledFromOutsideIsRestartedAndCounted() {
        RealServers.require(RealServers.PROMETHEUS);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        kubelet.start(pod("prometheus", 0));
        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(), RuntimeStatus::ready,
                "prometheus-0 ready");
        long pid = kubelet.pid(NS, "prometheus-0").orElseThrow();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(),
                s -> s.ready() && s.restarts() == 1, "prometheus-0 restarted and ready again");
        assertThat(statuses).anyMatch(s -> !s.running() && "exited with status 137".equals(s.reason()));
        assertThat(kubelet.pid(NS, "prometheus-0").orElseThrow()).isNotEqualTo(pid);
    }

    @Test
    void wipingVolumesEmptiesTheClaimsKeepsTheProjectedFilesAndRestartsTheProcessOnce() throws IOException {
        RealServers.require(RealServers.PROMETHEUS);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        kubelet.start(withClaim(pod("prometheus", 0), "prometheus-storage", "prometheus-storage-prometheus-0"));
        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(), RuntimeStatus::ready,
                "prometheus-0 ready");
        Path root = kubelet.find(NS, "prometheus-0").orElseThrow().root();
        Files.writeString(root.resolve("prometheus/marker"), "data");
        long pid = kubelet.pid(NS, "prometheus-0").orElseThrow();

        assertThat(kubelet.wipeVolumes(NS, "prometheus-0")).isTrue();

        assertThat(root.resolve("prometheus/marker")).doesNotExist();
        assertThat(Files.readAllBytes(root.resolve("etc/prometheus/prometheus.yml")))
                .isEqualTo(configMapBytes("prometheus-config", "prometheus.yml"));
        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(),
                s -> s.ready() && s.restarts() == 1, "prometheus-0 restarted once and ready again");
        assertThat(kubelet.pid(NS, "prometheus-0").orElseThrow()).isNotEqualTo(pid);
        assertThat(alive(pid)).isFalse();
        assertThat(statuses).noneMatch(s -> s.reason() != null && s.reason().startsWith("exited"));
        assertThat(kubelet.wipeVolumes(NS, "prometheus-9")).as("a pod the kubelet does not run").isFalse();
    }

    @Test
    void withoutBinariesPodsExistInTheApiOnly() {
        kubelet(Binaries.none(), Duration.ofMillis(300));

        kubelet.start(pod("prometheus", 0));

        assertThat(kubelet.mode()).isEqualTo("API only: prometheus and prometheus-alertmanager were not found on "
                + "PATH, so pods have no processes behind them.");
        PodRuntime runtime = kubelet.find(NS, "prometheus-0").orElseThrow();
        assertThat(runtime.available()).isFalse();
        assertThat(runtime.unavailable()).contains("prometheus was not found on PATH");
        assertThat(runtime.ports()).isEmpty();
        assertThat(kubelet.status(NS, "prometheus-0")).hasValue(new RuntimeStatus(true, true, 0,
                runtime.unavailable()));
        assertThat(kubelet.pid(NS, "prometheus-0")).isEmpty();
    }

    @Test
    void grafanaPodHasNoProcessAndSaysWhy() {
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        Pod grafana = grafanaPod();

        kubelet.start(grafana);

        PodRuntime runtime = kubelet.find(NS, grafana.getMetadata().getName()).orElseThrow();
        assertThat(runtime.unavailable()).isEqualTo("Grafana is not available in the sandbox (it has no Debian "
                + "package), so this pod has no process behind it.");
        assertThat(runtime.ports()).isEmpty();
        assertThat(runtime.root()).isDirectory();
        RuntimeStatus status = kubelet.status(NS, grafana.getMetadata().getName()).orElseThrow();
        assertThat(status.running()).isTrue();
        assertThat(status.ready()).isTrue();
        assertThat(status.reason()).isEqualTo(runtime.unavailable());
        assertThat(kubelet.startedPids()).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A pod as the reconciler would create it from a seeded StatefulSet, stored in the API. */
    private Pod pod(String statefulSet, int ordinal) {
        PodTemplateSpec template = admin.apps().statefulSets().inNamespace(NS).withName(statefulSet).get()
                .getSpec().getTemplate();
        String name = statefulSet + "-" + ordinal;
        PodSpec spec = new PodBuilder().withSpec(template.getSpec()).build().getSpec();
        spec.setHostname(name);
        spec.setNodeName("sandbox-node-a");
        Pod pod = new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
                        .withLabels(template.getMetadata().getLabels())
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                                .withKind("StatefulSet").withName(statefulSet).withController(true).build())
                        .build())
                .withSpec(spec)
                .withStatus(new PodStatusBuilder().withPhase("Running")
                        .withPodIP("10.42." + ordinal + "." + (statefulSet.equals("prometheus") ? 2 : 1))
                        .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                        .build())
                .build();
        return admin.pods().resource(pod).create();
    }

    /** The pod with its claim template's volume, as the reconciler gives a StatefulSet's pods their claims. */
    private Pod withClaim(Pod pod, String volume, String claim) {
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim()
                .withClaimName(claim).endPersistentVolumeClaim().build());
        return admin.pods().resource(pod).update();
    }

    private Pod grafanaPod() {
        PodTemplateSpec template = admin.apps().deployments().inNamespace(NS).withName("grafana").get()
                .getSpec().getTemplate();
        return admin.pods().resource(new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("grafana-7d9f-abcde").withNamespace(NS)
                        .withLabels(template.getMetadata().getLabels()).build())
                .withSpec(template.getSpec())
                .withStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.42.2.3").build())
                .build()).create();
    }

    private void editConfig(String prometheusYml) {
        admin.configMaps().inNamespace(NS).withName("prometheus-config")
                .edit(cm -> {
                    cm.getData().put("prometheus.yml", prometheusYml);
                    return cm;
                });
    }

    private byte[] configMapBytes(String name, String key) {
        return admin.configMaps().inNamespace(NS).withName(name).get().getData().get(key)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(int port, String path) {
        try {
            return get(port, path).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A real prometheus-0 behind a kubelet with a short propagation delay, ready; returns its local port. */
    private int startReadyPrometheus() {
        RealServers.require(RealServers.PROMETHEUS);
        kubelet(Binaries.fromPath(), Duration.ofMillis(300));
        kubelet.start(pod("prometheus", 0));
        Poll.until(DEADLINE, () -> kubelet.status(NS, "prometheus-0").orElseThrow(), RuntimeStatus::ready,
                "prometheus-0 ready");
        return kubelet.find(NS, "prometheus-0").orElseThrow().localPort(9090).orElseThrow();
    }

    private static int post(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static int peers(int port) {
        String json = body(port, "/api/v2/status");
        if (json.isEmpty()) {
            return -1;
        }
        Map<String, Object> status = JSON.unmarshal(json, Map.class);
        Map<String, Object> cluster = (Map<String, Object>) status.get("cluster");
        Object peers = cluster == null ? null : cluster.get("peers");
        return peers instanceof List<?> list ? new ArrayList<>(list).size() : 0;
    }
}

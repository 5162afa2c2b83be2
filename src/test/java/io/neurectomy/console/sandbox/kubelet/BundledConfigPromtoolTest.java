package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled prometheus.yml, translated the way the sandbox translates it for Debian's Prometheus (which lacks
 * Kubernetes discovery), passes {@code promtool check config} with the rule files where {@code rule_files} points,
 * and a real Prometheus started with the StatefulSet's flags loads it with every rule.
 */
class BundledConfigPromtoolTest {
    private static final String VALUES = "stack/fixtures/test-values.yaml";

    @TempDir
    Path tmp;

    private HttpServer sd;
    private Process prometheus;

    @BeforeEach
    void serveEmptyDiscovery() throws IOException {
        sd = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sd.createContext("/sd", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sd.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        sd.stop(0);
    }

    @Test
    void theTranslatedConfigurationPassesPromtool() throws Exception {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        for (String environment : List.of("staging", "production")) {
            RenderedStack stack = render(environment);
            Path root = Files.createDirectories(tmp.resolve(environment));
            Path config = podFiles(stack, root);
            String translated = Files.readString(config);

            assertThat(translated).doesNotContain("kubernetes_sd_configs:");
            // seven discovered scrape jobs and the Alertmanagers
            assertThat(count(translated, "http_sd_configs:")).isEqualTo(8);
            assertThat(translated).contains(root + "/etc/prometheus/rules/*.yml");

            Process check = new ProcessBuilder(promtool.toString(), "check", "config", config.toString())
                    .redirectErrorStream(true).start();
            check.getOutputStream().close();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(output).isZero();
            assertThat(output).contains("SUCCESS: " + stack.ruleFiles().size() + " rule files found");
        }
    }

    @Test
    void aRealPrometheusLoadsItWithTheStatefulSetsFlagsAndEveryRule() throws Exception {
        Path binary = RealServers.require(RealServers.PROMETHEUS);
        RenderedStack stack = render("production");
        Path root = Files.createDirectories(tmp.resolve("prometheus-0"));
        Path config = podFiles(stack, root);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        StatefulSet sts = stack.all(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("prometheus")).findFirst().orElseThrow();
        for (String arg : sts.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()) {
            if (!arg.matches("--(config\\.file|storage\\.tsdb\\.path|web\\.listen-address|web\\.external-url)=.*")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("--config.file=" + config, "--storage.tsdb.path=" + root.resolve("prometheus"),
                "--web.listen-address=127.0.0.1:" + port, "--web.external-url=http://127.0.0.1:" + port + "/"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("prometheus.log").toFile());
        builder.environment().put("POD_NAME", "prometheus-0");
        prometheus = builder.start();

        HttpClient http = HttpClient.newHttpClient();
        Poll.until(Duration.ofSeconds(60), () -> get(http, port, "/-/ready"), body -> body.contains("Ready"),
                "Prometheus ready (log: " + tmp.resolve("prometheus.log") + ")");
        String rules = get(http, port, "/api/v1/rules");
        String status = get(http, port, "/api/v1/status/config");

        int expected = 0;
        for (String file : stack.ruleFiles().values()) {
            expected += count(file, "- alert:") + count(file, "- record:");
        }
        assertThat(count(rules, "\"health\":\"")).isEqualTo(expected);
        assertThat(rules).doesNotContain("\"health\":\"err\"");
        assertThat(status).contains("prometheus_replica: prometheus-0").contains("cluster: production");
    }

    /** Lays out the pod's files as the sandbox kubelet does and returns the translated configuration's path. */
    private Path podFiles(RenderedStack stack, Path root) throws IOException {
        Path rules = Files.createDirectories(root.resolve("etc/prometheus/rules"));
        for (Map.Entry<String, String> file : stack.ruleFiles().entrySet()) {
            Files.writeString(rules.resolve(file.getKey()), file.getValue());
        }
        // What the kubelet projects into every pod whose service account mounts a token.
        Path account = Files.createDirectories(root.resolve("var/run/secrets/kubernetes.io/serviceaccount"));
        Files.writeString(account.resolve("token"), "sandbox-token");
        int port = sd.getAddress().getPort();
        PrometheusConfigTranslator translator = new PrometheusConfigTranslator((role, namespaces) ->
                "http://127.0.0.1:" + port + "/sd?role=" + role + "&namespace=" + String.join(",", namespaces));
        String translated = translator.translate(stack.prometheusConfig().orElseThrow(), root,
                "/etc/prometheus/config/", Map.of(9090, 9090));
        Path config = root.resolve("prometheus.yml");
        Files.writeString(config, translated);
        return config;
    }

    private static RenderedStack render(String environment) throws IOException {
        try (InputStream in = BundledConfigPromtoolTest.class.getClassLoader().getResourceAsStream(VALUES)) {
            return StackManifests.bundled().render(environment, VALUES,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.of());
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

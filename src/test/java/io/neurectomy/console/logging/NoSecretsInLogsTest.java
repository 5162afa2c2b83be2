package io.neurectomy.console.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The console's shipped logging configuration ({@code src/main/resources/logback.xml}, loaded as it is) keeps
 * secrets out of the log file on the paths that really print them: the client library's HTTP trace with the bearer
 * token of the kubeconfig, an exception that quotes a token logged with its stack trace, an Alertmanager reload error
 * quoting a webhook URL, and a deploy error quoting a line of the user's values file. For each the secret is absent
 * and the mask stands where it was.
 */
class NoSecretsInLogsTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXBheWxvYWQ.sig4711";
    private static final String TOKEN_PAYLOAD = "c2VjcmV0LXRva2VuLXBheWxvYWQ";
    private static final String SLACK_SECRET = "T0SECRET/B0SECRET/xoxSecretPath";
    private static final String WEBHOOK_TOKEN = "WebhookSecret123";
    private static final String PASSWORD = "Hunter2-Grafana-Admin";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private LoggerContext context;
    private Path logFile;

    @BeforeEach
    void loadTheShippedConfiguration() throws JoranException {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL shipped = LogSetup.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the console's logback.xml on the class path").isNotNull();
        assertThat(shipped.getPath()).as("the shipped configuration, not a test copy").endsWith("classes/logback.xml");
        context.reset();
        // LogSetup sets the same property before the first logger exists; a context property wins over it here.
        context.putProperty(LogSetup.LOG_DIR_PROPERTY, tmp.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        logFile = tmp.resolve("console.log");
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE"))
                .as("the shipped FILE appender").isNotNull();
    }

    @AfterEach
    void restoreTheTestConfiguration() throws JoranException {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile) : "";
    }

    private String logOnceItContains(String text) {
        Poll.until(WAIT, "the log file to contain '" + text + "'", () -> {
            try {
                return log().contains(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return log();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theClientsHttpTraceShowsTheAuthorizationHeaderMasked() throws Exception {
        // A user chasing a problem raises the client library to TRACE: it prints every request header then.
        context.getLogger("io.fabric8").setLevel(Level.TRACE);
        KubernetesMockServer server = MockCluster.crudServer();
        server.init();
        try {
            try (var admin = server.createClient()) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                        .withName(MockCluster.NAMESPACE).endMetadata().build()).create();
                admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
            }
            Path kubeconfig = tmp.resolve("config");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    current-context: mock
                    clusters:
                      - name: mock-cluster
                        cluster: {server: "%s"}
                    users:
                      - name: jane
                        user: {token: "%s"}
                    contexts:
                      - name: mock
                        context: {cluster: mock-cluster, user: jane}
                    """.formatted(server.url("/"), TOKEN));
            var config = KubeconfigLoader.load(List.of(kubeconfig));
            ClusterConnector connector = new ClusterConnector(Duration.ofSeconds(5));

            try (ClusterSession session = connector.connect(config, "mock", "monitoring")) {
                Poll.until(WAIT, "informers synced", () -> session.state().snapshot().pods().size() == 1);
            }
            assertThat(catchThrowable(() -> connector.connect(config, "mock", "nope"))).isNotNull();
        } finally {
            server.destroy();
        }

        String log = logOnceItContains("Authorization");
        assertThat(log).as("the client's trace of a request reached the file").contains("-HTTP START-");
        assertThat(log).doesNotContain(TOKEN).doesNotContain(TOKEN_PAYLOAD);
        assertThat(log).as("the header is there, its value masked").contains("Authorization: Bearer ******");
    }

    @Test
    void anExceptionQuotingATokenIsLoggedWithItsStackTraceMasked() throws Exception {
        IOException cause = new IOException("refresh failed: {\"access_token\": \"" + TOKEN + "\"}");
        KubernetesClientException failure = new KubernetesClientException("Failure executing: GET at: "
                + "https://k8s.example.org/api/v1/namespaces/monitoring/pods. Message: Unauthorized. Request "
                + "header: Authorization: Bearer " + TOKEN, cause);
        try (FxTaskRunner runner = new FxTaskRunner()) {
            runner.run(() -> {
                throw failure;
            });
            String log = logOnceItContains("Caused by: java.io.IOException");

            assertThat(log).contains("Background work failed")
                    .as("the stack trace is in the file").contains("at io.neurectomy.console.");
            assertThat(log).doesNotContain(TOKEN).doesNotContain(TOKEN_PAYLOAD);
            assertThat(log).contains("Authorization: Bearer ******").contains("\"access_token\": \"******");
        }
    }

    @Test
    void anAlertmanagerReloadErrorQuotingTheWebhookUrlsIsMasked() throws Exception {
        // What Alertmanager (and amtool) say about a receiver URL they cannot parse: the URL in full.
        String why = "alertmanager-0: failed to reload config: parse \"https://hooks.slack.com/services/"
                + SLACK_SECRET + "%zz\": invalid URL escape \"%zz\"; webhook_configs[0]: url "
                + "https://alerts.example.org/hook?token=" + WEBHOOK_TOKEN + " answered 400";
        LoggerFactory.getLogger("io.neurectomy.console.core.config.ConfigApply")
                .warn("{}: {}; writing the previous content back", "ConfigMap/alertmanager-config", why);

        String log = logOnceItContains("writing the previous content back");
        assertThat(log).doesNotContain(SLACK_SECRET).doesNotContain("T0SECRET").doesNotContain(WEBHOOK_TOKEN);
        assertThat(log).contains("https://hooks.slack.com/services/******")
                .contains("https://alerts.example.org/hook?token=******");
    }

    @Test
    void aDeployErrorQuotingTheValuesFileIsMasked() throws Exception {
        // An unclosed quote: the YAML parser's own message quotes the line, password and all. The console's messages
        // leave it out; a deploy error that carries the parser's exception as its cause prints it in the trace.
        String values = "domain: monitoring.example.org\ngrafanaAdminPassword: \"" + PASSWORD + "\n";
        Throwable parserError = catchThrowable(() -> new Yaml().load(values));
        assertThat(parserError).as("the parser quotes the line").hasMessageContaining(PASSWORD);
        RuntimeException deployError = new ConsoleException("Deploy of environment staging failed: my-values.yaml "
                + "is not valid YAML", parserError);
        try (FxTaskRunner runner = new FxTaskRunner()) {
            runner.run(() -> {
                throw deployError;
            });
            String log = logOnceItContains("Caused by: org.yaml.snakeyaml");

            assertThat(log).contains("Background work failed").contains("my-values.yaml is not valid YAML");
            assertThat(log).doesNotContain(PASSWORD).doesNotContain("Hunter2");
            assertThat(log).contains("grafanaAdminPassword: \"******");
        }
    }
}

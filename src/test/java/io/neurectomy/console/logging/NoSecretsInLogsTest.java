package io.neurectomy.console.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Even with the client library at DEBUG (which prints request headers), a token from the kubeconfig never
 * reaches the log file: the console's own messages leave it out and the masking converter catches the rest.
 */
class NoSecretsInLogsTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXBheWxvYWQ.sig4711";

    @TempDir
    Path tmp;

    private KubernetesMockServer server;
    private FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
    private Logger fabric8;
    private Level fabric8Level;
    private Path logFile;

    @BeforeEach
    void captureLogsWithTheConsolePattern() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        // The same conversion words as src/main/resources/logback.xml.
        ctx.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, new java.util.HashMap<>(
                java.util.Map.of("maskedMsg", SecretMaskingConverter.class.getName(),
                        "maskedEx", MaskedThrowableConverter.class.getName())));
        encoder.setPattern("%-5level [%thread] %logger - %maskedMsg%n%maskedEx");
        encoder.start();
        logFile = tmp.resolve("console.log");
        appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setFile(logFile.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        fabric8 = ctx.getLogger("io.fabric8");
        fabric8Level = fabric8.getLevel();
        fabric8.setLevel(Level.DEBUG);

        server = MockCluster.crudServer();
        server.init();
    }

    @AfterEach
    void restore() {
        fabric8.setLevel(fabric8Level);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender(appender);
        appender.stop();
        server.destroy();
    }

    @Test
    void tokenNeverReachesTheLogFileWhileConnectingWatchingAndFailing() throws Exception {
        try (var admin = server.createClient()) {
            admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(MockCluster.NAMESPACE).endMetadata().build()).create();
            admin.pods().resource(io.neurectomy.console.testing.StackObjects.statefulSetPod("prometheus", 0, "node-a"))
                    .create();
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
            Poll.until(Duration.ofSeconds(15), "informers synced",
                    () -> session.state().snapshot().pods().size() == 1);
        }
        assertThat(catchThrowable(() -> connector.connect(config, "mock", "nope"))).isNotNull();
        assertThat(catchThrowable(() -> connector.connect(config, "missing", null))).isNotNull();
        appender.stop();

        String log = Files.readString(logFile);
        assertThat(log).as("the capture saw the client's debug output").contains("DEBUG");
        assertThat(log).doesNotContain(TOKEN).doesNotContain("c2VjcmV0LXRva2VuLXBheWxvYWQ");
    }
}

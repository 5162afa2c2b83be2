package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.testing.Poll;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A short-lived port-forward whose client closes while a connection reaches it: fabric8's accept thread throws
 * "Client is closed", and that must meet the console's handler (a debug line), never the JVM's default one (which a
 * test harness turns into the failure of whatever test runs next).
 */
class PodPortForwardsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aConnectionToAForwardOfAClosedClientIsLoggedByTheConsoleNotThrownToTheDefaultHandler() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ClientThreads.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
        Thread.UncaughtExceptionHandler defaultHandler = Thread.getDefaultUncaughtExceptionHandler();
        CompletableFuture<Throwable> toDefault = new CompletableFuture<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> toDefault.complete(e));
        try {
            // No server is needed: the forward listens locally and only goes to the cluster for a connection.
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build();
            try (LocalPortForward forward = PodPortForwards.open(
                    client.pods().inNamespace("monitoring").withName("prometheus-0"), 9090)) {
                client.close();
                try (Socket connection = new Socket(forward.getLocalAddress(), forward.getLocalPort())) {
                    Poll.until(WAIT, "the accept thread's error handled",
                            () -> toDefault.isDone() || !logged.list.isEmpty());
                }
            }
            assertThat(toDefault).as("what reached the JVM's default handler").isNotDone();
            assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(defaultHandler);
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }
}

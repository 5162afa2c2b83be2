package io.neurectomy.console.testing;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver for Alertmanager in the test's own JVM (a JDK {@link HttpServer} on loopback, where the
 * sandbox's Alertmanager processes run): it keeps every notification body it is sent. {@link #routeTestAlerts} writes
 * the stack's live alertmanager.yml with two routes in front for the console's test alerts: to this webhook, and, for
 * those labelled {@code hook="down"}, to a closed port. {@link #hold} keeps its answers back until released, so a test
 * can order what Alertmanager sees: a notification in flight while other requests fail.
 */
public final class AlertWebhook implements AutoCloseable {
    /** The receiver that reaches this webhook. */
    public static final String RECEIVER = "console-test-webhook";
    /** The receiver whose webhook nothing listens on. */
    public static final String DEAD_RECEIVER = "console-test-unreachable";

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "alert-webhook");
        t.setDaemon(true);
        return t;
    });
    private volatile CountDownLatch held = new CountDownLatch(0);

    public AlertWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            try {
                held.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
    }

    /**
     * From now on, every notification is received (and listed in {@link #bodies}) but answered only when the
     * returned release is closed.
     */
    public AutoCloseable hold() {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        return () -> {
            held = new CountDownLatch(0);
            latch.countDown();
        };
    }

    /** The URL Alertmanager posts to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every notification received so far, as sent (Alertmanager's webhook JSON). */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /**
     * The live alertmanager.yml of {@code namespace} with the test routes in front of its own (each test alert its
     * own group, sent at once) and the two receivers added.
     */
    public String routeTestAlerts(KubernetesClient admin, String namespace) {
        Secret secret = admin.secrets().inNamespace(namespace).withName("alertmanager-config").get();
        String yaml = new String(Base64.getDecoder().decode(secret.getData().get("alertmanager.yml")),
                StandardCharsets.UTF_8);
        String routes = """
                  routes:
                    - receiver: %s
                      matchers: ['alertname = "ConsoleTestAlert"', 'hook = "down"']
                      group_by: ['...']
                      group_wait: 0s
                      group_interval: 5s
                    - receiver: %s
                      matchers: ['alertname = "ConsoleTestAlert"']
                      group_by: ['...']
                      group_wait: 0s
                      group_interval: 5s
                """.formatted(DEAD_RECEIVER, RECEIVER);
        String receivers = """
                receivers:
                  - name: %s
                    webhook_configs:
                      - url: http://127.0.0.1:9/hook
                  - name: %s
                    webhook_configs:
                      - url: %s
                """.formatted(DEAD_RECEIVER, RECEIVER, url());
        if (!yaml.contains("\n  routes:\n") || !yaml.contains("\nreceivers:\n")) {
            throw new IllegalStateException("the live alertmanager.yml has no top-level routes and receivers:\n"
                    + yaml);
        }
        return yaml.replaceFirst("\n  routes:\n", "\n" + routes.replace("$", "\\$"))
                .replaceFirst("\nreceivers:\n", "\n" + receivers.replace("$", "\\$"));
    }

    @Override
    public void close() {
        held.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}

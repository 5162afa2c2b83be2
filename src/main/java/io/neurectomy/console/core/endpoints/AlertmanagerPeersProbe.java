package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PodPortForwards;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Asks a ready Alertmanager pod, through a short-lived port-forward, how many cluster members it sees
 * ({@code /api/v2/status}), every {@code interval}; reports empty when no pod can be asked.
 *
 * <p>The pods come from the session's live state ({@code alertmanager-*} pods of the session's namespace whose
 * containers are all ready); when one cannot be asked, the next ready one is tried. The probe runs on one daemon
 * thread; {@link #close()} stops it, ending a request in flight.
 */
public final class AlertmanagerPeersProbe implements AutoCloseable {
    /** Alertmanager's web port inside the pod. */
    private static final StackComponent ALERTMANAGER = StackComponent.ALERTMANAGER;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerPeersProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterSession session;
    private final Consumer<Optional<AlertmanagerPeers>> listener;
    private final ScheduledExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private volatile LocalPortForward forward;
    private volatile boolean closed;
    /** The last problem reported at WARN, so that a lasting problem is logged once, not on every probe. */
    private String lastProblem;

    private AlertmanagerPeersProbe(ClusterSession session, Consumer<Optional<AlertmanagerPeers>> listener) {
        this.session = session;
        this.listener = listener;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alertmanager-peers-" + session.context());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts probing on a background thread; {@code listener} is called from that thread after every probe. */
    public static AlertmanagerPeersProbe start(ClusterSession session, Duration interval,
                                               Consumer<Optional<AlertmanagerPeers>> listener) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the probe interval must be positive, not " + interval);
        }
        AlertmanagerPeersProbe probe = new AlertmanagerPeersProbe(session, listener);
        probe.executor.scheduleWithFixedDelay(probe::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    private void probeOnce() {
        if (closed) {
            return;
        }
        Optional<AlertmanagerPeers> result;
        try {
            result = probe();
        } catch (RuntimeException e) {
            problem("Alertmanager peers probe failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            result = Optional.empty();
        }
        if (closed) {
            return;
        }
        try {
            listener.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("Alertmanager peers listener failed", e);
        }
    }

    private Optional<AlertmanagerPeers> probe() {
        if (session.isClosed()) {
            problem("Alertmanager peers: the session is closed");
            return Optional.empty();
        }
        String namespace = session.namespace();
        List<PodInfo> ready = session.state().snapshot().pods().stream()
                .filter(p -> p.namespace().isEmpty() || p.namespace().equals(namespace))
                .filter(p -> ALERTMANAGER.ownsPod(p.name()) && p.ready())
                .toList();
        if (ready.isEmpty()) {
            problem("Alertmanager peers: no ready " + ALERTMANAGER.workload() + "-* pod in namespace " + namespace);
            return Optional.empty();
        }
        for (PodInfo pod : ready) {
            if (closed) {
                return Optional.empty();
            }
            try {
                AlertmanagerPeers peers = ask(namespace, pod.name());
                if (lastProblem != null) {
                    LOG.info("Alertmanager peers: {} answers again ({} members)", pod.name(), peers.members());
                    lastProblem = null;
                }
                return Optional.of(peers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (IOException | KubernetesClientException | JacksonException | IllegalStateException e) {
                if (closed) {
                    return Optional.empty();
                }
                problem("Alertmanager peers: asking " + namespace + "/" + pod.name() + " failed: "
                        + describe(e));
            }
        }
        return Optional.empty();
    }

    private AlertmanagerPeers ask(String namespace, String pod) throws IOException, InterruptedException {
        try (LocalPortForward local = PodPortForwards.open(
                session.client().pods().inNamespace(namespace).withName(pod), ALERTMANAGER.port())) {
            forward = local;
            if (closed) {
                throw new IOException("the probe was closed");
            }
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + local.getLocalPort() + "/api/v2/status"))
                    .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
            HttpResponse<String> response = BoundedAnswer.send(http, request, REQUEST_TIMEOUT,
                    BoundedAnswer.MAX_BODY, pod, "GET /api/v2/status");
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from /api/v2/status");
            }
            return parse(pod, response.body());
        } finally {
            forward = null;
        }
    }

    /** Reads {@code cluster.peers} (counted) and {@code cluster.status} of an {@code /api/v2/status} answer. */
    static AlertmanagerPeers parse(String pod, String body) throws IOException {
        JsonNode cluster = JSON.readTree(body).path("cluster");
        if (cluster.isMissingNode() || !cluster.isObject()) {
            throw new IOException("the answer of /api/v2/status has no cluster section");
        }
        JsonNode peers = cluster.path("peers");
        return new AlertmanagerPeers(pod, peers.isArray() ? peers.size() : 0, cluster.path("status").asString(""));
    }

    /** Logs a problem at WARN the first time it happens, at DEBUG while it lasts. */
    private void problem(String message) {
        if (message.equals(lastProblem)) {
            LOG.debug("{}", message);
        } else {
            LOG.warn("{}", message);
            lastProblem = message;
        }
    }

    private static String describe(Exception e) {
        Throwable root = ApiMessages.rootCause(e);
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + firstLine(msg));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Stops probing; a request in flight ends, and the listener is not called any more. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        LocalPortForward local = forward;
        if (local != null) {
            try {
                local.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the Alertmanager port-forward failed", e);
            }
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.debug("Alertmanager peers probe still stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

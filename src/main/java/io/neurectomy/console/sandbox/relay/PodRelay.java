package io.neurectomy.console.sandbox.relay;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import io.neurectomy.console.sandbox.PodLogs;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodRuntimes;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Plays the kubelet for the pod subresources the mock API lacks ({@code portforward}, {@code exec}, {@code log}),
 * bridging them to the local process that stands in for the pod ({@link PodRuntime}).
 *
 * <p>Answers run on the Vert.x event loop: they only look things up and hand websockets to {@link RelaySession}s,
 * which do their blocking work on their own threads. Following a log needs a streaming response, which a dispatcher
 * cannot give: the API's web server hands such requests to {@link #follow} before dispatching.
 */
public final class PodRelay {
    /** The websocket subprotocols the relay speaks; the upgrade agrees on the client's first one in this list. */
    public static final List<String> SUBPROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io",
            "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io", SpdyPortForwardSession.SUBPROTOCOL);
    private static final String SPDY_UPGRADE = "the sandbox serves port-forward over websockets only ("
            + SpdyPortForwardSession.SUBPROTOCOL + " as kubectl 1.31+ uses by default, or v4.channel.k8s.io), not "
            + "over a plain SPDY upgrade: use kubectl 1.31 or later without KUBECTL_PORT_FORWARD_WEBSOCKETS=false";

    private final Dispatcher store;
    private final PodRuntimes runtimes;
    private final ServiceRoutes routes;
    private final Set<RelaySession> sessions = RelaySession.newRegistry();
    private final Set<LogFollower> followers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService followerTicks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-log-follow");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param store    the API's object store, asked whether a pod exists
     * @param runtimes finds the stand-in of a pod
     */
    public PodRelay(Dispatcher store, PodRuntimes runtimes) {
        this.store = store;
        this.runtimes = runtimes;
        this.routes = new ServiceRoutes(store, runtimes);
    }

    /** The answer to a request for a pod subresource; empty when the request is for no such subresource. */
    public Optional<MockResponse> answer(RecordedRequest request) {
        return PodSubresource.parse(request.getPath()).map(sub -> relay(request, sub));
    }

    /**
     * Answers a pod subresource. A refusal for a pod without a running process is an HTTP error for {@code log} but
     * is said inside the websocket for port-forward and exec, where fabric8 would only report "upgrade failure: 400".
     */
    private MockResponse relay(RecordedRequest request, PodSubresource sub) {
        Target target = target(sub);
        boolean webSocket = isWebSocket(request);
        boolean sayItInTheWebSocket = target.notRunning() != null && webSocket && !sub.kind().equals("log");
        if (target.runtime() == null && !sayItInTheWebSocket) {
            return target.refusal();
        }
        PodRuntime runtime = target.runtime();
        String refusal = runtime == null ? target.notRunning() : runtime.unavailable();
        String pod = sub.namespace() + "/" + sub.pod();
        switch (sub.kind()) {
            case "log":
                return log(sub, runtime);
            case "portforward":
                if (!webSocket) {
                    return spdyUpgrade(request) ? KubeStatus.failure(400, "BadRequest", SPDY_UPGRADE)
                            : KubeStatus.failure(400, "BadRequest", "Upgrade request required");
                }
                if (subprotocol(request).filter(SpdyPortForwardSession.SUBPROTOCOL::equals).isPresent()) {
                    // kubectl's tunnel names the ports per stream, not in the query.
                    return new MockResponse().withWebSocketUpgrade(new SpdyPortForwardSession(sessions, pod, runtime,
                            refusal));
                }
                Optional<Integer> port = sub.first("ports").flatMap(PodRelay::port);
                if (port.isEmpty()) {
                    return KubeStatus.failure(400, "BadRequest", "query parameter \"ports\" is required");
                }
                Integer localPort = runtime == null ? null : runtime.localPort(port.get()).orElse(null);
                return new MockResponse().withWebSocketUpgrade(new PortForwardSession(sessions, pod, port.get(),
                        localPort, refusal));
            default:
                if (!webSocket) {
                    return KubeStatus.failure(400, "BadRequest", "Upgrade request required");
                }
                if (subprotocol(request).filter(SpdyPortForwardSession.SUBPROTOCOL::equals).isPresent()) {
                    return KubeStatus.failure(400, "BadRequest", "exec is served over v5.channel.k8s.io or "
                            + "v4.channel.k8s.io; " + SpdyPortForwardSession.SUBPROTOCOL + " is for port-forward");
                }
                List<String> command = sub.all("command");
                return new MockResponse().withWebSocketUpgrade(new ExecSession(sessions, pod, command,
                        sub.flag("stdin"), sub.flag("stdout"), sub.flag("stderr"), runtime, refusal,
                        (host, toPort) -> routes.route(sub.namespace(), sub.pod(), host, toPort)));
        }
    }

    /**
     * Either the pod's runtime, or the answer a real API server gives when there is nothing to bridge to (with the
     * sentence when the pod exists but has no running process).
     */
    private record Target(PodRuntime runtime, MockResponse refusal, String notRunning) {
    }

    private Target target(PodSubresource sub) {
        if (!podExists(sub.namespace(), sub.pod())) {
            return new Target(null, KubeStatus.podNotFound(sub.pod()), null);
        }
        Optional<PodRuntime> runtime = runtimes.find(sub.namespace(), sub.pod());
        if (runtime.isEmpty()) {
            String sentence = "container not running: pod " + sub.namespace() + "/" + sub.pod()
                    + " has no running process in the sandbox (not scheduled, stopped, or its node failed)";
            return new Target(null, KubeStatus.failure(400, "BadRequest", sentence), sentence);
        }
        return new Target(runtime.get(), null, null);
    }

    private static MockResponse log(PodSubresource sub, PodRuntime runtime) {
        if (!runtime.available()) {
            return KubeStatus.failure(400, "BadRequest", runtime.unavailable());
        }
        try {
            Path file = runtime.logFile();
            if (sub.flag("previous")) {
                file = PodLogs.previous(file);
                if (!Files.exists(file)) {
                    String name = sub.first("container").orElse(runtime.logFile().getFileName().toString()
                            .replaceFirst("\\.log$", ""));
                    return KubeStatus.failure(400, "BadRequest", "previous terminated container \"" + name
                            + "\" in pod \"" + sub.pod() + "\" not found");
                }
            }
            byte[] log = PodLogs.select(PodLogs.read(file), sub.number("tailLines"),
                    sub.number("limitBytes"));
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(log);
        } catch (IOException e) {
            return KubeStatus.failure(500, "InternalError", "could not read the log of " + sub.namespace() + "/"
                    + sub.pod() + ": " + e.getMessage());
        }
    }

    /**
     * Streams the log when {@code request} is a {@code GET .../log?follow=true} with a log to stream (call on the
     * event loop, from the request handler); false for every other request, which then goes through the dispatcher
     * (and gets its refusal there).
     */
    public boolean follow(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET) {
            return false;
        }
        Optional<PodSubresource> sub = PodSubresource.parse(request.uri())
                .filter(s -> s.kind().equals("log") && s.flag("follow") && !s.flag("previous"));
        Optional<PodRuntime> runtime = sub.map(this::target).map(Target::runtime).filter(PodRuntime::available);
        if (runtime.isEmpty()) {
            return false;
        }
        new LogFollower(request.response(), runtime.get(), sub.get(), () -> running(runtime.get()), followers)
                .start(followerTicks);
        return true;
    }

    /**
     * Whether the same process still stands in for the pod (a followed log ends when it stops, and when the pod was
     * replaced by a new one of the same name, whose stand-in listens on other ports).
     */
    private boolean running(PodRuntime runtime) {
        return runtimes.find(runtime.namespace(), runtime.name()).filter(runtime::equals).isPresent();
    }

    private boolean podExists(String namespace, String pod) {
        RecordedRequest get = new RecordedRequest("HTTP/1.1", HttpMethod.GET,
                "/api/v1/namespaces/" + namespace + "/pods/" + pod, Headers.builder().build(), new Buffer());
        return store.dispatch(get).code() == 200;
    }

    /**
     * The subprotocol the websocket upgrade will agree on: the client's first offered one that the relay speaks, as
     * Netty's handshaker picks it.
     */
    private static Optional<String> subprotocol(RecordedRequest request) {
        String offered = request.getHeader("Sec-WebSocket-Protocol");
        if (offered == null) {
            return Optional.empty();
        }
        return Arrays.stream(offered.split(",")).map(String::trim).filter(SUBPROTOCOLS::contains).findFirst();
    }

    /** Whether the request asks for a plain SPDY upgrade (kubectl's fallback when its websocket was refused). */
    private static boolean spdyUpgrade(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toUpperCase(Locale.ROOT).startsWith("SPDY/");
    }

    private static boolean isWebSocket(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static Optional<Integer> port(String value) {
        try {
            int port = Integer.parseInt(value.split(",")[0].trim());
            return port > 0 && port < 65536 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends every followed log, open forward and exec. */
    public void shutdown() {
        followerTicks.shutdownNow();
        for (LogFollower follower : List.copyOf(followers)) {
            follower.end();
        }
        for (RelaySession session : List.copyOf(sessions)) {
            session.close();
        }
    }
}

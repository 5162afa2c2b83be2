package io.neurectomy.console.sandbox;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sits in front of the mock server's CRUD dispatcher: answers discovery documents itself, labels JSON answers with
 * their content type (kubectl rejects untyped bodies), and plays the kubelet for the pod subresources the mock lacks
 * ({@code portforward}, {@code exec}, {@code log}), bridging them to the local process that stands in for the pod.
 * It also answers what {@code kubectl drain} needs and the store lacks: the Eviction API with disruption budgets
 * ({@link PodEviction}), pod lists by node ({@link PodsByNode}) and list-free strategic-merge patches
 * ({@link StrategicMergePatch}). For kubectl's {@code get} it prints lists and objects as tables ({@link ServerTables}).
 *
 * <p>Runs on the Vert.x event loop: it only looks things up and hands websockets to {@link RelaySession}s, which do
 * their blocking work on their own threads. Following a log needs a streaming response, which a dispatcher cannot
 * give; {@link RelayWebServer} does that with {@link #followTarget}.
 */
final class SandboxDispatcher extends Dispatcher {
    private static final String SPDY_UPGRADE = "the sandbox serves port-forward over websockets only ("
            + SpdyPortForwardSession.SUBPROTOCOL + " as kubectl 1.31+ uses by default, or v4.channel.k8s.io), not "
            + "over a plain SPDY upgrade: use kubectl 1.31 or later without KUBECTL_PORT_FORWARD_WEBSOCKETS=false";
    private final Dispatcher crud;
    private final Discovery discovery;
    private final PodRuntimes runtimes;
    private final PodEviction evictions;
    private final Set<RelaySession> sessions = RelaySession.newRegistry();

    SandboxDispatcher(Dispatcher crud, Discovery discovery, PodRuntimes runtimes) {
        this.crud = crud;
        this.discovery = discovery;
        this.runtimes = runtimes;
        this.evictions = new PodEviction(crud, Clock.systemUTC());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if ("GET".equals(request.getMethod())) {
            var document = discovery.document(request.getPath());
            if (document.isPresent()) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(document.get());
            }
        }
        Optional<PodSubresource> subresource = PodSubresource.parse(request.getPath());
        if (subresource.isPresent()) {
            return relay(request, subresource.get());
        }
        Optional<PodEviction.Target> eviction = PodEviction.target(request.getPath());
        if (eviction.isPresent()) {
            return evictions.answer(request, eviction.get());
        }
        Optional<PodsByNode> byNode = PodsByNode.of(request);
        if (byNode.isPresent()) {
            return typed(ServerTables.answer(request, byNode.get().narrow(crud.dispatch(byNode.get().forStore()))));
        }
        MockResponse response = crud.dispatch(StrategicMergePatch.asMergePatch(request).orElse(request));
        if (response.getWebSocketListener() != null) {
            return WatchCloseOffEventLoop.wrapWatch(response);
        }
        return typed(ServerTables.answer(request, response));
    }

    private static MockResponse typed(MockResponse response) {
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
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
                Optional<Integer> port = sub.first("ports").flatMap(SandboxDispatcher::port);
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
                        sub.flag("stdin"), sub.flag("stdout"), sub.flag("stderr"), runtime, refusal));
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
     * The runtime whose log a {@code GET .../log?follow=true} request should stream, when there is one to stream;
     * empty for every other request, which then goes through {@link #dispatch} (and gets its refusal there).
     */
    Optional<PodRuntime> followTarget(String path) {
        Optional<PodSubresource> sub = PodSubresource.parse(path)
                .filter(s -> s.kind().equals("log") && s.flag("follow") && !s.flag("previous"));
        if (sub.isEmpty()) {
            return Optional.empty();
        }
        return sub.map(this::target).map(Target::runtime).filter(PodRuntime::available);
    }

    /**
     * Whether the same process still stands in for the pod (a followed log ends when it stops, and when the pod was
     * replaced by a new one of the same name, whose stand-in listens on other ports).
     */
    boolean running(PodRuntime runtime) {
        return runtimes.find(runtime.namespace(), runtime.name()).filter(runtime::equals).isPresent();
    }

    private boolean podExists(String namespace, String pod) {
        RecordedRequest get = new RecordedRequest("HTTP/1.1", HttpMethod.GET,
                "/api/v1/namespaces/" + namespace + "/pods/" + pod, Headers.builder().build(), new Buffer());
        return crud.dispatch(get).code() == 200;
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
        return Arrays.stream(offered.split(",")).map(String::trim).filter(RelayWebServer.SUBPROTOCOLS::contains)
                .findFirst();
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

    /** Ends every open forward and exec, then the CRUD store. */
    @Override
    public void shutdown() {
        for (RelaySession session : List.copyOf(sessions)) {
            session.close();
        }
        crud.shutdown();
    }
}

package io.neurectomy.console.sandbox.api;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.neurectomy.console.sandbox.relay.PodRelay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sandbox API's web server: the mock web server with the things a kubelet needs that the stock one cannot do
 * (a streaming answer for {@code pods/log?follow=true}, whose {@code MockResponse} body would be one buffer written
 * once, and the websocket subprotocols current kubectl asks for: {@code v5.channel.k8s.io} for exec, which can say
 * "end of stdin", and {@code SPDY/3.1+portforward.k8s.io} for port-forward; both served by {@link PodRelay}), and
 * watches streamed over plain HTTP as kubectl asks for them ({@link HttpWatch}).
 *
 * <p>It runs its own Vert.x HTTP server in place of the stock one, on the stock server's Vert.x instance, with the
 * stock request handler ({@link HttpServerRequestHandler}, which also does the websocket upgrades) behind a check for
 * followed logs. Everything else about the mock server (dispatcher, CRUD store, expectations) is unchanged.
 */
public final class ApiWebServer extends MockWebServer {
    private static final long TIMEOUT_SECONDS = 10;
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Vertx vertx = stockVertx();
    private final Set<HttpWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile Dispatcher dispatcher;
    private HttpServer server;
    private volatile String host;
    private volatile int port;
    private boolean stopped;

    /**
     * The stock server creates its Vert.x instance in its constructor and closes it only from a started stock
     * server, so this server borrows it (and closes it) rather than leaving a second instance running.
     */
    private Vertx stockVertx() {
        try {
            var field = MockWebServer.class.getDeclaredField("vertx");
            field.setAccessible(true);
            return (Vertx) field.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("unsupported mockwebserver version: " + e.getMessage(), e);
        }
    }

    @Override
    public void setDispatcher(Dispatcher dispatcher) {
        super.setDispatcher(dispatcher);
        this.dispatcher = dispatcher;
    }

    @Override
    public synchronized void start(InetAddress address, int requestedPort) {
        if (server != null) {
            throw new IllegalStateException("start() already called");
        }
        HttpServerRequestHandler stock = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        HttpServerOptions options = new HttpServerOptions().setHost(address.getHostAddress()).setPort(requestedPort)
                .setWebSocketSubProtocols(PodRelay.SUBPROTOCOLS).setHandle100ContinueAutomatically(true)
                .setWebSocketClosingTimeout(1)
                // Vert.x drops connections with frames over 64 KiB; clients send stdin and uploads in larger ones.
                .setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_FRAME);
        server = vertx.createHttpServer(options).requestHandler(request -> {
            if (!follow(request) && !watch(request)) {
                stock.handle(request);
            }
        });
        await(server.listen());
        host = address.getHostAddress();
        port = server.actualPort();
    }

    /** Streams the log when the request follows one; false when the stock handling should answer. */
    private boolean follow(HttpServerRequest request) {
        return dispatcher instanceof SandboxDispatcher sandbox && sandbox.follow(request);
    }

    /**
     * Streams a watch asked for over plain HTTP (as kubectl asks) as lines of events; false when the request is no
     * such watch. The stock handler answers watches over websockets only (as fabric8 asks).
     */
    private boolean watch(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || !HttpWatch.isWatch(request.uri()) || isWebSocketUpgrade(request)) {
            return false;
        }
        RecordedRequest recorded = new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
                io.fabric8.mockwebserver.dsl.HttpMethod.GET, request.uri(),
                Headers.builder().addAll(request.headers()).build(), new io.fabric8.mockwebserver.http.Buffer());
        HttpWatch.answer(vertx, recorded, dispatcher.dispatch(recorded), request.response(), watches);
        return true;
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getHostName() {
        return host;
    }

    @Override
    public Proxy toProxyAddress() {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(getHostName(), getPort()));
    }

    @Override
    public HttpUrl url(String path) {
        return HttpUrl.parse("http://" + getHostName() + ":" + getPort() + (path.startsWith("/") ? "" : "/") + path);
    }

    /** Ends watches, followed logs, open forwards and execs, then the server and its Vert.x instance. */
    @Override
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (HttpWatch watch : List.copyOf(watches)) {
            watch.end();
        }
        if (dispatcher != null) {
            dispatcher.shutdown();
        }
        try {
            if (server != null) {
                await(server.close());
            }
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the sandbox API server did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package io.neurectomy.console.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.PodRuntimes;
import io.neurectomy.console.sandbox.WatchCloseOffEventLoop;
import io.neurectomy.console.sandbox.relay.PodRelay;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * Sits in front of the mock server's CRUD dispatcher: answers discovery documents itself, labels JSON answers with
 * their content type (kubectl rejects untyped bodies), and hands the pod subresources the mock lacks
 * ({@code portforward}, {@code exec}, {@code log}) to the {@link PodRelay}, which plays the kubelet for them.
 * It also answers what {@code kubectl drain} needs and the store lacks: the Eviction API with disruption budgets
 * ({@link PodEviction}), pod lists by node ({@link PodsByNode}), strategic-merge patches
 * ({@link StrategicMergePatch}, as {@code set image}, {@code patch} and {@code rollout undo} send them),
 * PersistentVolumeClaim resizes checked as the API server and its admission plugin check them
 * ({@link ClaimResize}), deletes that orphan a workload's dependents ({@link OrphanDelete}), the {@code scale}
 * subresource kubectl's {@code scale} needs ({@link ScaleSubresource}), access reviews from the stored RBAC
 * objects ({@link AccessReviews}), and the API groups of installed CustomResourceDefinitions
 * ({@link CustomResources}). For kubectl's {@code get} it prints lists and objects as tables ({@link ServerTables}).
 *
 * <p>Runs on the Vert.x event loop. Following a log needs a streaming response, which a dispatcher cannot give;
 * {@link ApiWebServer} does that with {@link #follow}.
 */
public final class SandboxDispatcher extends Dispatcher {
    private final Dispatcher crud;
    private final Discovery discovery;
    private final PodRelay relay;
    private final PodEviction evictions;
    private final ScaleSubresource scale;
    private final AccessReviews reviews;
    private final CustomResources customResources;
    private final ClaimResize claims;
    private final OrphanDelete orphans;

    /**
     * @param crud      the mock server's object store
     * @param discovery the discovery documents
     * @param runtimes  finds the local stand-in of a pod, for its subresources
     */
    public SandboxDispatcher(Dispatcher crud, Discovery discovery, PodRuntimes runtimes) {
        this.crud = crud;
        this.discovery = discovery;
        this.relay = new PodRelay(crud, runtimes);
        this.evictions = new PodEviction(crud, Clock.systemUTC());
        this.scale = new ScaleSubresource(crud);
        this.reviews = new AccessReviews(crud);
        this.customResources = new CustomResources(discovery);
        this.claims = new ClaimResize(crud);
        this.orphans = new OrphanDelete(crud);
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
        Optional<MockResponse> unserved = customResources.refuse(request);
        if (unserved.isPresent()) {
            return unserved.get();
        }
        Optional<MockResponse> subresource = relay.answer(request);
        if (subresource.isPresent()) {
            return subresource.get();
        }
        Optional<PodEviction.Target> eviction = PodEviction.target(request.getPath());
        if (eviction.isPresent()) {
            return evictions.answer(request, eviction.get());
        }
        Optional<MockResponse> review = reviews.answer(request);
        if (review.isPresent()) {
            return review.get();
        }
        Optional<MockResponse> scaled = scale.answer(request);
        if (scaled.isPresent()) {
            return scaled.get();
        }
        Optional<PodsByNode> byNode = PodsByNode.of(request);
        if (byNode.isPresent()) {
            return typed(ServerTables.answer(request, byNode.get().narrow(crud.dispatch(byNode.get().forStore()))));
        }
        Optional<MockResponse> refused = claims.refuse(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        orphans.release(request);
        RecordedRequest forStore = StrategicMergePatch.asMergePatch(request).orElse(request);
        MockResponse response = StrategicMergePatch.isStrategic(forStore) ? StrategicMergePatch.apply(crud, forStore)
                : crud.dispatch(forStore);
        if (response.getWebSocketListener() != null) {
            return WatchCloseOffEventLoop.wrapWatch(response);
        }
        customResources.observe(request, response);
        return typed(ServerTables.answer(request, Discovery.typedList(request, response)));
    }

    private static MockResponse typed(MockResponse response) {
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    /** Streams a followed pod log ({@link PodRelay#follow}); false when the request follows none. */
    boolean follow(HttpServerRequest request) {
        return relay.follow(request);
    }

    /** Ends every followed log, open forward and exec, then the CRUD store. */
    @Override
    public void shutdown() {
        relay.shutdown();
        crud.shutdown();
    }
}

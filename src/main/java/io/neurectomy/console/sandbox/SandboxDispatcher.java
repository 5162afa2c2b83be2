package io.neurectomy.console.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Sits in front of the mock server's CRUD dispatcher: answers discovery documents itself and labels JSON answers
 * with their content type (kubectl rejects untyped bodies). Pod subresources are bridged here in later steps.
 */
final class SandboxDispatcher extends Dispatcher {
    private final Dispatcher crud;
    private final Discovery discovery;

    SandboxDispatcher(Dispatcher crud, Discovery discovery) {
        this.crud = crud;
        this.discovery = discovery;
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
        MockResponse response = crud.dispatch(request);
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}

package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StreamErrorsTest {

    @Test
    void forbiddenSaysWhichPermissionToAskFor() {
        KubernetesClientException e = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("pods \"prometheus-0\" is forbidden").build());

        StreamErrors.Failure f = StreamErrors.classify(new IOException("upgrade failed", e), "monitoring",
                "prometheus-0");

        assertThat(f.kind()).isEqualTo(StreamErrors.Kind.FORBIDDEN);
        assertThat(f.message()).contains("Forbidden (403)").contains("'create' on 'pods/portforward'")
                .contains("monitoring");
    }

    @Test
    void notFoundNamesThePod() {
        StreamErrors.Failure f = StreamErrors.classify(new KubernetesClientException("gone", 404, null), "ns", "p-0");

        assertThat(f.kind()).isEqualTo(StreamErrors.Kind.NOT_FOUND);
        assertThat(f.message()).isEqualTo("pod ns/p-0 was not found (404)");
    }

    @Test
    void theKubeletsOwnWordsAreKept() {
        StreamErrors.Failure f = StreamErrors.classify(new PodStream.RemoteError("error forwarding port 9090 to pod"
                + " ns/p-0, uid : failed to connect to localhost:9090 inside the pod: connect: connection refused"
                + "\nsecond line"), "ns", "p-0");

        assertThat(f.kind()).isEqualTo(StreamErrors.Kind.OTHER);
        assertThat(f.message()).endsWith("connection refused");
    }

    @Test
    void otherErrorsGiveTheirRootCause() {
        StreamErrors.Failure f = StreamErrors.classify(new RuntimeException("wrapper",
                new java.net.ConnectException("Connection refused")), "ns", "p");

        assertThat(f.message()).isEqualTo("ConnectException: Connection refused");
    }
}

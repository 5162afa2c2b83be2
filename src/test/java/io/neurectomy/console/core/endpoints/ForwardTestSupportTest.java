package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The test helper that tells whether this JVM still listens on a port. */
class ForwardTestSupportTest {
    @Test
    void listeningHereSeesThisJvmsOwnListenerUntilItCloses() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(ForwardTestSupport.listeningHere(port)).isTrue();
        }
        assertThat(ForwardTestSupport.listeningHere(port)).isFalse();
    }
}

package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.testing.FaultProxy;
import io.neurectomy.console.testing.FaultProxy.Fault;
import io.neurectomy.console.testing.KubeconfigFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting to an "API server" that misbehaves ({@link FaultProxy}): each fault ends the attempt with a
 * {@link ConnectionException} that names the server and what went wrong, within the connect timeout, and without
 * reading an unbounded answer.
 */
class ApiServerFaultsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Only catches hangs. */
    private static final Duration HANG = Duration.ofSeconds(90);

    private static FaultProxy server;
    private static Kubeconfig kubeconfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        server = FaultProxy.standalone();
        kubeconfig = KubeconfigLoader.load(List.of(KubeconfigFiles.twoContexts(dir, server.endpoint().toString())));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static ConnectionException connectTo(Fault fault) {
        return connectTo(fault, TIMEOUT);
    }

    private static ConnectionException connectTo(Fault fault, Duration timeout) {
        server.fault(fault);
        return assertTimeoutPreemptively(HANG, () -> assertThrows(ConnectionException.class,
                () -> new ClusterConnector(timeout).connect(kubeconfig, "staging", "monitoring").close()),
                "connecting hung on the misbehaving server");
    }

    @Test
    void aServerThatStopsInTheMiddleOfItsAnswerIsATimeout() {
        ConnectionException e = connectTo(Fault.STOP_MID_STREAM);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).contains(server.endpoint().toString().replaceAll("/$", ""))
                .contains("did not answer within 3 s");
    }

    @Test
    void malformedJsonEndsTheAttemptNamingTheServer() {
        // fabric8 never completes a request whose JSON breaks off: the connect bound ends it.
        ConnectionException e = connectTo(Fault.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("127.0.0.1:" + server.port()).contains("(context staging)");
    }

    @Test
    void anHtmlPageWithStatus200NamesTheServerAndTheStep() {
        ConnectionException e = connectTo(Fault.HTML_200);
        assertThat(e.getMessage()).contains("127.0.0.1:" + server.port())
                .contains("answered with an HTML page instead of the API's JSON when asked to read the server"
                        + " version of").contains("Is http://127.0.0.1:" + server.port() + " really a Kubernetes API");
    }

    @Test
    void anEnormousAnswerIsCutAtTheLimit() {
        server.enormousBytes(AnswerLimit.DEFAULT + (16L << 20));
        // A connect timeout long enough for the limit to be reached first, even on a loaded machine.
        ConnectionException e = connectTo(Fault.ENORMOUS, Duration.ofSeconds(60));
        assertThat(e.getMessage()).contains("127.0.0.1:" + server.port()).contains("sent more than 256 MiB")
                .contains("read the server version of");
    }

    @Test
    void aResetConnectionEndsTheAttemptNamingTheServer() {
        ConnectionException e = connectTo(Fault.RESET);
        assertThat(e.getMessage()).contains("127.0.0.1:" + server.port()).contains("(context staging)");
    }
}

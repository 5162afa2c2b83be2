package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConnectorTest {
    private static final String TOKEN = "sekrit-token-3f9a1c";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Only catches a connect that hangs; how fast a timeout ends the connect is no claim of these tests. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private KubernetesMockServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = mockServer(false);
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.destroy();
    }

    private KubernetesMockServer mockServer(boolean https) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.4")
                .build();
        KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                io.neurectomy.console.sandbox.WatchCloseOffEventLoop.around(new KubernetesMixedDispatcher(responses)),
                        https,
                version);
        s.init(InetAddress.getByName("127.0.0.1"), 0);
        return s;
    }

    private void createNamespace(String name) {
        try (KubernetesClient admin = server.createClient()) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .build()).create();
        }
    }

    /** A kubeconfig with one context "mock" (cluster "mock-cluster", user "jane") for the given server URL. */
    private Kubeconfig kubeconfig(String serverUrl, String userYaml) throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                  - name: mock-cluster
                    cluster:
                      server: %s
                  - name: other-cluster
                    cluster:
                      server: https://other.example:6443
                users:
                  - name: jane
                    user:
                %s
                contexts:
                  - name: mock
                    context:
                      cluster: mock-cluster
                      user: jane
                      namespace: monitoring
                  - name: other
                    context:
                      cluster: other-cluster
                      user: jane
                """.formatted(serverUrl, userYaml.indent(6).stripTrailing()));
        return KubeconfigLoader.load(List.of(file));
    }

    private Kubeconfig tokenKubeconfig() throws Exception {
        return kubeconfig(server.url("/"), "token: " + TOKEN);
    }

    private static Status status(int code, String reason, String message, String kind) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .withNewDetails().withKind(kind).endDetails().build();
    }

    /** The mock answers /version itself; replace that answer with a 401. */
    private void rejectVersionRequests() {
        server.clearExpectations();
        server.expect().get().withPath("/version")
                .andReturn(401, status(401, "Unauthorized", "Unauthorized", null)).always();
    }

    private ConnectionException connectFails(Kubeconfig config, String context, Duration timeout) {
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> new ClusterConnector(timeout).connect(config, context, null).close());
        assertThat(e).as("connect should fail").isNotNull();
        return e;
    }

    @Test
    void successfulConnectReturnsAStartedSessionWithServerVersionNamespaceAndToken() throws Exception {
        createNamespace("monitoring");
        Kubeconfig config = tokenKubeconfig();

        try (ClusterSession session = new ClusterConnector(TIMEOUT).connect(config, null, null)) {
            assertThat(session.serverVersion()).isEqualTo("v1.31.4");
            assertThat(session.context()).isEqualTo("mock");
            assertThat(session.namespace()).isEqualTo("monitoring"); // from the context
            assertThat(session.server()).startsWith(server.url("/").replaceAll("/$", ""));
            assertThat(session.isClosed()).isFalse();
        }
        List<String> auth = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
            auth.add(r.getPath() + " " + r.getHeader("Authorization"));
        }
        assertThat(auth).anySatisfy(a -> assertThat(a).startsWith("/version").endsWith("Bearer " + TOKEN));
        assertThat(auth).anySatisfy(a -> assertThat(a).startsWith("/api/v1/namespaces/monitoring/pods?limit=1"));
    }

    @Test
    void explicitNamespaceOverridesTheContextNamespace() throws Exception {
        createNamespace("observability");
        try (ClusterSession session = new ClusterConnector(TIMEOUT).connect(tokenKubeconfig(), "mock",
                "observability")) {
            assertThat(session.namespace()).isEqualTo("observability");
        }
    }

    @Test
    void closingTheSessionClosesTheClient() throws Exception {
        createNamespace("monitoring");
        ClusterSession session = new ClusterConnector(TIMEOUT).connect(tokenKubeconfig(), "mock", "monitoring");
        KubernetesClient client = session.client();
        assertThat(client.getHttpClient().isClosed()).isFalse();

        session.close();

        assertThat(session.isClosed()).isTrue();
        assertThat(client.getHttpClient().isClosed()).isTrue();
    }

    @Test
    void unknownContextListsTheAvailableContexts() throws Exception {
        ConnectionException e = connectFails(tokenKubeconfig(), "prod", TIMEOUT);
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_CONTEXT);
        assertThat(e.getMessage()).contains("prod").contains("Available contexts: mock, other");
    }

    @Test
    void unauthorizedNamesTheUserAndSuggestsLoggingInAgain() throws Exception {
        rejectVersionRequests();

        ConnectionException e = connectFails(tokenKubeconfig(), "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("user jane").contains("401").contains("Log in again")
                .contains("context mock");
    }

    @Test
    void forbiddenNamesTheVerbAndResourceDeniedAndTheRoleToAskFor() throws Exception {
        createNamespace("monitoring");
        server.expect().get().withPath("/api/v1/namespaces/monitoring/pods?limit=1")
                .andReturn(403, status(403, "Forbidden", "pods is forbidden: User \"jane@corp\" cannot list resource"
                        + " \"pods\" in API group \"\" in the namespace \"monitoring\"", "pods")).always();

        ConnectionException e = connectFails(tokenKubeconfig(), "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(e.getMessage())
                .startsWith("Forbidden: user jane@corp cannot list pods in namespace monitoring")
                .contains("ask your cluster admin for a Role granting list on pods in namespace monitoring");
    }

    @Test
    void forbiddenWithoutAnRbacSentenceStillNamesVerbAndResourceFromTheStatus() throws Exception {
        createNamespace("monitoring");
        server.expect().get().withPath("/api/v1/namespaces/monitoring/pods?limit=1")
                .andReturn(403, status(403, "Forbidden", "denied by policy", "pods")).always();

        ConnectionException e = connectFails(tokenKubeconfig(), "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(e.getMessage()).contains("user jane cannot list pods in namespace monitoring");
    }

    @Test
    void forbiddenNamespaceGetFallsBackToListingPods() throws Exception {
        server.expect().get().withPath("/api/v1/namespaces/monitoring")
                .andReturn(403, status(403, "Forbidden", "namespaces \"monitoring\" is forbidden: User \"jane\""
                        + " cannot get resource \"namespaces\" in API group \"\" in the namespace \"monitoring\"",
                        "namespaces")).always();
        server.expect().get().withPath("/api/v1/namespaces/monitoring/pods?limit=1")
                .andReturn(200, new PodListBuilder().withNewMetadata().endMetadata().build()).always();

        try (ClusterSession session = new ClusterConnector(TIMEOUT).connect(tokenKubeconfig(), "mock", null)) {
            assertThat(session.namespace()).isEqualTo("monitoring");
        }
    }

    @Test
    void missingNamespaceIsNamespaceNotFoundNamingIt() throws Exception {
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> new ClusterConnector(TIMEOUT).connect(tokenKubeconfig(), "mock", "monitorng").close());

        assertThat(e.reason()).isEqualTo(Reason.NAMESPACE_NOT_FOUND);
        assertThat(e.getMessage()).contains("Namespace monitorng does not exist").contains("context mock");
    }

    @Test
    void theStacksOwnNamespaceMayBeMissingBeforeAFirstDeploy() throws Exception {
        try (ClusterSession session = new ClusterConnector(TIMEOUT).connect(tokenKubeconfig(), "mock", null)) {
            assertThat(session.namespace()).isEqualTo("monitoring");
            assertThat(session.namespaceMissing()).isTrue();
        }
    }

    @Test
    void serverThatAcceptsButNeverAnswersIsTimeoutWithinTheBound() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // the kernel completes the handshakes into the backlog; nobody ever reads or answers
            Kubeconfig config = kubeconfig("http://127.0.0.1:" + silent.getLocalPort(), "token: " + TOKEN);
            Duration timeout = Duration.ofMillis(800);

            // The server never answers: without the timeout the connect would hang (caught by the deadline).
            ConnectionException e = assertTimeoutPreemptively(HANG, () -> connectFails(config, "mock", timeout));

            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("http://127.0.0.1:" + silent.getLocalPort())
                    .contains("did not answer within 800 ms");
        }
    }

    @Test
    void slowAnswerBeyondTheTimeoutIsTimeout() throws Exception {
        server.clearExpectations(); // drop the mock's own /version answer
        // The answer comes far later than the deadline below: only the connector's own timeout ends the wait.
        server.expect().get().delay(10, TimeUnit.MINUTES).withPath("/version").andReturn(200, "{}").always();
        ConnectionException e = assertTimeoutPreemptively(HANG,
                () -> connectFails(tokenKubeconfig(), "mock", Duration.ofSeconds(1)));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("did not answer within 1 s");
    }

    @Test
    void closedPortIsUnreachableWithConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Kubeconfig config = kubeconfig("http://127.0.0.1:" + port, "token: " + TOKEN);

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("Cannot reach the API server http://127.0.0.1:" + port
                + ": connection refused. Check the VPN / the server address in context mock.");
    }

    @Test
    void httpsServerWithACertificateNotSignedByTheKubeconfigCaIsTls() throws Exception {
        KubernetesMockServer https = mockServer(true);
        toClose.add(https::destroy);
        Kubeconfig config = kubeconfig(https.url("/").replace("http://", "https://"), "token: " + TOKEN);

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).contains("not trusted")
                .contains("certificate-authority(-data) of cluster mock-cluster");
    }

    @Test
    void plainHttpServerBehindAnHttpsAddressIsTls() throws Exception {
        Kubeconfig config = kubeconfig(server.url("/").replace("http://", "https://"), "token: " + TOKEN);

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).contains("does not speak TLS").contains("cluster mock-cluster");
    }

    private Path script(String name, String body) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void failingExecPluginIsCredentialPluginNamingTheCommandExitStatusAndStderr() throws Exception {
        createNamespace("monitoring");
        Path plugin = script("get-token.sh",
                "echo 'error: refresh token expired, run: corp-login' >&2\nexit 1");
        Kubeconfig config = kubeconfig(server.url("/"), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: %s
                  args: [--cluster, mock]
                """.formatted(plugin));

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.CREDENTIAL_PLUGIN);
        assertThat(e.getMessage()).contains("'" + plugin + "'").contains("user jane").contains("exit status 1")
                .contains("refresh token expired, run: corp-login");
    }

    @Test
    void execPluginThatCannotBeStartedIsCredentialPluginNamingTheCommand() throws Exception {
        Kubeconfig config = kubeconfig(server.url("/"), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./no-such-plugin
                  installHint: Install corp-login from the portal.
                """);

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.CREDENTIAL_PLUGIN);
        assertThat(e.getMessage()).contains(tmp.resolve("no-such-plugin").toString())
                .contains("could not be started").contains("Install corp-login from the portal.");
    }

    @Test
    void execPluginTokenIsSentToTheServer() throws Exception {
        createNamespace("monitoring");
        Path plugin = script("ok-token.sh", """
                cat <<JSON
                {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",\
                "status":{"token":"plugin-token-77","expirationTimestamp":"2099-01-01T00:00:00Z"}}
                JSON""");
        Kubeconfig config = kubeconfig(server.url("/"), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: %s
                """.formatted(plugin));

        try (ClusterSession session = new ClusterConnector(TIMEOUT).connect(config, "mock", null)) {
            assertThat(session.serverVersion()).isEqualTo("v1.31.4");
        }
        RecordedRequest version = server.takeRequest(0, TimeUnit.MILLISECONDS);
        while (!version.getPath().equals("/version")) { // skip the test's own setup requests
            version = server.takeRequest(0, TimeUnit.MILLISECONDS);
        }
        assertThat(version.getHeader("Authorization")).isEqualTo("Bearer plugin-token-77");
    }

    @Test
    void execPluginFailingWhenAnExpiredTokenIsRefreshedIsCredentialPlugin() throws Exception {
        createNamespace("monitoring");
        Path marker = tmp.resolve("ran-once");
        // first run: a token that is already expired; every later run (the refresh) fails
        Path plugin = script("expiring.sh", """
                if [ -f '%s' ]; then echo 'error: session expired, run corp-login' >&2; exit 3; fi
                touch '%s'
                cat <<JSON
                {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",\
                "status":{"token":"short-lived","expirationTimestamp":"2000-01-01T00:00:00Z"}}
                JSON""".formatted(marker, marker));
        Kubeconfig config = kubeconfig(server.url("/"), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: %s
                """.formatted(plugin));

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(marker).exists();
        assertThat(e.reason()).isEqualTo(Reason.CREDENTIAL_PLUGIN);
        assertThat(e.getMessage()).contains("'" + plugin + "'").contains("exit status 3")
                .contains("session expired, run corp-login");
    }

    @Test
    void hangingExecPluginIsStoppedAndReportedWithinTheTimeout() throws Exception {
        Path plugin = script("hangs.sh", "sleep 600");
        Kubeconfig config = kubeconfig(server.url("/"), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: %s
                """.formatted(plugin));

        // The plugin sleeps ten minutes: only the connector's timeout (and stopping it) ends the wait.
        ConnectionException e = assertTimeoutPreemptively(HANG,
                () -> connectFails(config, "mock", Duration.ofMillis(700)));

        assertThat(e.reason()).isEqualTo(Reason.CREDENTIAL_PLUGIN);
        assertThat(e.getMessage()).contains("'" + plugin + "'").contains("did not finish within 700 ms");
    }

    @Test
    void tokenFileRelativeToTheKubeconfigIsReadAndSent() throws Exception {
        createNamespace("monitoring");
        Files.createDirectories(tmp.resolve("tokens"));
        Files.writeString(tmp.resolve("tokens/jane.token"), "file-token-42\n");
        Kubeconfig config = kubeconfig(server.url("/"), "tokenFile: tokens/jane.token");

        new ClusterConnector(TIMEOUT).connect(config, "mock", null).close();

        RecordedRequest version = server.takeRequest(0, TimeUnit.MILLISECONDS);
        while (!version.getPath().equals("/version")) { // skip the test's own setup requests
            version = server.takeRequest(0, TimeUnit.MILLISECONDS);
        }
        assertThat(version.getHeader("Authorization")).isEqualTo("Bearer file-token-42");
    }

    @Test
    void clientCertificateFileThatDoesNotExistIsReportedWithItsPathBeforeAnyRequest() throws Exception {
        Kubeconfig config = kubeconfig(server.url("/"),
                "client-certificate: certs/jane.crt\nclient-key: certs/jane.key");

        ConnectionException e = connectFails(config, "mock", TIMEOUT);

        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MALFORMED);
        assertThat(e.getMessage()).contains("client-certificate of user jane")
                .contains(tmp.resolve("certs/jane.crt").toString());
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void tokenFromTheKubeconfigNeverAppearsInAnyMessageOrToString() throws Exception {
        Kubeconfig config = tokenKubeconfig();
        List<ConnectionException> failures = new ArrayList<>();
        failures.add(connectFails(config, "nope", TIMEOUT)); // unknown context
        failures.add(catchThrowableOfType(ConnectionException.class, () -> new ClusterConnector(TIMEOUT)
                .connect(config, "mock", "monitorng").close())); // namespace missing
        createNamespace("monitoring");
        server.expect().get().withPath("/api/v1/namespaces/monitoring/pods?limit=1")
                .andReturn(403, status(403, "Forbidden", "forbidden", "pods")).once();
        failures.add(connectFails(config, "mock", TIMEOUT));
        rejectVersionRequests();
        failures.add(connectFails(config, "mock", TIMEOUT));
        assertThat(failures).extracting(ConnectionException::reason).containsExactly(Reason.UNKNOWN_CONTEXT,
                Reason.NAMESPACE_NOT_FOUND, Reason.FORBIDDEN, Reason.UNAUTHORIZED);

        for (ConnectionException failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
                assertThat(t.toString()).doesNotContain(TOKEN);
            }
        }
        assertThat(config.toString()).doesNotContain(TOKEN);
        assertThat(config.user("jane").orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(config.contexts().toString()).doesNotContain(TOKEN);
    }
}

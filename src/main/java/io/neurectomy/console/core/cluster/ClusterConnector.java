package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens checked {@link ClusterSession}s: builds a fabric8 client for one kubeconfig context, checks the server
 * (version, the namespace, listing pods there) and returns a started session.
 *
 * <p>The whole connect is bounded: connection and request timeouts come from {@code timeout}, and the check runs
 * with a deadline of {@code timeout} plus a small margin, after which it is abandoned and its client closed.
 * Every failure is a {@link ConnectionException} whose message says what to do; the client is closed on failure.
 */
public final class ClusterConnector {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnector.class);
    private static final Duration MARGIN = Duration.ofMillis(1500);

    /** Where the monitoring stack lives unless the user says otherwise. */
    public static final String DEFAULT_NAMESPACE = "monitoring";

    private final Duration timeout;

    public ClusterConnector(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Builds a client for the context, checks the server (version, namespace, list pods) within the timeout and
     * returns a started session; every failure is a {@link ConnectionException} with its reason.
     *
     * @param context   the context name; {@code null} or blank for the kubeconfig's current-context
     * @param namespace the namespace to watch; {@code null} or blank for {@value #DEFAULT_NAMESPACE}
     */
    public ClusterSession connect(Kubeconfig kubeconfig, String context, String namespace) {
        Target target = resolve(kubeconfig, context, namespace);
        Attempt attempt = new Attempt();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "connect-" + target.context());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Checked> check = executor.submit(() -> check(target, attempt));
            Checked checked;
            try {
                checked = check.get(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                check.cancel(true);
                attempt.abandon();
                throw new ConnectionException(Reason.TIMEOUT, timeoutMessage(target), e);
            } catch (ExecutionException e) {
                attempt.abandon();
                throw Failures.map(e.getCause(), target, this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                check.cancel(true);
                attempt.abandon();
                throw new ConnectionException(Reason.OTHER, "Connecting to context " + target.context()
                        + " was cancelled.", e);
            }
            KubernetesClient client = attempt.take();
            LOG.info("Connected to context {} ({} {}), namespace {}{}", target.context(), target.server(),
                    checked.version(), target.namespace(), checked.sandbox().isPresent() ? " (sandbox)" : "");
            return new ClusterSession(client, target.context(), target.namespace(), checked.version())
                    .withSandbox(checked.sandbox().orElse(null)).withNamespaceMissing(checked.namespaceMissing())
                    .start();
        } finally {
            executor.shutdownNow();
        }
    }

    private record Checked(String version, Optional<SandboxMarker> sandbox, boolean namespaceMissing) {
    }

    /** Runs on the connect thread: build, then check; returns the server version and the sandbox marker. */
    private Checked check(Target target, Attempt attempt) {
        Config config = buildConfig(target);
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(config).withTaskExecutorSupplier(ClientThreads.SUPPLIER)
                    .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(AnswerLimit.NAME,
                            new AnswerLimit(AnswerLimit.DEFAULT))).build();
        } catch (RuntimeException e) {
            throw Failures.clientBuild(e, target);
        }
        attempt.set(client);
        // No retries during the check: an unreachable server should be reported now, not after ten back-offs.
        KubernetesClient checker = client.newClient(new RequestConfigBuilder(config.getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);

        target.step("read the server version of");
        VersionInfo info = checker.getKubernetesVersion();
        String version = info == null ? "" : Objects.requireNonNullElse(info.getGitVersion(), "");
        if (version.isEmpty() && info != null) {
            version = "v" + info.getMajor() + "." + info.getMinor();
        }

        target.step("get namespace " + target.namespace() + " on");
        boolean missing = false;
        try {
            if (checker.namespaces().withName(target.namespace()).get() == null
                    && target.namespace().equals(DEFAULT_NAMESPACE)) {
                // The stack's own namespace before a first deploy: connect, so that the stack can be deployed
                // from the console; the session says the namespace is missing. Any other name is more likely a
                // typo and is refused below.
                missing = true;
                LOG.info("Namespace {} does not exist on {} yet; connecting to deploy the stack there",
                        target.namespace(), target.server());
            } else if (checker.namespaces().withName(target.namespace()).get() == null) {
                throw new ConnectionException(Reason.NAMESPACE_NOT_FOUND, "Namespace " + target.namespace()
                        + " does not exist on " + target.server() + " (context " + target.context()
                        + "). Check the namespace name, or deploy the stack there first.");
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            // Many users may not read namespaces (cluster-scoped) but may work inside one: listing pods below
            // is the check that matters then.
            LOG.debug("Cannot get namespace {} (403), checking pods only", target.namespace());
        }

        target.step("list pods in namespace " + target.namespace() + " on");
        checker.pods().inNamespace(target.namespace()).list(new ListOptionsBuilder().withLimit(1L).build());
        return new Checked(version, SandboxMarker.read(checker), missing);
    }

    private Target resolve(Kubeconfig kubeconfig, String context, String namespace) {
        String name = context;
        if (name == null || name.isBlank()) {
            name = kubeconfig.currentContext().orElseThrow(() -> new ConnectionException(Reason.UNKNOWN_CONTEXT,
                    "No context chosen and the kubeconfig (" + files(kubeconfig) + ") sets no current-context."
                            + " Choose one of: " + names(kubeconfig) + "."));
        }
        String chosen = name;
        Kubeconfig.Context ctx = kubeconfig.contextEntry(chosen).orElseThrow(() -> new ConnectionException(
                Reason.UNKNOWN_CONTEXT, "Context " + chosen + " is not defined in the kubeconfig ("
                + files(kubeconfig) + "). Available contexts: " + names(kubeconfig) + "."));
        Kubeconfig.Cluster cluster = kubeconfig.cluster(ctx.cluster()).orElseThrow(() -> new ConnectionException(
                Reason.KUBECONFIG_MALFORMED, "Context " + chosen + " refers to cluster '" + ctx.cluster()
                + "', which no kubeconfig file defines (" + files(kubeconfig) + "). Fix the context in "
                + ctx.source() + "."));
        if (cluster.server().isBlank()) {
            throw new ConnectionException(Reason.KUBECONFIG_MALFORMED, "Cluster " + cluster.name() + " (context "
                    + chosen + ") has no server address in " + cluster.source() + ". Add its 'server:' URL.");
        }
        Kubeconfig.User user = ctx.user().isEmpty() ? null : kubeconfig.user(ctx.user()).orElse(null);
        if (!ctx.user().isEmpty() && user == null) {
            LOG.warn("Context {} refers to user {}, which no kubeconfig file defines: connecting without"
                    + " credentials", chosen, ctx.user());
        }
        // The stack lives in its own namespace: a context's namespace (often "default") is not a better guess.
        String ns = namespace != null && !namespace.isBlank() ? namespace.strip() : DEFAULT_NAMESPACE;
        return new Target(chosen, cluster, user, ctx.user(), ns);
    }

    private Config buildConfig(Target target) {
        Kubeconfig.Cluster cluster = target.cluster();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        ConfigBuilder b = new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.server())
                .withNamespace(target.namespace())
                .withConnectionTimeout(millis)
                .withRequestTimeout(millis)
                .withTrustCerts(cluster.insecureSkipTlsVerify())
                .withDisableHostnameVerification(cluster.insecureSkipTlsVerify());
        if (!cluster.certificateAuthorityData().isEmpty()) {
            b.withCaCertData(cluster.certificateAuthorityData());
        } else if (!cluster.certificateAuthority().isEmpty()) {
            requireFile(cluster.certificateAuthority(), "certificate-authority of cluster " + cluster.name(),
                    cluster.source());
            b.withCaCertFile(cluster.certificateAuthority());
        }
        if (!cluster.tlsServerName().isEmpty()) {
            b.withTlsServerName(cluster.tlsServerName());
        }
        boolean https = cluster.server().startsWith("https://");
        if (!cluster.proxyUrl().isEmpty()) {
            if (https) {
                b.withHttpsProxy(cluster.proxyUrl());
            } else {
                b.withHttpProxy(cluster.proxyUrl());
            }
        } else {
            // Like kubectl: without proxy-url, the usual proxy variables apply.
            String proxy = https ? env("HTTPS_PROXY") : env("HTTP_PROXY");
            if (!proxy.isEmpty()) {
                if (https) {
                    b.withHttpsProxy(proxy);
                } else {
                    b.withHttpProxy(proxy);
                }
                String noProxy = env("NO_PROXY");
                if (!noProxy.isEmpty()) {
                    b.withNoProxy(java.util.Arrays.stream(noProxy.split(",")).map(String::strip)
                            .filter(x -> !x.isEmpty()).toArray(String[]::new));
                }
            }
        }
        Kubeconfig.User user = target.user();
        if (user == null) {
            return b.build();
        }
        String certFile = user.clientCertificate();
        String keyFile = user.clientKey();
        if (!user.clientCertificateData().isEmpty()) {
            b.withClientCertData(user.clientCertificateData());
        } else if (!certFile.isEmpty()) {
            requireFile(certFile, "client-certificate of user " + user.name(), user.source());
            b.withClientCertFile(certFile);
        }
        if (!user.clientKeyData().isEmpty()) {
            b.withClientKeyData(user.clientKeyData());
        } else if (!keyFile.isEmpty()) {
            requireFile(keyFile, "client-key of user " + user.name(), user.source());
            b.withClientKeyFile(keyFile);
        }
        if (!user.clientKeyData().isEmpty() || !keyFile.isEmpty()) {
            b.withClientKeyAlgo(Config.getKeyAlgorithm(keyFile.isEmpty() ? null : keyFile,
                    user.clientKeyData().isEmpty() ? null : user.clientKeyData()));
        }
        if (user.hasToken()) {
            b.withOauthToken(user.token());
        } else if (!user.tokenFile().isEmpty()) {
            requireFile(user.tokenFile(), "tokenFile of user " + user.name(), user.source());
            Path tokenFile = Path.of(user.tokenFile());
            b.withOauthTokenProvider(() -> readToken(tokenFile, user));
        }
        if (!user.username().isEmpty()) {
            b.withUsername(user.username()).withPassword(user.password());
        }
        if (!user.impersonate().isEmpty()) {
            b.withImpersonateUsername(user.impersonate());
        }
        if (!user.impersonateGroups().isEmpty()) {
            b.withImpersonateGroups(user.impersonateGroups().toArray(String[]::new));
        }
        if (!user.authProviderName().isEmpty()) {
            b.withAuthProvider(new AuthProviderConfig(user.authProviderConfig(), user.authProviderName()));
            String token = "oidc".equalsIgnoreCase(user.authProviderName())
                    ? user.authProviderConfig().get("id-token") : user.authProviderConfig().get("access-token");
            if (token != null && !token.isEmpty() && !user.hasToken()) {
                b.withAutoOAuthToken(token);
            }
        }
        if (user.exec() != null && !user.hasToken() && user.tokenFile().isEmpty()) {
            ExecCredentialProvider provider = new ExecCredentialProvider(user.exec(), user.name(), timeout);
            target.plugin(provider);
            ExecCredentialProvider.Credential credential = provider.credential(); // fail now, not at the 1st call
            if (!credential.token().isEmpty()) {
                b.withOauthTokenProvider(provider);
            } else {
                b.withClientCertData(credential.clientCertificateData())
                        .withClientKeyData(credential.clientKeyData())
                        .withClientKeyAlgo(Config.getKeyAlgorithm(null, credential.clientKeyData()));
            }
        }
        return b.build();
    }

    private static String env(String name) {
        String upper = System.getenv(name);
        String value = upper != null && !upper.isBlank() ? upper : System.getenv(name.toLowerCase(Locale.ROOT));
        return value == null ? "" : value.strip();
    }

    private static String readToken(Path file, Kubeconfig.User user) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConnectionException(Reason.UNAUTHORIZED, "Cannot read the token file " + file + " of user "
                    + user.name() + " (" + e.getClass().getSimpleName() + "). Check the file.", e);
        }
    }

    private static void requireFile(String file, String what, Path source) {
        if (!Files.isReadable(Path.of(file))) {
            throw new ConnectionException(Reason.KUBECONFIG_MALFORMED, "The " + what + " is " + file
                    + ", which does not exist or cannot be read (set in " + source + "). Fix the path.");
        }
    }

    String timeoutMessage(Target target) {
        return "The API server " + target.server() + " did not answer within " + format(timeout) + " (context "
                + target.context() + "). Check the VPN / network, or retry with a longer timeout.";
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String files(Kubeconfig kubeconfig) {
        return String.join(", ", kubeconfig.files().stream().map(Path::toString).toList());
    }

    private static String names(Kubeconfig kubeconfig) {
        List<String> names = kubeconfig.contextNames();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    /** The client being checked, handed over once; closed if the caller gave up on it. */
    private static final class Attempt {
        private KubernetesClient client;
        private boolean abandoned;

        synchronized void set(KubernetesClient c) {
            if (abandoned) {
                c.close();
                throw new ConnectionException(Reason.TIMEOUT, "abandoned");
            }
            client = c;
        }

        synchronized KubernetesClient take() {
            KubernetesClient c = client;
            client = null;
            return c;
        }

        synchronized void abandon() {
            abandoned = true;
            if (client != null) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing an abandoned client failed", e);
                }
                client = null;
            }
        }
    }

    /** What is being connected to, for messages. Mutable step/plugin: written by the connect thread only. */
    static final class Target {
        private final String context;
        private final Kubeconfig.Cluster cluster;
        private final Kubeconfig.User user;
        private final String userName;
        private final String namespace;
        private volatile String step = "connect to";
        private volatile ExecCredentialProvider plugin;

        Target(String context, Kubeconfig.Cluster cluster, Kubeconfig.User user, String userName,
               String namespace) {
            this.context = context;
            this.cluster = cluster;
            this.user = user;
            this.userName = userName;
            this.namespace = namespace;
        }

        String context() {
            return context;
        }

        Kubeconfig.Cluster cluster() {
            return cluster;
        }

        String server() {
            return cluster.server();
        }

        Kubeconfig.User user() {
            return user;
        }

        String userName() {
            return userName.isEmpty() ? "(none)" : userName;
        }

        String namespace() {
            return namespace;
        }

        String step() {
            return step;
        }

        void step(String s) {
            step = s;
        }

        ExecCredentialProvider plugin() {
            return plugin;
        }

        void plugin(ExecCredentialProvider p) {
            plugin = p;
        }

        @Override
        public String toString() {
            return "Target[context=" + context + ", server=" + server() + ", user=" + userName + ", namespace="
                    + namespace + "]";
        }
    }
}
